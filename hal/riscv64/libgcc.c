/*
 * hal/riscv64/libgcc.c - the bit-counting helpers gcc calls for
 * __builtin_clzl/ctzl/popcountl on a machine without Zbb.
 *
 * Debian ships libgcc for the lp64d ABI only, and the linker refuses to mix
 * it into the soft-float (lp64) kernel, so the few helpers the kernel needs
 * are here. They use no builtins themselves (that would call back here).
 */
#include <stdint.h>

int __popcountdi2(uint64_t x);
int __ctzdi2(uint64_t x);
int __clzdi2(uint64_t x);

int __popcountdi2(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}

/* Undefined for 0, as the builtin is; returns 64 then. */
int __ctzdi2(uint64_t x)
{
	return __popcountdi2((x & -x) - 1);
}

/* Undefined for 0, as the builtin is; returns 64 then. */
int __clzdi2(uint64_t x)
{
	int n = 0;

	for (int shift = 32; shift > 0; shift >>= 1) {
		if (!(x >> (64 - shift))) {
			n += shift;
			x <<= shift;
		}
	}
	return x ? n : 64;
}
