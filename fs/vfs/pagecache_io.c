/*
 * fs/vfs/pagecache_io.c - block I/O for batches of cached pages.
 *
 * A batch walks its pages in order and asks the file system where each
 * byte range lives (a_ops->map, one call per extent, not per block).
 * Pieces that are contiguous on the device - across pages too - are
 * merged into one request of up to PCACHE_RUN_MAX bytes. The pages are
 * not contiguous in memory, so a request moves through a bounce buffer:
 * filled from the pages before a write, copied into them when a read
 * completes. Every request of a batch is submitted before any is waited
 * for, so the device has several in flight.
 *
 * Reads are asynchronous: the completion (any context, interrupts
 * included) copies the data and, when the last piece of a page is in,
 * marks it UPTODATE (or ERROR) and unlocks it. Holes, unwritten extents
 * and bytes past the end of the file are zeroed without I/O. Writes wait
 * for their requests; holes are skipped.
 */
#include "fs/vfs/pagecache_internal.h"

#include "drivers/block/blkdev.h"
#include "lib/compiler.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

#define RUN_MAX_SEGS 48

struct seg {
	struct pcache_page *p;
	uint32_t off, len;
	unsigned int pieces; /* reads: pieces of the page merged into it */
};

struct run {
	struct blk_request req;
	struct batch *batch; /* writes only: the waiter */
	unsigned int nsegs;
	struct list_head link; /* writes: on batch->runs until the waiter frees it */
	struct seg segs[RUN_MAX_SEGS];
};

struct batch {
	struct inode *inode;
	enum blk_op op;
	struct run *cur;
	struct pcache_extent ext; /* the last extent the file system gave */
	int64_t ext_pos;	  /* the byte it starts at (-1: none) */
	int pending;		  /* writes: requests in flight (atomic) */
	int error;		  /* writes */
	struct list_head runs;	  /* writes */
};

static struct wait_queue batch_wq = WAIT_QUEUE_INIT(batch_wq, "pcache_io");

/* @n read pieces of @p are done: the last one unlocks the page. */
static void read_pieces_done(struct pcache_page *p, unsigned int n, int err)
{
	unsigned long flags = spin_lock_irqsave(&p->mapping->lock);
	bool unlocked = false;

	if (err) {
		p->flags |= PCP_ERROR;
		p->error = err;
	}
	p->io_pending -= (int)n;
	if (p->io_pending == 0) {
		/* The disk block may hold old bytes past the end of the file. */
		if (p->zero_from < PAGE_SIZE)
			memset((char *)p->data + p->zero_from, 0, PAGE_SIZE - p->zero_from);
		if (!(p->flags & PCP_ERROR))
			p->flags |= PCP_UPTODATE;
		p->flags &= ~PCP_LOCKED;
		unlocked = true;
	}
	/* Once unlocked the page may go (truncate): do not touch it after. */
	spin_unlock_irqrestore(&p->mapping->lock, flags);
	if (unlocked)
		wake_up(&pcache_page_wq);
}

/* One more read piece of @p in flight (completions may run meanwhile). */
static void read_piece_start(struct pcache_page *p)
{
	unsigned long flags = spin_lock_irqsave(&p->mapping->lock);

	p->io_pending++;
	spin_unlock_irqrestore(&p->mapping->lock, flags);
}

static void read_done(struct blk_request *req)
{
	struct run *r = container_of(req, struct run, req);
	size_t at = 0;

	for (unsigned int i = 0; i < r->nsegs; i++) {
		struct seg *s = &r->segs[i];

		if (!req->status)
			memcpy((char *)s->p->data + s->off, (char *)req->buf + at, s->len);
		at += s->len;
		read_pieces_done(s->p, s->pieces, req->status);
	}
	kfree(req->buf);
	kfree(r);
}

static void write_done(struct blk_request *req)
{
	struct run *r = container_of(req, struct run, req);
	struct batch *b = r->batch;

	if (req->status)
		WRITE_ONCE(b->error, -EIO);
	__atomic_fetch_sub(&b->pending, 1, __ATOMIC_ACQ_REL);
	wake_up(&batch_wq);
}

static void submit_run(struct batch *b)
{
	struct run *r = b->cur;
	size_t at = 0;
	int err;

	if (!r)
		return;
	b->cur = NULL;
	r->req.buf = kmalloc(r->req.len, 0);
	if (b->op == BLK_WRITE) {
		r->batch = b;
		list_add_tail(&r->link, &b->runs);
		__atomic_fetch_add(&b->pending, 1, __ATOMIC_ACQ_REL);
	}
	if (!r->req.buf) {
		r->req.status = -ENOMEM;
		r->req.done(&r->req);
		return;
	}
	if (b->op == BLK_WRITE) {
		for (unsigned int i = 0; i < r->nsegs; i++) {
			memcpy((char *)r->req.buf + at, (char *)r->segs[i].p->data + r->segs[i].off,
			       r->segs[i].len);
			at += r->segs[i].len;
		}
	}
	err = blk_submit(b->inode->i_data.bdev, &r->req);
	if (err) {
		printk("pagecache: %s: %s error at sector %llu: %d\n", b->inode->i_data.bdev->name,
		       b->op == BLK_READ ? "read" : "write", (unsigned long long)r->req.sector,
		       err);
		r->req.status = err;
		r->req.done(&r->req);
	}
}

/* Add @len bytes of @p at @off, which live at @sector, to the batch. */
static int add_seg(struct batch *b, struct pcache_page *p, uint32_t off, uint32_t len,
		   uint64_t sector)
{
	struct run *r = b->cur;

	if (r && r->req.sector + (r->req.len >> SECTOR_SHIFT) == sector &&
	    r->req.len + len <= PCACHE_RUN_MAX) {
		struct seg *last = &r->segs[r->nsegs - 1];

		if (last->p == p && last->off + last->len == off) {
			last->len += len;
			last->pieces++;
			r->req.len += len;
			return 0;
		}
		if (r->nsegs < RUN_MAX_SEGS) {
			r->segs[r->nsegs++] = (struct seg){p, off, len, 1};
			r->req.len += len;
			return 0;
		}
	}
	submit_run(b);
	r = kzalloc(sizeof(*r), 0);
	if (!r)
		return -ENOMEM;
	r->req.op = b->op;
	r->req.sector = sector;
	r->req.len = len;
	r->req.done = b->op == BLK_READ ? read_done : write_done;
	r->segs[0] = (struct seg){p, off, len, 1};
	r->nsegs = 1;
	b->cur = r;
	return 0;
}

/* Where the byte at @pos lives, reusing the last extent when it covers it. */
static int map_pos(struct batch *b, int64_t pos, struct pcache_extent *out)
{
	int err;

	if (b->ext_pos < 0 || pos < b->ext_pos || (uint64_t)(pos - b->ext_pos) >= b->ext.len) {
		err = b->inode->i_data.a_ops->map(b->inode, pos, &b->ext);
		if (err)
			return err;
		if (b->ext.len == 0)
			return -EIO;
		b->ext_pos = pos;
	}
	*out = b->ext;
	out->len -= (uint64_t)(pos - b->ext_pos);
	if (out->mapped)
		out->sector += (uint64_t)(pos - b->ext_pos) >> SECTOR_SHIFT;
	return 0;
}

/* Split page @p into mapped pieces; holes (and, for reads, bytes past the
 * end of the file) are zeroed for reads and skipped for writes. */
static int add_page(struct batch *b, struct pcache_page *p)
{
	int64_t base = (int64_t)(p->index << PAGE_SHIFT), size = b->inode->i_size;
	uint32_t off = 0;

	if (b->op == BLK_READ)
		p->zero_from = (uint32_t)MIN((int64_t)PAGE_SIZE, MAX(size - base, (int64_t)0));

	while (off < PAGE_SIZE) {
		struct pcache_extent ext;
		uint32_t len;
		int err;

		if (base + off >= size) {
			if (b->op == BLK_READ)
				memset((char *)p->data + off, 0, PAGE_SIZE - off);
			return 0;
		}
		err = map_pos(b, base + off, &ext);
		if (err)
			return err;
		len = (uint32_t)MIN((uint64_t)(PAGE_SIZE - off), ext.len);
		if (!ext.mapped) {
			if (b->op == BLK_READ)
				memset((char *)p->data + off, 0, len);
		} else {
			if (b->op == BLK_READ)
				read_piece_start(p);
			err = add_seg(b, p, off, len, ext.sector);
			if (err) {
				if (b->op == BLK_READ)
					read_pieces_done(p, 1, err);
				return err;
			}
		}
		off += len;
	}
	return 0;
}

static void batch_init(struct batch *b, struct inode *inode, enum blk_op op)
{
	memset(b, 0, sizeof(*b));
	b->inode = inode;
	b->op = op;
	b->ext_pos = -1;
	list_init(&b->runs);
}

void pcache_read_pages(struct inode *inode, struct pcache_page **pages, unsigned int n)
{
	int errs[PCACHE_BATCH_MAX];
	struct batch b;

	batch_init(&b, inode, BLK_READ);
	for (unsigned int i = 0; i < n; i++) {
		/* One piece of our own, so early completions cannot unlock it
		 * before all its pieces are queued. */
		unsigned long flags = spin_lock_irqsave(&pages[i]->mapping->lock);

		pages[i]->io_pending = 1;
		pages[i]->flags &= ~PCP_ERROR;
		spin_unlock_irqrestore(&pages[i]->mapping->lock, flags);
		errs[i] = add_page(&b, pages[i]);
	}
	submit_run(&b);
	for (unsigned int i = 0; i < n; i++)
		read_pieces_done(pages[i], 1, errs[i]);
}

int pcache_write_pages(struct inode *inode, struct pcache_page **pages, unsigned int n)
{
	struct run *r, *next;
	struct batch b;
	int err = 0;

	batch_init(&b, inode, BLK_WRITE);
	for (unsigned int i = 0; i < n && !err; i++)
		err = add_page(&b, pages[i]);
	submit_run(&b);
	wait_event(batch_wq, __atomic_load_n(&b.pending, __ATOMIC_ACQUIRE) == 0);
	list_for_each_entry_safe(r, next, &b.runs, link)
	{
		kfree(r->req.buf);
		kfree(r);
	}
	if (!err && b.error)
		err = b.error;
	return err;
}
