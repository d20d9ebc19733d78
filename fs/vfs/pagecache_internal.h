/*
 * fs/vfs/pagecache_internal.h - what the page cache's files share:
 *
 *	pagecache.c         the tree of pages, states, references, the LRU
 *	                    and eviction, truncation, statistics
 *	pagecache_io.c      block I/O for batches of pages: segments merged
 *	                    into requests of up to 128 KiB, several in flight
 *	filemap.c           read (with readahead), write, mmap pages
 *	writeback.c         dirty mappings, write-back, sync, the flusher
 */
#ifndef RUX_FS_VFS_PAGECACHE_INTERNAL_H
#define RUX_FS_VFS_PAGECACHE_INTERNAL_H

#include "fs/vfs/pagecache.h"
#include "fs/vfs/vfs.h"
#include "sched/wait.h"

/* Largest block request the cache builds (and readahead window). */
#define PCACHE_RUN_MAX (128u << 10)
/* Most pages one read or write batch takes. */
#define PCACHE_BATCH_MAX 64

/* Global: the LRU, the dirty mapping list and the counters. */
extern struct spinlock pcache_lock;
/* Woken when a page stops being LOCKED or WRITEBACK. */
extern struct wait_queue pcache_page_wq;

/* A referenced page at @index, created (with @flags, zeroed) if absent;
 * *@created says which. NULL when memory is out. */
struct pcache_page *pcache_get_or_create(struct address_space *mapping, uint64_t index,
					 unsigned int flags, bool *created);
/* Under mapping->lock: the first page at or after @index, or NULL. */
struct pcache_page *pcache_first_from_locked(struct address_space *mapping, uint64_t index);
/* Under mapping->lock: change @p's flags, keeping the counters and the
 * dirty list right. */
void pcache_change_flags_locked(struct pcache_page *p, unsigned int set, unsigned int clear);
/* Sleep until @p is neither LOCKED nor WRITEBACK. */
void pcache_wait_idle(struct pcache_page *p, unsigned int bits);

/* Read the LOCKED pages @pages[0..n) of @inode (asynchronously; each page
 * ends unlocked, UPTODATE or ERROR). */
void pcache_read_pages(struct inode *inode, struct pcache_page **pages, unsigned int n);
/* Write the WRITEBACK pages @pages[0..n) and wait. 0 or -EIO. */
int pcache_write_pages(struct inode *inode, struct pcache_page **pages, unsigned int n);

/* writeback.c: the mapping became dirty (called with pcache_lock held). */
void pcache_mapping_dirtied_locked(struct address_space *mapping);
void pcache_mapping_cleaned_locked(struct address_space *mapping);
/* Take @mapping off the dirty list and wait for walkers to let go. */
void pcache_detach_mapping(struct address_space *mapping);
/* Write every dirty page of @inode and wait (no lock requirement of its own). */
int pcache_writeback_mapping(struct inode *inode);

#endif /* RUX_FS_VFS_PAGECACHE_INTERNAL_H */
