/*
 * fs/ext4/csum.c - checksums of ext4 metadata.
 *
 * metadata_csum uses raw CRC-32C (no final inversion): the super block is
 * summed from ~0, everything else from s_csum_seed (crc32c(~0, uuid), or
 * s_checksum_seed with metadata_csum_seed). Per-inode structures (inode,
 * extent blocks, directory blocks) chain on from crc32c(seed, ino,
 * generation). Group descriptors keep 16 bits: the low half of the CRC-32C
 * with metadata_csum, or a CRC-16 (ANSI, reflected) with the older
 * gdt_csum (uninit_bg) feature.
 */
#include "fs/ext4/internal.h"
#include "lib/crc32c.h"

uint32_t ext4_crc32c(uint32_t seed, const void *buf, size_t len)
{
	return crc32c(seed, buf, len);
}

uint16_t ext4_crc16(uint16_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

bool ext4_super_csum_ok(const struct ext4_super_block *es)
{
	uint32_t sum = crc32c(~0u, es, offsetof(struct ext4_super_block, s_checksum));

	return le32(es->s_checksum) == sum;
}

void ext4_super_csum_set(struct ext4_super_block *es)
{
	es->s_checksum = le32(crc32c(~0u, es, offsetof(struct ext4_super_block, s_checksum)));
}

uint16_t ext4_group_desc_csum(struct ext4_sb_info *sbi, uint32_t group,
			      const struct ext4_group_desc *gd)
{
	const size_t at = offsetof(struct ext4_group_desc, bg_checksum);
	const uint8_t *raw = (const uint8_t *)gd;
	uint32_t le_group = le32(group);
	uint16_t zero = 0;

	if (sbi->s_metadata_csum) {
		uint32_t c = crc32c(sbi->s_csum_seed, &le_group, 4);

		c = crc32c(c, raw, at);
		c = crc32c(c, &zero, 2);
		if (sbi->s_desc_size > at + 2)
			c = crc32c(c, raw + at + 2, sbi->s_desc_size - at - 2);
		return (uint16_t)(c & 0xFFFF);
	}
	if (sbi->s_gdt_csum) {
		uint16_t c = ext4_crc16(0xFFFF, sbi->s_es->s_uuid, 16);

		c = ext4_crc16(c, &le_group, 4);
		c = ext4_crc16(c, raw, at);
		if (sbi->s_64bit && sbi->s_desc_size > at + 2)
			c = ext4_crc16(c, raw + at + 2, sbi->s_desc_size - at - 2);
		return c;
	}
	return 0;
}

uint32_t ext4_inode_seed(struct ext4_sb_info *sbi, uint32_t ino, uint32_t generation)
{
	uint32_t le_ino = le32(ino), le_gen = le32(generation);
	uint32_t c = crc32c(sbi->s_csum_seed, &le_ino, 4);

	return crc32c(c, &le_gen, 4);
}

/*
 * The checksum of on-disk inode @raw (s_inode_size bytes) with both halves
 * of the checksum field taken as zero.
 */
uint32_t ext4_inode_csum(struct ext4_sb_info *sbi, uint32_t seed, const uint8_t *raw)
{
	const struct ext4_inode *di = (const struct ext4_inode *)raw;
	const size_t lo = offsetof(struct ext4_inode, i_checksum_lo);
	const size_t hi = offsetof(struct ext4_inode, i_checksum_hi);
	uint16_t zero = 0;
	uint32_t c;

	c = crc32c(seed, raw, lo);
	c = crc32c(c, &zero, 2);
	c = crc32c(c, raw + lo + 2, EXT4_GOOD_OLD_INODE_SIZE - lo - 2);
	if (sbi->s_inode_size <= EXT4_GOOD_OLD_INODE_SIZE)
		return c;
	if (EXT4_INODE_HAS(le16(di->i_extra_isize), i_checksum_hi)) {
		c = crc32c(c, raw + EXT4_GOOD_OLD_INODE_SIZE, hi - EXT4_GOOD_OLD_INODE_SIZE);
		c = crc32c(c, &zero, 2);
		c = crc32c(c, raw + hi + 2, sbi->s_inode_size - hi - 2);
	} else {
		c = crc32c(c, raw + EXT4_GOOD_OLD_INODE_SIZE,
			   sbi->s_inode_size - EXT4_GOOD_OLD_INODE_SIZE);
	}
	return c;
}
