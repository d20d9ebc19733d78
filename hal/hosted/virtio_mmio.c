/*
 * hal/hosted/virtio_mmio.c - the virtio-mmio registers (virtio 1.x section
 * 4.2.2, version 2) of a hosted device model, as drivers/virtio/mmio.c sees
 * them through hal_mmio_read*()/hal_mmio_write*().
 *
 * Registers are 32 bits wide and must be accessed with 32-bit accesses;
 * only the device configuration (0x100 on) is also read with 8- and 16-bit
 * accesses. Other widths read as 0 and are ignored when written. Writes to
 * read-only registers and reads of write-only ones are ignored / read 0,
 * as the spec leaves them undefined.
 *
 * Writing 0 to Status resets the device: every register and queue goes
 * back to its initial state, so the status reads back 0 at once.
 */
#include <stdio.h>
#include <string.h>

#include "hal/hosted/virtio_model.h"

#define REG_MAGIC_VALUE		0x000
#define REG_VERSION		0x004
#define REG_DEVICE_ID		0x008
#define REG_VENDOR_ID		0x00c
#define REG_DEVICE_FEATURES	0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES	0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_QUEUE_SEL		0x030
#define REG_QUEUE_NUM_MAX	0x034
#define REG_QUEUE_NUM		0x038
#define REG_QUEUE_READY		0x044
#define REG_QUEUE_NOTIFY	0x050
#define REG_INTERRUPT_STATUS	0x060
#define REG_INTERRUPT_ACK	0x064
#define REG_STATUS		0x070
#define REG_QUEUE_DESC_LOW	0x080
#define REG_QUEUE_DESC_HIGH	0x084
#define REG_QUEUE_DRIVER_LOW	0x090
#define REG_QUEUE_DRIVER_HIGH	0x094
#define REG_QUEUE_DEVICE_LOW	0x0a0
#define REG_QUEUE_DEVICE_HIGH	0x0a4
#define REG_CONFIG_GENERATION	0x0fc
#define REG_CONFIG		0x100

#define MMIO_MAGIC    0x74726976 /* "virt" */
#define MMIO_VERSION  2
#define MMIO_VENDOR   0x58555200 /* "\0RUX", any value not a PCI vendor's */
#define STATUS_DRIVER_OK   4
#define STATUS_FEATURES_OK 8
#define INTERRUPT_USED	   1

static uint64_t offered_features(const struct virtio_model *m)
{
	return m->features | VIRTIO_MODEL_F_VERSION_1;
}

static struct virtio_model_queue *selected_queue(struct virtio_model *m)
{
	return m->queue_sel < m->nr_queues ? &m->queues[m->queue_sel] : NULL;
}

static void reset(struct virtio_model *m)
{
	m->status = 0;
	m->device_features_sel = 0;
	m->driver_features_sel = 0;
	m->driver_features = 0;
	m->queue_sel = 0;
	m->interrupt_status = 0;
	memset(m->queues, 0, sizeof(m->queues));
	if (m->ops->reset)
		m->ops->reset(m);
}

void virtio_model_fail(struct virtio_model *m, const char *why)
{
	fprintf(stderr, "hosted: virtio %s: %s; the device needs a reset\n", m->name, why);
	m->status |= VIRTIO_MODEL_NEEDS_RESET;
}

void virtio_model_interrupt(struct virtio_model *m)
{
	m->interrupt_status |= INTERRUPT_USED;
	hosted_irq_raise(m->irq);
}

/* FEATURES_OK sticks only if the driver took nothing we did not offer. */
static void set_status(struct virtio_model *m, uint32_t value)
{
	if (value == 0) {
		reset(m);
		return;
	}
	if ((value & STATUS_FEATURES_OK) && !(m->status & STATUS_FEATURES_OK) &&
	    (m->driver_features & ~offered_features(m)))
		value &= ~(uint32_t)STATUS_FEATURES_OK;
	m->status = value | (m->status & VIRTIO_MODEL_NEEDS_RESET);
}

static uint32_t config_read(const struct virtio_model *m, uint64_t off, unsigned int width)
{
	uint32_t value = 0;

	if (off + width > m->config_size)
		return 0;
	memcpy(&value, (const char *)m->config + off, width); /* little-endian host */
	return value;
}

static uint32_t queue_read(struct virtio_model *m, uint64_t off)
{
	struct virtio_model_queue *q = selected_queue(m);

	if (!q)
		return 0; /* QueueNumMax 0: no such queue */
	switch (off) {
	case REG_QUEUE_NUM_MAX:
		return VIRTIO_MODEL_QUEUE_MAX;
	case REG_QUEUE_READY:
		return q->ready;
	}
	return 0;
}

static uint32_t register_read(struct virtio_model *m, uint64_t off)
{
	switch (off) {
	case REG_MAGIC_VALUE:
		return MMIO_MAGIC;
	case REG_VERSION:
		return MMIO_VERSION;
	case REG_DEVICE_ID:
		return m->device_id;
	case REG_VENDOR_ID:
		return MMIO_VENDOR;
	case REG_DEVICE_FEATURES:
		return m->device_features_sel > 1
			   ? 0
			   : (uint32_t)(offered_features(m) >> (32 * m->device_features_sel));
	case REG_QUEUE_NUM_MAX:
	case REG_QUEUE_READY:
		return queue_read(m, off);
	case REG_INTERRUPT_STATUS:
		return m->interrupt_status;
	case REG_STATUS:
		return m->status;
	case REG_CONFIG_GENERATION:
		return m->config_generation;
	}
	return 0;
}

uint32_t virtio_mmio_read(struct virtio_model *m, uint64_t off, unsigned int width)
{
	if (off >= REG_CONFIG)
		return config_read(m, off - REG_CONFIG, width);
	return width == 4 ? register_read(m, off) : 0;
}

/* Half of a 64-bit ring address: @high picks the upper word. */
static void set_half(uint64_t *addr, bool high, uint32_t value)
{
	if (high)
		*addr = (*addr & 0xffffffffull) | (uint64_t)value << 32;
	else
		*addr = (*addr & ~0xffffffffull) | value;
}

/* Split rings need a power-of-two size within QueueNumMax. */
static void enable_queue(struct virtio_model *m, struct virtio_model_queue *q, bool ready)
{
	if (ready && (q->num == 0 || q->num > VIRTIO_MODEL_QUEUE_MAX || (q->num & (q->num - 1)))) {
		virtio_model_fail(m, "queue enabled with a bad size");
		return;
	}
	q->ready = ready;
	q->last_avail = 0;
	q->used_idx = 0;
}

/* The queue's layout registers may change only while it is not ready. */
static void queue_write(struct virtio_model *m, uint64_t off, uint32_t value)
{
	struct virtio_model_queue *q = selected_queue(m);

	if (!q)
		return;
	if (off == REG_QUEUE_READY) {
		enable_queue(m, q, value & 1);
		return;
	}
	if (q->ready)
		return;
	switch (off) {
	case REG_QUEUE_NUM:
		q->num = value;
		break;
	case REG_QUEUE_DESC_LOW:
	case REG_QUEUE_DESC_HIGH:
		set_half(&q->desc, off == REG_QUEUE_DESC_HIGH, value);
		break;
	case REG_QUEUE_DRIVER_LOW:
	case REG_QUEUE_DRIVER_HIGH:
		set_half(&q->driver, off == REG_QUEUE_DRIVER_HIGH, value);
		break;
	case REG_QUEUE_DEVICE_LOW:
	case REG_QUEUE_DEVICE_HIGH:
		set_half(&q->device, off == REG_QUEUE_DEVICE_HIGH, value);
		break;
	}
}

bool virtio_model_live(const struct virtio_model *m, unsigned int queue)
{
	return queue < m->nr_queues && m->queues[queue].ready && (m->status & STATUS_DRIVER_OK) &&
	       !(m->status & VIRTIO_MODEL_NEEDS_RESET);
}

/* A notification counts only for a ready queue of a live device. */
static void queue_notify(struct virtio_model *m, uint32_t index)
{
	if (virtio_model_live(m, index))
		m->ops->notify(m, index);
}

void virtio_mmio_write(struct virtio_model *m, uint64_t off, unsigned int width, uint32_t value)
{
	if (width != 4 || off >= REG_CONFIG)
		return; /* the configurations modelled here are read-only */
	switch (off) {
	case REG_DEVICE_FEATURES_SEL:
		m->device_features_sel = value;
		break;
	case REG_DRIVER_FEATURES:
		if (m->driver_features_sel <= 1 && !(m->status & STATUS_FEATURES_OK))
			set_half(&m->driver_features, m->driver_features_sel == 1, value);
		break;
	case REG_DRIVER_FEATURES_SEL:
		m->driver_features_sel = value;
		break;
	case REG_QUEUE_SEL:
		m->queue_sel = value;
		break;
	case REG_QUEUE_NUM:
	case REG_QUEUE_READY:
	case REG_QUEUE_DESC_LOW:
	case REG_QUEUE_DESC_HIGH:
	case REG_QUEUE_DRIVER_LOW:
	case REG_QUEUE_DRIVER_HIGH:
	case REG_QUEUE_DEVICE_LOW:
	case REG_QUEUE_DEVICE_HIGH:
		queue_write(m, off, value);
		break;
	case REG_QUEUE_NOTIFY:
		queue_notify(m, value);
		break;
	case REG_INTERRUPT_ACK:
		m->interrupt_status &= ~value;
		break;
	case REG_STATUS:
		set_status(m, value);
		break;
	}
}
