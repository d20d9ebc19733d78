/*
 * hal/hosted/virtio_model.h - the device side of virtio on the hosted
 * machine, shared by its files (not the HAL contract):
 *
 *   devices.c          the device table: register windows, interrupt lines
 *   virtio_mmio.c      the virtio-mmio (version 2) registers of one device
 *   virtio_ring.c      the device side of split virtqueues: take a chain,
 *                      read and write its buffers, return it as used
 *   virtio_blk_model.c virtio-blk on a host image file
 *   virtio_rng_model.c virtio-rng from a seeded generator
 *   virtio_net_model.c virtio-net on host-side packet queues
 *
 * A device model is a struct virtio_model: what it offers (type, features,
 * configuration bytes, queues) and a notify function that drivers/virtio
 * reaches by writing QueueNotify. Models work synchronously: a notify
 * processes every available chain at once (virtio-net also fills a posted
 * receive buffer when the host injects a frame) and raises the device's
 * interrupt line, which the hosted clock delivers at the next safe point
 * with interrupts on. Everything runs on the kernel's host thread, so no
 * locking is needed and runs are deterministic.
 */
#ifndef RUX_HAL_HOSTED_VIRTIO_MODEL_H
#define RUX_HAL_HOSTED_VIRTIO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_MODEL_MAX_QUEUES 2
#define VIRTIO_MODEL_QUEUE_MAX	128 /* QueueNumMax of every queue */
#define VIRTIO_MODEL_F_VERSION_1 (1ull << 32)
#define VIRTIO_MODEL_NEEDS_RESET 64 /* device status: DEVICE_NEEDS_RESET */

struct virtio_model;

struct virtio_model_ops {
	/* The driver wrote @queue (ready) to QueueNotify. */
	void (*notify)(struct virtio_model *m, unsigned int queue);
	/* The device was reset (Status written 0); optional. */
	void (*reset)(struct virtio_model *m);
};

/* One queue as the driver set it up (the registers of 4.2.2). */
struct virtio_model_queue {
	uint32_t num;
	bool ready;
	uint64_t desc, driver, device; /* guest-physical ring addresses */
	uint16_t last_avail;	       /* next avail->ring entry to take */
	uint16_t used_idx;	       /* our copy of used->idx */
};

struct virtio_model {
	/* Set by the model before virtio_model_add(). */
	const struct virtio_model_ops *ops;
	uint32_t device_id;
	uint64_t features; /* offered; VERSION_1 is added */
	const void *config;
	unsigned int config_size;
	unsigned int nr_queues;
	const char *name; /* for messages: "vda", "rng" */
	void *priv;
	/* Set by devices.c. */
	unsigned int irq;
	/* The registers (virtio_mmio.c). */
	uint32_t status;
	uint32_t device_features_sel, driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct virtio_model_queue queues[VIRTIO_MODEL_MAX_QUEUES];
};

/* devices.c: give @m a register window and an interrupt line; 0, -ENOSPC. */
int virtio_model_add(struct virtio_model *m);
/* devices.c: raise interrupt line @irq (delivered at the next safe point). */
void hosted_irq_raise(unsigned int irq);

/* virtio_mmio.c: register accesses at byte @off of @m's window. */
uint32_t virtio_mmio_read(struct virtio_model *m, uint64_t off, unsigned int width);
void virtio_mmio_write(struct virtio_model *m, uint64_t off, unsigned int width, uint32_t value);
/* The driver set DRIVER_OK, the device needs no reset and @queue is ready:
 * the device may use the queue now. */
bool virtio_model_live(const struct virtio_model *m, unsigned int queue);
/* Tell the driver that used buffers came back (InterruptStatus bit 0). */
void virtio_model_interrupt(struct virtio_model *m);
/* The driver broke the rules: say so on stderr, set DEVICE_NEEDS_RESET. */
void virtio_model_fail(struct virtio_model *m, const char *why);

/* ---- virtio_ring.c: descriptor chains --------------------------------- */

struct virtio_seg {
	void *host; /* the buffer, reached through the direct map */
	uint32_t len;
	bool device_writes;
};

struct virtio_chain {
	uint16_t head;
	unsigned int n; /* segments, device-readable ones first */
	size_t readable, writable; /* bytes of each kind */
	struct virtio_seg seg[VIRTIO_MODEL_QUEUE_MAX];
};

/*
 * Take the next available chain of @queue into *@c: 1, or 0 when there is
 * none. A malformed chain (outside RAM, a loop, readable after writable,
 * indirect) fails the device (virtio_model_fail) and gives 0.
 */
int virtio_ring_pop(struct virtio_model *m, unsigned int queue, struct virtio_chain *c);
/* Give back the chain the last virtio_ring_pop() of @queue took: the next
 * pop takes it again. */
void virtio_ring_unpop(struct virtio_model *m, unsigned int queue);
/* Return @c as used with @written bytes written into it. */
void virtio_ring_push(struct virtio_model *m, unsigned int queue, const struct virtio_chain *c,
		      uint32_t written);
/*
 * Call @fn on the pieces of bytes [@off, @off + @len) of @c's
 * device-writable (@writable) or device-readable buffers, in order, until
 * it returns nonzero; returns that, or -1 when the range is not all there.
 */
int virtio_chain_walk(const struct virtio_chain *c, bool writable, size_t off, size_t len,
		      int (*fn)(void *host, size_t len, void *arg), void *arg);
/* Copy out of the readable bytes / into the writable bytes at @off: 0, -1. */
int virtio_chain_read(const struct virtio_chain *c, size_t off, void *buf, size_t len);
int virtio_chain_write(const struct virtio_chain *c, size_t off, const void *buf, size_t len);

#endif /* RUX_HAL_HOSTED_VIRTIO_MODEL_H */
