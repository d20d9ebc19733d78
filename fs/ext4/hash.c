/*
 * fs/ext4/hash.c - the name hashes of htree directories, as the on-disk
 * format defines them: "legacy" (a simple multiplicative hash), "half
 * MD4" (three MD4 rounds over 32-byte chunks) and "tea" (16 TEA rounds
 * over 16-byte chunks), each with signed or unsigned char variants. The
 * 128-bit state starts from the super block's s_hash_seed (or MD4's
 * constants when that is zero). The result has its low bit cleared: that
 * bit marks hash collisions continuing in the next leaf.
 */
#include "fs/ext4/internal.h"

#define HTREE_EOF_32 0x7fffffffu

static uint32_t rol32(uint32_t x, unsigned int s)
{
	return (x << s) | (x >> (32 - s));
}

static uint32_t legacy_hash(const char *name, uint32_t len, bool is_unsigned)
{
	uint32_t h0 = 0x12a3fe2d, h1 = 0x37abe8f9;

	for (uint32_t i = 0; i < len; i++) {
		int32_t c = is_unsigned ? (int32_t)(uint8_t)name[i] : (int32_t)(int8_t)name[i];
		uint32_t h = h1 + (h0 ^ (uint32_t)(c * 7152373));

		if (h & 0x80000000u)
			h -= 0x7fffffffu;
		h1 = h0;
		h0 = h;
	}
	return h0 << 1;
}

/*
 * Pack up to @words * 4 bytes of @name into @out, padding with a word
 * made of the length, as the format specifies.
 */
static void pack_name(const char *name, uint32_t len, uint32_t *out, int words, bool is_unsigned)
{
	uint32_t pad = len | (len << 8);
	uint32_t val;
	uint32_t n = len < (uint32_t)words * 4 ? len : (uint32_t)words * 4;

	pad |= pad << 16;
	val = pad;
	for (uint32_t i = 0; i < n; i++) {
		int32_t c = is_unsigned ? (int32_t)(uint8_t)name[i] : (int32_t)(int8_t)name[i];

		val = (uint32_t)c + (val << 8);
		if (i % 4 == 3) {
			*out++ = val;
			val = pad;
			words--;
		}
	}
	if (--words >= 0)
		*out++ = val;
	while (--words >= 0)
		*out++ = pad;
}

#define MD4_F(x, y, z)		      ((z) ^ ((x) & ((y) ^ (z))))
#define MD4_G(x, y, z)		      (((x) & (y)) + (((x) ^ (y)) & (z)))
#define MD4_H(x, y, z)		      ((x) ^ (y) ^ (z))
#define MD4_STEP(f, a, b, c, d, x, s) ((a) = rol32((a) + f((b), (c), (d)) + (x), (s)))

static void half_md4(uint32_t buf[4], const uint32_t in[8])
{
	const uint32_t k2 = 0x5A827999u, k3 = 0x6ED9EBA1u;
	uint32_t a = buf[0], b = buf[1], c = buf[2], d = buf[3];

	MD4_STEP(MD4_F, a, b, c, d, in[0], 3);
	MD4_STEP(MD4_F, d, a, b, c, in[1], 7);
	MD4_STEP(MD4_F, c, d, a, b, in[2], 11);
	MD4_STEP(MD4_F, b, c, d, a, in[3], 19);
	MD4_STEP(MD4_F, a, b, c, d, in[4], 3);
	MD4_STEP(MD4_F, d, a, b, c, in[5], 7);
	MD4_STEP(MD4_F, c, d, a, b, in[6], 11);
	MD4_STEP(MD4_F, b, c, d, a, in[7], 19);

	MD4_STEP(MD4_G, a, b, c, d, in[1] + k2, 3);
	MD4_STEP(MD4_G, d, a, b, c, in[3] + k2, 5);
	MD4_STEP(MD4_G, c, d, a, b, in[5] + k2, 9);
	MD4_STEP(MD4_G, b, c, d, a, in[7] + k2, 13);
	MD4_STEP(MD4_G, a, b, c, d, in[0] + k2, 3);
	MD4_STEP(MD4_G, d, a, b, c, in[2] + k2, 5);
	MD4_STEP(MD4_G, c, d, a, b, in[4] + k2, 9);
	MD4_STEP(MD4_G, b, c, d, a, in[6] + k2, 13);

	MD4_STEP(MD4_H, a, b, c, d, in[3] + k3, 3);
	MD4_STEP(MD4_H, d, a, b, c, in[7] + k3, 9);
	MD4_STEP(MD4_H, c, d, a, b, in[2] + k3, 11);
	MD4_STEP(MD4_H, b, c, d, a, in[6] + k3, 15);
	MD4_STEP(MD4_H, a, b, c, d, in[1] + k3, 3);
	MD4_STEP(MD4_H, d, a, b, c, in[5] + k3, 9);
	MD4_STEP(MD4_H, c, d, a, b, in[0] + k3, 11);
	MD4_STEP(MD4_H, b, c, d, a, in[4] + k3, 15);

	buf[0] += a;
	buf[1] += b;
	buf[2] += c;
	buf[3] += d;
}

static void tea(uint32_t buf[4], const uint32_t in[4])
{
	uint32_t sum = 0, b0 = buf[0], b1 = buf[1];

	for (int n = 0; n < 16; n++) {
		sum += 0x9E3779B9u;
		b0 += ((b1 << 4) + in[0]) ^ (b1 + sum) ^ ((b1 >> 5) + in[1]);
		b1 += ((b0 << 4) + in[2]) ^ (b0 + sum) ^ ((b0 >> 5) + in[3]);
	}
	buf[0] += b0;
	buf[1] += b1;
}

int ext4_dx_hash(const char *name, uint32_t len, unsigned int version, const uint32_t seed[4],
		 uint32_t *hash, uint32_t *minor)
{
	uint32_t buf[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
	bool is_unsigned = version >= DX_HASH_LEGACY_UNSIGNED;
	uint32_t in[8], h, m = 0;

	if (seed && (seed[0] | seed[1] | seed[2] | seed[3]))
		for (int i = 0; i < 4; i++)
			buf[i] = seed[i];
	switch (version) {
	case DX_HASH_LEGACY:
	case DX_HASH_LEGACY_UNSIGNED:
		h = legacy_hash(name, len, is_unsigned);
		break;
	case DX_HASH_HALF_MD4:
	case DX_HASH_HALF_MD4_UNSIGNED:
		for (uint32_t done = 0;; done += 32) {
			pack_name(name + done, len - done, in, 8, is_unsigned);
			half_md4(buf, in);
			if (len - done <= 32)
				break;
		}
		h = buf[1];
		m = buf[2];
		break;
	case DX_HASH_TEA:
	case DX_HASH_TEA_UNSIGNED:
		for (uint32_t done = 0;; done += 16) {
			pack_name(name + done, len - done, in, 4, is_unsigned);
			tea(buf, in);
			if (len - done <= 16)
				break;
		}
		h = buf[0];
		m = buf[1];
		break;
	default:
		return -EINVAL;
	}
	h &= ~1u;
	if (h == (HTREE_EOF_32 << 1))
		h = (HTREE_EOF_32 - 1) << 1;
	*hash = h;
	if (minor)
		*minor = m;
	return 0;
}
