/*
 * fs/vfs/pagecache.c - the tree of cached pages of each inode, their
 * states and references, the LRU, eviction and truncation (see
 * pagecache.h).
 *
 * Every page in a tree is on the global LRU, oldest first. Eviction walks
 * it and frees the pages nobody uses: clean, not being read or written,
 * no reference but the tree's, not mapped into a process. It runs when
 * the cache passes its limit and when the page allocator runs dry.
 */
#include "fs/vfs/pagecache_internal.h"

#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page.h"

struct spinlock pcache_lock = SPINLOCK_INIT("pagecache");
struct wait_queue pcache_page_wq = WAIT_QUEUE_INIT(pcache_page_wq, "pcache_page");

static LIST_HEAD(lru_list);
static unsigned long nr_cached, nr_dirty, nr_writeback; /* pages, under pcache_lock */
static unsigned long cache_limit;			/* pages; 0: half of RAM */

void pagecache_mapping_init(struct address_space *mapping)
{
	memset(mapping, 0, sizeof(*mapping));
	spin_lock_init(&mapping->lock, "mapping");
	mapping->pages = RB_ROOT;
	list_init(&mapping->dirty_link);
}

static unsigned long limit_pages(void)
{
	struct mm_stats st;

	if (READ_ONCE(cache_limit))
		return READ_ONCE(cache_limit);
	mm_stats_get(&st);
	WRITE_ONCE(cache_limit, st.total_pages / 2);
	return cache_limit;
}

void pagecache_set_limit(unsigned long pages)
{
	WRITE_ONCE(cache_limit, pages);
}

/* Under mapping->lock. */
static struct pcache_page *lookup_locked(struct address_space *mapping, uint64_t index)
{
	struct rb_node *n = mapping->pages.node;

	while (n) {
		struct pcache_page *p = rb_entry(n, struct pcache_page, rb);

		if (index == p->index)
			return p;
		n = index < p->index ? n->left : n->right;
	}
	return NULL;
}

struct pcache_page *pcache_first_from_locked(struct address_space *mapping, uint64_t index)
{
	struct rb_node *n = mapping->pages.node;
	struct pcache_page *best = NULL;

	while (n) {
		struct pcache_page *p = rb_entry(n, struct pcache_page, rb);

		if (p->index >= index) {
			best = p;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

struct pcache_page *pagecache_find(struct address_space *mapping, uint64_t index)
{
	unsigned long flags = spin_lock_irqsave(&mapping->lock);
	struct pcache_page *p = lookup_locked(mapping, index);

	if (p)
		p->refs++;
	spin_unlock_irqrestore(&mapping->lock, flags);
	return p;
}

static void free_pcache_page(struct pcache_page *p)
{
	page_ref_put(p->page);
	kfree(p);
}

void pagecache_put(struct pcache_page *p)
{
	struct address_space *mapping = p->mapping;
	unsigned long flags = spin_lock_irqsave(&mapping->lock);
	bool last = --p->refs == 0;

	spin_unlock_irqrestore(&mapping->lock, flags);
	if (last)
		free_pcache_page(p);
}

/* Under pcache_lock: the counters follow DIRTY and WRITEBACK. */
static void account(struct address_space *mapping, unsigned int old, unsigned int new)
{
	bool was = old & (PCP_DIRTY | PCP_WRITEBACK), is = new &(PCP_DIRTY | PCP_WRITEBACK);

	nr_dirty += !!(new &PCP_DIRTY);
	nr_dirty -= !!(old & PCP_DIRTY);
	nr_writeback += !!(new &PCP_WRITEBACK);
	nr_writeback -= !!(old & PCP_WRITEBACK);
	if (was == is)
		return;
	if (is && mapping->nr_dirty++ == 0)
		pcache_mapping_dirtied_locked(mapping);
	else if (!is && --mapping->nr_dirty == 0)
		pcache_mapping_cleaned_locked(mapping);
}

void pcache_change_flags_locked(struct pcache_page *p, unsigned int set, unsigned int clear)
{
	unsigned int old = p->flags, new = (old | set) & ~clear;

	p->flags = new;
	if (p->in_tree && ((old ^ new) & (PCP_DIRTY | PCP_WRITEBACK))) {
		spin_lock(&pcache_lock);
		account(p->mapping, old, new);
		spin_unlock(&pcache_lock);
	}
}

void pcache_wait_idle(struct pcache_page *p, unsigned int bits)
{
	wait_event(pcache_page_wq, !(READ_ONCE(p->flags) & bits));
}

/* Under mapping->lock and pcache_lock: take @p out of the tree and the LRU
 * (its dirty state is dropped). True when the tree held the last reference. */
static bool unlink_locked(struct pcache_page *p)
{
	struct address_space *mapping = p->mapping;

	account(mapping, p->flags, p->flags & ~(PCP_DIRTY | PCP_WRITEBACK));
	p->flags &= ~PCP_DIRTY;
	rb_erase(&p->rb, &mapping->pages);
	p->in_tree = false;
	mapping->nr_pages--;
	list_del_init(&p->lru);
	nr_cached--;
	return --p->refs == 0;
}

static bool evictable(const struct pcache_page *p)
{
	return p->refs == 1 && !(p->flags & (PCP_DIRTY | PCP_WRITEBACK | PCP_LOCKED)) &&
	       page_ref_count(p->page) == 1;
}

/* Evict up to @want clean unused pages, oldest first. Returns how many. */
static unsigned long shrink_cache(unsigned long want)
{
	unsigned long flags, budget, freed = 0;
	LIST_HEAD(doomed);
	struct pcache_page *p, *next;

	flags = spin_lock_irqsave(&pcache_lock);
	budget = nr_cached;
	while (freed < want && budget-- && !list_empty(&lru_list)) {
		p = list_first_entry(&lru_list, struct pcache_page, lru);
		/* Lock order is mapping -> global: only try the mapping's lock. */
		if (!spin_trylock(&p->mapping->lock)) {
			list_move_tail(&p->lru, &lru_list);
			continue;
		}
		if (evictable(p)) {
			struct address_space *mapping = p->mapping;

			unlink_locked(p);
			list_add(&p->lru, &doomed);
			freed++;
			spin_unlock(&mapping->lock);
		} else {
			list_move_tail(&p->lru, &lru_list);
			spin_unlock(&p->mapping->lock);
		}
	}
	spin_unlock_irqrestore(&pcache_lock, flags);
	list_for_each_entry_safe(p, next, &doomed, lru) free_pcache_page(p);
	return freed;
}

static struct page *alloc_cache_page(void)
{
	struct page *page = alloc_pages(0, __GFP_ZERO);

	if (!page && shrink_cache(64))
		page = alloc_pages(0, __GFP_ZERO);
	return page;
}

struct pcache_page *pcache_get_or_create(struct address_space *mapping, uint64_t index,
					 unsigned int pflags, bool *created)
{
	struct pcache_page *p = pagecache_find(mapping, index), *fresh;
	struct rb_node **link, *parent = NULL;
	unsigned long flags, limit = limit_pages();
	bool over;

	*created = false;
	if (p)
		return p;
	fresh = kzalloc(sizeof(*fresh), 0);
	if (!fresh)
		return NULL;
	fresh->page = alloc_cache_page();
	if (!fresh->page) {
		kfree(fresh);
		return NULL;
	}
	fresh->data = page_address(fresh->page);
	fresh->index = index;
	fresh->mapping = mapping;
	fresh->flags = pflags;
	fresh->refs = 2; /* the tree's and the caller's */
	fresh->in_tree = true;

	flags = spin_lock_irqsave(&mapping->lock);
	p = lookup_locked(mapping, index); /* someone may have been quicker */
	if (p) {
		p->refs++;
		spin_unlock_irqrestore(&mapping->lock, flags);
		free_pcache_page(fresh);
		return p;
	}
	link = &mapping->pages.node;
	while (*link) {
		parent = *link;
		link = index < rb_entry(parent, struct pcache_page, rb)->index ? &parent->left
									       : &parent->right;
	}
	rb_link_node(&fresh->rb, parent, link);
	rb_insert_color(&fresh->rb, &mapping->pages);
	mapping->nr_pages++;
	spin_lock(&pcache_lock);
	list_add_tail(&fresh->lru, &lru_list);
	over = ++nr_cached > limit;
	spin_unlock(&pcache_lock);
	spin_unlock_irqrestore(&mapping->lock, flags);
	if (over)
		shrink_cache(32);
	*created = true;
	return fresh;
}

/*
 * Remove every page at or after @first. A page being read or written is
 * waited for first (its blocks may be freed right after this returns).
 */
static void remove_from(struct address_space *mapping, uint64_t first)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&mapping->lock);
		struct pcache_page *p = pcache_first_from_locked(mapping, first);
		bool last;

		if (!p) {
			spin_unlock_irqrestore(&mapping->lock, flags);
			return;
		}
		if (p->flags & (PCP_LOCKED | PCP_WRITEBACK)) {
			p->refs++;
			spin_unlock_irqrestore(&mapping->lock, flags);
			pcache_wait_idle(p, PCP_LOCKED | PCP_WRITEBACK);
			pagecache_put(p);
			continue;
		}
		spin_lock(&pcache_lock);
		last = unlink_locked(p);
		spin_unlock(&pcache_lock);
		spin_unlock_irqrestore(&mapping->lock, flags);
		if (last)
			free_pcache_page(p);
	}
}

/*
 * Shrinking to @size: the pages past it go, dirty or not; the cached tail
 * of the last page is zeroed but not marked dirty, so the disk keeps its
 * old bytes there until the file grows again (a crash before the shrink
 * commits must find them). Reads never look past the size.
 */
void pagecache_truncate(struct inode *inode, int64_t size)
{
	struct address_space *mapping = &inode->i_data;
	uint64_t keep = ((uint64_t)size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct pcache_page *p;

	if (!mapping->a_ops)
		return;
	remove_from(mapping, keep);
	if (!(size & (PAGE_SIZE - 1)))
		return;
	p = pagecache_find(mapping, (uint64_t)size >> PAGE_SHIFT);
	if (!p)
		return;
	pcache_wait_idle(p, PCP_LOCKED);
	memset((char *)p->data + (size & (PAGE_SIZE - 1)), 0, PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	pagecache_put(p);
}

void pagecache_evict_inode(struct inode *inode)
{
	struct address_space *mapping = &inode->i_data;

	if (!mapping->a_ops)
		return;
	/* Still named (unmount): the data must reach the disk. */
	if (inode->i_nlink && READ_ONCE(mapping->nr_dirty))
		pcache_writeback_mapping(inode);
	pcache_detach_mapping(mapping);
	remove_from(mapping, 0);
}

void pagecache_get_stats(struct pagecache_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&pcache_lock);

	st->cached = nr_cached;
	st->dirty = nr_dirty;
	st->writeback = nr_writeback;
	spin_unlock_irqrestore(&pcache_lock, flags);
}
