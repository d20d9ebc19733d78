/*
 * drivers/virtio/virtio.h - virtio devices: the transport-independent core
 * that drivers (virtio-blk, ...) are written against.
 *
 * virtio_init() asks the HAL for every virtio device (hal_virtio_device()),
 * gives each the transport its kind needs (mmio.c: virtio-mmio version 2;
 * pci.c: modern virtio-pci) and hands it to the driver of its device type.
 * A driver's probe then runs the initialization of the virtio spec (3.1):
 *
 *	err = virtio_negotiate(vdev, MY_FEATURES);   reset, ACK, DRIVER, features
 *	vq = virtio_setup_queue(vdev, 0, 128);       rings, told to the device
 *	virtio_set_interrupt(vdev, my_interrupt);
 *	virtio_driver_ok(vdev);                      the device goes live
 *
 * and calls virtio_fail() (FAILED, then reset) if any step fails, then
 * frees what it allocated and returns the error. The core registered the
 * device's interrupt line before the probe; a device whose driver failed is
 * kept, reset and silent, because the HAL's handler still refers to it.
 */
#ifndef RUX_DRIVERS_VIRTIO_VIRTIO_H
#define RUX_DRIVERS_VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/virtio/virtqueue.h"
#include "hal/hal.h"

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER	  2
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED	  128

/* Feature bits every device type shares (6). */
#define VIRTIO_F_VERSION_1 32

/* Device types (5). */
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_RNG	4

/* What virtio_transport.irq_status() reports. */
#define VIRTIO_IRQ_USED	  1 /* some queue has new used buffers */
#define VIRTIO_IRQ_CONFIG 2 /* the device configuration changed */

struct virtio_device;

/* How one kind of transport reaches a device (mmio.c, pci.c). */
struct virtio_transport {
	const char *name; /* "mmio", "pci" */
	/* Find the device's registers; 0 or -ENODEV (not usable by us). */
	int (*probe)(struct virtio_device *vdev);
	uint8_t (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, uint8_t status);
	/* Write 0 to the status and wait until the device reads back 0. */
	void (*reset)(struct virtio_device *vdev);
	uint64_t (*get_features)(struct virtio_device *vdev);
	void (*set_features)(struct virtio_device *vdev, uint64_t features);
	/* The device-specific configuration: @width (1, 2, 4) bytes at @off. */
	uint32_t (*config_read)(struct virtio_device *vdev, unsigned int off, unsigned int width);
	uint32_t (*config_generation)(struct virtio_device *vdev);
	/* Largest size of queue @index, 0 if there is no such queue. */
	unsigned int (*queue_max_size)(struct virtio_device *vdev, unsigned int index);
	/* Tell the device @vq's size and ring addresses, set vq->notify, and
	 * enable the queue; 0 or a negative errno. */
	int (*queue_enable)(struct virtio_device *vdev, struct virtq *vq);
	/* Read and acknowledge the interrupt cause: VIRTIO_IRQ_* bits, 0 when
	 * the (possibly shared) interrupt was not this device's. */
	unsigned int (*irq_status)(struct virtio_device *vdev);
};

struct virtio_device {
	struct hal_virtio_device hw; /* where it is (the HAL's description) */
	const struct virtio_transport *transport;
	void *transport_data;
	uint64_t features; /* negotiated */
	/* The driver's interrupt function, NULL until set (read locklessly by
	 * the interrupt path, so set and cleared with atomic stores). */
	void (*interrupt)(struct virtio_device *vdev);
	void *driver_data;
};

/* Find and start every virtio device the HAL knows of; logs each. */
void virtio_init(void);

/*
 * Reset the device and agree on features: the device's offer ANDed with
 * @wanted, plus VIRTIO_F_VERSION_1, which the device must offer. Leaves the
 * status at FEATURES_OK and vdev->features set. 0, -ENODEV when the device
 * is legacy-only or refuses the features.
 */
int virtio_negotiate(struct virtio_device *vdev, uint64_t wanted);
static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return (vdev->features >> bit) & 1;
}
/* Set up queue @index with at most @max_size entries; ERR_PTR on failure. */
struct virtq *virtio_setup_queue(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_size);
/* Free a queue of a device that was reset (error paths). */
void virtio_free_queue(struct virtq *vq);
/* Call @fn (interrupt context) when the device signals used buffers. */
void virtio_set_interrupt(struct virtio_device *vdev, void (*fn)(struct virtio_device *vdev));
/* Set DRIVER_OK: the device may now process the queues. */
void virtio_driver_ok(struct virtio_device *vdev);
/* Give up on the device: status FAILED, reset, no more interrupt calls. */
void virtio_fail(struct virtio_device *vdev);
/* Device-specific configuration fields, read consistently (generation). */
uint32_t virtio_config_read32(struct virtio_device *vdev, unsigned int off);
uint64_t virtio_config_read64(struct virtio_device *vdev, unsigned int off);

/* The transports and drivers, for virtio.c. */
extern const struct virtio_transport virtio_mmio_transport;
extern const struct virtio_transport virtio_pci_transport;
int virtio_blk_probe(struct virtio_device *vdev);
int virtio_rng_probe(struct virtio_device *vdev);

#endif /* RUX_DRIVERS_VIRTIO_VIRTIO_H */
