/*
 * core/lib/bitmap.c - the bitmap operations that loop over words.
 * See bitmap.h for the layout and the (absence of) locking.
 */
#include "lib/bitmap.h"

/* Mask of bits @lo..BITS_PER_LONG-1 of a word. */
static unsigned long mask_from(size_t lo)
{
	return ~0ul << (lo % BITS_PER_LONG);
}

/* Mask of bits 0..@hi-1 of a word, 1 <= @hi <= BITS_PER_LONG. */
static unsigned long mask_below(size_t hi)
{
	return ~0ul >> (BITS_PER_LONG - hi);
}

void bitmap_zero(unsigned long *map, size_t nbits)
{
	for (size_t i = 0; i < BITMAP_WORDS(nbits); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, size_t nbits)
{
	for (size_t i = 0; i < BITMAP_WORDS(nbits); i++)
		map[i] = ~0ul;
}

/* Set (@value) or clear bits @start..@start+@count-1, a word at a time. */
static void bitmap_assign(unsigned long *map, size_t start, size_t count, bool value)
{
	size_t end = start + count;

	while (start < end) {
		size_t room = BITS_PER_LONG - start % BITS_PER_LONG;
		size_t n = end - start < room ? end - start : room;
		unsigned long mask = mask_from(start) & mask_below(start % BITS_PER_LONG + n);

		if (value)
			map[BIT_WORD(start)] |= mask;
		else
			map[BIT_WORD(start)] &= ~mask;
		start += n;
	}
}

void bitmap_set(unsigned long *map, size_t start, size_t count)
{
	bitmap_assign(map, start, count, true);
}

void bitmap_clear(unsigned long *map, size_t start, size_t count)
{
	bitmap_assign(map, start, count, false);
}

size_t bitmap_weight(const unsigned long *map, size_t nbits)
{
	size_t full = nbits / BITS_PER_LONG, w = 0;

	for (size_t i = 0; i < full; i++)
		w += (size_t)__builtin_popcountl(map[i]);
	if (nbits % BITS_PER_LONG)
		w += (size_t)__builtin_popcountl(map[full] & mask_below(nbits % BITS_PER_LONG));
	return w;
}

/* Shared search: @invert flips every word so a zero search looks for ones. */
static size_t find_next(const unsigned long *map, size_t nbits, size_t start,
			unsigned long invert)
{
	unsigned long word;

	if (start >= nbits)
		return nbits;
	word = (map[BIT_WORD(start)] ^ invert) & mask_from(start);
	start -= start % BITS_PER_LONG;
	for (;;) {
		if (word) {
			size_t bit = start + (size_t)__builtin_ctzl(word);

			return bit < nbits ? bit : nbits;
		}
		start += BITS_PER_LONG;
		if (start >= nbits)
			return nbits;
		word = map[BIT_WORD(start)] ^ invert;
	}
}

size_t bitmap_find_next_set(const unsigned long *map, size_t nbits, size_t start)
{
	return find_next(map, nbits, start, 0);
}

size_t bitmap_find_next_zero(const unsigned long *map, size_t nbits, size_t start)
{
	return find_next(map, nbits, start, ~0ul);
}

size_t bitmap_find_zero_area(const unsigned long *map, size_t nbits, size_t start,
			     size_t count, size_t align)
{
	size_t mask = align > 1 ? align - 1 : 0;

	for (;;) {
		size_t first = bitmap_find_next_zero(map, nbits, start);
		size_t end, busy;

		first = (first + mask) & ~mask;
		if (first >= nbits || count > nbits - first)
			return nbits;
		end = first + count;
		busy = bitmap_find_next_set(map, end, first);
		if (busy >= end)
			return first;
		start = busy + 1;
	}
}
