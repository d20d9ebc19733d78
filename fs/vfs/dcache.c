/*
 * fs/vfs/dcache.c - the dentry cache: names already looked up.
 *
 * Every dentry is in its parent's d_subdirs list and holds a reference on
 * the parent, so a cached tree is always connected up to its super block's
 * root. Hashed dentries are also in a hash table keyed by (parent, name),
 * which is how lookups find them without asking the file system.
 *
 * Lifetime: a positive hashed dentry whose count drops to zero stays cached
 * (its inode stays referenced) until its super block is unmounted. Negative
 * and unhashed (removed) dentries are freed with their last reference.
 *
 * Locking: dcache_lock (spinlock) protects d_count, d_hashed, the hash
 * chains and the child lists. d_parent, d_name and d_inode change only
 * under vfs_ns_lock. Freeing (iput, kfree) happens outside dcache_lock.
 */
#include "fs/vfs/internal.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define D_HASH_BITS 10
#define D_HASH_SIZE (1u << D_HASH_BITS)

static struct spinlock dcache_lock = SPINLOCK_INIT("dcache");
static struct list_head d_hash_table[D_HASH_SIZE];
static bool d_hash_ready;

static uint32_t d_hash_name(const struct dentry *parent, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)parent >> 4);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static struct list_head *d_bucket(uint32_t hash)
{
	if (!d_hash_ready) {
		for (unsigned int i = 0; i < D_HASH_SIZE; i++)
			list_init(&d_hash_table[i]);
		d_hash_ready = true;
	}
	return &d_hash_table[hash & (D_HASH_SIZE - 1)];
}

/* Give @d the name @name; 0 or -ENOMEM (then @d keeps its old name). */
static int d_set_name(struct dentry *d, const char *name, size_t len)
{
	char *buf = d->d_iname;

	if (len >= sizeof(d->d_iname)) {
		buf = kmalloc(len + 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (d->d_name && d->d_name != d->d_iname && d->d_name != buf)
		kfree(d->d_name);
	d->d_name = buf;
	d->d_name_len = len;
	return 0;
}

static struct dentry *d_new(struct super_block *sb, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	if (d_set_name(d, name, len) < 0) {
		kfree(d);
		return NULL;
	}
	d->d_count = 1;
	d->d_sb = sb;
	d->d_parent = d;
	list_init(&d->d_hash);
	list_init(&d->d_child);
	list_init(&d->d_subdirs);
	list_init(&d->d_shrink);
	return d;
}

static void d_free(struct dentry *d)
{
	if (d->d_name != d->d_iname)
		kfree(d->d_name);
	if (d->d_inode)
		iput(d->d_inode);
	kfree(d);
}

struct dentry *d_make_root(struct inode *inode)
{
	struct dentry *d = d_new(inode->i_sb, "/", 1);

	if (!d) {
		iput(inode);
		return NULL;
	}
	d->d_inode = inode;
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = d_new(parent->d_sb, name, len);

	if (!d)
		return NULL;
	d->d_name_hash = d_hash_name(parent, name, len);
	spin_lock(&dcache_lock);
	parent->d_count++;
	d->d_parent = parent;
	list_add_tail(&d->d_child, &parent->d_subdirs);
	list_add(&d->d_hash, d_bucket(d->d_name_hash));
	d->d_hashed = true;
	spin_unlock(&dcache_lock);
	return d;
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	uint32_t hash = d_hash_name(parent, name, len);
	struct dentry *d, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, d_bucket(hash), d_hash)
	{
		if (d->d_name_hash == hash && d->d_parent == parent && d->d_name_len == len &&
		    memcmp(d->d_name, name, len) == 0) {
			d->d_count++;
			found = d;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

struct dentry *dget(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	BUG_ON(dentry->d_count <= 0);
	dentry->d_count++;
	spin_unlock(&dcache_lock);
	return dentry;
}

bool d_unlinked(struct dentry *dentry)
{
	bool unlinked;

	spin_lock(&dcache_lock);
	unlinked = !dentry->d_hashed && dentry->d_parent != dentry;
	spin_unlock(&dcache_lock);
	return unlinked;
}

static void d_unhash_locked(struct dentry *d)
{
	if (d->d_hashed) {
		list_del_init(&d->d_hash);
		d->d_hashed = false;
	}
}

void dput(struct dentry *dentry)
{
	while (dentry) {
		struct dentry *parent = NULL;

		spin_lock(&dcache_lock);
		BUG_ON(dentry->d_count <= 0);
		if (--dentry->d_count > 0 || (dentry->d_hashed && dentry->d_inode)) {
			spin_unlock(&dcache_lock);
			return;
		}
		d_unhash_locked(dentry);
		if (dentry->d_parent != dentry) {
			parent = dentry->d_parent;
			list_del_init(&dentry->d_child);
		}
		spin_unlock(&dcache_lock);
		d_free(dentry);
		dentry = parent;
	}
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	BUG_ON(dentry->d_inode);
	dentry->d_inode = inode;
}

void d_add(struct dentry *dentry, struct inode *inode)
{
	if (inode)
		d_instantiate(dentry, inode);
}

void d_drop(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	d_unhash_locked(dentry);
	spin_unlock(&dcache_lock);
}

/* Re-link @d under @parent (which gained a reference for it) and rehash. */
static void d_relink_locked(struct dentry *d, struct dentry *parent)
{
	list_del_init(&d->d_child);
	list_add_tail(&d->d_child, &parent->d_subdirs);
	d->d_parent = parent;
	d->d_name_hash = d_hash_name(parent, d->d_name, d->d_name_len);
	if (d->d_hashed) {
		list_del_init(&d->d_hash);
		list_add(&d->d_hash, d_bucket(d->d_name_hash));
	}
}

int d_move(struct dentry *dentry, struct dentry *parent, const char *name, size_t len)
{
	struct dentry *old_parent = dentry->d_parent;
	int err = d_set_name(dentry, name, len);

	if (err)
		return err;
	spin_lock(&dcache_lock);
	parent->d_count++;
	d_relink_locked(dentry, parent);
	spin_unlock(&dcache_lock);
	dput(old_parent);
	return 0;
}

void d_exchange(struct dentry *a, struct dentry *b)
{
	struct dentry *pa = a->d_parent, *pb = b->d_parent;
	char iname[sizeof(a->d_iname)];
	char *name_a = a->d_name;
	size_t len_a = a->d_name_len;

	/* Swap names without allocating: short names live in d_iname. */
	memcpy(iname, a->d_iname, sizeof(iname));
	memcpy(a->d_iname, b->d_iname, sizeof(iname));
	memcpy(b->d_iname, iname, sizeof(iname));
	a->d_name = b->d_name == b->d_iname ? a->d_iname : b->d_name;
	a->d_name_len = b->d_name_len;
	b->d_name = name_a == a->d_iname ? b->d_iname : name_a;
	b->d_name_len = len_a;
	spin_lock(&dcache_lock);
	d_relink_locked(a, pb);
	d_relink_locked(b, pa);
	spin_unlock(&dcache_lock);
}

bool d_is_ancestor(struct dentry *ancestor, struct dentry *d)
{
	for (;;) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* Post-order: move every unused dentry under @d onto @victims. */
static void d_collect_unused(struct dentry *d, struct list_head *victims)
{
	struct dentry *child, *tmp;

	list_for_each_entry_safe(child, tmp, &d->d_subdirs, d_child)
	{
		d_collect_unused(child, victims);
		if (child->d_count == 0) {
			d_unhash_locked(child);
			list_del_init(&child->d_child);
			list_add_tail(&child->d_shrink, victims);
			d->d_count--;
		}
	}
}

void d_shrink_sb(struct super_block *sb)
{
	LIST_HEAD(victims);
	struct dentry *d, *tmp;

	spin_lock(&dcache_lock);
	d_collect_unused(sb->s_root, &victims);
	spin_unlock(&dcache_lock);
	list_for_each_entry_safe(d, tmp, &victims, d_shrink)
	{
		list_del(&d->d_shrink);
		d_free(d);
	}
}

bool d_sb_busy(struct super_block *sb)
{
	bool busy;

	d_shrink_sb(sb);
	spin_lock(&dcache_lock);
	busy = !list_empty(&sb->s_root->d_subdirs);
	spin_unlock(&dcache_lock);
	return busy;
}
