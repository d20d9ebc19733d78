/*
 * tests/ktest/kmalloc.c - kmalloc() and friends: sizes, alignment, large
 * blocks, krealloc, and running out of memory.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/mm.h"

/* Allocate, check and fill @size bytes; returns the problems found. */
static unsigned long try_size(size_t size)
{
	unsigned char *p = kmalloc(size, 0);
	unsigned long bad = 0;

	if (!p)
		return 1;
	bad += ksize(p) < size;
	bad += ((uintptr_t)p & 7) != 0;
	memset(p, 0x5a, ksize(p));
	bad += p[0] != 0x5a || p[size - 1] != 0x5a;
	kfree(p);
	return bad;
}

KTEST(kmalloc, every_size_up_to_two_pages_is_usable)
{
	unsigned long bad = 0, tried = 0;

	for (size_t size = 1; size <= 2 * PAGE_SIZE; size += size < 600 ? 1 : 13) {
		bad += try_size(size);
		tried++;
	}
	for (size_t size = 8; size <= 2 * PAGE_SIZE; size *= 2) {
		bad += try_size(size - 1) + try_size(size) + try_size(size + 1);
		tried += 3;
	}
	KT_ASSERT(tried > 1000);
	KT_ASSERT_EQ(bad, 0);
}

KTEST(kmalloc, sizes_land_in_the_expected_caches)
{
	static const struct {
		size_t size, usable;
	} cases[] = {
	    {1, 8},	 {8, 8},       {9, 16},	     {33, 64},	   {65, 96},
	    {96, 96},	 {97, 128},    {129, 192},   {193, 256},   {257, 512},
	    {513, 1024}, {2049, 4096}, {4096, 4096}, {4097, 8192}, {12289, 16384},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		void *p = kmalloc(cases[i].size, 0);
		size_t usable = ksize(p);

		kfree(p);
		KT_ASSERT_NOT_NULL(p);
		KT_ASSERT_EQ(usable, cases[i].usable);
	}
}

KTEST(kmalloc, power_of_two_sizes_are_naturally_aligned)
{
	unsigned long misaligned = 0;

	for (size_t size = 8; size <= 4 * PAGE_SIZE; size *= 2) {
		void *p[3];
		size_t align = size < PAGE_SIZE ? size : PAGE_SIZE;

		for (int i = 0; i < 3; i++) {
			p[i] = kmalloc(size, 0);
			misaligned += !p[i] || ((uintptr_t)p[i] & (align - 1)) != 0;
		}
		for (int i = 0; i < 3; i++)
			kfree(p[i]);
	}
	KT_ASSERT_EQ(misaligned, 0);
}

KTEST(kmalloc, large_blocks_come_from_the_page_allocator)
{
	static const size_t sizes[] = {64 * KiB, 1 * MiB};

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];
		unsigned long before = nr_free_pages(), during;
		struct mm_stats st0, st1;
		unsigned char *p;

		mm_stats_get(&st0);
		p = kmalloc(size, 0);
		KT_ASSERT_NOT_NULL(p);
		during = nr_free_pages();
		mm_stats_get(&st1);
		memset(p, 0x77, size);
		bool ok = ksize(p) == size && ((uintptr_t)p & (PAGE_SIZE - 1)) == 0 &&
			  p[size - 1] == 0x77;
		kfree(p);
		KT_ASSERT(ok);
		KT_ASSERT_EQ(before - during, size / PAGE_SIZE);
		KT_ASSERT_EQ(st1.kmalloc_large_pages - st0.kmalloc_large_pages, size / PAGE_SIZE);
		KT_ASSERT_EQ(nr_free_pages(), before);
	}
}

KTEST(kmalloc, zero_sizes_and_null)
{
	void *z = kmalloc(0, 0);

	KT_ASSERT(z == ZERO_SIZE_PTR);
	KT_ASSERT_EQ(ksize(z), 0);
	KT_ASSERT_EQ(ksize(NULL), 0);
	kfree(z);
	kfree(NULL);
}

KTEST(kmalloc, kzalloc_and_kcalloc_are_zeroed)
{
	unsigned char *p = kmalloc(300, 0), *q, *r;
	unsigned long nonzero = 0;

	KT_ASSERT_NOT_NULL(p);
	memset(p, 0xee, 300);
	kfree(p);
	q = kzalloc(300, 0);
	r = kcalloc(100, 50, 0);
	for (unsigned int i = 0; q && i < 300; i++)
		nonzero += q[i] != 0;
	for (unsigned int i = 0; r && i < 5000; i++)
		nonzero += r[i] != 0;
	bool both = q && r;
	kfree(q);
	kfree(r);
	KT_ASSERT(both);
	KT_ASSERT_EQ(nonzero, 0);
	KT_ASSERT_NULL(kcalloc((size_t)-1 / 2, 4, 0));
}

static bool holds_pattern(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 31 + 7))
			return false;
	return true;
}

KTEST(kmalloc, krealloc_keeps_the_contents)
{
	unsigned char *p = krealloc(NULL, 10, 0), *q;
	bool ok = true;

	KT_ASSERT_NOT_NULL(p);
	for (size_t i = 0; i < 10; i++)
		p[i] = (unsigned char)(i * 31 + 7);
	static const size_t growth[] = {100, 5000, 64 * KiB};
	for (unsigned int step = 0; step < ARRAY_SIZE(growth) && ok; step++) {
		size_t old = step == 0 ? 10 : growth[step - 1];

		q = krealloc(p, growth[step], 0);
		if (!q) {
			ok = false;
			break;
		}
		ok = holds_pattern(q, old) && ksize(q) >= growth[step];
		for (size_t i = 0; i < growth[step]; i++)
			q[i] = (unsigned char)(i * 31 + 7);
		p = q;
	}
	/* Shrinking stays in place; size 0 frees. */
	q = krealloc(p, 50, 0);
	bool in_place = q == p && holds_pattern(q, 50);
	q = krealloc(q, 0, 0);
	KT_ASSERT(ok);
	KT_ASSERT(in_place);
	KT_ASSERT(q == ZERO_SIZE_PTR);
}

/* A big block, kept in its own first bytes while memory runs out. */
struct held {
	struct held *next;
};

KTEST(kmalloc, out_of_memory_returns_null)
{
	unsigned long before = nr_free_pages(), n = 0;
	struct held *list = NULL, *h;

	KT_ASSERT_NULL(kmalloc(KMALLOC_MAX_SIZE + 1, 0));
	KT_ASSERT_NULL(kmalloc((size_t)-1, 0));
	KT_ASSERT_NULL(kmalloc(1ull << 40, 0));
	while ((h = kmalloc(KMALLOC_MAX_SIZE, 0))) {
		h->next = list;
		list = h;
		n++;
	}
	while (list) {
		h = list->next;
		kfree(list);
		list = h;
	}
	KT_ASSERT(n >= 1);
	KT_ASSERT(n <= before / (KMALLOC_MAX_SIZE / PAGE_SIZE));
	KT_ASSERT_EQ(nr_free_pages(), before);
}
