/*
 * fs/vfs/pagecache.h - the page cache: file data kept in memory by
 * (inode, page index), read ahead in large requests and written back
 * later.
 *
 * Every inode has a mapping (inode->i_data). A file system that wants its
 * regular files cached sets mapping->a_ops and mapping->bdev when it
 * makes the inode; the cache then does the I/O itself, asking the file
 * system only where bytes live on the device:
 *
 *	a_ops->map(inode, pos, &ext)   -> ext.sector, ext.len, ext.mapped
 *
 * (a hole or an unwritten extent is !mapped: it reads as zeros and is not
 * written). Blocks are allocated by the file system before data is copied
 * in (no delayed allocation), so write-back never allocates.
 *
 *	pagecache_read(file, inode, to, pos)    read(2), with readahead
 *	pagecache_write_begin(inode, pos, n, &w) read and hold the partial
 *	                                        first/last pages, before the
 *	                                        file system maps new blocks
 *	pagecache_copy_from(inode, from, pos, n) copy in, mark pages dirty
 *	pagecache_write_end(&w)
 *	pagecache_zero_range(inode, pos, end)   zeros before a file grows
 *	pagecache_truncate(inode, size)         drop pages past @size
 *	pagecache_writeback(inode)              write the dirty pages, wait
 *	pagecache_sync_sb(sb)                   every inode of @sb
 *	pagecache_write_ordered(sb)             inodes marked ordered
 *	pagecache_get_page(inode, index)        an uptodate page (mmap)
 *	pagecache_map_page(file, index, write)  a page for a shared mapping
 *
 * Page states (struct pcache_page.flags): UPTODATE (contents valid),
 * DIRTY (newer than the disk), WRITEBACK (being written), LOCKED (being
 * read), ERROR (the last read failed). The cache holds one reference to
 * each page in its tree; lookups take more. Clean, unused, unmapped pages
 * are evicted oldest first when the cache passes its limit (half of RAM
 * by default) or when memory runs out, and every page goes when the inode
 * is evicted. A flusher thread writes dirty pages every 5 s and as soon
 * as more than the dirty limit (16 MiB) is dirty; a writer that finds
 * twice that much dirty writes its own file's pages before returning.
 *
 * Locking: the caller of read, write, truncate and writeback holds
 * inode->i_lock, which keeps a_ops->map stable; the ordered write-back
 * (pagecache_write_ordered) runs without it and relies on the file system
 * not changing its block maps meanwhile (ext4: the journal commit, with no
 * handle open). mapping->lock (irq-safe: reads complete in interrupts)
 * protects the tree and page states; a global lock protects the LRU, the
 * list of dirty mappings and the counters, and nests inside it.
 * See docs/pagecache.md.
 */
#ifndef RUX_FS_VFS_PAGECACHE_H
#define RUX_FS_VFS_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"
#include "lib/rbtree.h"
#include "lib/spinlock.h"

struct block_device;
struct file;
struct inode;
struct page;
struct super_block;
struct vfs_iter;

#define PCP_UPTODATE  (1u << 0)
#define PCP_DIRTY     (1u << 1)
#define PCP_WRITEBACK (1u << 2)
#define PCP_LOCKED    (1u << 3)
#define PCP_ERROR     (1u << 4)
/* Written through a shared mapping: stays dirty while the file has
 * writable shared mappings (pagecache_map_page). */
#define PCP_MAPPED_WRITE (1u << 5)

struct address_space;

/* One cached page of a file. */
struct pcache_page {
	struct rb_node rb; /* in mapping->pages, by index */
	uint64_t index;	   /* file offset / PAGE_SIZE */
	struct page *page;
	void *data; /* its direct-map address */
	struct address_space *mapping;
	unsigned int flags;   /* PCP_*, under mapping->lock */
	int refs;	      /* under mapping->lock; the tree holds one */
	int io_pending;	      /* segments of a read not done yet */
	uint32_t zero_from;   /* a read zeroes the page from here (end of file) */
	int error;	      /* with PCP_ERROR: why the last read failed */
	bool in_tree;	      /* under mapping->lock */
	struct list_head lru; /* on the global LRU while in the tree */
};

/* Where the bytes at a file position live (a_ops->map). */
struct pcache_extent {
	uint64_t sector; /* device sector of the byte asked for */
	uint64_t len;	 /* bytes from there that continue contiguously */
	bool mapped;	 /* false: a hole or unwritten, reads as zeros */
};

struct address_space_operations {
	/* Map the byte at @pos (i_lock held, or the maps otherwise stable). */
	int (*map)(struct inode *inode, int64_t pos, struct pcache_extent *ext);
	/* A shared mapping is about to write [@pos, @end) (inside one page and
	 * the file): give it blocks (written, not unwritten) so write-back can
	 * write it. i_lock held. 0, -ENOSPC, -EIO... */
	int (*mkwrite)(struct inode *inode, int64_t pos, int64_t end);
};

struct address_space {
	const struct address_space_operations *a_ops; /* NULL: not cached */
	struct block_device *bdev;
	struct spinlock lock;
	struct rb_root pages;
	unsigned long nr_pages;
	unsigned long nr_dirty;	     /* DIRTY or WRITEBACK pages */
	int busy;		     /* write-back walkers holding it (global lock) */
	bool ordered;		     /* write before the next journal commit */
	int mmap_writers;	     /* writable shared mappings (VMAs), under lock */
	struct list_head dirty_link; /* on the global dirty list (global lock) */
};

/* Per open file: sequential-read detection. */
struct file_ra_state {
	uint64_t next; /* index a sequential reader reads next */
	uint32_t size; /* current window in pages (0: none yet) */
};

/* inode creation: an empty, uncached mapping. */
void pagecache_mapping_init(struct address_space *mapping);
/* inode eviction: write dirty pages if the inode still has names (unmount),
 * then drop every page. */
void pagecache_evict_inode(struct inode *inode);

/* read(2) of a cached file at @pos (i_lock held); @file may be NULL (no
 * readahead state). Bytes read or -errno. */
long pagecache_read(struct file *file, struct inode *inode, struct vfs_iter *to, int64_t pos);

/* The pages a write covers in part, read and held until write_end. */
struct pcache_write {
	struct pcache_page *head, *tail;
};
int pagecache_write_begin(struct inode *inode, int64_t pos, size_t len, struct pcache_write *w);
/* Copy @len bytes into the pages at @pos and mark them dirty; bytes copied. */
size_t pagecache_copy_from(struct inode *inode, struct vfs_iter *from, int64_t pos, size_t len);
void pagecache_write_end(struct pcache_write *w);
/* Zero [@pos, @end) in the cache and mark it dirty (a file growing over
 * bytes past its old size). 0 or -errno. */
int pagecache_zero_range(struct inode *inode, int64_t pos, int64_t end);
void pagecache_truncate(struct inode *inode, int64_t size);

int pagecache_writeback(struct inode *inode);
int pagecache_sync_sb(struct super_block *sb);
void pagecache_mark_ordered(struct inode *inode);
int pagecache_write_ordered(struct super_block *sb);
/* After a write: wake the flusher, or write @inode's pages when far over
 * the dirty limit (i_lock held). */
void pagecache_balance_dirty(struct inode *inode);

/*
 * The page at @index, uptodate, with a page reference for the caller
 * (page_ref_put); NULL with *@err -EIO past the end of the file or on a
 * read error, -ENOMEM. Takes inode->i_lock.
 */
struct page *pagecache_get_page(struct inode *inode, uint64_t index, int *err);

/*
 * file_operations.map_page of page-cached files: the page at @index for a
 * shared mapping, with a page reference (*@out). For a write (@write) the
 * file system first gives the page blocks (a_ops->mkwrite) and the page
 * is marked dirty and PCP_MAPPED_WRITE: it is then written back but never
 * counted clean while the file has writable shared mappings (nothing can
 * take write access back from the processes). 0, -EIO past the end of the
 * file or on a read error, -ENOSPC, -ENOMEM. Takes inode->i_lock.
 */
int pagecache_map_page(struct file *file, uint64_t index, bool write, struct page **out);
/* A writable shared mapping of @inode comes / goes (VMA creation and
 * freeing). When the last one goes, its PCP_MAPPED_WRITE pages are left
 * dirty for one final write. No-ops for files that are not cached. */
void pagecache_mmap_writer_get(struct inode *inode);
void pagecache_mmap_writer_put(struct inode *inode);

/* Lookup without reading: a reference to the cached page or NULL. */
struct pcache_page *pagecache_find(struct address_space *mapping, uint64_t index);
void pagecache_put(struct pcache_page *p);

/* Statistics, in pages, for /proc/meminfo. */
struct pagecache_stats {
	unsigned long cached, dirty, writeback;
};
void pagecache_get_stats(struct pagecache_stats *st);
/* Most pages kept cached (0: half of RAM), and the dirty limit in bytes. */
void pagecache_set_limit(unsigned long pages);
void pagecache_set_dirty_limit(unsigned long bytes);
/* Start the flusher (once). */
int pagecache_start_flusher(void);

#endif /* RUX_FS_VFS_PAGECACHE_H */
