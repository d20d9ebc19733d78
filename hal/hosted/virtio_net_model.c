/*
 * hal/hosted/virtio_net_model.c - a virtio network device (virtio 1.x
 * section 5.1) whose wire is a pair of packet queues on the host side:
 * frames the driver transmits wait in the TX queue until the host program
 * takes them (hosted_virtio_net_take), frames the host injects
 * (hosted_virtio_net_inject) wait in the RX queue until the driver has
 * posted receive buffers. Each queue holds QUEUE_FRAMES frames.
 *
 * Offered: VERSION_1, MAC (the configuration's mac), STATUS (link always
 * up). Nothing else, so every buffer starts with the 12-byte struct
 * virtio_net_hdr_v1 and carries one whole Ethernet frame (14 to 1514
 * bytes, no FCS); queue 0 is receiveq1, queue 1 transmitq1.
 *
 * When things happen, always on the kernel's host thread:
 *  - transmit: when the driver notifies transmitq1, every available chain
 *    is taken, its header (whose fields nothing offered lets the driver
 *    use) dropped and its frame queued; the chain is used with length 0;
 *  - receive: a frame is written into the oldest posted buffer when it is
 *    injected, if the driver has posted one, else when the driver next
 *    notifies receiveq1; the header says num_buffers 1, all else 0.
 * Either way the used ring is updated and the interrupt raised at once,
 * and CPU 0 takes it at its next safe point (devices.c): no timers, no
 * host threads, so a run is reproduced exactly by its inputs.
 *
 * Errors: a transmit chain with device-writable buffers, shorter than a
 * header and an Ethernet header or longer than a header and 1514 bytes,
 * and a receive chain with device-readable buffers, are used with length
 * 0 and named on standard error (the frame to receive waits for the next
 * chain). A frame that does not fit the posted receive buffer is dropped
 * and counted, and the buffer kept for the next frame, as QEMU does. A
 * frame that finds its queue full is dropped and counted. Broken rings
 * fail the device (virtio_ring.c). A reset empties both queues; the
 * counters go on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal/hosted/hosted.h"
#include "hal/hosted/virtio_model.h"

#define VIRTIO_ID_NET	     1
#define VIRTIO_NET_F_MAC     5
#define VIRTIO_NET_F_STATUS  16
#define VIRTIO_NET_S_LINK_UP 1

#define RECEIVEQ      0
#define TRANSMITQ     1
#define NET_HDR_BYTES 12
#define ETH_HDR_BYTES 14
#define QUEUE_FRAMES  256

/* struct virtio_net_config up to status (5.1.4), little-endian. */
struct net_config {
	uint8_t mac[6];
	uint16_t status;
};
_Static_assert(sizeof(struct net_config) == 8, "net_config");

/* struct virtio_net_hdr_v1 (5.1.6). */
struct net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
_Static_assert(sizeof(struct net_hdr) == NET_HDR_BYTES, "net_hdr");

struct frame {
	uint16_t len;
	unsigned char data[HOSTED_NET_FRAME_MAX];
};

/* A FIFO of frames in a ring of slots. */
struct frame_queue {
	unsigned int first, count;
	struct frame frames[QUEUE_FRAMES];
};

struct net_model {
	struct virtio_model dev;
	struct net_config config;
	struct frame_queue rx; /* host to driver */
	struct frame_queue tx; /* driver to host */
	struct hosted_net_stats stats;
	struct virtio_chain chain; /* the chain being served */
};

static const uint8_t default_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static struct net_model *net; /* the one network device, NULL: none */

/* ---- the packet queues ------------------------------------------------ */

static bool queue_add(struct frame_queue *q, const void *data, size_t len)
{
	struct frame *f;

	if (q->count == QUEUE_FRAMES)
		return false;
	f = &q->frames[(q->first + q->count++) % QUEUE_FRAMES];
	f->len = (uint16_t)len;
	memcpy(f->data, data, len);
	return true;
}

static struct frame *queue_head(struct frame_queue *q)
{
	return q->count ? &q->frames[q->first] : NULL;
}

static void queue_drop_head(struct frame_queue *q)
{
	q->first = (q->first + 1) % QUEUE_FRAMES;
	q->count--;
}

static void queue_clear(struct frame_queue *q)
{
	q->first = q->count = 0;
}

/* ---- the device ------------------------------------------------------- */

static void chain_error(const struct net_model *n, const char *why)
{
	fprintf(stderr, "hosted: virtio %s: %s; used with length 0\n", n->dev.name, why);
}

/* Why transmit chain @c is unusable, or NULL with its frame's length in *@len. */
static const char *tx_frame_len(const struct virtio_chain *c, size_t *len)
{
	if (c->writable)
		return "transmit chain with device-writable buffers";
	if (c->readable < NET_HDR_BYTES + ETH_HDR_BYTES)
		return "transmit chain shorter than its headers";
	if (c->readable > NET_HDR_BYTES + HOSTED_NET_FRAME_MAX)
		return "transmit frame longer than 1514 bytes";
	*len = c->readable - NET_HDR_BYTES;
	return NULL;
}

/* Queue the frame of n->chain for the host. */
static void transmit(struct net_model *n)
{
	unsigned char frame[HOSTED_NET_FRAME_MAX];
	const char *err;
	size_t len = 0;

	err = tx_frame_len(&n->chain, &len);
	if (err) {
		chain_error(n, err);
		n->stats.tx_errors++;
		return;
	}
	virtio_chain_read(&n->chain, NET_HDR_BYTES, frame, len);
	if (queue_add(&n->tx, frame, len))
		n->stats.tx_frames++;
	else
		n->stats.tx_dropped++;
}

/* Write frame @f into n->chain, which has room for it; the bytes written. */
static uint32_t write_frame(struct net_model *n, const struct frame *f)
{
	const struct net_hdr hdr = {.num_buffers = 1};

	virtio_chain_write(&n->chain, 0, &hdr, sizeof(hdr));
	virtio_chain_write(&n->chain, NET_HDR_BYTES, f->data, f->len);
	return NET_HDR_BYTES + f->len;
}

/* Move waiting frames into posted buffers, oldest first, while both last. */
static void receive(struct net_model *n)
{
	struct frame *f;

	if (!virtio_model_live(&n->dev, RECEIVEQ))
		return;
	while ((f = queue_head(&n->rx)) && virtio_ring_pop(&n->dev, RECEIVEQ, &n->chain)) {
		uint32_t written = 0;

		if (n->chain.readable) {
			chain_error(n, "receive chain with device-readable buffers");
			n->stats.rx_errors++;
		} else if (n->chain.writable < (size_t)NET_HDR_BYTES + f->len) {
			virtio_ring_unpop(&n->dev, RECEIVEQ);
			queue_drop_head(&n->rx);
			n->stats.rx_dropped++;
			continue;
		} else {
			written = write_frame(n, f);
			queue_drop_head(&n->rx);
			n->stats.rx_frames++;
		}
		virtio_ring_push(&n->dev, RECEIVEQ, &n->chain, written);
	}
}

static void net_notify(struct virtio_model *m, unsigned int queue)
{
	struct net_model *n = m->priv;

	if (queue == RECEIVEQ) {
		receive(n);
		return;
	}
	while (virtio_ring_pop(m, TRANSMITQ, &n->chain)) {
		transmit(n);
		virtio_ring_push(m, TRANSMITQ, &n->chain, 0);
	}
}

static void net_reset(struct virtio_model *m)
{
	struct net_model *n = m->priv;

	queue_clear(&n->rx);
	queue_clear(&n->tx);
}

static const struct virtio_model_ops net_ops = {.notify = net_notify, .reset = net_reset};

/* ---- the host side ---------------------------------------------------- */

int hosted_virtio_net_attach(const uint8_t *mac)
{
	struct net_model *n;
	int err;

	if (net)
		return -EBUSY;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	memcpy(n->config.mac, mac ? mac : default_mac, sizeof(n->config.mac));
	n->config.status = VIRTIO_NET_S_LINK_UP;
	n->dev = (struct virtio_model){
	    .ops = &net_ops,
	    .device_id = VIRTIO_ID_NET,
	    .features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
	    .config = &n->config,
	    .config_size = sizeof(n->config),
	    .nr_queues = 2,
	    .name = "net",
	    .priv = n,
	};
	err = virtio_model_add(&n->dev);
	if (err) {
		free(n);
		return err;
	}
	net = n;
	return 0;
}

int hosted_virtio_net_inject(const void *frame, size_t len)
{
	if (!net)
		return -ENODEV;
	if (len < ETH_HDR_BYTES || len > HOSTED_NET_FRAME_MAX)
		return -EINVAL;
	if (!queue_add(&net->rx, frame, len)) {
		net->stats.rx_dropped++;
		return -ENOBUFS;
	}
	receive(net);
	return 0;
}

int hosted_virtio_net_take(void *buf, size_t size)
{
	struct frame *f;
	int len;

	if (!net)
		return -ENODEV;
	f = queue_head(&net->tx);
	if (!f)
		return 0;
	if (size < f->len)
		return -EMSGSIZE;
	memcpy(buf, f->data, f->len);
	len = f->len;
	queue_drop_head(&net->tx);
	return len;
}

void hosted_virtio_net_stats(struct hosted_net_stats *stats)
{
	*stats = net ? net->stats : (struct hosted_net_stats){0};
}
