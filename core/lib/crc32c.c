/*
 * core/lib/crc32c.c - table-driven CRC-32C, eight bytes per step.
 *
 * table[0] is the classic byte table of the reflected polynomial; table[k]
 * advances a byte's contribution k more bytes, so eight lookups fold in a
 * whole 64-bit word ("slicing by 8"). Tables are built on first use.
 */
#include "lib/crc32c.h"

#include <stdbool.h>

#define CRC32C_POLY 0x82f63b78u /* 0x1edc6f41 bit-reversed */

static uint32_t table[8][256];
static bool table_ready;

static void build_tables(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (CRC32C_POLY & -(c & 1));
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int k = 1; k < 8; k++)
			table[k][i] = (table[k - 1][i] >> 8) ^ table[0][table[k - 1][i] & 0xff];
	/* Racing first users compute identical tables; the flag only saves work. */
	__atomic_store_n(&table_ready, true, __ATOMIC_RELEASE);
}

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE))
		build_tables();
	for (; len && ((uintptr_t)p & 7); len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	for (; len >= 8; len -= 8, p += 8) {
		uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
			     (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
			     (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;

		w ^= crc;
		crc = table[7][w & 0xff] ^ table[6][(w >> 8) & 0xff] ^ table[5][(w >> 16) & 0xff] ^
		      table[4][(w >> 24) & 0xff] ^ table[3][(w >> 32) & 0xff] ^
		      table[2][(w >> 40) & 0xff] ^ table[1][(w >> 48) & 0xff] ^ table[0][w >> 56];
	}
	while (len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	return crc;
}
