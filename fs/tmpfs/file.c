/*
 * fs/tmpfs/file.c - tmpfs regular files: data in pages, holes, truncate,
 * and the size= limit.
 *
 * Page n of a file is leaves[n / LEAF_ENTRIES][n % LEAF_ENTRIES]; leaves
 * are whole pages of pointers, the leaves array grows with krealloc(). A
 * NULL anywhere on the way is a hole. Each data page is charged to the
 * super block's used_pages before it is allocated, so a full file system
 * says -ENOSPC without touching memory.
 *
 * fallocate(2) gives a range pages (all or none: -ENOSPC is decided
 * before the first one) or punches a hole in it, as Linux's tmpfs does;
 * the other modes are -EOPNOTSUPP.
 *
 * Shared mappings map the data pages themselves (tmpfs_map_page), so a
 * data page is given back with page_ref_put: a process that still maps
 * it after a truncation or a hole punch keeps it.
 *
 * Everything here that touches data or i_size runs under inode->i_lock.
 */
#include "fs/tmpfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "uapi/errno.h"
#include "uapi/falloc.h"

static int charge_page(struct super_block *sb)
{
	struct tmpfs_sb *sbi = TMPFS_SB(sb);
	int err = 0;

	spin_lock(&sbi->lock);
	if (sbi->max_pages && sbi->used_pages >= sbi->max_pages)
		err = -ENOSPC;
	else
		sbi->used_pages++;
	spin_unlock(&sbi->lock);
	return err;
}

static void uncharge_pages(struct super_block *sb, uint64_t n)
{
	struct tmpfs_sb *sbi = TMPFS_SB(sb);

	spin_lock(&sbi->lock);
	sbi->used_pages -= n;
	spin_unlock(&sbi->lock);
}

/* The slot of page @index, or NULL if its leaf does not exist. */
static void **page_slot(struct tmpfs_inode *ti, uint64_t index)
{
	uint64_t leaf = index / TMPFS_LEAF_ENTRIES;

	if (leaf >= ti->nleaves || !ti->leaves[leaf])
		return NULL;
	return &ti->leaves[leaf][index % TMPFS_LEAF_ENTRIES];
}

/* The slot of page @index, making its leaf if needed. */
static int page_slot_alloc(struct tmpfs_inode *ti, uint64_t index, void ***out)
{
	uint64_t leaf = index / TMPFS_LEAF_ENTRIES;

	if (leaf >= ti->nleaves) {
		size_t n = (size_t)leaf + 1;
		void ***grown;

		if (n > KMALLOC_MAX_SIZE / sizeof(void **))
			return -EFBIG;
		grown = krealloc(ti->leaves, n * sizeof(void **), GFP_KERNEL);
		if (!grown)
			return -ENOMEM;
		memset(grown + ti->nleaves, 0, (n - ti->nleaves) * sizeof(void **));
		ti->leaves = grown;
		ti->nleaves = n;
	}
	if (!ti->leaves[leaf]) {
		ti->leaves[leaf] = get_free_page(__GFP_ZERO);
		if (!ti->leaves[leaf])
			return -ENOMEM;
	}
	*out = &ti->leaves[leaf][index % TMPFS_LEAF_ENTRIES];
	return 0;
}

/* The data page @index, allocated (zeroed) if it is a hole. */
static int get_page(struct inode *inode, uint64_t index, char **out)
{
	struct tmpfs_inode *ti = TMPFS_I(inode);
	void **slot;
	int err = page_slot_alloc(ti, index, &slot);

	if (err)
		return err;
	if (!*slot) {
		err = charge_page(inode->i_sb);
		if (err)
			return err;
		*slot = get_free_page(__GFP_ZERO);
		if (!*slot) {
			uncharge_pages(inode->i_sb, 1);
			return -ENOMEM;
		}
		ti->npages++;
		inode->i_blocks = ti->npages * (PAGE_SIZE / 512);
	}
	*out = *slot;
	return 0;
}

static long tmpfs_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct inode *inode = file->f_inode;
	struct tmpfs_inode *ti = TMPFS_I(inode);
	int64_t p = *pos;

	mutex_lock(&inode->i_lock);
	while (to->left && p < inode->i_size) {
		uint64_t off = (uint64_t)p % PAGE_SIZE;
		size_t chunk =
		    (size_t)MIN((uint64_t)(PAGE_SIZE - off), (uint64_t)(inode->i_size - p));
		void **slot = page_slot(ti, (uint64_t)p / PAGE_SIZE);
		size_t moved;

		if (slot && *slot)
			moved = vfs_iter_copy_to(to, (char *)*slot + off, chunk);
		else
			moved = vfs_iter_zero(to, chunk);
		p += (int64_t)moved;
	}
	mutex_unlock(&inode->i_lock);
	*pos = p;
	return (long)to->done;
}

static long tmpfs_write(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	struct inode *inode = file->f_inode;
	int64_t max = inode->i_sb->s_maxbytes;
	int64_t p;
	int err = 0;

	mutex_lock(&inode->i_lock);
	p = (file->f_flags & O_APPEND) ? inode->i_size : *pos;
	if (p >= max && from->left) {
		err = -EFBIG;
		goto out;
	}
	if ((uint64_t)(max - p) < from->left)
		from->left = (size_t)(max - p);
	while (from->left) {
		uint64_t off = (uint64_t)p % PAGE_SIZE;
		size_t chunk = (size_t)MIN((uint64_t)(PAGE_SIZE - off), (uint64_t)from->left);
		char *page;

		err = get_page(inode, (uint64_t)p / PAGE_SIZE, &page);
		if (err)
			break;
		p += (int64_t)vfs_iter_copy_from(from, page + off, chunk);
	}
	if (p > inode->i_size)
		inode->i_size = p;
	if (from->done) {
		inode->i_mtime = inode->i_ctime = vfs_now();
		err = 0;
	}
	*pos = p;
out:
	mutex_unlock(&inode->i_lock);
	return err ? err : (long)from->done;
}

/* Let go of a data page (mappings may hold it still). */
static void put_data_page(void *data)
{
	page_ref_put(virt_to_page(data));
}

/* Free data pages from index @first on. */
static void free_pages_from(struct inode *inode, uint64_t first)
{
	struct tmpfs_inode *ti = TMPFS_I(inode);
	uint64_t freed = 0;

	for (size_t l = (size_t)(first / TMPFS_LEAF_ENTRIES); l < ti->nleaves; l++) {
		void **leaf = ti->leaves[l];
		size_t start = 0;

		if (!leaf)
			continue;
		if (l == first / TMPFS_LEAF_ENTRIES)
			start = first % TMPFS_LEAF_ENTRIES;
		for (size_t i = start; i < TMPFS_LEAF_ENTRIES; i++) {
			if (leaf[i]) {
				put_data_page(leaf[i]);
				leaf[i] = NULL;
				freed++;
			}
		}
		if (start == 0) {
			free_page(leaf);
			ti->leaves[l] = NULL;
		}
	}
	if (freed) {
		uncharge_pages(inode->i_sb, freed);
		ti->npages -= freed;
		inode->i_blocks = ti->npages * (PAGE_SIZE / 512);
	}
}

void tmpfs_truncate(struct inode *inode, int64_t size)
{
	if (size < inode->i_size) {
		uint64_t keep = ((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE;
		void **slot = page_slot(TMPFS_I(inode), (uint64_t)size / PAGE_SIZE);

		free_pages_from(inode, keep);
		/* Zero the cut-off tail so growing again reads zeros. */
		if (size % (int64_t)PAGE_SIZE && slot && *slot)
			memset((char *)*slot + size % (int64_t)PAGE_SIZE, 0,
			       PAGE_SIZE - (size_t)(size % (int64_t)PAGE_SIZE));
	}
	inode->i_size = size;
}

void tmpfs_free_data(struct inode *inode)
{
	struct tmpfs_inode *ti = TMPFS_I(inode);

	if (!ti->leaves)
		return;
	free_pages_from(inode, 0);
	kfree(ti->leaves);
	ti->leaves = NULL;
	ti->nleaves = 0;
}

static int tmpfs_setattr(struct dentry *dentry, const struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;

	if ((attr->valid & ATTR_SIZE) && S_ISREG(inode->i_mode)) {
		mutex_lock(&inode->i_lock);
		if (attr->size != inode->i_size) {
			tmpfs_truncate(inode, attr->size);
			inode->i_mtime = inode->i_ctime = vfs_now();
		}
		mutex_unlock(&inode->i_lock);
	}
	vfs_setattr_copy(inode, attr);
	return 0;
}

/* ----- fallocate ----- */

/* Holes among pages [@first, @last]. */
static uint64_t count_holes(struct tmpfs_inode *ti, uint64_t first, uint64_t last)
{
	uint64_t holes = 0;

	for (uint64_t i = first; i <= last; i++) {
		void **slot = page_slot(ti, i);

		holes += !slot || !*slot;
	}
	return holes;
}

/* Pages a new allocation may take: what size= leaves, and never more
 * than the free memory (without size=). */
static uint64_t pages_available(struct super_block *sb)
{
	struct tmpfs_sb *sbi = TMPFS_SB(sb);
	struct mm_stats st;
	uint64_t left;

	mm_stats_get(&st);
	spin_lock(&sbi->lock);
	left = sbi->max_pages ? sbi->max_pages - sbi->used_pages : UINT64_MAX;
	spin_unlock(&sbi->lock);
	return MIN(left, (uint64_t)st.free_pages);
}

/* Give pages [@first, @last] memory; -ENOSPC up front when they cannot
 * all be had, so a failed call allocates nothing (a huge range is refused
 * before its holes are counted). */
static int allocate_pages(struct inode *inode, uint64_t first, uint64_t last)
{
	uint64_t avail = pages_available(inode->i_sb);
	int err = 0;

	if (last - first + 1 > avail + TMPFS_I(inode)->npages ||
	    count_holes(TMPFS_I(inode), first, last) > avail)
		return -ENOSPC;
	for (uint64_t i = first; i <= last && !err; i++) {
		char *page;

		err = get_page(inode, i, &page);
	}
	return err;
}

/* Free the whole pages inside [@start, @end) and zero the parts of the
 * pages at its edges. */
static void punch_hole(struct inode *inode, int64_t start, int64_t end)
{
	struct tmpfs_inode *ti = TMPFS_I(inode);
	uint64_t pages = (uint64_t)ti->nleaves * TMPFS_LEAF_ENTRIES; /* past these: holes */
	uint64_t freed = 0;

	end = MIN(end, (int64_t)(pages * PAGE_SIZE));
	for (uint64_t i = (uint64_t)start / PAGE_SIZE; (int64_t)(i * PAGE_SIZE) < end; i++) {
		int64_t from = MAX(start, (int64_t)(i * PAGE_SIZE));
		int64_t to = MIN(end, (int64_t)((i + 1) * PAGE_SIZE));
		void **slot = page_slot(ti, i);

		if (!slot || !*slot)
			continue;
		if (to - from == (int64_t)PAGE_SIZE) {
			put_data_page(*slot);
			*slot = NULL;
			freed++;
		} else {
			memset((char *)*slot + from % (int64_t)PAGE_SIZE, 0, (size_t)(to - from));
		}
	}
	if (freed) {
		uncharge_pages(inode->i_sb, freed);
		ti->npages -= freed;
		inode->i_blocks = ti->npages * (PAGE_SIZE / 512);
	}
}

static int tmpfs_fallocate(struct file *file, int mode, int64_t offset, int64_t len)
{
	struct inode *inode = file->f_inode;
	int64_t end = offset + len;
	int err = 0;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	mutex_lock(&inode->i_lock);
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		punch_hole(inode, offset, end);
	} else {
		err = allocate_pages(inode, (uint64_t)offset / PAGE_SIZE,
				     (uint64_t)(end - 1) / PAGE_SIZE);
		if (!err && !(mode & FALLOC_FL_KEEP_SIZE) && end > inode->i_size)
			inode->i_size = end;
	}
	if (!err)
		inode->i_mtime = inode->i_ctime = vfs_now();
	mutex_unlock(&inode->i_lock);
	return err;
}

/* file_operations.map_page: the data page itself, made if it is a hole
 * (as Linux's tmpfs, a read fault allocates too). */
static int tmpfs_map_page(struct file *file, uint64_t index, bool write, struct page **out)
{
	struct inode *inode = file->f_inode;
	char *data;
	int err = -EIO; /* past the end of the file: SIGBUS */

	(void)write;
	mutex_lock(&inode->i_lock);
	if (index < ((uint64_t)inode->i_size + PAGE_SIZE - 1) / PAGE_SIZE)
		err = get_page(inode, index, &data);
	if (!err) {
		*out = virt_to_page(data);
		page_ref_get(*out);
	}
	mutex_unlock(&inode->i_lock);
	return err;
}

const struct inode_operations tmpfs_file_iops = {
	.setattr = tmpfs_setattr,
	TMPFS_XATTR_IOPS,
};

const struct file_operations tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.fallocate = tmpfs_fallocate,
	.map_page = tmpfs_map_page,
};
