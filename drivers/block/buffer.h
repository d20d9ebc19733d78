/*
 * drivers/block/buffer.h - the buffer cache: file-system metadata blocks
 * kept in memory, shared, read once and written back when dirty.
 *
 * A buffer is one block of @size bytes (512..65536, a power of two) at block
 * number @blocknr in units of @size on a device. At most one buffer exists
 * for a (device, block, size), so every user sees the same bytes.
 *
 *	bh = bread(bdev, nr, 4096);           reference, contents read
 *	if (IS_ERR(bh)) return PTR_ERR(bh);   -EIO, -ENOMEM, -EINVAL
 *	lock_buffer(bh);
 *	... change bh->b_data ...
 *	mark_buffer_dirty(bh);
 *	unlock_buffer(bh);
 *	brelse(bh);
 *
 * Dirty buffers are written by sync_dirty_buffer(), buffer_sync_bdev() (all
 * of a device, then a cache flush), the flusher thread (every 5 s, or when
 * too much is dirty) and before an unused dirty buffer is evicted. A
 * journal (jbd2) keeps metadata out of place until it commits by not
 * marking it dirty until then; b_private is for its bookkeeping.
 *
 * Locking: a global spinlock protects the hash, the LRU and the counts;
 * b_lock (a mutex) serializes a buffer's contents and its I/O: hold it to
 * change b_data; bread and write-back take it themselves.
 */
#ifndef RUX_DRIVERS_BLOCK_BUFFER_H
#define RUX_DRIVERS_BLOCK_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/block/blkdev.h"
#include "lib/err.h"
#include "lib/list.h"
#include "sched/mutex.h"

#define BH_UPTODATE (1u << 0) /* b_data holds the block's contents */
#define BH_DIRTY    (1u << 1) /* b_data is newer than the disk */

struct buffer_head {
	struct block_device *b_bdev;
	uint64_t b_blocknr; /* in units of b_size */
	uint32_t b_size;
	unsigned int b_state; /* BH_*, under the cache lock */
	int b_count;	      /* references, under the cache lock */
	void *b_data;
	void *b_private;	/* the journal's */
	struct mutex b_lock;	/* contents and I/O */
	struct list_head b_hash; /* in a hash chain */
	struct list_head b_lru;	 /* on the LRU while b_count is 0 */
	struct list_head b_dirty; /* on the dirty list (or a sync's) while BH_DIRTY */
};

/*
 * A referenced buffer for block @blocknr of @bdev, with its contents read
 * from the device when not cached. ERR_PTR(-EIO) when the read fails,
 * -EINVAL when the block lies beyond the device, -ENOMEM.
 */
struct buffer_head *bread(struct block_device *bdev, uint64_t blocknr, uint32_t size);
/*
 * The same buffer without reading it: for a block about to be overwritten
 * whole. The caller fills b_data and calls set_buffer_uptodate().
 */
struct buffer_head *bget(struct block_device *bdev, uint64_t blocknr, uint32_t size);
/* Take one more reference / drop one (NULL is ignored). */
void bhold(struct buffer_head *bh);
void brelse(struct buffer_head *bh);

void lock_buffer(struct buffer_head *bh);
void unlock_buffer(struct buffer_head *bh);

void set_buffer_uptodate(struct buffer_head *bh);
bool buffer_uptodate(struct buffer_head *bh);
bool buffer_dirty(struct buffer_head *bh);
/* Mark the contents newer than the disk: they will be written back. */
void mark_buffer_dirty(struct buffer_head *bh);
/* Forget pending changes (a freed block): it will not be written. */
void clear_buffer_dirty(struct buffer_head *bh);

/* Write @bh now if it is dirty (no cache flush); call it with a reference
 * and without b_lock. 0 or -EIO (then it stays dirty). */
int sync_dirty_buffer(struct buffer_head *bh);
/* Write every dirty buffer of @bdev, then flush the device's cache. */
int buffer_sync_bdev(struct block_device *bdev);
/*
 * Drop every unreferenced buffer of @bdev (after buffer_sync_bdev, at
 * unmount). Returns the number of buffers still referenced, which are kept.
 */
unsigned int buffer_invalidate_bdev(struct block_device *bdev);

/*
 * Start the flusher thread (once; later calls return 0): it writes dirty
 * buffers back every 5 s, and at once when more than the dirty limit
 * (default 4 MiB) is dirty. 0 or -ENOMEM.
 */
int buffer_start_flusher(void);
/* Bytes in dirty buffers now, and the limit that wakes the flusher. */
unsigned long buffer_dirty_bytes(void);
void buffer_set_dirty_limit(unsigned long bytes);

/* Cached buffers and their bytes, for /proc/meminfo's "Buffers". */
void buffer_cache_usage(unsigned long *buffers, unsigned long *bytes);
/* Keep at most @bytes in unreferenced buffers (default 8 MiB). */
void buffer_cache_set_limit(unsigned long bytes);

#endif /* RUX_DRIVERS_BLOCK_BUFFER_H */
