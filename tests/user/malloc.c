/*
 * tests/user/malloc.c - the C library's allocator driving brk, mmap, mremap
 * and munmap: many small blocks of varied sizes filled and checked, blocks
 * grown with realloc from a few bytes to 4 MiB (contents kept at every step),
 * large blocks freed and reallocated, and mremap directly: growing in place
 * or moving (MREMAP_MAYMOVE), shrinking, and EINVAL for bad arguments.
 */
#include "ut.h"

#include <stdint.h>

#define PAGE 4096UL

static unsigned char tag(size_t i, size_t salt)
{
	return (unsigned char)(i * 31 + salt * 7);
}

static void check_small_blocks(void)
{
	static unsigned char *blocks[2000];
	size_t i, j, bad = 0;

	for (i = 0; i < 2000; i++) {
		size_t n = 1 + (i * 37) % 700;

		blocks[i] = malloc(n);
		if (!blocks[i])
			UT_FAIL("malloc(%zu) failed", n);
		for (j = 0; j < n; j++)
			blocks[i][j] = tag(j, i);
	}
	for (i = 0; i < 2000; i += 2)
		free(blocks[i]);
	for (i = 1; i < 2000; i += 2) {
		size_t n = 1 + (i * 37) % 700;

		for (j = 0; j < n; j++)
			bad += blocks[i][j] != tag(j, i);
		free(blocks[i]);
	}
	CHECK_EQ(bad, 0);
	ut_ok("2000 small blocks");
}

static void check_realloc_growth(void)
{
	unsigned char *p = NULL, *q;
	size_t n = 16, old = 0, i, bad = 0;

	for (; n <= 4 * 1024 * 1024; n *= 2) {
		q = realloc(p, n);
		if (!q)
			UT_FAIL("realloc to %zu failed", n);
		p = q;
		for (i = 0; i < old; i++)
			bad += p[i] != tag(i, 1);
		for (i = old; i < n; i++)
			p[i] = tag(i, 1);
		old = n;
	}
	CHECK_EQ(bad, 0);
	free(p);
	ut_ok("realloc from 16 bytes to 4 MiB");
}

static void check_mremap(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;

	CHECK(p != MAP_FAILED);
	memset(p, 'r', 4 * PAGE);
	q = mremap(p, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK_EQ(q[4 * PAGE - 1], 'r');
	CHECK_EQ(q[4 * PAGE], 0);	/* the new part is zero-filled */
	q[64 * PAGE - 1] = 'e';
	p = mremap(q, 64 * PAGE, 2 * PAGE, 0);	/* shrinking never moves */
	CHECK(p == q);
	CHECK_EQ(p[PAGE], 'r');
	CHECK_ERR((long)mremap(p + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL);
	CHECK_ERR((long)mremap(p, 2 * PAGE, 4 * PAGE, 0x80), EINVAL);
	CHECK_OK(munmap(p, 2 * PAGE));
	ut_ok("mremap grow, shrink, EINVAL");
}

int main(void)
{
	ut_begin("malloc");
	check_small_blocks();
	check_realloc_growth();
	check_mremap();
	return ut_pass();
}
