/*
 * tests/ktest/crc32c.c - CRC-32C against published check values, and the
 * word-at-a-time path against the byte-at-a-time definition.
 */
#include "lib/crc32c.h"
#include "lib/ktest.h"

static uint32_t crc32c_bitwise(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
	}
	return crc;
}

KTEST(crc32c, check_values)
{
	static const uint8_t zeros[32];
	uint8_t ones[32];

	for (int i = 0; i < 32; i++)
		ones[i] = 0xff;
	KT_ASSERT_EQ(~crc32c(~0u, "123456789", 9), 0xe3069283u);
	/* RFC 3720 (iSCSI) appendix B.4 vectors. */
	KT_ASSERT_EQ(~crc32c(~0u, zeros, 32), 0x8a9136aau);
	KT_ASSERT_EQ(~crc32c(~0u, ones, 32), 0x62a8ab43u);
	KT_ASSERT_EQ(crc32c(0x1234u, "", 0), 0x1234u);
}

KTEST(crc32c, chains_and_matches_bitwise_at_every_alignment)
{
	uint8_t buf[80];

	for (int i = 0; i < 80; i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t off = 0; off < 8; off++) {
		for (size_t len = 0; len + off <= 80; len += 7) {
			uint32_t want = crc32c_bitwise(0xdeadbeefu, buf + off, len);

			KT_ASSERT_EQ(crc32c(0xdeadbeefu, buf + off, len), want);
			KT_ASSERT_EQ(crc32c(crc32c(0xdeadbeefu, buf + off, len / 2), buf + off + len / 2,
					    len - len / 2),
				     want);
		}
	}
}
