/*
 * tests/ktest/pagecache.c - the page cache on a RAM disk, with a file whose
 * bytes live at the same offset on the disk except for one hole: reads
 * (holes and the end of the file), readahead batching, dirty pages and
 * write-back, the ordered write, truncation, eviction under a limit, and
 * pages shared for mmap.
 */
#include "fs/vfs/pagecache.h"
#include "drivers/block/blkdev.h"
#include "fs/vfs/vfs.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "uapi/mman.h"

#define DISK_BYTES (2u << 20)
#define HOLE_START (64 * 1024)
#define HOLE_END   (72 * 1024)

struct pc_disk {
	struct block_device bdev;
	uint8_t *data;
	unsigned int reads, writes;
};

static int pc_submit(struct block_device *bdev, struct blk_request *req)
{
	struct pc_disk *d = bdev->driver_data;
	uint8_t *at = d->data + (req->sector << SECTOR_SHIFT);

	if (req->op == BLK_READ) {
		memcpy(req->buf, at, req->len);
		d->reads++;
	} else if (req->op == BLK_WRITE) {
		memcpy(at, req->buf, req->len);
		d->writes++;
	}
	blk_complete(bdev, req, 0);
	return 0;
}

static const struct block_device_ops pc_ops = {.submit = pc_submit};

/* File byte @pos is disk byte @pos, except in the hole. */
static int pc_map(struct inode *inode, int64_t pos, struct pcache_extent *ext)
{
	(void)inode;
	if (pos >= HOLE_START && pos < HOLE_END) {
		*ext = (struct pcache_extent){.len = (uint64_t)(HOLE_END - pos), .mapped = false};
		return 0;
	}
	ext->mapped = true;
	ext->sector = (uint64_t)pos >> SECTOR_SHIFT;
	ext->len = (uint64_t)((pos < HOLE_START ? HOLE_START : DISK_BYTES) - pos);
	return 0;
}

static const struct address_space_operations pc_aops = {.map = pc_map};

struct pc_file {
	struct pc_disk disk;
	struct super_block sb;
	struct inode inode;
	struct file file;
};

static struct pc_file *pc_setup(int64_t size)
{
	struct pc_file *f = kzalloc(sizeof(*f), 0);

	if (!f)
		return NULL;
	f->disk.data = kmalloc(DISK_BYTES, 0);
	if (!f->disk.data) {
		kfree(f);
		return NULL;
	}
	for (unsigned int i = 0; i < DISK_BYTES; i++)
		f->disk.data[i] = (uint8_t)(i / 4096 + 1);
	strcpy(f->disk.bdev.name, "ktpc0");
	f->disk.bdev.dev = 0x7f10;
	f->disk.bdev.nr_sectors = DISK_BYTES >> SECTOR_SHIFT;
	f->disk.bdev.ops = &pc_ops;
	f->disk.bdev.driver_data = &f->disk;
	spin_lock_init(&f->disk.bdev.lock, "ktpc0");
	list_init(&f->sb.s_inodes);
	f->inode.i_sb = &f->sb;
	f->inode.i_size = size;
	f->inode.i_nlink = 1;
	mutex_init(&f->inode.i_lock, "ktpc");
	pagecache_mapping_init(&f->inode.i_data);
	f->inode.i_data.a_ops = &pc_aops;
	f->inode.i_data.bdev = &f->disk.bdev;
	f->inode.i_mode = S_IFREG | 0755;
	f->file.f_inode = &f->inode;
	f->file.f_mode = FMODE_READ;
	refcount_set(&f->file.f_count, 1); /* ours: mappings never drop the last */
	return f;
}

static void pc_teardown(struct pc_file *f)
{
	f->inode.i_nlink = 0; /* dirty pages are dropped, not written */
	pagecache_evict_inode(&f->inode);
	KT_ASSERT_EQ(f->inode.i_data.nr_pages, 0);
	kfree(f->disk.data);
	kfree(f);
}

static long pc_read(struct pc_file *f, void *buf, size_t len, int64_t pos)
{
	struct vfs_iter it;
	long n;

	vfs_iter_init(&it, buf, len);
	mutex_lock(&f->inode.i_lock);
	n = pagecache_read(&f->file, &f->inode, &it, pos);
	mutex_unlock(&f->inode.i_lock);
	return n;
}

static size_t pc_write(struct pc_file *f, const void *buf, size_t len, int64_t pos)
{
	struct pcache_write w;
	struct vfs_iter it;
	size_t n = 0;

	vfs_iter_init(&it, (void *)buf, len);
	mutex_lock(&f->inode.i_lock);
	if (!pagecache_write_begin(&f->inode, pos, len, &w)) {
		n = pagecache_copy_from(&f->inode, &it, pos, len);
		pagecache_write_end(&w);
		if (pos + (int64_t)n > f->inode.i_size)
			f->inode.i_size = pos + (int64_t)n;
	}
	mutex_unlock(&f->inode.i_lock);
	return n;
}

KTEST(pagecache, read_holes_and_end_of_file)
{
	struct pc_file *f = pc_setup(100 * 1024 + 100);
	uint8_t *buf = kmalloc(128 * 1024, 0);
	long n;

	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_NOT_NULL(buf);
	n = pc_read(f, buf, 128 * 1024, 0);
	KT_ASSERT_EQ(n, 100 * 1024 + 100);
	KT_ASSERT_EQ(buf[0], 1);
	KT_ASSERT_EQ(buf[4096 * 3 + 7], 4);
	KT_ASSERT_EQ(buf[HOLE_START], 0);
	KT_ASSERT_EQ(buf[HOLE_END - 1], 0);
	KT_ASSERT_EQ(buf[HOLE_END], HOLE_END / 4096 + 1);
	KT_ASSERT_EQ(pc_read(f, buf, 10, 100 * 1024 + 100), 0);
	/* The cached last page holds zeros past the end of the file. */
	{
		struct pcache_page *p = pagecache_find(&f->inode.i_data, 25);

		KT_ASSERT_NOT_NULL(p);
		KT_ASSERT_EQ(((uint8_t *)p->data)[99], 26);
		KT_ASSERT_EQ(((uint8_t *)p->data)[100], 0);
		pagecache_put(p);
	}
	kfree(buf);
	pc_teardown(f);
}

KTEST(pagecache, sequential_reads_are_batched)
{
	struct pc_file *f = pc_setup(1 << 20);
	uint8_t buf[1024];
	unsigned int reads;

	KT_ASSERT_NOT_NULL(f);
	for (int64_t pos = 0; pos < (1 << 20); pos += sizeof(buf))
		KT_ASSERT_EQ(pc_read(f, buf, sizeof(buf), pos), sizeof(buf));
	reads = f->disk.reads;
	/* 256 pages (246 outside the hole); one request per page would be 246. */
	KT_ASSERT(reads > 0);
	KT_ASSERT(reads < 40);
	KT_ASSERT_EQ(f->file.f_ra.size, 32);
	/* Cached now: no more I/O. */
	KT_ASSERT_EQ(pc_read(f, buf, sizeof(buf), 4096), sizeof(buf));
	KT_ASSERT_EQ(f->disk.reads, reads);
	pc_teardown(f);
}

KTEST(pagecache, dirty_pages_are_written_back)
{
	struct pc_file *f = pc_setup(200 * 1024);
	static const char msg[] = "written through the page cache";
	struct pagecache_stats before, st;
	uint8_t buf[64];

	KT_ASSERT_NOT_NULL(f);
	pagecache_get_stats(&before);
	KT_ASSERT_EQ(pc_write(f, msg, sizeof(msg), 5000), sizeof(msg));
	KT_ASSERT_EQ(pc_write(f, msg, sizeof(msg), HOLE_START + 10), sizeof(msg));
	pagecache_get_stats(&st);
	KT_ASSERT_EQ(st.dirty, before.dirty + 2);
	KT_ASSERT_EQ(f->disk.writes, 0);
	/* The partial page kept its other bytes. */
	KT_ASSERT_EQ(pc_read(f, buf, 4, 4096), 4);
	KT_ASSERT_EQ(buf[0], 2);
	KT_ASSERT_EQ(pc_read(f, buf, sizeof(msg), 5000), sizeof(msg));
	KT_ASSERT_STR_EQ((char *)buf, msg);

	mutex_lock(&f->inode.i_lock);
	KT_ASSERT_EQ(pagecache_writeback(&f->inode), 0);
	mutex_unlock(&f->inode.i_lock);
	pagecache_get_stats(&st);
	KT_ASSERT_EQ(st.dirty, before.dirty);
	KT_ASSERT_EQ(st.writeback, before.writeback);
	KT_ASSERT_EQ(f->disk.writes, 1); /* the hole's page has nowhere to go */
	KT_ASSERT_EQ(memcmp(f->disk.data + 5000, msg, sizeof(msg)), 0);
	KT_ASSERT_EQ(f->disk.data[4096], 2);
	pc_teardown(f);
}

KTEST(pagecache, ordered_inodes_are_written_by_the_commit_hook)
{
	struct pc_file *f = pc_setup(64 * 1024);
	static const char msg[] = "ordered";

	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_EQ(pc_write(f, msg, sizeof(msg), 1000), sizeof(msg));
	/* Not marked ordered: the commit hook leaves it alone. */
	KT_ASSERT_EQ(pagecache_write_ordered(&f->sb), 0);
	KT_ASSERT_EQ(f->disk.writes, 0);
	pagecache_mark_ordered(&f->inode);
	KT_ASSERT_EQ(pagecache_write_ordered(&f->sb), 0);
	KT_ASSERT_EQ(f->disk.writes, 1);
	KT_ASSERT_EQ(memcmp(f->disk.data + 1000, msg, sizeof(msg)), 0);
	KT_ASSERT_EQ(f->inode.i_data.nr_dirty, 0);
	pc_teardown(f);
}

KTEST(pagecache, truncate_drops_pages_and_zeroes_the_tail)
{
	struct pc_file *f = pc_setup(40 * 1024);
	uint8_t buf[4096];

	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_EQ(pc_read(f, buf, sizeof(buf), 0), sizeof(buf));
	KT_ASSERT_EQ(pc_write(f, "x", 1, 30000), 1);
	KT_ASSERT(f->inode.i_data.nr_pages >= 6); /* readahead brought more */
	mutex_lock(&f->inode.i_lock);
	f->inode.i_size = 5000;
	pagecache_truncate(&f->inode, 5000);
	mutex_unlock(&f->inode.i_lock);
	KT_ASSERT_EQ(f->inode.i_data.nr_pages, 2);
	KT_ASSERT_EQ(f->inode.i_data.nr_dirty, 0);
	f->inode.i_size = 8192;
	KT_ASSERT_EQ(pc_read(f, buf, sizeof(buf), 4096), sizeof(buf));
	KT_ASSERT_EQ(buf[5000 - 4096 - 1], 2);
	KT_ASSERT_EQ(buf[5000 - 4096], 0);
	pc_teardown(f);
}

KTEST(pagecache, clean_pages_are_evicted_over_the_limit)
{
	struct pc_file *f = pc_setup(1 << 20);
	struct pagecache_stats st;
	uint8_t buf[4096];

	KT_ASSERT_NOT_NULL(f);
	pagecache_get_stats(&st);
	pagecache_set_limit(st.cached + 48);
	for (int64_t pos = 0; pos < (1 << 20); pos += sizeof(buf))
		KT_ASSERT_EQ(pc_read(f, buf, sizeof(buf), pos), sizeof(buf));
	KT_ASSERT(f->inode.i_data.nr_pages <= 48);
	KT_ASSERT(f->inode.i_data.nr_pages > 0);
	pagecache_set_limit(0);
	pc_teardown(f);
}

KTEST(pagecache, mapped_pages_are_shared_and_kept)
{
	struct pc_file *f = pc_setup(3 * 4096 + 10);
	struct page *a, *b;
	int err = 0;

	KT_ASSERT_NOT_NULL(f);
	a = pagecache_get_page(&f->inode, 1, &err);
	b = pagecache_get_page(&f->inode, 1, &err);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT(a == b);
	KT_ASSERT_EQ(page_ref_count(a), 3); /* the cache and two mappers */
	KT_ASSERT_EQ(((uint8_t *)page_address(a))[0], 2);
	KT_ASSERT(pagecache_get_page(&f->inode, 4, &err) == NULL);
	KT_ASSERT_EQ(err, -EIO);
	/* A mapped page outlives the cache. */
	pc_teardown(f);
	KT_ASSERT_EQ(page_ref_count(a), 2);
	page_ref_put(a);
	page_ref_put(b);
}

static uint64_t phys_at(struct mm *mm, uintptr_t addr)
{
	uint64_t pa = 0;

	return hal_pt_query(mm->pt, addr, &pa, NULL) ? pa : 0;
}

KTEST(pagecache, two_processes_share_code_pages)
{
	struct pc_file *f = pc_setup(4 * 4096);
	struct mm *a = mm_create(), *b = mm_create();
	struct pcache_page *p;
	long ca, cb, wa;
	char c = 'w';

	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT(a && b);
	ca = vm_mmap(a, 0, 2 * 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, &f->file, 4096);
	cb = vm_mmap(b, 0, 2 * 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, &f->file, 4096);
	wa = vm_mmap(a, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, &f->file, 4096);
	KT_ASSERT(ca > 0 && cb > 0 && wa > 0);
	KT_ASSERT_EQ(vm_fault(a, (uintptr_t)ca, HAL_ACCESS_EXEC), 0);
	KT_ASSERT_EQ(vm_fault(b, (uintptr_t)cb, HAL_ACCESS_EXEC), 0);
	p = pagecache_find(&f->inode.i_data, 1);
	KT_ASSERT_NOT_NULL(p);
	/* Both processes map the cache's page itself. */
	KT_ASSERT_EQ(phys_at(a, (uintptr_t)ca), page_to_phys(p->page));
	KT_ASSERT_EQ(phys_at(b, (uintptr_t)cb), page_to_phys(p->page));
	/* A write to a private writable mapping copies it. */
	KT_ASSERT_EQ(vm_fault(a, (uintptr_t)wa, HAL_ACCESS_READ), 0);
	KT_ASSERT_EQ(phys_at(a, (uintptr_t)wa), page_to_phys(p->page));
	KT_ASSERT_EQ(mm_copy_to_user(a, (uintptr_t)wa, &c, 1), 0);
	KT_ASSERT(phys_at(a, (uintptr_t)wa) != page_to_phys(p->page));
	KT_ASSERT_EQ(((uint8_t *)p->data)[0], 2);
	pagecache_put(p);
	/* A first write to an absent page gets a copy straight away. */
	wa = vm_mmap(b, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, &f->file, 2 * 4096);
	KT_ASSERT(wa > 0);
	KT_ASSERT_EQ(mm_copy_to_user(b, (uintptr_t)wa + 1, &c, 1), 0);
	p = pagecache_find(&f->inode.i_data, 2);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT(phys_at(b, (uintptr_t)wa) != page_to_phys(p->page));
	KT_ASSERT_EQ(((uint8_t *)p->data)[1], 3);
	pagecache_put(p);
	mm_put(a);
	mm_put(b);
	KT_ASSERT_EQ(refcount_read(&f->file.f_count), 1);
	pc_teardown(f);
}
