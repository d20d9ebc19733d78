/*
 * fs/ext4/xattr_format.c - the on-disk form of extended attributes,
 * turned into a sorted in-memory list and back.
 *
 * Attributes live in two places (see docs/ext4.md): the space after
 * i_extra_isize in a large inode (a 4-byte magic 0xEA020000, then entries;
 * value offsets count from the first entry) and one block named by
 * i_file_acl (a 32-byte header: magic, h_refcount, h_blocks = 1, h_hash,
 * h_checksum; entries from byte 32; value offsets count from the block's
 * start). Either area holds entries growing up from its start, ended by
 * four zero bytes, and the values, each padded to 4 bytes, packed down
 * from its end. An entry is 16 bytes (name length, name index, value
 * offset, value inode, value size, hash) and the name without its prefix,
 * padded to 4 bytes. The name index stands for the prefix: 1 "user.",
 * 2/3 POSIX ACLs, 4 "trusted.", 6 "security.", 7 "system.".
 *
 * Entry hashes mix the name bytes (shift 5) and the value's 32-bit
 * little-endian words (shift 16); the block hash mixes the entry hashes
 * (shift 16). Block entries must be sorted by (index, name length, name):
 * Linux stops its search early. This file writes both areas sorted.
 */
#include "fs/ext4/internal.h"
#include "fs/ext4/xattr.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

struct ext4_xattr_entry {
	uint8_t e_name_len;
	uint8_t e_name_index;
	uint16_t e_value_offs;
	uint32_t e_value_inum; /* ea_inode values (not supported: must be 0) */
	uint32_t e_value_size;
	uint32_t e_hash;
	char e_name[];
};
_Static_assert(sizeof(struct ext4_xattr_entry) == 16, "xattr entry");

#define XATTR_PAD(n)	   (((size_t)(n) + 3) & ~(size_t)3)
#define XATTR_ENTRY_LEN(n) XATTR_PAD(sizeof(struct ext4_xattr_entry) + (n))

/* ----- the in-memory list ----- */

void ext4_xattr_list_free(struct ext4_xattr_list *list)
{
	for (unsigned int i = 0; i < list->count; i++)
		kfree(list->attrs[i].value);
	kfree(list->attrs);
	list->attrs = NULL;
	list->count = list->cap = 0;
}

/* Linux's order: index, then name length, then the name bytes. */
static int attr_cmp(uint8_t index, const char *name, uint8_t len, const struct ext4_xattr *b)
{
	if (index != b->index)
		return index < b->index ? -1 : 1;
	if (len != b->name_len)
		return len < b->name_len ? -1 : 1;
	return memcmp(name, b->name, len);
}

int ext4_xattr_list_find(const struct ext4_xattr_list *list, uint8_t index, const char *name,
			 uint8_t len)
{
	for (unsigned int i = 0; i < list->count; i++)
		if (attr_cmp(index, name, len, &list->attrs[i]) == 0)
			return (int)i;
	return -1;
}

int ext4_xattr_list_add(struct ext4_xattr_list *list, uint8_t index, const char *name, uint8_t len,
			const void *value, uint32_t size)
{
	struct ext4_xattr *a;
	unsigned int at = 0;
	void *copy = kmalloc(size, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	if (list->count == list->cap) {
		unsigned int cap = list->cap ? 2 * list->cap : 8;
		struct ext4_xattr *grown = krealloc(list->attrs, cap * sizeof(*grown), GFP_KERNEL);

		if (!grown) {
			kfree(copy);
			return -ENOMEM;
		}
		list->attrs = grown;
		list->cap = cap;
	}
	while (at < list->count && attr_cmp(index, name, len, &list->attrs[at]) > 0)
		at++;
	memmove(&list->attrs[at + 1], &list->attrs[at], (list->count - at) * sizeof(*a));
	list->count++;
	a = &list->attrs[at];
	a->index = index;
	a->name_len = len;
	memcpy(a->name, name, len);
	if (size) /* an empty value may come as NULL */
		memcpy(copy, value, size);
	a->value = copy;
	a->size = size;
	return (int)at;
}

void ext4_xattr_list_del(struct ext4_xattr_list *list, unsigned int at)
{
	kfree(list->attrs[at].value);
	memmove(&list->attrs[at], &list->attrs[at + 1],
		(list->count - at - 1) * sizeof(list->attrs[0]));
	list->count--;
}

size_t ext4_xattr_list_space(const struct ext4_xattr_list *list)
{
	size_t bytes = 4; /* the end marker */

	for (unsigned int i = 0; i < list->count; i++)
		bytes += XATTR_ENTRY_LEN(list->attrs[i].name_len) + XATTR_PAD(list->attrs[i].size);
	return bytes;
}

/* ----- hashes ----- */

static uint32_t entry_hash(const struct ext4_xattr *a)
{
	uint32_t hash = 0;
	uint32_t words = (uint32_t)(XATTR_PAD(a->size) / 4);
	const uint8_t *v = a->value;

	for (uint8_t i = 0; i < a->name_len; i++)
		hash = (hash << 5) ^ (hash >> 27) ^ (uint8_t)a->name[i];
	for (uint32_t w = 0; w < words; w++) {
		uint32_t word = 0;

		for (uint32_t b = 0; b < 4 && 4 * w + b < a->size; b++)
			word |= (uint32_t)v[4 * w + b] << (8 * b);
		hash = (hash << 16) ^ (hash >> 16) ^ word;
	}
	return hash;
}

/* ----- reading an area ----- */

/*
 * Append the entries found at @base + @first (the area ends at @base +
 * @end; value offsets count from @base) to @list. -EUCLEAN when anything
 * lies outside the area.
 */
int ext4_xattr_parse(const uint8_t *base, size_t first, size_t end, struct ext4_xattr_list *list)
{
	size_t at = first;

	for (;;) {
		const struct ext4_xattr_entry *e = (const void *)(base + at);
		size_t len, offs, size;
		int err;

		if (at + 4 > end)
			return -EUCLEAN;
		if (*(const uint32_t *)e == 0)
			return 0;
		/* (POSIX ACLs have empty names: index 2 or 3 says it all.) */
		if (at + sizeof(*e) > end)
			return -EUCLEAN;
		len = XATTR_ENTRY_LEN(e->e_name_len);
		offs = le16(e->e_value_offs);
		size = le32(e->e_value_size);
		if (at + len > end || le32(e->e_value_inum) || size > end ||
		    (size && (offs < at + len || offs + size > end)))
			return -EUCLEAN;
		err = ext4_xattr_list_add(list, e->e_name_index, e->e_name, e->e_name_len,
					  base + offs, (uint32_t)size);
		if (err < 0)
			return err;
		at += len;
	}
}

/* ----- writing an area ----- */

/*
 * Write @list into the area: entries from @base + @first, values packed
 * down from @base + @end (offsets from @base). The caller has checked
 * the space (ext4_xattr_list_space). Returns the block hash.
 */
uint32_t ext4_xattr_store(uint8_t *base, size_t first, size_t end,
			  const struct ext4_xattr_list *list)
{
	size_t at = first, value_end = end;
	uint32_t block_hash = 0;
	bool zero_hash = false; /* an entry hash of 0 makes the block hash 0 */

	memset(base + first, 0, end - first);
	for (unsigned int i = 0; i < list->count; i++) {
		const struct ext4_xattr *a = &list->attrs[i];
		struct ext4_xattr_entry *e = (void *)(base + at);
		uint32_t hash = entry_hash(a);

		e->e_name_len = a->name_len;
		e->e_name_index = a->index;
		e->e_value_size = le32(a->size);
		if (a->size) {
			value_end -= XATTR_PAD(a->size);
			memcpy(base + value_end, a->value, a->size);
			e->e_value_offs = le16((uint16_t)value_end);
		}
		e->e_hash = le32(hash);
		memcpy(e->e_name, a->name, a->name_len);
		at += XATTR_ENTRY_LEN(a->name_len);
		zero_hash |= hash == 0;
		block_hash = (block_hash << 16) ^ (block_hash >> 16) ^ hash;
	}
	return zero_hash ? 0 : block_hash;
}
