/*
 * tests/unit/test_hosted_virtio_net.c - the hosted virtio-net model
 * (hal/hosted/virtio_net_model.c) driven through the kernel's own virtio
 * transport and queue code (drivers/virtio/mmio.c, virtqueue.c), as a
 * future driver would: probe (device id, features, MAC and link status in
 * the configuration), transmit (the host gets the frames, header
 * stripped), receive (frames injected before and after buffers are
 * posted, header and bytes), an oversized frame dropped and counted,
 * reset emptying the queues, malformed chains answered without a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h> /* after the headers it needs */

#include "drivers/virtio/virtio.h"
#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "lib/err.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define VIRTIO_ID_NET	     1
#define NET_F_MAC	     5
#define NET_F_MRG_RXBUF	     15
#define NET_F_STATUS	     16
#define NET_F_MQ	     22
#define NET_HDR		     12
#define FRAME_MAX	     HOSTED_NET_FRAME_MAX
#define RX_BUF		     (NET_HDR + FRAME_MAX)
#define REG_STATUS	     0x070
#define REG_INTERRUPT_STATUS 0x060
#define STATUS_NEEDS_RESET   64

struct net_hdr {
	uint8_t flags, gso_type;
	uint16_t hdr_len, gso_size, csum_start, csum_offset, num_buffers;
};

/* The device as a driver sees it: transport, receiveq1, transmitq1. */
struct net {
	struct virtio_device vdev;
	struct virtq *rx, *tx;
};

static int setup(void **state)
{
	(void)state;
	assert_int_equal(hosted_virtio_net_attach(NULL), 0);
	assert_int_equal(hosted_virtio_net_attach(NULL), -EBUSY);
	hosted_boot(64ull << 20, "");
	hal_irq_enable();
	virtio_init(); /* "device type 1, no driver" */
	return 0;
}

/* Negotiate MAC and STATUS, set up both queues, DRIVER_OK. */
static void net_start(struct net *n)
{
	*n = (struct net){.vdev.transport = &virtio_mmio_transport};
	assert_int_equal(hal_virtio_device(0, &n->vdev.hw), 0);
	assert_int_equal(virtio_negotiate(&n->vdev, 1ull << NET_F_MAC | 1ull << NET_F_STATUS), 0);
	n->rx = virtio_setup_queue(&n->vdev, 0, 8);
	n->tx = virtio_setup_queue(&n->vdev, 1, 8);
	assert_false(IS_ERR(n->rx));
	assert_false(IS_ERR(n->tx));
	virtio_driver_ok(&n->vdev);
}

static void net_stop(struct net *n)
{
	n->vdev.transport->reset(&n->vdev);
	virtio_free_queue(n->rx);
	virtio_free_queue(n->tx);
}

static struct hosted_net_stats stats(void)
{
	struct hosted_net_stats s;

	hosted_virtio_net_stats(&s);
	return s;
}

static uint32_t device_status(const struct net *n)
{
	return hal_mmio_read32(n->vdev.hw.regs + REG_STATUS);
}

/* A frame of @len bytes whose content depends on @seed. */
static void fill_frame(unsigned char *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

/* Offer @n buffers as one chain of @vq with @cookie and kick. */
static void offer(struct virtq *vq, const struct virtq_buf *bufs, unsigned int n, void *cookie)
{
	assert_int_equal(virtq_add(vq, bufs, n, cookie), 0);
	virtq_kick(vq);
}

static struct virtq_buf buf_of(void *p, uint32_t len, bool device_writes)
{
	return (struct virtq_buf){hal_virt_to_phys(p), len, device_writes};
}

/* Offer [@p, @p + @len) alone as a chain of @vq and kick. */
static void offer_one(struct virtq *vq, void *p, uint32_t len, bool device_writes, void *cookie)
{
	struct virtq_buf b = buf_of(p, len, device_writes);

	offer(vq, &b, 1, cookie);
}

/* Post one receive buffer of @len bytes; returns it (the cookie). */
static unsigned char *post_rx(struct net *n, uint32_t len)
{
	unsigned char *buf = kzalloc(len, GFP_KERNEL);

	offer_one(n->rx, buf, len, true, buf);
	return buf;
}

/* The next used receive buffer must be @buf holding frame (@len, @seed). */
static void expect_rx(struct net *n, unsigned char *buf, size_t len, unsigned int seed)
{
	unsigned char want[FRAME_MAX];
	struct net_hdr hdr;
	uint32_t used = 0;

	assert_ptr_equal(virtq_get_used(n->rx, &used), buf);
	assert_int_equal(used, NET_HDR + len);
	memcpy(&hdr, buf, sizeof(hdr));
	assert_int_equal(hdr.num_buffers, 1);
	assert_int_equal(hdr.flags | hdr.gso_type | hdr.hdr_len | hdr.gso_size, 0);
	fill_frame(want, len, seed);
	assert_memory_equal(buf + NET_HDR, want, len);
	kfree(buf);
}

static int inject(size_t len, unsigned int seed)
{
	unsigned char frame[FRAME_MAX + 1];

	fill_frame(frame, len, seed);
	return hosted_virtio_net_inject(frame, len);
}

static void test_probe_features_and_mac(void **state)
{
	static const uint8_t qemu_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	struct net n;
	uint64_t offered;

	(void)state;
	net_start(&n);
	assert_int_equal(n.vdev.hw.device_id, VIRTIO_ID_NET);
	offered = n.vdev.transport->get_features(&n.vdev);
	assert_true(offered & (1ull << VIRTIO_F_VERSION_1));
	assert_true(offered & (1ull << NET_F_MAC));
	assert_true(offered & (1ull << NET_F_STATUS));
	assert_false(offered & (1ull << NET_F_MQ));
	assert_false(offered & (1ull << NET_F_MRG_RXBUF));
	assert_true(virtio_has_feature(&n.vdev, NET_F_MAC));
	for (unsigned int i = 0; i < 6; i++)
		assert_int_equal(n.vdev.transport->config_read(&n.vdev, i, 1), qemu_mac[i]);
	assert_int_equal(n.vdev.transport->config_read(&n.vdev, 6, 2), 1); /* LINK_UP */
	assert_int_equal(n.vdev.transport->config_read(&n.vdev, 8, 2), 0); /* no MQ */
	assert_int_equal(n.vdev.transport->queue_max_size(&n.vdev, 2), 0);
	assert_int_equal(device_status(&n) & 4, 4); /* DRIVER_OK */
	assert_int_equal(inject(13, 0), -EINVAL);
	assert_int_equal(inject(FRAME_MAX + 1, 0), -EINVAL);
	net_stop(&n);
}

static void test_transmit_two_frames(void **state)
{
	unsigned char *small = kzalloc(NET_HDR + 60, GFP_KERNEL);
	unsigned char *hdr = kzalloc(NET_HDR, GFP_KERNEL);
	unsigned char *big = kzalloc(FRAME_MAX, GFP_KERNEL);
	unsigned char got[FRAME_MAX];
	struct hosted_net_stats before = stats();
	struct virtq_buf two[2];
	uint32_t used = 1;
	struct net n;

	(void)state;
	net_start(&n);
	/* One buffer holding header and frame, then a header and a frame in two. */
	fill_frame(small + NET_HDR, 60, 1);
	offer_one(n.tx, small, NET_HDR + 60, false, small);
	assert_ptr_equal(virtq_get_used(n.tx, &used), small);
	assert_int_equal(used, 0);
	fill_frame(big, FRAME_MAX, 2);
	two[0] = buf_of(hdr, NET_HDR, false);
	two[1] = buf_of(big, FRAME_MAX, false);
	offer(n.tx, two, 2, big);
	assert_ptr_equal(virtq_get_used(n.tx, &used), big);

	assert_int_equal(hosted_virtio_net_take(got, 59), -EMSGSIZE);
	assert_int_equal(hosted_virtio_net_take(got, sizeof(got)), 60);
	assert_memory_equal(got, small + NET_HDR, 60);
	assert_int_equal(hosted_virtio_net_take(got, sizeof(got)), FRAME_MAX);
	assert_memory_equal(got, big, FRAME_MAX);
	assert_int_equal(hosted_virtio_net_take(got, sizeof(got)), 0);
	assert_int_equal(stats().tx_frames, before.tx_frames + 2);
	assert_int_equal(stats().tx_errors, before.tx_errors);
	net_stop(&n);
	kfree(small);
	kfree(hdr);
	kfree(big);
}

static void test_receive_before_and_after_posting(void **state)
{
	struct hosted_net_stats before = stats();
	unsigned char *a, *b, *hdr, *data, want[100];
	struct virtq_buf split[2];
	uint32_t used = 0;
	struct net n;

	(void)state;
	net_start(&n);
	assert_int_equal(inject(60, 3), 0); /* waits: no buffer yet */
	assert_int_equal(stats().rx_frames, before.rx_frames);
	a = post_rx(&n, RX_BUF);
	expect_rx(&n, a, 60, 3);
	assert_true(hal_mmio_read32(n.vdev.hw.regs + REG_INTERRUPT_STATUS) & 1);

	b = post_rx(&n, RX_BUF);
	assert_null(virtq_get_used(n.rx, NULL));   /* nothing to receive */
	assert_int_equal(inject(FRAME_MAX, 4), 0); /* delivered at once */
	expect_rx(&n, b, FRAME_MAX, 4);

	/* A header buffer and a data buffer in one chain. */
	hdr = kzalloc(NET_HDR, GFP_KERNEL);
	data = kzalloc(FRAME_MAX, GFP_KERNEL);
	split[0] = buf_of(hdr, NET_HDR, true);
	split[1] = buf_of(data, FRAME_MAX, true);
	offer(n.rx, split, 2, hdr);
	assert_int_equal(inject(100, 5), 0);
	assert_ptr_equal(virtq_get_used(n.rx, &used), hdr);
	assert_int_equal(used, NET_HDR + 100);
	assert_int_equal(((struct net_hdr *)hdr)->num_buffers, 1);
	fill_frame(want, 100, 5);
	assert_memory_equal(data, want, 100);
	assert_int_equal(stats().rx_frames, before.rx_frames + 3);
	net_stop(&n);
	kfree(hdr);
	kfree(data);
}

static void test_oversized_frame_is_dropped_and_counted(void **state)
{
	struct hosted_net_stats before = stats();
	unsigned char *small;
	struct net n;

	(void)state;
	net_start(&n);
	small = post_rx(&n, NET_HDR + 100);
	assert_int_equal(inject(101, 6), 0);
	assert_null(virtq_get_used(n.rx, NULL));
	assert_int_equal(stats().rx_dropped, before.rx_dropped + 1);
	assert_int_equal(inject(100, 7), 0); /* the buffer was kept for it */
	expect_rx(&n, small, 100, 7);
	assert_int_equal(stats().rx_frames, before.rx_frames + 1);
	net_stop(&n);
}

static void test_reset_empties_the_queues(void **state)
{
	struct hosted_net_stats before = stats();
	unsigned char *frame = kzalloc(NET_HDR + 60, GFP_KERNEL);
	unsigned char got[FRAME_MAX], *buf;
	struct net n;

	(void)state;
	net_start(&n);
	offer_one(n.tx, frame, NET_HDR + 60, false, frame);
	assert_int_equal(inject(60, 8), 0);
	net_stop(&n);
	assert_int_equal(hosted_virtio_net_take(got, sizeof(got)), 0);

	/* A full receive queue refuses the next frame; the reset empties it. */
	for (unsigned int i = 0; i < 256; i++)
		assert_int_equal(inject(60, i), 0);
	assert_int_equal(inject(60, 9), -ENOBUFS);
	assert_int_equal(stats().rx_dropped, before.rx_dropped + 1);
	net_start(&n);
	buf = post_rx(&n, RX_BUF);
	assert_null(virtq_get_used(n.rx, NULL));
	assert_int_equal(inject(70, 10), 0);
	expect_rx(&n, buf, 70, 10);
	assert_int_equal(stats().tx_frames, before.tx_frames + 1);
	net_stop(&n);
	kfree(frame);
}

static void test_malformed_chains_do_not_crash(void **state)
{
	struct hosted_net_stats before = stats();
	unsigned char *p = kzalloc(2 * RX_BUF, GFP_KERNEL);
	unsigned char got[FRAME_MAX], *good;
	struct virtq_buf mixed[2], outside = {0x1000, 64, false};
	uint32_t used = 1;
	struct net n;

	(void)state;
	net_start(&n);
	/* Transmit: a writable buffer, too short, too long: used with length 0. */
	mixed[0] = buf_of(p, NET_HDR + 60, false);
	mixed[1] = buf_of(p + 100, 10, true);
	offer(n.tx, mixed, 2, p);
	assert_ptr_equal(virtq_get_used(n.tx, &used), p);
	assert_int_equal(used, 0);
	offer_one(n.tx, p, NET_HDR + 13, false, p);
	assert_ptr_equal(virtq_get_used(n.tx, NULL), p);
	offer_one(n.tx, p, NET_HDR + FRAME_MAX + 1, false, p);
	assert_ptr_equal(virtq_get_used(n.tx, NULL), p);
	assert_int_equal(stats().tx_errors, before.tx_errors + 3);
	assert_int_equal(hosted_virtio_net_take(got, sizeof(got)), 0);

	/* Receive: a device-readable buffer; the frame waits for a good one. */
	mixed[0] = buf_of(p, 16, false);
	mixed[1] = buf_of(p + 16, RX_BUF, true);
	offer(n.rx, mixed, 2, p);
	assert_int_equal(inject(60, 11), 0);
	assert_ptr_equal(virtq_get_used(n.rx, &used), p);
	assert_int_equal(used, 0);
	assert_int_equal(stats().rx_errors, before.rx_errors + 1);
	good = post_rx(&n, RX_BUF);
	expect_rx(&n, good, 60, 11);
	assert_int_equal(device_status(&n) & STATUS_NEEDS_RESET, 0);

	/* A buffer outside RAM fails the device, which then ignores the queue. */
	offer(n.tx, &outside, 1, p);
	assert_null(virtq_get_used(n.tx, NULL));
	assert_int_equal(device_status(&n) & STATUS_NEEDS_RESET, STATUS_NEEDS_RESET);
	assert_int_equal(inject(60, 12), 0); /* queued, not delivered */
	net_stop(&n);
	assert_int_equal(device_status(&n), 0);
	kfree(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_features_and_mac),
	    cmocka_unit_test(test_transmit_two_frames),
	    cmocka_unit_test(test_receive_before_and_after_posting),
	    cmocka_unit_test(test_oversized_frame_is_dropped_and_counted),
	    cmocka_unit_test(test_reset_empties_the_queues),
	    cmocka_unit_test(test_malformed_chains_do_not_crash),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
