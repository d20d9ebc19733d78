/*
 * fs/tmpfs/super.c - tmpfs super blocks: mount options, inode allocation,
 * statfs and teardown.
 */
#include "fs/tmpfs/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/errno.h"

struct tmpfs_opts {
	uint64_t max_pages;
	uint32_t mode, uid, gid;
};

static struct inode *tmpfs_alloc_inode(struct super_block *sb)
{
	struct tmpfs_inode *ti = kzalloc(sizeof(*ti), GFP_KERNEL);

	if (!ti)
		return NULL;
	list_init(&ti->entries);
	list_init(&ti->xattrs);
	ti->next_cookie = 2;
	return &ti->vfs;
}

static void tmpfs_destroy_inode(struct inode *inode)
{
	kfree(TMPFS_I(inode));
}

static void tmpfs_evict_inode(struct inode *inode)
{
	struct tmpfs_inode *ti = TMPFS_I(inode);

	tmpfs_free_data(inode);
	tmpfs_dir_free(ti);
	tmpfs_xattr_free_all(ti);
	kfree(ti->target);
	ti->target = NULL;
}

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	sb->s_fs_info = NULL;
}

static int tmpfs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	struct tmpfs_sb *sbi = TMPFS_SB(sb);

	st->f_type = TMPFS_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	spin_lock(&sbi->lock);
	if (sbi->max_pages) {
		st->f_blocks = (int64_t)sbi->max_pages;
		st->f_bfree = (int64_t)(sbi->max_pages - sbi->used_pages);
		st->f_bavail = st->f_bfree;
	}
	spin_unlock(&sbi->lock);
	return 0;
}

static const struct super_operations tmpfs_sops = {
	.alloc_inode = tmpfs_alloc_inode,
	.destroy_inode = tmpfs_destroy_inode,
	.evict_inode = tmpfs_evict_inode,
	.put_super = tmpfs_put_super,
	.statfs = tmpfs_statfs,
};

/* Parse a number with an optional k/m/g suffix (for size=). */
static int parse_size(const char *s, uint64_t *out)
{
	char buf[32];
	size_t len = strlen(s);
	unsigned int shift = 0;
	unsigned long long n;
	int err;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len + 1);
	switch (buf[len - 1]) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		break;
	}
	if (shift)
		buf[len - 1] = '\0';
	err = kstrtoull(buf, 0, &n);
	if (err)
		return err;
	if (n > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = n << shift;
	return 0;
}

static int parse_one(struct tmpfs_opts *o, char *opt)
{
	char *val = strchr(opt, '=');
	unsigned long long n;
	uint64_t bytes;
	int err;

	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (strcmp(opt, "size") == 0) {
		err = parse_size(val, &bytes);
		if (!err)
			o->max_pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
		return err;
	}
	err = kstrtoull(val, strcmp(opt, "mode") == 0 ? 8 : 10, &n);
	if (err)
		return err;
	if (strcmp(opt, "mode") == 0 && n <= 07777)
		o->mode = (uint32_t)n;
	else if (strcmp(opt, "uid") == 0 && n <= UINT32_MAX)
		o->uid = (uint32_t)n;
	else if (strcmp(opt, "gid") == 0 && n <= UINT32_MAX)
		o->gid = (uint32_t)n;
	else
		return -EINVAL;
	return 0;
}

static int parse_opts(struct tmpfs_opts *o, const char *data)
{
	char buf[256];
	char *p = buf;
	int err = 0;

	if (!data)
		return 0;
	if (strlcpy(buf, data, sizeof(buf)) >= sizeof(buf))
		return -EINVAL;
	while (*p && !err) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		if (*p)
			err = parse_one(o, p);
		p = comma ? comma + 1 : p + strlen(p);
	}
	return err;
}

static int tmpfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct tmpfs_opts o = {.mode = 01777};
	const struct cred owner = {.fsuid = 0};
	struct tmpfs_sb *sbi;
	struct inode *root;
	int err;

	err = parse_opts(&o, data);
	if (err)
		return err;
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	spin_lock_init(&sbi->lock, "tmpfs_sb");
	sbi->max_pages = o.max_pages;
	sbi->next_ino = 1;
	sb->s_fs_info = sbi;
	sb->s_op = &tmpfs_sops;
	sb->s_magic = TMPFS_MAGIC;
	/* Two-level page table: leaves are addressed by a kmalloc'ed array. */
	sb->s_maxbytes =
	    (int64_t)((KMALLOC_MAX_SIZE / sizeof(void **)) * TMPFS_LEAF_ENTRIES * PAGE_SIZE);
	root = tmpfs_new_inode(sb, NULL, S_IFDIR | o.mode, 0, &owner);
	if (!root)
		return -ENOMEM;
	root->i_uid = o.uid;
	root->i_gid = o.gid;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type tmpfs_type = {
	.name = "tmpfs",
	.fill_super = tmpfs_fill_super,
};

int tmpfs_register(void)
{
	static bool registered;
	int err;

	if (registered)
		return 0;
	err = register_filesystem(&tmpfs_type);
	if (!err)
		registered = true;
	return err;
}
