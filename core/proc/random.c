/*
 * core/proc/random.c - the kernel's random numbers: getrandom(2), the
 * AT_RANDOM bytes of exec, and random_bytes() for the rest of the kernel.
 *
 * A ChaCha20 keystream generator (RFC 8439 block function) with "fast key
 * erasure": every request is served from fresh blocks, and the key is then
 * replaced by keystream nobody saw, so a later look at the state does not
 * reveal earlier output. The key is seeded once from hal_random_seed() and
 * the clocks; the pool is considered ready from then on, so GRND_NONBLOCK
 * never has to fail. Hardware generators (drivers/virtio/rng.c) mix their
 * bytes in with random_add_entropy(). Locking: pool_lock (irqsave) around the state.
 */
#include "uapi/random.h"
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "proc/internal.h"
#include "proc/syscalls.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"

#define CHACHA_BLOCK  64
#define GETRANDOM_MAX (32u << 20) /* bytes per call; Linux caps too */

static struct spinlock pool_lock = SPINLOCK_INIT("random");
static uint32_t pool_key[8];
static uint64_t pool_counter;
static bool pool_seeded;

static uint32_t rotl32(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 7);
}

/* One ChaCha20 block for @key, 32-bit block @counter and 96-bit @nonce. */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint8_t out[CHACHA_BLOCK])
{
	uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	uint32_t x[16];

	memcpy(&s[4], key, 32);
	s[12] = counter;
	memcpy(&s[13], nonce, 12);
	memcpy(x, s, sizeof(x));
	for (int i = 0; i < 10; i++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + s[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

static void pool_next_block(uint8_t out[CHACHA_BLOCK])
{
	uint32_t nonce[3] = {(uint32_t)(pool_counter >> 32), 0, 0};

	chacha20_block(pool_key, (uint32_t)pool_counter, nonce, out);
	pool_counter++;
}

static void pool_seed_locked(void)
{
	uint64_t seed[4] = {hal_random_seed(), hal_clock_ns(), hal_wall_clock_ns(),
			    (uint64_t)(uintptr_t)&pool_key};

	memcpy(pool_key, seed, sizeof(pool_key));
	pool_seeded = true;
}

/* Up to 256 bytes per call, so the lock is held only briefly. */
static void random_chunk(uint8_t *buf, size_t len)
{
	uint8_t block[CHACHA_BLOCK];
	unsigned long flags = spin_lock_irqsave(&pool_lock);

	if (!pool_seeded)
		pool_seed_locked();
	while (len) {
		size_t n = MIN(len, (size_t)CHACHA_BLOCK);

		pool_next_block(block);
		memcpy(buf, block, n);
		buf += n;
		len -= n;
	}
	pool_next_block(block); /* fast key erasure */
	memcpy(pool_key, block, sizeof(pool_key));
	spin_unlock_irqrestore(&pool_lock, flags);
	memset(block, 0, sizeof(block));
}

/* XOR @len bytes into the key, then replace the key by a block of its own
 * keystream, so the new key depends on every byte mixed in. */
void random_add_entropy(const void *buf, size_t len)
{
	const uint8_t *in = buf;
	uint8_t *key = (uint8_t *)pool_key;
	uint8_t block[CHACHA_BLOCK];
	unsigned long flags = spin_lock_irqsave(&pool_lock);

	if (!pool_seeded)
		pool_seed_locked();
	for (size_t i = 0; i < len; i++)
		key[i % sizeof(pool_key)] ^= in[i];
	pool_next_block(block);
	memcpy(pool_key, block, sizeof(pool_key));
	spin_unlock_irqrestore(&pool_lock, flags);
	memset(block, 0, sizeof(block));
}

void random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		size_t n = MIN(len, (size_t)256);

		random_chunk(p, n);
		p += n;
		len -= n;
	}
}

long sys_getrandom(unsigned long ubuf, unsigned long len, unsigned long flags)
{
	uint8_t chunk[256];
	size_t done = 0;

	if (flags & ~(unsigned long)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	len = MIN(len, (unsigned long)GETRANDOM_MAX);
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		random_chunk(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n)) {
			memset(chunk, 0, sizeof(chunk));
			return done ? (long)done : -EFAULT;
		}
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));
	return (long)done;
}
