/*
 * fs/vfs/filemap.c - reading and writing files through the page cache,
 * and pages for file mappings.
 *
 * Readahead: each open file remembers where a sequential reader goes next
 * (file->f_ra). A read that continues there doubles the window, from
 * 16 KiB up to 128 KiB; any other read starts again at 16 KiB. A read
 * that misses reads the pages it needs plus the window in one batch; a
 * read whose pages are all there starts the next window early, once the
 * reader is half-way into the current one, so the device works while the
 * reader copies. A fault reads the 64 KiB around it.
 *
 * Shared mappings (pagecache_map_page) map the cached page itself; a
 * write fault dirties it and lets the file system allocate its blocks
 * then, so write-back still never allocates.
 */
#include "fs/vfs/pagecache_internal.h"

#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/page.h"

#define RA_MIN_PAGES 4				  /* 16 KiB */
#define RA_MAX_PAGES (PCACHE_RUN_MAX / PAGE_SIZE) /* 128 KiB */
#define FAULT_AROUND 16				  /* pages read around a fault */

static bool present(struct address_space *mapping, uint64_t index)
{
	struct pcache_page *p = pagecache_find(mapping, index);

	if (p)
		pagecache_put(p);
	return p != NULL;
}

static void read_batch(struct inode *inode, struct pcache_page **batch, unsigned int n)
{
	pcache_read_pages(inode, batch, n);
	for (unsigned int i = 0; i < n; i++)
		pagecache_put(batch[i]);
}

/* Create and start reading the pages of [@first, @last] not cached yet
 * (none past the end of the file). Does not wait. */
static void read_missing(struct inode *inode, uint64_t first, uint64_t last)
{
	struct pcache_page *batch[PCACHE_BATCH_MAX];
	unsigned int n = 0;

	if (inode->i_size <= 0)
		return;
	last = MIN(last, (uint64_t)(inode->i_size - 1) >> PAGE_SHIFT);
	for (uint64_t index = first; index <= last; index++) {
		bool created;
		struct pcache_page *p =
		    pcache_get_or_create(&inode->i_data, index, PCP_LOCKED, &created);

		if (!p)
			break;
		if (!created) {
			pagecache_put(p);
			continue;
		}
		batch[n++] = p;
		if (n == PCACHE_BATCH_MAX) {
			read_batch(inode, batch, n);
			n = 0;
		}
	}
	read_batch(inode, batch, n);
}

/* The page at @index with a reference, read and waited for. */
static struct pcache_page *get_uptodate(struct inode *inode, uint64_t index, int *err)
{
	struct address_space *mapping = &inode->i_data;
	struct pcache_page *p;
	unsigned long flags;
	bool created, reread = false;

	p = pcache_get_or_create(mapping, index, PCP_LOCKED, &created);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	if (!created) {
		/* A page whose last read failed is tried again. */
		flags = spin_lock_irqsave(&mapping->lock);
		reread = !(p->flags & (PCP_UPTODATE | PCP_LOCKED));
		if (reread)
			p->flags |= PCP_LOCKED;
		spin_unlock_irqrestore(&mapping->lock, flags);
	}
	if (created || reread)
		pcache_read_pages(inode, &p, 1);
	pcache_wait_idle(p, PCP_LOCKED);
	if (READ_ONCE(p->flags) & PCP_UPTODATE)
		return p;
	*err = p->error == -EUCLEAN || p->error == -ENOMEM ? p->error : -EIO;
	pagecache_put(p);
	return NULL;
}

/* Update @ra for a read of pages [@first, @last]; the window to use. */
static uint32_t ra_update(struct file_ra_state *ra, uint64_t first, uint64_t last)
{
	bool sequential = first == ra->next || (ra->size && first + 1 == ra->next);

	ra->size = sequential ? MIN(MAX(ra->size * 2, (uint32_t)RA_MIN_PAGES), RA_MAX_PAGES)
			      : RA_MIN_PAGES;
	ra->next = last + 1;
	return ra->size;
}

static void readahead(struct file *file, struct inode *inode, uint64_t first, uint64_t last)
{
	struct address_space *mapping = &inode->i_data;
	struct file_ra_state none = {0};
	uint32_t window = ra_update(file ? &file->f_ra : &none, first, last);

	if (!present(mapping, first) || !present(mapping, last))
		read_missing(inode, first, last + window);
	else if (!present(mapping, last + window / 2))
		read_missing(inode, last + 1, last + window);
}

long pagecache_read(struct file *file, struct inode *inode, struct vfs_iter *to, int64_t pos)
{
	int64_t end;
	int err = 0;

	if (pos >= inode->i_size || to->left == 0)
		return 0;
	end = pos + (int64_t)MIN((uint64_t)to->left, (uint64_t)(inode->i_size - pos));
	readahead(file, inode, (uint64_t)pos >> PAGE_SHIFT, (uint64_t)(end - 1) >> PAGE_SHIFT);
	while (pos < end) {
		uint32_t off = (uint32_t)(pos & (PAGE_SIZE - 1));
		size_t chunk = (size_t)MIN((int64_t)(PAGE_SIZE - off), end - pos);
		struct pcache_page *p = get_uptodate(inode, (uint64_t)pos >> PAGE_SHIFT, &err);

		if (!p)
			break;
		pos += (int64_t)vfs_iter_copy_to(to, (char *)p->data + off, chunk);
		pagecache_put(p);
	}
	return to->done ? (long)to->done : err;
}

/* @p was changed: it is uptodate and dirty. */
static void set_dirty(struct pcache_page *p)
{
	unsigned long flags = spin_lock_irqsave(&p->mapping->lock);

	pcache_change_flags_locked(p, PCP_UPTODATE | PCP_DIRTY, 0);
	spin_unlock_irqrestore(&p->mapping->lock, flags);
}

/* A page the write covers only in part must hold the file's bytes first. */
static int hold_partial(struct inode *inode, uint64_t index, struct pcache_page **out)
{
	int err = 0;

	*out = get_uptodate(inode, index, &err);
	return err;
}

int pagecache_write_begin(struct inode *inode, int64_t pos, size_t len, struct pcache_write *w)
{
	uint64_t head = (uint64_t)pos >> PAGE_SHIFT;
	uint64_t tail = (uint64_t)(pos + (int64_t)len - 1) >> PAGE_SHIFT;
	int err = 0;

	w->head = w->tail = NULL;
	if (len == 0)
		return 0;
	if ((pos & (PAGE_SIZE - 1)) || len < PAGE_SIZE)
		err = hold_partial(inode, head, &w->head);
	if (!err && tail != head && ((pos + (int64_t)len) & (PAGE_SIZE - 1)))
		err = hold_partial(inode, tail, &w->tail);
	if (err)
		pagecache_write_end(w);
	return err;
}

void pagecache_write_end(struct pcache_write *w)
{
	if (w->head)
		pagecache_put(w->head);
	if (w->tail)
		pagecache_put(w->tail);
	w->head = w->tail = NULL;
}

size_t pagecache_copy_from(struct inode *inode, struct vfs_iter *from, int64_t pos, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint32_t off = (uint32_t)(pos & (PAGE_SIZE - 1));
		size_t chunk = MIN((size_t)(PAGE_SIZE - off), len - done);
		bool created;
		/* A page missing here is covered by the write (write_begin holds
		 * the partial ones): zeros are as good as its old contents. */
		struct pcache_page *p = pcache_get_or_create(
		    &inode->i_data, (uint64_t)pos >> PAGE_SHIFT, PCP_UPTODATE, &created);
		size_t n;

		if (!p)
			break;
		pcache_wait_idle(p, PCP_LOCKED); /* a readahead must not land on top */
		n = vfs_iter_copy_from(from, (char *)p->data + off, chunk);
		set_dirty(p);
		pagecache_put(p);
		done += n;
		pos += (int64_t)n;
		if (n < chunk)
			break;
	}
	return done;
}

int pagecache_zero_range(struct inode *inode, int64_t pos, int64_t end)
{
	int err = 0;

	while (pos < end) {
		uint32_t off = (uint32_t)(pos & (PAGE_SIZE - 1));
		size_t chunk = (size_t)MIN((int64_t)(PAGE_SIZE - off), end - pos);
		struct pcache_page *p = get_uptodate(inode, (uint64_t)pos >> PAGE_SHIFT, &err);

		if (!p)
			return err;
		memset((char *)p->data + off, 0, chunk);
		set_dirty(p);
		pagecache_put(p);
		pos += (int64_t)chunk;
	}
	return 0;
}

/* The uptodate page at @index for a fault, read with the pages around it;
 * a reference to it (i_lock held). */
static struct pcache_page *fault_page(struct inode *inode, uint64_t index, int *err)
{
	if (index >= ((uint64_t)inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT) {
		*err = -EIO; /* past the end of the file: SIGBUS */
		return NULL;
	}
	if (!present(&inode->i_data, index))
		read_missing(inode, index & ~(uint64_t)(FAULT_AROUND - 1),
			     index | (FAULT_AROUND - 1));
	return get_uptodate(inode, index, err);
}

/* The struct page of @p with a reference of its own; @p's is dropped. */
static struct page *take_page(struct pcache_page *p)
{
	struct page *page = p->page;

	page_ref_get(page);
	pagecache_put(p);
	return page;
}

struct page *pagecache_get_page(struct inode *inode, uint64_t index, int *err)
{
	struct pcache_page *p;

	mutex_lock(&inode->i_lock);
	p = fault_page(inode, index, err);
	mutex_unlock(&inode->i_lock);
	return p ? take_page(p) : NULL;
}

/*
 * A shared mapping writes @p: dirty it first, then have the file system
 * give it blocks. Dirtying first is what keeps ordered mode right: the
 * page is dirty before the handle that allocates can commit, and a
 * write-back that runs meanwhile (skipping the hole) leaves it dirty
 * again, as it does every PCP_MAPPED_WRITE page.
 */
static int mkwrite(struct inode *inode, struct pcache_page *p)
{
	int64_t pos = (int64_t)(p->index << PAGE_SHIFT);
	unsigned long flags = spin_lock_irqsave(&p->mapping->lock);

	pcache_change_flags_locked(p, PCP_DIRTY | PCP_MAPPED_WRITE, 0);
	spin_unlock_irqrestore(&p->mapping->lock, flags);
	if (!inode->i_data.a_ops->mkwrite)
		return 0;
	return inode->i_data.a_ops->mkwrite(inode, pos,
					    MIN(inode->i_size, pos + (int64_t)PAGE_SIZE));
}

int pagecache_map_page(struct file *file, uint64_t index, bool write, struct page **out)
{
	struct inode *inode = file->f_inode;
	struct pcache_page *p;
	int err = 0;

	mutex_lock(&inode->i_lock);
	p = fault_page(inode, index, &err);
	if (p && write) {
		err = mkwrite(inode, p);
		if (err) {
			pagecache_put(p);
			p = NULL;
		} else {
			pagecache_balance_dirty(inode);
		}
	}
	mutex_unlock(&inode->i_lock);
	if (!p)
		return err;
	*out = take_page(p);
	return 0;
}
