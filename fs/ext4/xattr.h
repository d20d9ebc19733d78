/*
 * fs/ext4/xattr.h - what xattr.c (the operations, where attributes are
 * kept) and xattr_format.c (the on-disk areas <-> a sorted list) share.
 */
#ifndef RUX_FS_EXT4_XATTR_H
#define RUX_FS_EXT4_XATTR_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/limits.h"

#define EXT4_XATTR_MAGIC 0xEA020000u

/* Name indexes: the prefix an on-disk name stands for. */
#define EXT4_XATTR_INDEX_USER	     1
#define EXT4_XATTR_INDEX_ACL_ACCESS  2
#define EXT4_XATTR_INDEX_ACL_DEFAULT 3
#define EXT4_XATTR_INDEX_TRUSTED     4
#define EXT4_XATTR_INDEX_SECURITY    6

/* The header of an attribute block. */
struct ext4_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount; /* inodes sharing the block */
	uint32_t h_blocks;   /* always 1 */
	uint32_t h_hash;
	uint32_t h_checksum; /* metadata_csum */
	uint32_t h_reserved[3];
};
_Static_assert(sizeof(struct ext4_xattr_header) == 32, "xattr block header");

/* One attribute in memory: the name without its prefix. */
struct ext4_xattr {
	uint8_t index;
	uint8_t name_len;
	char name[XATTR_NAME_MAX];
	uint32_t size;
	void *value; /* kmalloc'ed */
};

/* Attributes of one area, sorted as a block wants them. */
struct ext4_xattr_list {
	struct ext4_xattr *attrs;
	unsigned int count, cap;
};

void ext4_xattr_list_free(struct ext4_xattr_list *list);
/* The position of (index, name), or -1. */
int ext4_xattr_list_find(const struct ext4_xattr_list *list, uint8_t index, const char *name,
			 uint8_t len);
/* Insert a copy of the attribute in order (not there yet): its position,
 * or -ENOMEM. */
int ext4_xattr_list_add(struct ext4_xattr_list *list, uint8_t index, const char *name, uint8_t len,
			const void *value, uint32_t size);
void ext4_xattr_list_del(struct ext4_xattr_list *list, unsigned int at);
/* Bytes the list takes in an area: entries, end marker, padded values. */
size_t ext4_xattr_list_space(const struct ext4_xattr_list *list);

/*
 * An area: entries from @base + @first to @base + @end, value offsets
 * counted from @base. Parse appends what it finds (-EUCLEAN when
 * something lies outside); store rewrites the area and returns the hash
 * of its entries (the block hash).
 */
int ext4_xattr_parse(const uint8_t *base, size_t first, size_t end, struct ext4_xattr_list *list);
uint32_t ext4_xattr_store(uint8_t *base, size_t first, size_t end,
			  const struct ext4_xattr_list *list);

#endif /* RUX_FS_EXT4_XATTR_H */
