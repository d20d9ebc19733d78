/*
 * fs/jbd2/revoke.c - revoke tables: which blocks were freed, and by which
 * transaction. A running transaction keeps one for the revoke records it
 * will write; recovery builds one from every revoke block in the log so
 * that replay can skip copies logged by a transaction no later than the
 * one that revoked the block.
 *
 * A small hash table of records; callers provide the locking.
 */
#include "fs/jbd2/internal.h"

#include "mm/kmalloc.h"
#include "uapi/errno.h"

struct revoke_record {
	struct list_head node;
	uint64_t blocknr;
	uint32_t tid;
};

static struct list_head *bucket(const struct jbd2_revoke_table *rt, uint64_t blocknr)
{
	uint64_t h = blocknr * 0x9e3779b97f4a7c15ull;

	return &rt->buckets[(h >> 32) & (rt->nbuckets - 1)];
}

static struct revoke_record *find(const struct jbd2_revoke_table *rt, uint64_t blocknr)
{
	struct revoke_record *r;

	list_for_each_entry(r, bucket(rt, blocknr), node) {
		if (r->blocknr == blocknr)
			return r;
	}
	return NULL;
}

int jbd2_revoke_table_init(struct jbd2_revoke_table *rt, unsigned int nbuckets)
{
	rt->buckets = kmalloc(nbuckets * sizeof(*rt->buckets), GFP_KERNEL);
	if (!rt->buckets)
		return -ENOMEM;
	for (unsigned int i = 0; i < nbuckets; i++)
		list_init(&rt->buckets[i]);
	rt->nbuckets = nbuckets;
	rt->count = 0;
	return 0;
}

void jbd2_revoke_table_destroy(struct jbd2_revoke_table *rt)
{
	struct revoke_record *r, *next;

	if (!rt->buckets)
		return;
	for (unsigned int i = 0; i < rt->nbuckets; i++) {
		list_for_each_entry_safe(r, next, &rt->buckets[i], node) {
			kfree(r);
		}
	}
	kfree(rt->buckets);
	rt->buckets = NULL;
	rt->count = 0;
}

int jbd2_revoke_insert(struct jbd2_revoke_table *rt, uint64_t blocknr, uint32_t tid)
{
	struct revoke_record *r = find(rt, blocknr);

	if (r) {
		if (tid_gt(tid, r->tid))
			r->tid = tid;
		return 0;
	}
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->blocknr = blocknr;
	r->tid = tid;
	list_add(&r->node, bucket(rt, blocknr));
	rt->count++;
	return 1;
}

bool jbd2_revoke_lookup(const struct jbd2_revoke_table *rt, uint64_t blocknr, uint32_t *tid)
{
	struct revoke_record *r = find(rt, blocknr);

	if (r)
		*tid = r->tid;
	return r != NULL;
}

bool jbd2_revoke_remove(struct jbd2_revoke_table *rt, uint64_t blocknr)
{
	struct revoke_record *r = find(rt, blocknr);

	if (!r)
		return false;
	list_del(&r->node);
	kfree(r);
	rt->count--;
	return true;
}

void jbd2_revoke_for_each(const struct jbd2_revoke_table *rt,
			  void (*fn)(void *arg, uint64_t blocknr), void *arg)
{
	struct revoke_record *r;

	for (unsigned int i = 0; i < rt->nbuckets; i++) {
		list_for_each_entry(r, &rt->buckets[i], node) {
			fn(arg, r->blocknr);
		}
	}
}
