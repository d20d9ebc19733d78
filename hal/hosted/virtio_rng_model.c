/*
 * hal/hosted/virtio_rng_model.c - a virtio entropy device (virtio 1.x
 * section 5.4): one queue whose device-writable buffers it fills.
 *
 * The bytes are not entropy at all: they come from a splitmix64 generator
 * seeded with hal_random_seed() (ruxsim --seed) when the first request
 * arrives, so a run is reproduced exactly by its seed, as everything else
 * in the hosted machine. Each chain is filled completely and returned at
 * once.
 */
#include <errno.h>
#include <stdlib.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/virtio_model.h"

#define VIRTIO_ID_RNG 4
/* Keeps the device's stream apart from the kernel's own use of the seed. */
#define RNG_SEED_SALT 0x726e672d6d6f646cull

struct rng_model {
	struct virtio_model dev;
	uint64_t state;
	bool seeded;
	struct virtio_chain chain;
};

/* splitmix64 (Steele, Lea, Flood 2014): one 64-bit output per step. */
static uint64_t rng_next(struct rng_model *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int fill_piece(void *host, size_t len, void *arg)
{
	struct rng_model *r = arg;
	unsigned char *p = host;

	while (len) {
		uint64_t v = rng_next(r);

		for (int i = 0; i < 8 && len; i++, len--, v >>= 8)
			*p++ = (unsigned char)v;
	}
	return 0;
}

static void rng_notify(struct virtio_model *m, unsigned int queue)
{
	struct rng_model *r = m->priv;

	if (!r->seeded) {
		r->state = hal_random_seed() ^ RNG_SEED_SALT;
		r->seeded = true;
	}
	while (virtio_ring_pop(m, queue, &r->chain)) {
		virtio_chain_walk(&r->chain, true, 0, r->chain.writable, fill_piece, r);
		virtio_ring_push(m, queue, &r->chain, (uint32_t)r->chain.writable);
	}
}

static const struct virtio_model_ops rng_ops = {.notify = rng_notify};

int hosted_virtio_rng_attach(void)
{
	struct rng_model *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	r->dev = (struct virtio_model){
	    .ops = &rng_ops,
	    .device_id = VIRTIO_ID_RNG,
	    .nr_queues = 1,
	    .name = "rng",
	    .priv = r,
	};
	err = virtio_model_add(&r->dev);
	if (err)
		free(r);
	return err;
}
