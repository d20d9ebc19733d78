/*
 * fs/jbd2/format.h - the on-disk format of a jbd2 journal (ext3/ext4's log),
 * as described in the kernel's Documentation/filesystems/ext4/journal.rst.
 *
 * The journal is a file of s_maxlen blocks of the file system's block size.
 * Block 0 is the journal superblock; blocks s_first .. s_maxlen - 1 are a
 * circular log. Every log block that is not a data copy starts with a
 * 12-byte header (magic, type, transaction id). A transaction is written as
 *
 *	[revoke block]... [descriptor block, its data blocks]... commit block
 *
 * and counts only once its commit block is on disk. Everything is
 * big-endian. The structures below document the layouts; fields are read
 * and written with jbd2_get_be32()/jbd2_put_be32() & co, which cope with
 * any alignment (a v2 block tag is 14 bytes long).
 */
#ifndef RUX_FS_JBD2_FORMAT_H
#define RUX_FS_JBD2_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JBD2_MAGIC 0xC03B3998u

/* h_blocktype */
#define JBD2_DESCRIPTOR_BLOCK 1
#define JBD2_COMMIT_BLOCK     2
#define JBD2_SUPERBLOCK_V1    3
#define JBD2_SUPERBLOCK_V2    4
#define JBD2_REVOKE_BLOCK     5

/* s_feature_compat */
#define JBD2_FEATURE_COMPAT_CHECKSUM 0x1u /* v1 checksums in commit blocks (crc32) */
/* s_feature_incompat */
#define JBD2_FEATURE_INCOMPAT_REVOKE	   0x01u /* revoke blocks may appear */
#define JBD2_FEATURE_INCOMPAT_64BIT	   0x02u /* block numbers are 64-bit */
#define JBD2_FEATURE_INCOMPAT_ASYNC_COMMIT 0x04u /* commit written without waiting for data */
#define JBD2_FEATURE_INCOMPAT_CSUM_V2	   0x08u /* crc32c of metadata; 16-bit tag checksums */
#define JBD2_FEATURE_INCOMPAT_CSUM_V3	   0x10u /* crc32c of metadata; 32-bit tag checksums */
#define JBD2_FEATURE_INCOMPAT_FAST_COMMIT  0x20u /* fast-commit area (not supported) */
#define JBD2_KNOWN_INCOMPAT                                                                        \
	(JBD2_FEATURE_INCOMPAT_REVOKE | JBD2_FEATURE_INCOMPAT_64BIT |                              \
	 JBD2_FEATURE_INCOMPAT_ASYNC_COMMIT | JBD2_FEATURE_INCOMPAT_CSUM_V2 |                      \
	 JBD2_FEATURE_INCOMPAT_CSUM_V3)
#define JBD2_KNOWN_COMPAT    JBD2_FEATURE_COMPAT_CHECKSUM
#define JBD2_KNOWN_RO_COMPAT 0u

/* s_checksum_type */
#define JBD2_CRC32C_CHKSUM 4

/* Block tag t_flags */
#define JBD2_FLAG_ESCAPE    0x1u /* the data block started with JBD2_MAGIC: zeroed in the log */
#define JBD2_FLAG_SAME_UUID 0x2u /* no 16-byte UUID follows this tag */
#define JBD2_FLAG_DELETED   0x4u /* unused */
#define JBD2_FLAG_LAST_TAG  0x8u /* last tag of its descriptor block */

#define JBD2_UUID_SIZE	     16
#define JBD2_SUPERBLOCK_SIZE 1024 /* the checksummed part of block 0 */
#define JBD2_TAIL_SIZE	     4	  /* checksum at the end of descriptor and revoke blocks */

/* The header of every metadata block of the log. */
struct jbd2_header {
	uint32_t h_magic;     /* JBD2_MAGIC */
	uint32_t h_blocktype; /* JBD2_*_BLOCK */
	uint32_t h_sequence;  /* transaction id (tid) */
};
_Static_assert(sizeof(struct jbd2_header) == 12, "jbd2 header");

/* Journal block 0 (first JBD2_SUPERBLOCK_SIZE bytes). */
struct jbd2_superblock {
	struct jbd2_header s_header;
	uint32_t s_blocksize;		/* 0x0C */
	uint32_t s_maxlen;		/* 0x10: blocks in the journal, superblock included */
	uint32_t s_first;		/* 0x14: first log block */
	uint32_t s_sequence;		/* 0x18: tid of the oldest transaction in the log */
	uint32_t s_start;		/* 0x1C: log block where it starts; 0: log empty (clean) */
	int32_t s_errno;		/* 0x20: error of an aborted journal */
	uint32_t s_feature_compat;	/* 0x24, v2 only from here on */
	uint32_t s_feature_incompat;	/* 0x28 */
	uint32_t s_feature_ro_compat;	/* 0x2C */
	uint8_t s_uuid[JBD2_UUID_SIZE]; /* 0x30: seeds every checksum */
	uint32_t s_nr_users;		/* 0x40 */
	uint32_t s_dynsuper;		/* 0x44 */
	uint32_t s_max_transaction;	/* 0x48 */
	uint32_t s_max_trans_data;	/* 0x4C */
	uint8_t s_checksum_type;	/* 0x50: JBD2_CRC32C_CHKSUM with csum v2/v3 */
	uint8_t s_padding2[3];
	uint32_t s_num_fc_blks; /* 0x54 */
	uint32_t s_head;	/* 0x58 */
	uint32_t s_padding[40];
	uint32_t s_checksum;	  /* 0xFC: crc32c(~0, superblock with this field zero) */
	uint8_t s_users[16 * 48]; /* 0x100 */
};
_Static_assert(sizeof(struct jbd2_superblock) == JBD2_SUPERBLOCK_SIZE, "jbd2 superblock");
_Static_assert(offsetof(struct jbd2_superblock, s_checksum) == 0xFC, "jbd2 s_checksum");

/* A commit block. With csum v2/v3, h_chksum[0] = crc32c(seed, block with it zero). */
struct jbd2_commit_header {
	struct jbd2_header h_header;
	uint8_t h_chksum_type; /* 0x0C: 0 with csum v2/v3 */
	uint8_t h_chksum_size; /* 0x0D */
	uint8_t h_padding[2];
	uint32_t h_chksum[8];	/* 0x10 */
	uint64_t h_commit_sec;	/* 0x30: wall clock of the commit */
	uint32_t h_commit_nsec; /* 0x38 */
};
_Static_assert(offsetof(struct jbd2_commit_header, h_chksum) == 0x10, "jbd2 h_chksum");
_Static_assert(offsetof(struct jbd2_commit_header, h_commit_sec) == 0x30, "jbd2 commit time");

/*
 * Block tags follow the header of a descriptor block, one per data block
 * that follows it in the log. The first tag of a block (and any without
 * JBD2_FLAG_SAME_UUID) is followed by a 16-byte UUID.
 * With CSUM_V3 a tag is always 16 bytes:
 */
struct jbd2_block_tag3 {
	uint32_t t_blocknr;	 /* home block, low 32 bits */
	uint32_t t_flags;	 /* JBD2_FLAG_* */
	uint32_t t_blocknr_high; /* high 32 bits */
	uint32_t t_checksum;	 /* crc32c(seed, be32 tid, log copy of the data) */
};
_Static_assert(sizeof(struct jbd2_block_tag3) == 16, "jbd2 tag3");

/*
 * Without CSUM_V3 a tag is 8 bytes (12 with 64BIT); CSUM_V2 adds 2 unused
 * bytes at the end (10 or 14) and puts a 16-bit checksum in t_checksum.
 */
struct jbd2_block_tag {
	uint32_t t_blocknr;
	uint16_t t_checksum; /* csum v2: low 16 bits of the v3 checksum */
	uint16_t t_flags;
	uint32_t t_blocknr_high; /* only with 64BIT */
};
_Static_assert(sizeof(struct jbd2_block_tag) == 12, "jbd2 tag");

/* A revoke block: r_count bytes used (header included), then block numbers
 * (4 bytes, 8 with 64BIT), then the tail checksum with csum v2/v3. */
struct jbd2_revoke_header {
	struct jbd2_header r_header;
	uint32_t r_count;
};
_Static_assert(sizeof(struct jbd2_revoke_header) == 16, "jbd2 revoke header");

/* ---- field access ---------------------------------------------------------- */

static inline uint32_t jbd2_get_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint16_t jbd2_get_be16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint64_t jbd2_get_be64(const void *p)
{
	return (uint64_t)jbd2_get_be32(p) << 32 | jbd2_get_be32((const uint8_t *)p + 4);
}

static inline void jbd2_put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static inline void jbd2_put_be16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void jbd2_put_be64(void *p, uint64_t v)
{
	jbd2_put_be32(p, (uint32_t)(v >> 32));
	jbd2_put_be32((uint8_t *)p + 4, (uint32_t)v);
}

#define JBD2_FIELD(ptr, type, field) ((uint8_t *)(ptr) + offsetof(type, field))

/* ---- format rules shared by commit and recovery (format.c) ----------------- */

/* A decoded block tag. */
struct jbd2_tag_info {
	uint64_t blocknr;
	uint32_t flags;
	uint32_t checksum; /* 16 significant bits with csum v2 */
};

/* True when metadata blocks carry crc32c checksums (csum v2 or v3). */
bool jbd2_format_has_csum(uint32_t incompat);
/* Bytes of one block tag (without the UUID that may follow it). */
unsigned int jbd2_tag_bytes(uint32_t incompat);
/* Bytes at the end of descriptor/revoke blocks kept for the checksum. */
unsigned int jbd2_tail_bytes(uint32_t incompat);
/* Bytes of one revoke record. */
unsigned int jbd2_revoke_record_bytes(uint32_t incompat);
/* Data blocks one descriptor block can describe. */
unsigned int jbd2_tags_per_descriptor(uint32_t blocksize, uint32_t incompat);
/* Revoke records that fit one revoke block. */
unsigned int jbd2_records_per_revoke_block(uint32_t blocksize, uint32_t incompat);

void jbd2_tag_decode(const void *p, uint32_t incompat, struct jbd2_tag_info *tag);
void jbd2_tag_encode(void *p, uint32_t incompat, const struct jbd2_tag_info *tag);

/* The checksum seed of a journal: crc32c(~0, uuid). */
uint32_t jbd2_csum_seed(const uint8_t uuid[JBD2_UUID_SIZE]);
/* crc32c(seed, block of @len bytes) with the 4 bytes at @csum_off taken as zero. */
uint32_t jbd2_block_csum(uint32_t seed, const void *block, size_t len, size_t csum_off);
/* Checksum of a logged data block: crc32c(seed, be32 tid, block). */
uint32_t jbd2_data_csum(uint32_t seed, uint32_t tid, const void *block, size_t len);
/* The superblock checksum (over JBD2_SUPERBLOCK_SIZE bytes). */
uint32_t jbd2_superblock_csum(const void *sb);

/* Offsets of the checksum in each kind of block. */
#define JBD2_COMMIT_CSUM_OFFSET offsetof(struct jbd2_commit_header, h_chksum)
#define JBD2_SB_CSUM_OFFSET	offsetof(struct jbd2_superblock, s_checksum)

#endif /* RUX_FS_JBD2_FORMAT_H */
