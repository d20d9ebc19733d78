/*
 * tests/ktest/bitmap.c - bit operations and searches, including maps whose
 * size is not a multiple of the word size and garbage past the last bit.
 */
#include "lib/bitmap.h"
#include "lib/ktest.h"

#define NBITS 200 /* 3 full 64-bit words and a partial one */

KTEST(bitmap, set_clear_test)
{
	DECLARE_BITMAP(map, NBITS);

	bitmap_zero(map, NBITS);
	set_bit(map, 0);
	set_bit(map, 63);
	set_bit(map, 64);
	set_bit(map, 199);
	KT_ASSERT(test_bit(map, 0) && test_bit(map, 63) && test_bit(map, 64));
	KT_ASSERT(test_bit(map, 199));
	KT_ASSERT(!test_bit(map, 1) && !test_bit(map, 65));
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), 4);
	clear_bit(map, 63);
	KT_ASSERT(!test_bit(map, 63));
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), 3);
	bitmap_fill(map, NBITS);
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), NBITS);
	KT_ASSERT_EQ(bitmap_weight(map, 70), 70);
}

KTEST(bitmap, find_next_set_and_zero)
{
	DECLARE_BITMAP(map, NBITS);

	bitmap_zero(map, NBITS);
	KT_ASSERT_EQ(bitmap_find_first_set(map, NBITS), NBITS);
	KT_ASSERT_EQ(bitmap_find_first_zero(map, NBITS), 0);
	set_bit(map, 5);
	set_bit(map, 130);
	KT_ASSERT_EQ(bitmap_find_first_set(map, NBITS), 5);
	KT_ASSERT_EQ(bitmap_find_next_set(map, NBITS, 5), 5);
	KT_ASSERT_EQ(bitmap_find_next_set(map, NBITS, 6), 130);
	KT_ASSERT_EQ(bitmap_find_next_set(map, NBITS, 131), NBITS);
	KT_ASSERT_EQ(bitmap_find_next_set(map, 130, 6), 130); /* bit 130 is past 130 bits */
	KT_ASSERT_EQ(bitmap_find_next_set(map, NBITS, 500), NBITS);

	bitmap_fill(map, NBITS);
	KT_ASSERT_EQ(bitmap_find_first_zero(map, NBITS), NBITS); /* bits >= 200 ignored */
	clear_bit(map, 64);
	clear_bit(map, 199);
	KT_ASSERT_EQ(bitmap_find_first_zero(map, NBITS), 64);
	KT_ASSERT_EQ(bitmap_find_next_zero(map, NBITS, 65), 199);
	KT_ASSERT_EQ(bitmap_find_next_zero(map, 199, 65), 199);
}

KTEST(bitmap, set_and_clear_ranges)
{
	DECLARE_BITMAP(map, NBITS);

	bitmap_zero(map, NBITS);
	bitmap_set(map, 60, 70); /* 60..129, across two word boundaries */
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), 70);
	KT_ASSERT(!test_bit(map, 59) && test_bit(map, 60));
	KT_ASSERT(test_bit(map, 129) && !test_bit(map, 130));
	bitmap_clear(map, 64, 64); /* exactly word 1 */
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), 6);
	KT_ASSERT(test_bit(map, 63) && !test_bit(map, 64) && !test_bit(map, 127));
	KT_ASSERT(test_bit(map, 128));
	bitmap_set(map, 10, 0);
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), 6);
	bitmap_set(map, 0, NBITS);
	KT_ASSERT_EQ(bitmap_weight(map, NBITS), NBITS);
}

KTEST(bitmap, find_zero_area)
{
	DECLARE_BITMAP(map, NBITS);

	bitmap_zero(map, NBITS);
	bitmap_set(map, 0, 10);
	bitmap_set(map, 14, 1);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 4, 1), 10);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 5, 1), 15);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 4, 8), 16);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 3, 0), 10);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 12, 2, 1), 12);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 185, 1), 15);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 186, 1), NBITS);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 190, 64), NBITS);
	bitmap_set(map, 100, 1);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 90, 1), 101);
	KT_ASSERT_EQ(bitmap_find_zero_area(map, NBITS, 0, 64, 64), 128);
}

KTEST(bitmap, atomic_variants)
{
	DECLARE_BITMAP(map, 128);

	bitmap_zero(map, 128);
	set_bit_atomic(map, 70);
	KT_ASSERT(test_bit(map, 70) && test_bit_atomic(map, 70));
	KT_ASSERT(test_and_set_bit_atomic(map, 70));
	KT_ASSERT(!test_and_set_bit_atomic(map, 3));
	KT_ASSERT(test_bit(map, 3));
	KT_ASSERT(test_and_clear_bit_atomic(map, 3));
	KT_ASSERT(!test_and_clear_bit_atomic(map, 3));
	clear_bit_atomic(map, 70);
	KT_ASSERT_EQ(bitmap_weight(map, 128), 0);
}
