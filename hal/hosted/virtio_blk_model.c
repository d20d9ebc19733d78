/*
 * hal/hosted/virtio_blk_model.c - a virtio-blk device (virtio 1.x section
 * 5.2) on a raw image file of the host, the hosted twin of QEMU's
 * virtio-blk-device.
 *
 * Requests are done when the driver notifies: reads and writes are
 * pread()/pwrite() on the image, a flush is fdatasync(), and each chain is
 * returned as used at once, then the interrupt is raised. So a request
 * takes no simulated time and completes the same way on every run.
 *
 * Offered: VERSION_1, FLUSH (the host's page cache is a volatile write
 * cache), SIZE_MAX and SEG_MAX (the limits below, enforced), RO for
 * read-only images. T_IN, T_OUT, T_FLUSH and T_GET_ID are served; other
 * types answer UNSUPP. A request out of the disk's range, of a length that
 * is not whole sectors, with a segment above size_max or more than seg_max
 * data segments, or a write to a read-only disk, answers IOERR.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hal/hosted/hosted.h"
#include "hal/hosted/virtio_model.h"
#include "lib/compiler.h"

#define VIRTIO_ID_BLOCK	      2
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_FLUSH    9

#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define SECTOR_BYTES 512
#define ID_BYTES     20		   /* VIRTIO_BLK_ID_BYTES */
#define SIZE_MAX_BYTES (1u << 20)  /* largest data segment */
#define HEADER_BYTES 16
/* Data segments per request: a chain also has the header and status. */
#define SEG_MAX (VIRTIO_MODEL_QUEUE_MAX - 2)

/* struct virtio_blk_config up to blk_size (5.2.4), little-endian. */
struct blk_config {
	uint64_t capacity;
	uint32_t size_max;
	uint32_t seg_max;
	uint32_t geometry;
	uint32_t blk_size;
};
_Static_assert(sizeof(struct blk_config) == 24, "blk_config");

struct blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct blk_header) == HEADER_BYTES, "blk_header");

struct blk_model {
	struct virtio_model dev;
	struct blk_config config;
	int fd;
	bool read_only;
	char id[ID_BYTES]; /* T_GET_ID: the image's name, NUL-padded */
	char name[8];
	struct virtio_chain chain; /* the request being done */
};

static unsigned int nr_disks;

/* One piece of a read or write: host buffer and where it is in the image. */
struct transfer {
	int fd;
	bool write;
	uint64_t pos;
};

static int transfer_piece(void *host, size_t len, void *arg)
{
	struct transfer *t = arg;
	ssize_t n = t->write ? pwrite(t->fd, host, len, (off_t)t->pos)
			     : pread(t->fd, host, len, (off_t)t->pos);

	if (n != (ssize_t)len)
		return -1; /* an error, or the image shrank under us */
	t->pos += len;
	return 0;
}

/* Every segment within SIZE_MAX_BYTES. (At most SEG_MAX data segments
 * holds by itself: a chain has at most QueueNumMax descriptors.) */
static bool segments_allowed(const struct virtio_chain *c)
{
	for (unsigned int i = 0; i < c->n; i++)
		if (c->seg[i].len > SIZE_MAX_BYTES)
			return false;
	return true;
}

/* T_IN or T_OUT of @len bytes at @sector; the status. */
static uint8_t read_write(struct blk_model *b, const struct blk_header *h, size_t len, bool write)
{
	struct transfer t = {b->fd, write, h->sector * SECTOR_BYTES};
	uint64_t sectors = len / SECTOR_BYTES;

	if (write && b->read_only)
		return VIRTIO_BLK_S_IOERR;
	if (len % SECTOR_BYTES || h->sector > b->config.capacity ||
	    sectors > b->config.capacity - h->sector || !segments_allowed(&b->chain))
		return VIRTIO_BLK_S_IOERR;
	/* Writes take the readable bytes after the header, reads fill the
	 * writable bytes before the status. */
	if (virtio_chain_walk(&b->chain, !write, write ? HEADER_BYTES : 0, len, transfer_piece, &t))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

/* Serve the request in b->chain; returns the bytes written into it. */
static uint32_t serve(struct blk_model *b)
{
	const struct virtio_chain *c = &b->chain;
	struct blk_header h;
	uint8_t status = VIRTIO_BLK_S_UNSUPP;
	uint32_t data_in = 0;

	if (c->writable == 0)
		return 0; /* nowhere to put the status: nothing to say */
	if (virtio_chain_read(c, 0, &h, sizeof(h))) {
		status = VIRTIO_BLK_S_IOERR;
	} else if (h.type == VIRTIO_BLK_T_IN) {
		status = read_write(b, &h, c->writable - 1, false);
		data_in = status == VIRTIO_BLK_S_OK ? (uint32_t)c->writable - 1 : 0;
	} else if (h.type == VIRTIO_BLK_T_OUT) {
		status = read_write(b, &h, c->readable - HEADER_BYTES, true);
	} else if (h.type == VIRTIO_BLK_T_FLUSH) {
		status = fdatasync(b->fd) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	} else if (h.type == VIRTIO_BLK_T_GET_ID) {
		data_in = (uint32_t)MIN(c->writable - 1, (size_t)ID_BYTES);
		virtio_chain_write(c, 0, b->id, data_in);
		status = VIRTIO_BLK_S_OK;
	}
	virtio_chain_write(c, c->writable - 1, &status, 1);
	return data_in + 1;
}

static void blk_notify(struct virtio_model *m, unsigned int queue)
{
	struct blk_model *b = m->priv;

	while (virtio_ring_pop(m, queue, &b->chain))
		virtio_ring_push(m, queue, &b->chain, serve(b));
}

static const struct virtio_model_ops blk_ops = {.notify = blk_notify};

/* Open and lock the image; the descriptor, or -errno. */
static int open_image(const char *path, bool read_only, uint64_t *bytes)
{
	int fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	struct stat st;
	int err;

	if (fd < 0)
		return -errno;
	if (flock(fd, (read_only ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
		err = -errno;
		goto out_close;
	}
	err = -EINVAL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < SECTOR_BYTES)
		goto out_close;
	*bytes = (uint64_t)st.st_size;
	return fd;
out_close:
	close(fd);
	return err;
}

int hosted_virtio_blk_attach(const char *path, bool read_only)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct blk_model *b;
	uint64_t bytes = 0;
	int fd = open_image(path, read_only, &bytes);
	int err;

	if (fd < 0)
		return fd;
	b = calloc(1, sizeof(*b));
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	b->fd = fd;
	b->read_only = read_only;
	b->config = (struct blk_config){.capacity = bytes / SECTOR_BYTES,
					.size_max = SIZE_MAX_BYTES,
					.seg_max = SEG_MAX,
					.blk_size = SECTOR_BYTES};
	memcpy(b->id, base, strnlen(base, sizeof(b->id))); /* NUL-padded, or all 20 */
	snprintf(b->name, sizeof(b->name), "vd%c", 'a' + nr_disks);
	b->dev = (struct virtio_model){
	    .ops = &blk_ops,
	    .device_id = VIRTIO_ID_BLOCK,
	    .features = 1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |
			1ull << VIRTIO_BLK_F_FLUSH | (read_only ? 1ull << VIRTIO_BLK_F_RO : 0),
	    .config = &b->config,
	    .config_size = sizeof(b->config),
	    .nr_queues = 1,
	    .name = b->name,
	    .priv = b,
	};
	err = virtio_model_add(&b->dev);
	if (err) {
		close(fd);
		free(b);
		return err;
	}
	nr_disks++;
	return 0;
}
