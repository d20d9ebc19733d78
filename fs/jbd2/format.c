/*
 * fs/jbd2/format.c - the rules of the on-disk format that both the commit
 * code (writing the log) and recovery (reading it) follow: tag sizes and
 * encodings, how many tags and revoke records fit a block, checksums.
 */
#include "fs/jbd2/format.h"

#include "lib/crc32c.h"

#define TAG_CHECKSUM_V2_BYTES 2 /* the padding CSUM_V2 adds to a tag */

bool jbd2_format_has_csum(uint32_t incompat)
{
	return incompat & (JBD2_FEATURE_INCOMPAT_CSUM_V2 | JBD2_FEATURE_INCOMPAT_CSUM_V3);
}

unsigned int jbd2_tag_bytes(uint32_t incompat)
{
	unsigned int bytes = sizeof(struct jbd2_block_tag);

	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3)
		return sizeof(struct jbd2_block_tag3);
	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V2)
		bytes += TAG_CHECKSUM_V2_BYTES;
	if (!(incompat & JBD2_FEATURE_INCOMPAT_64BIT))
		bytes -= sizeof(uint32_t); /* no t_blocknr_high */
	return bytes;
}

unsigned int jbd2_tail_bytes(uint32_t incompat)
{
	return jbd2_format_has_csum(incompat) ? JBD2_TAIL_SIZE : 0;
}

unsigned int jbd2_revoke_record_bytes(uint32_t incompat)
{
	return incompat & JBD2_FEATURE_INCOMPAT_64BIT ? 8 : 4;
}

unsigned int jbd2_tags_per_descriptor(uint32_t blocksize, uint32_t incompat)
{
	unsigned int tag = jbd2_tag_bytes(incompat);
	unsigned int space = blocksize - sizeof(struct jbd2_header) - jbd2_tail_bytes(incompat);

	/* The first tag carries the UUID, the others say SAME_UUID. */
	return 1 + (space - tag - JBD2_UUID_SIZE) / tag;
}

unsigned int jbd2_records_per_revoke_block(uint32_t blocksize, uint32_t incompat)
{
	unsigned int space =
	    blocksize - sizeof(struct jbd2_revoke_header) - jbd2_tail_bytes(incompat);

	return space / jbd2_revoke_record_bytes(incompat);
}

void jbd2_tag_decode(const void *p, uint32_t incompat, struct jbd2_tag_info *tag)
{
	const uint8_t *b = p;

	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3) {
		tag->blocknr = jbd2_get_be32(b + offsetof(struct jbd2_block_tag3, t_blocknr));
		tag->flags = jbd2_get_be32(b + offsetof(struct jbd2_block_tag3, t_flags));
		tag->checksum = jbd2_get_be32(b + offsetof(struct jbd2_block_tag3, t_checksum));
		if (incompat & JBD2_FEATURE_INCOMPAT_64BIT)
			tag->blocknr |= (uint64_t)jbd2_get_be32(
					    b + offsetof(struct jbd2_block_tag3, t_blocknr_high))
					<< 32;
		return;
	}
	tag->blocknr = jbd2_get_be32(b + offsetof(struct jbd2_block_tag, t_blocknr));
	tag->flags = jbd2_get_be16(b + offsetof(struct jbd2_block_tag, t_flags));
	tag->checksum = jbd2_get_be16(b + offsetof(struct jbd2_block_tag, t_checksum));
	if (incompat & JBD2_FEATURE_INCOMPAT_64BIT)
		tag->blocknr |=
		    (uint64_t)jbd2_get_be32(b + offsetof(struct jbd2_block_tag, t_blocknr_high))
		    << 32;
}

void jbd2_tag_encode(void *p, uint32_t incompat, const struct jbd2_tag_info *tag)
{
	uint8_t *b = p;
	unsigned int bytes = jbd2_tag_bytes(incompat);

	for (unsigned int i = 0; i < bytes; i++)
		b[i] = 0;
	if (incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3) {
		jbd2_put_be32(b + offsetof(struct jbd2_block_tag3, t_blocknr),
			      (uint32_t)tag->blocknr);
		jbd2_put_be32(b + offsetof(struct jbd2_block_tag3, t_flags), tag->flags);
		jbd2_put_be32(b + offsetof(struct jbd2_block_tag3, t_blocknr_high),
			      (uint32_t)(tag->blocknr >> 32));
		jbd2_put_be32(b + offsetof(struct jbd2_block_tag3, t_checksum), tag->checksum);
		return;
	}
	jbd2_put_be32(b + offsetof(struct jbd2_block_tag, t_blocknr), (uint32_t)tag->blocknr);
	jbd2_put_be16(b + offsetof(struct jbd2_block_tag, t_checksum), (uint16_t)tag->checksum);
	jbd2_put_be16(b + offsetof(struct jbd2_block_tag, t_flags), (uint16_t)tag->flags);
	if (incompat & JBD2_FEATURE_INCOMPAT_64BIT)
		jbd2_put_be32(b + offsetof(struct jbd2_block_tag, t_blocknr_high),
			      (uint32_t)(tag->blocknr >> 32));
}

uint32_t jbd2_csum_seed(const uint8_t uuid[JBD2_UUID_SIZE])
{
	return crc32c(~0u, uuid, JBD2_UUID_SIZE);
}

uint32_t jbd2_block_csum(uint32_t seed, const void *block, size_t len, size_t csum_off)
{
	static const uint8_t zero[4];
	const uint8_t *b = block;
	uint32_t crc = crc32c(seed, b, csum_off);

	crc = crc32c(crc, zero, sizeof(zero));
	return crc32c(crc, b + csum_off + sizeof(zero), len - csum_off - sizeof(zero));
}

uint32_t jbd2_data_csum(uint32_t seed, uint32_t tid, const void *block, size_t len)
{
	uint8_t seq[4];

	jbd2_put_be32(seq, tid);
	return crc32c(crc32c(seed, seq, sizeof(seq)), block, len);
}

uint32_t jbd2_superblock_csum(const void *sb)
{
	return jbd2_block_csum(~0u, sb, JBD2_SUPERBLOCK_SIZE, JBD2_SB_CSUM_OFFSET);
}
