/*
 * drivers/block/buffer.c - the buffer cache (see buffer.h).
 *
 * Buffers live in a hash table keyed by (device, block, size). Unreferenced
 * ones sit on an LRU list and are freed, oldest first, when their total
 * size passes the limit; a dirty one is written before it goes. Dirty
 * buffers are also on one dirty list, from which syncs take them.
 */
#include "drivers/block/buffer.h"

#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/thread.h"
#include "sched/wait.h"
#include "uapi/errno.h"

#define BUFFER_HASH_BITS 10
#define BUFFER_HASH_SIZE (1u << BUFFER_HASH_BITS)
#define BUFFER_DEFAULT_LIMIT (8ul << 20)
#define BUFFER_DEFAULT_DIRTY_LIMIT (4ul << 20)
#define FLUSH_INTERVAL_NS (5ull * 1000000000ull) /* as Linux's dirty_writeback */

static struct spinlock cache_lock = SPINLOCK_INIT("buffer_cache");
static struct list_head hash_table[BUFFER_HASH_SIZE];
static bool hash_ready;
static LIST_HEAD(lru_list);
static LIST_HEAD(dirty_list);
static unsigned long lru_bytes, cached_buffers, cached_bytes, dirty_bytes;
static unsigned long lru_limit = BUFFER_DEFAULT_LIMIT;
static unsigned long dirty_limit = BUFFER_DEFAULT_DIRTY_LIMIT;

/* The flusher (buffer_start_flusher): its queue, and a request to run now. */
static struct wait_queue flusher_wq = WAIT_QUEUE_INIT(flusher_wq, "buffer_flusher");
static struct thread *flusher;
static bool flusher_kicked;

static struct list_head *hash_chain(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	uint64_t h = (uint64_t)(uintptr_t)bdev ^ (blocknr * 0x9e3779b97f4a7c15ull) ^ size;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return &hash_table[(h >> 40) & (BUFFER_HASH_SIZE - 1)];
}

/* Under cache_lock. */
static struct buffer_head *find_locked(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	struct buffer_head *bh;

	if (!hash_ready) {
		for (unsigned int i = 0; i < BUFFER_HASH_SIZE; i++)
			list_init(&hash_table[i]);
		hash_ready = true;
	}
	list_for_each_entry(bh, hash_chain(bdev, blocknr, size), b_hash) {
		if (bh->b_bdev == bdev && bh->b_blocknr == blocknr && bh->b_size == size)
			return bh;
	}
	return NULL;
}

/* Under cache_lock: one more reference, off the LRU if it was unused. */
static void hold_locked(struct buffer_head *bh)
{
	if (bh->b_count++ == 0) {
		list_del_init(&bh->b_lru);
		lru_bytes -= bh->b_size;
	}
}

static bool valid_block(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	uint64_t sectors = size >> SECTOR_SHIFT;

	if (size < SECTOR_SIZE || size > 65536 || (size & (size - 1)) ||
	    size < bdev->logical_block_size)
		return false;
	return blocknr < bdev->nr_sectors / sectors;
}

static struct buffer_head *alloc_buffer(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	struct buffer_head *bh = kzalloc(sizeof(*bh), 0);

	if (!bh)
		return NULL;
	bh->b_data = kmalloc(size, 0);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	bh->b_bdev = bdev;
	bh->b_blocknr = blocknr;
	bh->b_size = size;
	bh->b_count = 1;
	mutex_init(&bh->b_lock, "buffer");
	list_init(&bh->b_lru);
	list_init(&bh->b_dirty);
	return bh;
}

static void free_buffer(struct buffer_head *bh)
{
	kfree(bh->b_data);
	kfree(bh);
}

/* Under cache_lock: take unused @bh out of the cache, to be freed. */
static void unhash_locked(struct buffer_head *bh)
{
	list_del(&bh->b_hash);
	list_del_init(&bh->b_lru);
	lru_bytes -= bh->b_size;
	cached_buffers--;
	cached_bytes -= bh->b_size;
}

static void shrink_cache(void);

struct buffer_head *bget(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	struct buffer_head *bh, *fresh;
	unsigned long flags;

	if (!valid_block(bdev, blocknr, size))
		return ERR_PTR(-EINVAL);
	flags = spin_lock_irqsave(&cache_lock);
	bh = find_locked(bdev, blocknr, size);
	if (bh) {
		hold_locked(bh);
		spin_unlock_irqrestore(&cache_lock, flags);
		return bh;
	}
	spin_unlock_irqrestore(&cache_lock, flags);

	fresh = alloc_buffer(bdev, blocknr, size);
	if (!fresh)
		return ERR_PTR(-ENOMEM);
	flags = spin_lock_irqsave(&cache_lock);
	bh = find_locked(bdev, blocknr, size); /* someone may have been quicker */
	if (bh) {
		hold_locked(bh);
	} else {
		bh = fresh;
		list_add(&bh->b_hash, hash_chain(bdev, blocknr, size));
		cached_buffers++;
		cached_bytes += size;
		fresh = NULL;
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	if (fresh)
		free_buffer(fresh);
	return bh;
}

struct buffer_head *bread(struct block_device *bdev, uint64_t blocknr, uint32_t size)
{
	struct buffer_head *bh = bget(bdev, blocknr, size);
	int err = 0;

	if (IS_ERR(bh) || buffer_uptodate(bh))
		return bh;
	lock_buffer(bh);
	if (!buffer_uptodate(bh)) {
		err = blk_rw(bdev, BLK_READ, blocknr * (size >> SECTOR_SHIFT), bh->b_data, size);
		if (err)
			printk("buffer: %s: read error at block %llu (size %u): %d\n", bdev->name,
			       (unsigned long long)blocknr, size, err);
		else
			set_buffer_uptodate(bh);
	}
	unlock_buffer(bh);
	if (err) {
		brelse(bh);
		return ERR_PTR(-EIO);
	}
	return bh;
}

void bhold(struct buffer_head *bh)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);

	hold_locked(bh);
	spin_unlock_irqrestore(&cache_lock, flags);
}

void brelse(struct buffer_head *bh)
{
	unsigned long flags;
	bool shrink = false;

	if (!bh)
		return;
	flags = spin_lock_irqsave(&cache_lock);
	if (bh->b_count <= 0)
		panic("buffer: brelse of unreferenced block %llu on %s",
		      (unsigned long long)bh->b_blocknr, bh->b_bdev->name);
	if (--bh->b_count == 0) {
		list_add_tail(&bh->b_lru, &lru_list);
		lru_bytes += bh->b_size;
		shrink = lru_bytes > lru_limit;
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	if (shrink)
		shrink_cache();
}

void lock_buffer(struct buffer_head *bh)
{
	mutex_lock(&bh->b_lock);
}

void unlock_buffer(struct buffer_head *bh)
{
	mutex_unlock(&bh->b_lock);
}

void set_buffer_uptodate(struct buffer_head *bh)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);

	bh->b_state |= BH_UPTODATE;
	spin_unlock_irqrestore(&cache_lock, flags);
}

bool buffer_uptodate(struct buffer_head *bh)
{
	return READ_ONCE(bh->b_state) & BH_UPTODATE;
}

bool buffer_dirty(struct buffer_head *bh)
{
	return READ_ONCE(bh->b_state) & BH_DIRTY;
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);
	bool over = false;

	bh->b_state |= BH_UPTODATE;
	if (!(bh->b_state & BH_DIRTY)) {
		bh->b_state |= BH_DIRTY;
		list_add_tail(&bh->b_dirty, &dirty_list);
		dirty_bytes += bh->b_size;
		over = dirty_bytes > dirty_limit;
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	if (over && READ_ONCE(flusher)) {
		WRITE_ONCE(flusher_kicked, true);
		wake_up(&flusher_wq);
	}
}

/* Under cache_lock. A buffer may be on a sync's private list; those are
 * only walked under cache_lock too, so taking it off is safe. */
static bool test_clear_dirty_locked(struct buffer_head *bh)
{
	if (!(bh->b_state & BH_DIRTY))
		return false;
	bh->b_state &= ~BH_DIRTY;
	list_del_init(&bh->b_dirty);
	dirty_bytes -= bh->b_size;
	return true;
}

void clear_buffer_dirty(struct buffer_head *bh)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);

	test_clear_dirty_locked(bh);
	spin_unlock_irqrestore(&cache_lock, flags);
}

/* With a reference held: write @bh if dirty; a failed write leaves it dirty. */
int sync_dirty_buffer(struct buffer_head *bh)
{
	struct block_device *bdev = bh->b_bdev;
	unsigned long flags;
	bool dirty;
	int err = 0;

	lock_buffer(bh);
	flags = spin_lock_irqsave(&cache_lock);
	dirty = test_clear_dirty_locked(bh);
	spin_unlock_irqrestore(&cache_lock, flags);
	if (dirty) {
		err = blk_rw(bdev, BLK_WRITE, bh->b_blocknr * (bh->b_size >> SECTOR_SHIFT),
			     bh->b_data, bh->b_size);
		if (err) {
			printk("buffer: %s: write error at block %llu (size %u): %d\n", bdev->name,
			       (unsigned long long)bh->b_blocknr, bh->b_size, err);
			mark_buffer_dirty(bh);
			err = -EIO;
		}
	}
	unlock_buffer(bh);
	return err;
}

/*
 * Write the dirty buffers of @bdev (every device when NULL) that are dirty
 * now. They move to a private list first, so buffers dirtied again while
 * this runs, or whose write fails, wait for the next sync.
 */
static int write_dirty(struct block_device *bdev)
{
	struct buffer_head *bh, *next;
	unsigned long flags;
	LIST_HEAD(batch);
	int err = 0;

	flags = spin_lock_irqsave(&cache_lock);
	list_for_each_entry_safe(bh, next, &dirty_list, b_dirty) {
		if (bdev && bh->b_bdev != bdev)
			continue;
		hold_locked(bh);
		list_move_tail(&bh->b_dirty, &batch);
	}
	while (!list_empty(&batch)) {
		bh = list_first_entry(&batch, struct buffer_head, b_dirty);
		/* Back on the main list: sync_dirty_buffer takes it off. */
		list_move_tail(&bh->b_dirty, &dirty_list);
		spin_unlock_irqrestore(&cache_lock, flags);
		if (sync_dirty_buffer(bh) && !err)
			err = -EIO;
		brelse(bh);
		flags = spin_lock_irqsave(&cache_lock);
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	return err;
}

int buffer_sync_bdev(struct block_device *bdev)
{
	int err = write_dirty(bdev);
	int ferr = blk_flush(bdev);

	return err ? err : ferr;
}

/*
 * The flusher writes every dirty buffer back every FLUSH_INTERVAL_NS, and at
 * once when more than the dirty limit waits, so that data reaches the disk
 * without a sync and memory does not fill with dirty blocks. Journaled
 * metadata is only on the dirty list once its transaction committed.
 */
static void flusher_main(void *arg)
{
	for (;;) {
		wait_event_deadline(flusher_wq, READ_ONCE(flusher_kicked),
				    hal_clock_ns() + FLUSH_INTERVAL_NS);
		WRITE_ONCE(flusher_kicked, false);
		write_dirty(NULL);
	}
}

int buffer_start_flusher(void)
{
	return kthread_run_once(&flusher, flusher_main, "buffer_flush");
}

unsigned int buffer_invalidate_bdev(struct block_device *bdev)
{
	struct buffer_head *bh, *next;
	unsigned int busy = 0;
	unsigned long flags;
	LIST_HEAD(doomed);

	flags = spin_lock_irqsave(&cache_lock);
	for (unsigned int i = 0; hash_ready && i < BUFFER_HASH_SIZE; i++) {
		list_for_each_entry_safe(bh, next, &hash_table[i], b_hash) {
			if (bh->b_bdev != bdev)
				continue;
			if (bh->b_count) {
				busy++;
				continue;
			}
			test_clear_dirty_locked(bh);
			unhash_locked(bh);
			list_add(&bh->b_lru, &doomed);
		}
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	list_for_each_entry_safe(bh, next, &doomed, b_lru)
		free_buffer(bh);
	return busy;
}

/*
 * Free unreferenced buffers, oldest first, until the LRU fits its limit.
 * A dirty one is written first (outside the lock, with a reference held);
 * one whose write fails stays cached, at the young end.
 */
static void shrink_cache(void)
{
	unsigned long flags, budget = cached_buffers;
	struct buffer_head *bh;

	flags = spin_lock_irqsave(&cache_lock);
	while (lru_bytes > lru_limit && !list_empty(&lru_list) && budget--) {
		bh = list_first_entry(&lru_list, struct buffer_head, b_lru);
		if (bh->b_state & BH_DIRTY) {
			hold_locked(bh);
			spin_unlock_irqrestore(&cache_lock, flags);
			sync_dirty_buffer(bh);
			flags = spin_lock_irqsave(&cache_lock);
			if (--bh->b_count)
				continue; /* someone took it meanwhile */
			list_add_tail(&bh->b_lru, &lru_list);
			lru_bytes += bh->b_size;
			if (bh->b_state & BH_DIRTY)
				continue;
		}
		unhash_locked(bh);
		spin_unlock_irqrestore(&cache_lock, flags);
		free_buffer(bh);
		flags = spin_lock_irqsave(&cache_lock);
	}
	spin_unlock_irqrestore(&cache_lock, flags);
}

void buffer_cache_usage(unsigned long *buffers, unsigned long *bytes)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);

	*buffers = cached_buffers;
	*bytes = cached_bytes;
	spin_unlock_irqrestore(&cache_lock, flags);
}

unsigned long buffer_dirty_bytes(void)
{
	return READ_ONCE(dirty_bytes);
}

void buffer_set_dirty_limit(unsigned long bytes)
{
	WRITE_ONCE(dirty_limit, bytes);
}

void buffer_cache_set_limit(unsigned long bytes)
{
	unsigned long flags = spin_lock_irqsave(&cache_lock);

	lru_limit = bytes;
	spin_unlock_irqrestore(&cache_lock, flags);
	shrink_cache();
}
