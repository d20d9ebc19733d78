/*
 * core/lib/bitmap.h - bit arrays stored in unsigned longs.
 *
 * Bit i of a bitmap is bit (i % BITS_PER_LONG) of word i / BITS_PER_LONG.
 * The plain operations do no locking and are not atomic: the caller's lock
 * covers the whole map. set_bit_atomic() and friends are safe without a lock
 * against other atomic users of the same word.
 *
 * The find functions return @nbits when nothing is found. Bits at and past
 * @nbits in the last word are never looked at, so they may hold anything.
 */
#ifndef RUX_LIB_BITMAP_H
#define RUX_LIB_BITMAP_H

#include <stdbool.h>
#include <stddef.h>

#define BITS_PER_LONG        (8 * sizeof(unsigned long))
#define BITMAP_WORDS(nbits)  (((nbits) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, nbits) unsigned long name[BITMAP_WORDS(nbits)]

#define BIT_WORD(bit) ((bit) / BITS_PER_LONG)
#define BIT_MASK(bit) (1ul << ((bit) % BITS_PER_LONG))

static inline void set_bit(unsigned long *map, size_t bit)
{
	map[BIT_WORD(bit)] |= BIT_MASK(bit);
}

static inline void clear_bit(unsigned long *map, size_t bit)
{
	map[BIT_WORD(bit)] &= ~BIT_MASK(bit);
}

static inline bool test_bit(const unsigned long *map, size_t bit)
{
	return (map[BIT_WORD(bit)] & BIT_MASK(bit)) != 0;
}

static inline void set_bit_atomic(unsigned long *map, size_t bit)
{
	__atomic_fetch_or(&map[BIT_WORD(bit)], BIT_MASK(bit), __ATOMIC_SEQ_CST);
}

static inline void clear_bit_atomic(unsigned long *map, size_t bit)
{
	__atomic_fetch_and(&map[BIT_WORD(bit)], ~BIT_MASK(bit), __ATOMIC_SEQ_CST);
}

static inline bool test_bit_atomic(const unsigned long *map, size_t bit)
{
	return (__atomic_load_n(&map[BIT_WORD(bit)], __ATOMIC_SEQ_CST) &
		BIT_MASK(bit)) != 0;
}

/* Set @bit and return whether it was set before. */
static inline bool test_and_set_bit_atomic(unsigned long *map, size_t bit)
{
	return (__atomic_fetch_or(&map[BIT_WORD(bit)], BIT_MASK(bit),
				  __ATOMIC_SEQ_CST) & BIT_MASK(bit)) != 0;
}

/* Clear @bit and return whether it was set before. */
static inline bool test_and_clear_bit_atomic(unsigned long *map, size_t bit)
{
	return (__atomic_fetch_and(&map[BIT_WORD(bit)], ~BIT_MASK(bit),
				   __ATOMIC_SEQ_CST) & BIT_MASK(bit)) != 0;
}

/* Clear / set all of bits 0..@nbits-1 (whole words). */
void bitmap_zero(unsigned long *map, size_t nbits);
void bitmap_fill(unsigned long *map, size_t nbits);
/* Set / clear bits @start..@start+@count-1. */
void bitmap_set(unsigned long *map, size_t start, size_t count);
void bitmap_clear(unsigned long *map, size_t start, size_t count);
/* Number of set bits among bits 0..@nbits-1. */
size_t bitmap_weight(const unsigned long *map, size_t nbits);

/* First set / clear bit at or after @start, below @nbits; @nbits if none. */
size_t bitmap_find_next_set(const unsigned long *map, size_t nbits, size_t start);
size_t bitmap_find_next_zero(const unsigned long *map, size_t nbits, size_t start);

static inline size_t bitmap_find_first_set(const unsigned long *map, size_t nbits)
{
	return bitmap_find_next_set(map, nbits, 0);
}

static inline size_t bitmap_find_first_zero(const unsigned long *map, size_t nbits)
{
	return bitmap_find_next_zero(map, nbits, 0);
}

/*
 * Find @count consecutive clear bits at or after @start, below @nbits, whose
 * first index is a multiple of @align (a power of two; 0 or 1: any).
 * Returns that index, or @nbits if there is no such run. Sets nothing.
 */
size_t bitmap_find_zero_area(const unsigned long *map, size_t nbits, size_t start,
			     size_t count, size_t align);

#endif /* RUX_LIB_BITMAP_H */
