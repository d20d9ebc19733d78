/*
 * tests/unit/test_hosted_virtio.c - the hosted machine's virtio-mmio
 * device models (hal/hosted/virtio_*.c) under the kernel's own drivers
 * (drivers/virtio): virtio_init() finds and starts a read-write disk, a
 * read-only disk and an entropy device; block reads, writes and flushes
 * reach the host image files; the registers read as the virtio-mmio spec
 * says; a raw queue exercises what the block driver never sends (GET_ID,
 * unknown types, out-of-range sectors); writing 0 to Status resets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after the headers it needs */

#include "drivers/block/blkdev.h"
#include "drivers/virtio/virtio.h"
#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "lib/err.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

#define DISK_BYTES (1u << 20)
#define SECTOR	   512

/* virtio-mmio registers (4.2.2). */
#define REG_MAGIC	     0x000
#define REG_VERSION	     0x004
#define REG_DEVICE_ID	     0x008
#define REG_DEVICE_FEATURES  0x010
#define REG_DEVICE_FEAT_SEL  0x014
#define REG_QUEUE_SEL	     0x030
#define REG_QUEUE_NUM_MAX    0x034
#define REG_QUEUE_READY	     0x044
#define REG_QUEUE_NOTIFY     0x050
#define REG_INTERRUPT_STATUS 0x060
#define REG_INTERRUPT_ACK    0x064
#define REG_STATUS	     0x070
#define REG_CONFIG	     0x100

#define BLK_F_RO    5
#define BLK_F_FLUSH 9

static char rw_path[] = "/tmp/rux-virtio-rw-XXXXXX";
static char ro_path[] = "/tmp/rux-virtio-ro-XXXXXX";
static int rw_fd, ro_fd;

static uint64_t regs_of(unsigned int index)
{
	struct hal_virtio_device hw;

	assert_int_equal(hal_virtio_device(index, &hw), 0);
	return hw.regs;
}

static uint32_t reg(unsigned int index, unsigned int off)
{
	return hal_mmio_read32(regs_of(index) + off);
}

static void set_reg(unsigned int index, unsigned int off, uint32_t value)
{
	hal_mmio_write32(regs_of(index) + off, value);
}

static int make_image(char *path, char fill)
{
	char sector[SECTOR];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, DISK_BYTES), 0);
	memset(sector, fill, sizeof(sector));
	assert_int_equal(pwrite(fd, sector, sizeof(sector), 5 * SECTOR), SECTOR);
	return fd;
}

static int setup(void **state)
{
	(void)state;
	rw_fd = make_image(rw_path, 'w');
	ro_fd = make_image(ro_path, 'r');
	assert_int_equal(hosted_virtio_blk_attach(rw_path, false), 0);
	assert_int_equal(hosted_virtio_blk_attach(ro_path, true), 0);
	assert_int_equal(hosted_virtio_rng_attach(), 0);
	assert_int_equal(hosted_virtio_blk_attach(rw_path, false), -EWOULDBLOCK); /* locked */
	hosted_boot(64ull << 20, "");
	hal_irq_enable();
	virtio_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(rw_fd);
	close(ro_fd);
	unlink(rw_path);
	unlink(ro_path);
	return 0;
}

static void test_devices_are_listed_in_attach_order(void **state)
{
	struct hal_virtio_device hw;

	(void)state;
	assert_int_equal(hal_virtio_device(0, &hw), 0);
	assert_int_equal(hw.transport, HAL_VIRTIO_MMIO);
	assert_int_equal(hw.device_id, VIRTIO_ID_BLOCK);
	assert_int_equal(hw.regs, HOSTED_VIRTIO_BASE);
	assert_int_equal(hal_virtio_device(2, &hw), 0);
	assert_int_equal(hw.device_id, VIRTIO_ID_RNG);
	assert_int_equal(hw.irq, 3);
	assert_int_equal(hal_virtio_device(3, &hw), -ENODEV);
	assert_int_equal(hal_irq_register(9, NULL, NULL), -EINVAL);
}

static void test_registers_read_as_the_spec_says(void **state)
{
	(void)state;
	assert_int_equal(reg(0, REG_MAGIC), 0x74726976);
	assert_int_equal(reg(0, REG_VERSION), 2);
	assert_int_equal(reg(0, REG_DEVICE_ID), VIRTIO_ID_BLOCK);
	set_reg(0, REG_DEVICE_FEAT_SEL, 1);
	assert_int_equal(reg(0, REG_DEVICE_FEATURES), 1); /* VERSION_1 */
	set_reg(1, REG_DEVICE_FEAT_SEL, 0);
	assert_true(reg(1, REG_DEVICE_FEATURES) & (1u << BLK_F_RO));
	assert_true(reg(1, REG_DEVICE_FEATURES) & (1u << BLK_F_FLUSH));
	set_reg(0, REG_DEVICE_FEAT_SEL, 0);
	assert_false(reg(0, REG_DEVICE_FEATURES) & (1u << BLK_F_RO));
	/* capacity, in sectors, also read in halves and bytes */
	assert_int_equal(reg(0, REG_CONFIG), DISK_BYTES / SECTOR);
	assert_int_equal(reg(0, REG_CONFIG + 4), 0);
	assert_int_equal(hal_mmio_read8(regs_of(0) + REG_CONFIG + 1), (DISK_BYTES / SECTOR) >> 8);
	set_reg(0, REG_QUEUE_SEL, 5);
	assert_int_equal(reg(0, REG_QUEUE_NUM_MAX), 0); /* no such queue */
	set_reg(0, REG_QUEUE_SEL, 0);
	assert_int_equal(reg(0, REG_QUEUE_READY), 1);
	assert_int_equal(reg(0, REG_STATUS), 1 | 2 | 4 | 8); /* ... DRIVER_OK */
}

static void test_read_sees_the_host_file(void **state)
{
	struct block_device *vda = blk_find("vda");
	char *buf = kmalloc(2 * SECTOR, GFP_KERNEL);

	(void)state;
	assert_non_null(vda);
	assert_int_equal(vda->nr_sectors, DISK_BYTES / SECTOR);
	assert_false(vda->read_only);
	assert_int_equal(blk_rw(vda, BLK_READ, 4, buf, 2 * SECTOR), 0);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[SECTOR], 'w');
	assert_int_equal(buf[2 * SECTOR - 1], 'w');
	kfree(buf);
}

static void test_write_and_flush_reach_the_host_file(void **state)
{
	struct block_device *vda = blk_find("vda");
	char *buf = kmalloc(SECTOR, GFP_KERNEL);
	char check[SECTOR];

	(void)state;
	memset(buf, 'x', SECTOR);
	assert_int_equal(blk_rw(vda, BLK_WRITE, 2047, buf, SECTOR), 0);
	assert_int_equal(blk_flush(vda), 0);
	assert_int_equal(pread(rw_fd, check, SECTOR, 2047 * SECTOR), SECTOR);
	assert_memory_equal(check, buf, SECTOR);
	assert_int_equal(blk_rw(vda, BLK_WRITE, 2048, buf, SECTOR), -EINVAL); /* past the end */
	kfree(buf);
}

static void test_read_only_disk_refuses_writes(void **state)
{
	struct block_device *vdb = blk_find("vdb");
	char *buf = kmalloc(SECTOR, GFP_KERNEL);

	(void)state;
	assert_non_null(vdb);
	assert_true(vdb->read_only);
	assert_int_equal(blk_rw(vdb, BLK_READ, 5, buf, SECTOR), 0);
	assert_int_equal(buf[0], 'r');
	assert_int_equal(blk_rw(vdb, BLK_WRITE, 5, buf, SECTOR), -EROFS);
	kfree(buf);
}

/* ---- a raw queue on the read-only disk: requests the driver never sends */

struct raw_request {
	uint32_t type, reserved;
	uint64_t sector;
	char data[SECTOR];
	uint8_t status;
};

/* Send one request on a fresh queue of device 1; the bytes written back. */
static uint32_t raw_request(struct virtq *vq, struct raw_request *r, uint32_t data_len)
{
	struct virtq_buf bufs[3] = {
	    {hal_virt_to_phys(r), 16, false},
	    {hal_virt_to_phys(r->data), data_len, true},
	    {hal_virt_to_phys(&r->status), 1, true},
	};
	uint32_t len = 0;

	assert_int_equal(virtq_add(vq, bufs, 3, r), 0);
	virtq_kick(vq);
	assert_ptr_equal(virtq_get_used(vq, &len), r); /* done at once */
	return len;
}

static void test_raw_requests_get_id_unsupported_out_of_range(void **state)
{
	struct virtio_device vdev = {.transport = &virtio_mmio_transport};
	struct raw_request *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct virtq *vq;
	char id[21] = {0};

	(void)state;
	assert_int_equal(hal_virtio_device(1, &vdev.hw), 0);
	assert_int_equal(virtio_negotiate(&vdev, 0), 0);
	vq = virtio_setup_queue(&vdev, 0, 8);
	assert_false(IS_ERR(vq));
	virtio_driver_ok(&vdev);

	r->type = 8; /* GET_ID */
	assert_int_equal(raw_request(vq, r, SECTOR), 21);
	assert_int_equal(r->status, 0);
	memcpy(id, r->data, 20);
	assert_int_equal(strncmp(id, strrchr(ro_path, '/') + 1, 20), 0);

	r->type = 42;
	assert_int_equal(raw_request(vq, r, SECTOR), 1);
	assert_int_equal(r->status, 2); /* UNSUPP */

	r->type = 0; /* IN */
	r->sector = DISK_BYTES / SECTOR;
	assert_int_equal(raw_request(vq, r, SECTOR), 1);
	assert_int_equal(r->status, 1); /* IOERR */
	r->sector = 5;
	assert_int_equal(raw_request(vq, r, SECTOR), SECTOR + 1);
	assert_int_equal(r->status, 0);
	assert_int_equal(r->data[0], 'r');

	/* The interrupt was raised and is acknowledged like any other. */
	assert_true(reg(1, REG_INTERRUPT_STATUS) & 1);
	set_reg(1, REG_INTERRUPT_ACK, 1);
	assert_int_equal(reg(1, REG_INTERRUPT_STATUS), 0);
	vdev.transport->reset(&vdev);
	virtio_free_queue(vq);
	kfree(r);
}

static void test_status_zero_resets_the_device(void **state)
{
	(void)state;
	assert_int_equal(reg(2, REG_STATUS) & 4, 4);
	set_reg(2, REG_STATUS, 0);
	assert_int_equal(reg(2, REG_STATUS), 0);
	set_reg(2, REG_QUEUE_SEL, 0);
	assert_int_equal(reg(2, REG_QUEUE_READY), 0);
	assert_int_equal(reg(2, REG_INTERRUPT_STATUS), 0);
	set_reg(2, REG_QUEUE_NOTIFY, 0); /* ignored: the queue is gone */
	assert_int_equal(reg(2, REG_STATUS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_devices_are_listed_in_attach_order),
	    cmocka_unit_test(test_registers_read_as_the_spec_says),
	    cmocka_unit_test(test_read_sees_the_host_file),
	    cmocka_unit_test(test_write_and_flush_reach_the_host_file),
	    cmocka_unit_test(test_read_only_disk_refuses_writes),
	    cmocka_unit_test(test_raw_requests_get_id_unsupported_out_of_range),
	    cmocka_unit_test(test_status_zero_resets_the_device),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
