/*
 * tests/ktest/slab.c - slab caches: object reuse, alignment, slab geometry,
 * growth over many slabs and giving empty slabs back.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/mm.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define MANY 1000

KTEST(slab, a_freed_object_is_the_next_one_handed_out)
{
	struct kmem_cache *c = kmem_cache_create("test-reuse", 40, 0, 0);
	void *a, *b, *d, *x, *y, *z;

	KT_ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c, 0);
	b = kmem_cache_alloc(c, 0);
	d = kmem_cache_alloc(c, 0);
	kmem_cache_free(c, b);
	x = kmem_cache_alloc(c, 0);
	/* LIFO: the last freed comes back first. */
	kmem_cache_free(c, a);
	kmem_cache_free(c, x);
	y = kmem_cache_alloc(c, 0);
	z = kmem_cache_alloc(c, 0);
	bool ok = a && b && d && a != b && b != d && x == b && y == b && z == a;
	kmem_cache_free(c, y);
	kmem_cache_free(c, z);
	kmem_cache_free(c, d);
	kmem_cache_free(c, NULL);
	kmem_cache_destroy(c);
	KT_ASSERT(ok);
}

/* Allocate @n objects of @c, fill each with its own byte, check, free. */
static unsigned long exercise(struct kmem_cache *c, size_t align, unsigned int n)
{
	static unsigned char *objs[MANY];
	unsigned long bad = 0;
	unsigned int got = 0;

	for (; got < n; got++) {
		objs[got] = kmem_cache_alloc(c, 0);
		if (!objs[got])
			break;
		bad += ((uintptr_t)objs[got] % align) != 0;
		bad += ((uintptr_t)objs[got] % 8) != 0;
		memset(objs[got], (int)(got & 0xff), c->object_size);
	}
	bad += got != n;
	for (unsigned int i = 0; i < got; i++) {
		for (size_t j = 0; j < c->object_size; j++)
			bad += objs[i][j] != (unsigned char)(i & 0xff);
	}
	for (unsigned int i = 0; i < got; i++)
		kmem_cache_free(c, objs[i]);
	return bad;
}

KTEST(slab, objects_are_aligned_and_do_not_overlap)
{
	static const struct {
		size_t size, align;
	} shapes[] = {
	    {1, 0},	{8, 8},	  {24, 8},   {100, 8},	   {24, 64},
	    {100, 128}, {13, 16}, {3000, 8}, {4096, 4096}, {5000, 0},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(shapes); i++) {
		size_t align = shapes[i].align ? shapes[i].align : 8;
		struct kmem_cache *c =
		    kmem_cache_create("test-align", shapes[i].size, shapes[i].align, 0);
		unsigned long bad;

		KT_ASSERT_NOT_NULL(c);
		bad = exercise(c, align, 200);
		kmem_cache_destroy(c);
		KT_ASSERT_EQ(bad, 0);
	}
}

KTEST(slab, geometry_of_odd_sizes)
{
	struct kmem_cache *c100 = kmem_cache_create("test-100", 100, 8, 0);
	struct kmem_cache *c3000 = kmem_cache_create("test-3000", 3000, 0, 0);
	struct kmem_cache *c700 = kmem_cache_create("test-700", 700, 0, 0);
	struct kmem_cache *hw = kmem_cache_create("test-hw", 24, 0, SLAB_HWCACHE_ALIGN);

	KT_ASSERT(c100 && c3000 && c700 && hw);
	/* 100 rounds up to 104; 39 of them fill a page with 40 bytes left. */
	KT_ASSERT_EQ(c100->size, 104);
	KT_ASSERT_EQ(c100->slab_order, 0);
	KT_ASSERT_EQ(c100->objs_per_slab, 39);
	/* 3000 wastes too much in 1 or 2 pages; 4 pages hold 5 of them. */
	KT_ASSERT_EQ(c3000->slab_order, 2);
	KT_ASSERT_EQ(c3000->objs_per_slab, 5);
	/* 700: one page would leave 596 bytes (> 1/8); two pages leave 492. */
	KT_ASSERT_EQ(c700->slab_order, 1);
	KT_ASSERT_EQ(c700->objs_per_slab, 11);
	KT_ASSERT_EQ(hw->size, 64);
	KT_ASSERT_EQ(hw->objs_per_slab, 64);
	kmem_cache_destroy(c100);
	kmem_cache_destroy(c3000);
	kmem_cache_destroy(c700);
	kmem_cache_destroy(hw);
}

KTEST(slab, one_slab_holds_objs_per_slab_objects)
{
	struct kmem_cache *c = kmem_cache_create("test-count", 100, 8, 0);
	void *objs[40];
	unsigned long same_page = 0, slabs_at_39, slabs_at_40;

	KT_ASSERT_NOT_NULL(c);
	for (unsigned int i = 0; i < 40; i++)
		objs[i] = kmem_cache_alloc(c, 0);
	slabs_at_40 = c->nr_slabs;
	for (unsigned int i = 0; i < 39; i++)
		same_page += objs[i] && virt_to_page(objs[i]) == virt_to_page(objs[0]);
	bool fortieth_elsewhere = objs[39] && virt_to_page(objs[39]) != virt_to_page(objs[0]);
	kmem_cache_free(c, objs[39]);
	slabs_at_39 = c->nr_slabs; /* the emptied second slab is kept */
	for (unsigned int i = 0; i < 39; i++)
		kmem_cache_free(c, objs[i]);
	unsigned long slabs_at_0 = c->nr_slabs; /* only one empty slab is kept */
	kmem_cache_destroy(c);
	KT_ASSERT_EQ(same_page, 39);
	KT_ASSERT(fortieth_elsewhere);
	KT_ASSERT_EQ(slabs_at_40, 2);
	KT_ASSERT_EQ(slabs_at_39, 2);
	KT_ASSERT_EQ(slabs_at_0, 1);
}

KTEST(slab, many_objects_over_many_slabs_then_pages_come_back)
{
	static void *objs[MANY];
	struct kmem_cache *c = kmem_cache_create("test-many", 200, 0, 0);
	unsigned long before, dup = 0, slabs_full, slabs_empty, free_empty;
	struct mm_stats st0, st1;

	KT_ASSERT_NOT_NULL(c);
	/* 20 objects of 200 bytes per page: 1000 objects take 50 slabs. */
	KT_ASSERT_EQ(c->objs_per_slab, 20);
	before = nr_free_pages();
	mm_stats_get(&st0);
	for (unsigned int i = 0; i < MANY; i++) {
		objs[i] = kmem_cache_alloc(c, 0);
		if (objs[i])
			*(unsigned int *)objs[i] = i;
	}
	slabs_full = c->nr_slabs;
	mm_stats_get(&st1);
	for (unsigned int i = 0; i < MANY; i++)
		dup += !objs[i] || *(unsigned int *)objs[i] != i;
	for (unsigned int i = 0; i < MANY; i++)
		kmem_cache_free(c, objs[i]);
	slabs_empty = c->nr_slabs;
	free_empty = nr_free_pages();
	kmem_cache_shrink(c);
	KT_ASSERT_EQ(nr_free_pages(), before);
	kmem_cache_destroy(c);
	KT_ASSERT_EQ(dup, 0);
	KT_ASSERT_EQ(slabs_full, 50);
	KT_ASSERT_EQ(st1.slab_pages - st0.slab_pages, 50);
	KT_ASSERT_EQ(slabs_empty, 1);
	KT_ASSERT_EQ(free_empty, before - 1);
}

KTEST(slab, destroy_gives_every_page_back)
{
	struct kmem_cache *warm = kmem_cache_create("test-warm", 64, 0, 0);
	unsigned long before;
	struct kmem_cache *c;
	void *objs[100];

	/* Creating the first cache may grow the cache of caches: do it once first. */
	kmem_cache_destroy(warm);
	before = nr_free_pages();
	c = kmem_cache_create("test-destroy", 300, 0, 0);
	KT_ASSERT_NOT_NULL(c);
	for (unsigned int i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(c, 0);
	bool all = true;
	for (unsigned int i = 0; i < 100; i++)
		all &= objs[i] != NULL;
	for (unsigned int i = 0; i < 100; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
	KT_ASSERT(all);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(slab, invalid_caches_are_refused)
{
	KT_ASSERT_NULL(kmem_cache_create("test-bad", 0, 0, 0));
	KT_ASSERT_NULL(kmem_cache_create("test-bad", 16, 3, 0));
	KT_ASSERT_NULL(kmem_cache_create("test-bad", 16, 2 * PAGE_SIZE, 0));
	KT_ASSERT_NULL(kmem_cache_create("test-bad", (PAGE_SIZE << MAX_ORDER), 0, 0));
}

KTEST(slab, gfp_zero_clears_a_reused_object)
{
	struct kmem_cache *c = kmem_cache_create("test-zero", 72, 0, 0);
	unsigned char *p, *q;
	unsigned long nonzero = 0;

	KT_ASSERT_NOT_NULL(c);
	p = kmem_cache_alloc(c, 0);
	KT_ASSERT_NOT_NULL(p);
	memset(p, 0xff, 72);
	kmem_cache_free(c, p);
	q = kmem_cache_alloc(c, __GFP_ZERO);
	for (unsigned int i = 0; q && i < 72; i++)
		nonzero += q[i] != 0;
	kmem_cache_free(c, q);
	kmem_cache_destroy(c);
	KT_ASSERT(p == q);
	KT_ASSERT_EQ(nonzero, 0);
}

/* The word core/mm/slab.c stores, xor'ed with the address, in free objects. */
#define TEST_SLAB_FREE_MARK 0x5ab1f4eeb1ec7ed5ul

KTEST(slab, data_that_looks_like_the_free_mark_is_no_double_free)
{
	struct kmem_cache *c = kmem_cache_create("test-mark", 64, 0, 0);
	uintptr_t *a, *b;

	KT_ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c, 0);
	b = kmem_cache_alloc(c, 0);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	/* Bytes a user could copy in (the ELF fuzzer did): freeing must work. */
	a[0] = 0;
	a[1] = (uintptr_t)a ^ TEST_SLAB_FREE_MARK;
	kmem_cache_free(c, a);
	b[1] = (uintptr_t)b ^ TEST_SLAB_FREE_MARK;
	kmem_cache_free(c, b);
	KT_ASSERT_EQ(c->nr_objects, 0);
	kmem_cache_destroy(c);
}

#ifdef TEST_ASAN
KTEST(slab, asan_poisons_free_objects_and_slack)
{
	struct kmem_cache *c = kmem_cache_create("test-asan", 100, 0, 0);
	char *a, *b;

	KT_ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c, 0);
	KT_ASSERT_NOT_NULL(a);
	b = a + c->size; /* the next object: not handed out yet */
	bool live_ok = !__asan_address_is_poisoned(a) && !__asan_address_is_poisoned(a + 99);
	bool pad_poisoned = __asan_address_is_poisoned(a + 100) != 0;
	bool next_poisoned = __asan_address_is_poisoned(b) != 0;
	kmem_cache_free(c, a);
	bool freed_poisoned = __asan_address_is_poisoned(a) && __asan_address_is_poisoned(a + 99);
	kmem_cache_destroy(c);
	KT_ASSERT(live_ok);
	KT_ASSERT(pad_poisoned);
	KT_ASSERT(next_poisoned);
	KT_ASSERT(freed_poisoned);
}
#endif
