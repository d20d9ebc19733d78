/*
 * fs/vfs/writeback.c - writing dirty pages back: one inode (fsync), a
 * super block (sync, syncfs), the inodes a journal commit must write
 * first (ordered mode), and the flusher thread.
 *
 * A mapping with dirty pages, or pages under write-back, is on the global
 * dirty list. Walkers (sync, the ordered write, the flusher) take a
 * snapshot of the list, marking each mapping busy; an inode being evicted
 * leaves the list and waits until no walker holds its mapping. Keeping
 * mappings on the list until their write-back finishes means the ordered
 * write also waits for writes the flusher started.
 *
 * Pages written through shared mappings (PCP_MAPPED_WRITE) cannot be made
 * read-only again (there are no reverse mappings), so while their file
 * has writable shared mappings every write-back leaves them dirty: they
 * are written again by each fsync, sync and flusher pass, and once more
 * after the last such mapping goes.
 */
#include "fs/vfs/pagecache_internal.h"

#include "drivers/block/blkdev.h"
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "sched/thread.h"

#define FLUSH_INTERVAL_NS   (5ull * 1000000000ull) /* as Linux's dirty_writeback */
#define DEFAULT_DIRTY_LIMIT (16ul << 20)

static LIST_HEAD(dirty_mappings); /* under pcache_lock */
static struct wait_queue detach_wq = WAIT_QUEUE_INIT(detach_wq, "pcache_detach");
static unsigned long dirty_limit = DEFAULT_DIRTY_LIMIT;

static struct wait_queue flusher_wq = WAIT_QUEUE_INIT(flusher_wq, "pcache_flusher");
static struct thread *flusher;
static bool flusher_kicked;

static struct inode *mapping_inode(struct address_space *mapping)
{
	return container_of(mapping, struct inode, i_data);
}

void pcache_mapping_dirtied_locked(struct address_space *mapping)
{
	if (list_empty(&mapping->dirty_link))
		list_add_tail(&mapping->dirty_link, &dirty_mappings);
}

void pcache_mapping_cleaned_locked(struct address_space *mapping)
{
	list_del_init(&mapping->dirty_link);
}

void pcache_detach_mapping(struct address_space *mapping)
{
	unsigned long flags = spin_lock_irqsave(&pcache_lock);

	list_del_init(&mapping->dirty_link);
	spin_unlock_irqrestore(&pcache_lock, flags);
	wait_event(detach_wq, READ_ONCE(mapping->busy) == 0);
}

/* Under mapping->lock: up to PCACHE_BATCH_MAX dirty pages from @index on,
 * moved to WRITEBACK with a reference each. A page already under
 * write-back stops the batch: *@busy gets it (referenced) when it is first. */
static unsigned int take_dirty_locked(struct address_space *mapping, uint64_t index,
				      struct pcache_page **batch, struct pcache_page **busy)
{
	struct pcache_page *p = pcache_first_from_locked(mapping, index);
	unsigned int n = 0;

	*busy = NULL;
	for (; p && n < PCACHE_BATCH_MAX;
	     p = rb_entry_safe(rb_next(&p->rb), struct pcache_page, rb)) {
		if (!(p->flags & (PCP_DIRTY | PCP_WRITEBACK)))
			continue;
		if (p->flags & PCP_WRITEBACK) {
			if (n == 0) {
				p->refs++;
				*busy = p;
			}
			break;
		}
		pcache_change_flags_locked(p, PCP_WRITEBACK, PCP_DIRTY);
		p->refs++;
		batch[n++] = p;
	}
	return n;
}

/* The write of @batch ended with @err: clean, or dirty again on error or
 * when a shared mapping may still write the page. */
static void end_writeback(struct pcache_page **batch, unsigned int n, int err)
{
	for (unsigned int i = 0; i < n; i++) {
		struct pcache_page *p = batch[i];
		unsigned long flags = spin_lock_irqsave(&p->mapping->lock);
		bool redirty = err || (p->flags & PCP_MAPPED_WRITE);

		pcache_change_flags_locked(p, redirty ? PCP_DIRTY : 0, PCP_WRITEBACK);
		spin_unlock_irqrestore(&p->mapping->lock, flags);
		pagecache_put(p);
	}
	wake_up(&pcache_page_wq);
}

int pcache_writeback_mapping(struct inode *inode)
{
	struct address_space *mapping = &inode->i_data;
	struct pcache_page *batch[PCACHE_BATCH_MAX], *busy;
	uint64_t index = 0;
	int err = 0;

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&mapping->lock);
		unsigned int n = take_dirty_locked(mapping, index, batch, &busy);
		int e;

		spin_unlock_irqrestore(&mapping->lock, flags);
		if (busy) {
			/* Someone else writes it: wait, then look again (it may
			 * be dirty once more). */
			pcache_wait_idle(busy, PCP_WRITEBACK);
			index = busy->index;
			pagecache_put(busy);
			continue;
		}
		if (n == 0)
			return err;
		index = batch[n - 1]->index + 1;
		e = pcache_write_pages(inode, batch, n);
		end_writeback(batch, n, e);
		if (e && !err) {
			printk("pagecache: %s: write-back of inode %llu failed: %d\n",
			       mapping->bdev->name, (unsigned long long)inode->i_ino, e);
			err = e;
		}
	}
}

int pagecache_writeback(struct inode *inode)
{
	return inode->i_data.a_ops ? pcache_writeback_mapping(inode) : 0;
}

/* A snapshot of the dirty list: the mappings of @sb (all when NULL), only
 * those marked ordered when @ordered; each is held busy. */
struct walk {
	struct address_space **maps;
	unsigned int n;
};

static int walk_start(struct walk *w, struct super_block *sb, bool ordered)
{
	struct address_space *m;
	unsigned int cap = 0;
	unsigned long flags;

	w->n = 0;
	flags = spin_lock_irqsave(&pcache_lock);
	list_for_each_entry(m, &dirty_mappings, dirty_link) cap++;
	spin_unlock_irqrestore(&pcache_lock, flags);
	w->maps = kmalloc((cap ? cap : 1) * sizeof(*w->maps), 0);
	if (!w->maps)
		return -ENOMEM;
	flags = spin_lock_irqsave(&pcache_lock);
	list_for_each_entry(m, &dirty_mappings, dirty_link)
	{
		if (w->n == cap)
			break;
		if ((sb && mapping_inode(m)->i_sb != sb) || (ordered && !m->ordered))
			continue;
		m->busy++;
		w->maps[w->n++] = m;
	}
	spin_unlock_irqrestore(&pcache_lock, flags);
	return 0;
}

/* Let go of the @i-th mapping of the walk. */
static void walk_release(struct walk *w, unsigned int i)
{
	unsigned long flags = spin_lock_irqsave(&pcache_lock);

	w->maps[i]->busy--;
	spin_unlock_irqrestore(&pcache_lock, flags);
	wake_up(&detach_wq);
}

/* Write every mapping of the walk, taking each inode's lock when @lock. */
static int walk_write(struct walk *w, bool lock)
{
	int err = 0;

	for (unsigned int i = 0; i < w->n; i++) {
		struct inode *inode = mapping_inode(w->maps[i]);
		int e;

		if (lock)
			mutex_lock(&inode->i_lock);
		else
			WRITE_ONCE(w->maps[i]->ordered, false);
		e = pcache_writeback_mapping(inode);
		if (lock)
			mutex_unlock(&inode->i_lock);
		walk_release(w, i);
		if (e && !err)
			err = e;
	}
	kfree(w->maps);
	return err;
}

int pagecache_sync_sb(struct super_block *sb)
{
	struct walk w;
	int err = walk_start(&w, sb, false);

	return err ? err : walk_write(&w, true);
}

void pagecache_mark_ordered(struct inode *inode)
{
	WRITE_ONCE(inode->i_data.ordered, true);
}

/*
 * Called by a journal commit while no handle is open: the block maps do
 * not change, so the inodes' locks are not needed (their holders may be
 * waiting for this very commit).
 */
int pagecache_write_ordered(struct super_block *sb)
{
	struct walk w;
	int err = walk_start(&w, sb, true);

	return err ? err : walk_write(&w, false);
}

static unsigned long dirty_bytes(void)
{
	struct pagecache_stats st;

	pagecache_get_stats(&st);
	return (st.dirty + st.writeback) << PAGE_SHIFT;
}

void pagecache_balance_dirty(struct inode *inode)
{
	unsigned long dirty = dirty_bytes(), limit = READ_ONCE(dirty_limit);

	if (dirty <= limit)
		return;
	if (READ_ONCE(flusher)) {
		WRITE_ONCE(flusher_kicked, true);
		wake_up(&flusher_wq);
	}
	/* Far over the limit: the writer pays for its own pages. */
	if (dirty > 2 * limit || !READ_ONCE(flusher))
		pcache_writeback_mapping(inode);
}

void pagecache_mmap_writer_get(struct inode *inode)
{
	struct address_space *mapping = &inode->i_data;
	unsigned long flags;

	if (!mapping->a_ops)
		return;
	flags = spin_lock_irqsave(&mapping->lock);
	mapping->mmap_writers++;
	spin_unlock_irqrestore(&mapping->lock, flags);
}

/*
 * The last writable shared mapping is gone: pages written through one are
 * ordinary dirty pages again. They are dirty already unless a write-back
 * is in flight, which may have copied them before the last store: set
 * DIRTY anyway, so one more write follows.
 */
void pagecache_mmap_writer_put(struct inode *inode)
{
	struct address_space *mapping = &inode->i_data;
	struct pcache_page *p;
	unsigned long flags;

	if (!mapping->a_ops)
		return;
	flags = spin_lock_irqsave(&mapping->lock);
	if (--mapping->mmap_writers == 0) {
		for (p = pcache_first_from_locked(mapping, 0); p;
		     p = rb_entry_safe(rb_next(&p->rb), struct pcache_page, rb))
			if (p->flags & PCP_MAPPED_WRITE)
				pcache_change_flags_locked(p, PCP_DIRTY, PCP_MAPPED_WRITE);
	}
	spin_unlock_irqrestore(&mapping->lock, flags);
}

void pagecache_set_dirty_limit(unsigned long bytes)
{
	WRITE_ONCE(dirty_limit, bytes);
}

static void flusher_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct walk w;

		wait_event_deadline(flusher_wq, READ_ONCE(flusher_kicked),
				    hal_clock_ns() + FLUSH_INTERVAL_NS);
		WRITE_ONCE(flusher_kicked, false);
		if (!walk_start(&w, NULL, false))
			walk_write(&w, true);
	}
}

int pagecache_start_flusher(void)
{
	return kthread_run_once(&flusher, flusher_main, "pcache_flush");
}
