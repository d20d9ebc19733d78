/*
 * tests/unit/blkfile.h - a host file as a Rux block device, for host-only
 * tests (file systems, journals, crash simulations).
 *
 *	struct blkfile *bf = blkfile_open("img");   registered as "bfN"
 *	... bread(&bf->bdev, ...), blk_rw(&bf->bdev, ...) ...
 *	assert_int_equal(blkfile_close(bf), 0);     no buffer left referenced
 *
 * Requests complete synchronously inside submit (pread/pwrite); a flush is
 * an fsync (tests that only simulate crashes may clear bf->fsync). For
 * crash tests the device can "lose power": after blkfile_cut_after(bf, n)
 * only the first n write requests (counted since open) reach the file;
 * later writes and flushes succeed but are dropped, as if the machine
 * stopped right after write n. A write hook sees every write request,
 * dropped or not, with its index.
 */
#ifndef RUX_TESTS_UNIT_BLKFILE_H
#define RUX_TESTS_UNIT_BLKFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/block/blkdev.h"

#define BLKFILE_NO_CUT UINT64_MAX

/* Called for write request number @index (0-based) before it is applied. */
typedef void (*blkfile_write_hook)(void *arg, uint64_t index, uint64_t sector, const void *buf,
				   size_t len);

struct blkfile {
	struct block_device bdev; /* registered; pass &bf->bdev around */
	int fd;
	uint64_t writes;    /* write requests seen, dropped ones included */
	uint64_t flushes;   /* flush requests seen */
	uint64_t cut_after; /* writes that reach the file (BLKFILE_NO_CUT) */
	bool fsync;	    /* flushes call fsync() (the default) */
	blkfile_write_hook hook;
	void *hook_arg;
};

/*
 * Open the existing file @path (its size a non-zero multiple of 512) read-
 * write and register it as a block device with a fresh name and number.
 * NULL (and a message on stderr) on failure.
 */
struct blkfile *blkfile_open(const char *path);
/*
 * Drop the device's cached buffers without writing them (dirty ones are
 * lost, as in a crash), unregister it, close the file and free @bf.
 * Returns the number of buffers that were still referenced (a leak: 0 is
 * expected), which stay in the cache.
 */
unsigned int blkfile_close(struct blkfile *bf);
/* Let only the first @nwrites write requests since open reach the file. */
void blkfile_cut_after(struct blkfile *bf, uint64_t nwrites);
/* Watch every write request (NULL to stop). */
void blkfile_set_write_hook(struct blkfile *bf, blkfile_write_hook hook, void *arg);
/* True when write request @index reached (or will reach) the file. */
bool blkfile_write_lands(const struct blkfile *bf, uint64_t index);

#endif /* RUX_TESTS_UNIT_BLKFILE_H */
