/*
 * fs/ext4/xattr.c - extended attributes: getxattr, setxattr, listxattr,
 * removexattr, and letting go of a deleted inode's attribute block.
 *
 * An inode's attributes are kept in the space after i_extra_isize in its
 * on-disk record ("in-inode") and in one block named by i_file_acl
 * (xattr_format.c describes both). Every operation reads both areas into
 * sorted lists, works on the lists, and writes back only the areas that
 * changed, inside one journal handle. A new or replaced attribute goes
 * into the inode when it fits there, else into the block; when neither
 * has room, -ENOSPC and nothing changes (values are never stored in
 * inodes of their own: no ea_inode).
 *
 * A block may be shared by inodes with identical attributes (h_refcount,
 * made by e2fsck or Linux): a shared block is never changed in place;
 * the inode gets a copy of its own and the old block loses a reference.
 * The last user of a block frees it. Block checksum (metadata_csum):
 * CRC-32C of the 64-bit block number, then of the block with h_checksum
 * taken as zero.
 *
 * Locking: the VFS calls under vfs_ns_lock; the inode's i_lock is taken
 * around the whole operation (i_blocks and the on-disk record change
 * with writes and truncation too), before the journal handle.
 */
#include "fs/ext4/xattr.h"
#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "uapi/xattr.h"

/* The inode record, the old block's release, a new block's allocation. */
#define XATTR_CREDITS 16

static const struct {
	const char *prefix;
	uint8_t index;
} xattr_prefixes[] = {
    {XATTR_USER_PREFIX, EXT4_XATTR_INDEX_USER},
    {XATTR_TRUSTED_PREFIX, EXT4_XATTR_INDEX_TRUSTED},
    {XATTR_SECURITY_PREFIX, EXT4_XATTR_INDEX_SECURITY},
};

#define N_PREFIXES (sizeof(xattr_prefixes) / sizeof(xattr_prefixes[0]))

/* Split a full name into an index and the rest; -EOPNOTSUPP for other prefixes. */
static int name_split(const char *name, const char **suffix, uint8_t *len)
{
	for (size_t i = 0; i < N_PREFIXES; i++) {
		size_t plen = strlen(xattr_prefixes[i].prefix);

		if (!strncmp(name, xattr_prefixes[i].prefix, plen)) {
			*suffix = name + plen;
			*len = (uint8_t)strlen(*suffix);
			return xattr_prefixes[i].index;
		}
	}
	return -EOPNOTSUPP;
}

/* The prefix of @index, or NULL for attributes not listed (ACLs, system). */
static const char *index_prefix(uint8_t index)
{
	for (size_t i = 0; i < N_PREFIXES; i++)
		if (xattr_prefixes[i].index == index)
			return xattr_prefixes[i].prefix;
	return NULL;
}

/* ----- where the areas are ----- */

struct xattr_state {
	struct ext4_xattr_list ibody, block;
	uint32_t refcount; /* of the block at i_file_acl */
};

static void state_free(struct xattr_state *st)
{
	ext4_xattr_list_free(&st->ibody);
	ext4_xattr_list_free(&st->block);
}

/* The attribute (index, name) in either area, or NULL. */
static const struct ext4_xattr *state_find(const struct xattr_state *st, uint8_t index,
					   const char *name, uint8_t len)
{
	int at = ext4_xattr_list_find(&st->ibody, index, name, len);

	if (at >= 0)
		return &st->ibody.attrs[at];
	at = ext4_xattr_list_find(&st->block, index, name, len);
	return at >= 0 ? &st->block.attrs[at] : NULL;
}

/* Bytes after i_extra_isize in the inode record (magic included); 0 when
 * too small for even one empty area. */
static size_t ibody_size(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	size_t used = EXT4_GOOD_OLD_INODE_SIZE + EXT4_I(inode)->i_extra_isize;

	if (sbi->s_inode_size <= EXT4_GOOD_OLD_INODE_SIZE || sbi->s_inode_size < used + 8)
		return 0;
	return sbi->s_inode_size - used;
}

/* The buffer of @inode's record and where its in-inode area starts. */
static struct buffer_head *ibody_buffer(struct inode *inode, uint32_t *area)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct buffer_head *bh;
	uint64_t block;
	uint32_t offset;
	int err = ext4_inode_location(inode->i_sb, (uint32_t)inode->i_ino, &block, &offset);

	if (err)
		return ERR_PTR(err);
	bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	*area = offset + EXT4_GOOD_OLD_INODE_SIZE + EXT4_I(inode)->i_extra_isize;
	return bh;
}

static int load_ibody(struct inode *inode, struct ext4_xattr_list *list)
{
	size_t size = ibody_size(inode);
	struct buffer_head *bh;
	uint8_t *area;
	uint32_t at;
	int err = 0;

	if (!size)
		return 0;
	bh = ibody_buffer(inode, &at);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	area = (uint8_t *)bh->b_data + at;
	lock_buffer(bh);
	if (le32(*(uint32_t *)area) == EXT4_XATTR_MAGIC)
		err = ext4_xattr_parse(area + 4, 0, size - 4, list);
	unlock_buffer(bh);
	brelse(bh);
	if (err == -EUCLEAN)
		ext4_error(inode->i_sb, "inode %llu: bad in-inode extended attributes",
			   (unsigned long long)inode->i_ino);
	return err;
}

static uint32_t block_csum(struct ext4_sb_info *sbi, uint64_t block, const uint8_t *data)
{
	const size_t at = offsetof(struct ext4_xattr_header, h_checksum);
	uint64_t le_block = le64(block);
	uint32_t zero = 0, c;

	c = ext4_crc32c(sbi->s_csum_seed, &le_block, sizeof(le_block));
	c = ext4_crc32c(c, data, at);
	c = ext4_crc32c(c, &zero, sizeof(zero));
	return ext4_crc32c(c, data + at + 4, sbi->s_block_size - at - 4);
}

/* Read and check the attribute block @block; ERR_PTR (-EUCLEAN logged). */
static struct buffer_head *read_block(struct inode *inode, uint64_t block)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct buffer_head *bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	struct ext4_xattr_header *hdr;
	bool ok;

	if (IS_ERR(bh))
		return bh;
	hdr = bh->b_data;
	lock_buffer(bh);
	ok = le32(hdr->h_magic) == EXT4_XATTR_MAGIC && le32(hdr->h_blocks) == 1 &&
	     le32(hdr->h_refcount) != 0 &&
	     (!sbi->s_metadata_csum || le32(hdr->h_checksum) == block_csum(sbi, block, bh->b_data));
	unlock_buffer(bh);
	if (ok)
		return bh;
	brelse(bh);
	ext4_error(inode->i_sb, "inode %llu: bad xattr block %llu",
		   (unsigned long long)inode->i_ino, (unsigned long long)block);
	return ERR_PTR(-EUCLEAN);
}

static int load_block(struct inode *inode, struct xattr_state *st)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint64_t block = EXT4_I(inode)->i_file_acl;
	struct buffer_head *bh;
	int err;

	if (!block)
		return 0;
	bh = read_block(inode, block);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	st->refcount = le32(((struct ext4_xattr_header *)bh->b_data)->h_refcount);
	err = ext4_xattr_parse(bh->b_data, sizeof(struct ext4_xattr_header), sbi->s_block_size,
			       &st->block);
	unlock_buffer(bh);
	brelse(bh);
	if (err == -EUCLEAN)
		ext4_error(inode->i_sb, "inode %llu: bad entries in xattr block %llu",
			   (unsigned long long)inode->i_ino, (unsigned long long)block);
	return err;
}

static int load(struct inode *inode, struct xattr_state *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	err = load_ibody(inode, &st->ibody);
	if (!err)
		err = load_block(inode, st);
	if (err)
		state_free(st);
	return err;
}

/* ----- writing the areas back ----- */

static int store_ibody(struct ext4_handle *h, struct inode *inode,
		       const struct ext4_xattr_list *list)
{
	size_t size = ibody_size(inode);
	struct buffer_head *bh;
	uint8_t *area;
	uint32_t at;
	int err;

	bh = ibody_buffer(inode, &at);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	err = ext4_journal_get_write_access(h, bh);
	if (!err) {
		area = (uint8_t *)bh->b_data + at;
		lock_buffer(bh);
		memset(area, 0, size);
		if (list->count) {
			*(uint32_t *)area = le32(EXT4_XATTR_MAGIC);
			ext4_xattr_store(area + 4, 0, size - 4, list);
		}
		unlock_buffer(bh);
	}
	brelse(bh); /* ext4_write_inode dirties the record with its checksum */
	return err;
}

/* Write @list as the whole contents of block @bh (number @block). */
static void fill_block(struct ext4_sb_info *sbi, struct buffer_head *bh,
		       const struct ext4_xattr_list *list)
{
	struct ext4_xattr_header *hdr = bh->b_data;

	lock_buffer(bh);
	memset(hdr, 0, sizeof(*hdr));
	hdr->h_magic = le32(EXT4_XATTR_MAGIC);
	hdr->h_refcount = le32(1);
	hdr->h_blocks = le32(1);
	hdr->h_hash = le32(ext4_xattr_store(bh->b_data, sizeof(*hdr), sbi->s_block_size, list));
	if (sbi->s_metadata_csum)
		hdr->h_checksum = le32(block_csum(sbi, bh->b_blocknr, bh->b_data));
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
}

/* Rewrite the inode's own (unshared) block in place. */
static int rewrite_block(struct ext4_handle *h, struct inode *inode,
			 const struct ext4_xattr_list *list)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct buffer_head *bh = read_block(inode, EXT4_I(inode)->i_file_acl);
	int err;

	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	err = ext4_journal_get_write_access(h, bh);
	if (!err) {
		fill_block(sbi, bh, list);
		err = ext4_handle_dirty_metadata(h, inode, bh);
	}
	brelse(bh);
	return err;
}

/* A new block for @list; the old one (shared, or none) is let go of. */
static int new_block(struct ext4_handle *h, struct inode *inode, const struct ext4_xattr_list *list)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t group = (uint32_t)((inode->i_ino - 1) / sbi->s_inodes_per_group);
	struct buffer_head *bh;
	uint64_t pblk;
	uint32_t got;
	int err;

	err = ext4_new_blocks(h, inode->i_sb, ext4_group_first_block(sbi, group), 1, &pblk, &got);
	if (err)
		return err;
	bh = bget(sbi->s_bdev, pblk, sbi->s_block_size);
	if (IS_ERR(bh)) {
		ext4_free_blocks(h, inode->i_sb, pblk, 1);
		return (int)PTR_ERR(bh);
	}
	err = ext4_journal_get_create_access(h, bh);
	if (!err) {
		fill_block(sbi, bh, list);
		err = ext4_handle_dirty_metadata(h, inode, bh);
	}
	brelse(bh);
	if (!err)
		err = ext4_xattr_release(h, inode);
	if (err) {
		ext4_free_blocks(h, inode->i_sb, pblk, 1);
		return err;
	}
	EXT4_I(inode)->i_file_acl = pblk;
	ext4_inode_add_blocks(inode, 1);
	return 0;
}

static int store_block(struct ext4_handle *h, struct inode *inode, struct xattr_state *st)
{
	if (!st->block.count)
		return ext4_xattr_release(h, inode);
	if (EXT4_I(inode)->i_file_acl && st->refcount == 1)
		return rewrite_block(h, inode, &st->block);
	return new_block(h, inode, &st->block);
}

/* ----- the operations ----- */

static bool ibody_fits(struct inode *inode, const struct ext4_xattr_list *list)
{
	return ext4_xattr_list_space(list) + 4 <= ibody_size(inode);
}

static bool block_fits(struct inode *inode, const struct ext4_xattr_list *list)
{
	return ext4_xattr_list_space(list) + sizeof(struct ext4_xattr_header) <=
	       EXT4_SB(inode->i_sb)->s_block_size;
}

long ext4_getxattr(struct dentry *dentry, const char *name, void *buf, size_t size)
{
	struct inode *inode = dentry->d_inode;
	struct xattr_state st;
	const struct ext4_xattr *a;
	const char *suffix;
	uint8_t len;
	int index = name_split(name, &suffix, &len);
	long ret;

	if (index < 0)
		return index;
	mutex_lock(&inode->i_lock);
	ret = load(inode, &st);
	mutex_unlock(&inode->i_lock);
	if (ret)
		return ret;
	a = state_find(&st, (uint8_t)index, suffix, len);
	if (!a)
		ret = -ENODATA;
	else if (size && size < a->size)
		ret = -ERANGE;
	else
		ret = a->size;
	if (ret > 0 && size)
		memcpy(buf, a->value, a->size);
	state_free(&st);
	return ret;
}

/* Append the visible names of @list to @buf (@size 0: only count). */
static long list_names(const struct ext4_xattr_list *list, const struct cred *cred, char *buf,
		       size_t size, size_t used)
{
	for (unsigned int i = 0; i < list->count; i++) {
		const struct ext4_xattr *a = &list->attrs[i];
		const char *prefix = index_prefix(a->index);
		size_t plen, len;

		if (!prefix || (a->index == EXT4_XATTR_INDEX_TRUSTED &&
				!vfs_xattr_visible(cred, XATTR_TRUSTED_PREFIX)))
			continue;
		plen = strlen(prefix);
		len = plen + a->name_len + 1;
		if (size && used + len > size)
			return -ERANGE;
		if (size) {
			memcpy(buf + used, prefix, plen);
			memcpy(buf + used + plen, a->name, a->name_len);
			buf[used + len - 1] = '\0';
		}
		used += len;
	}
	return (long)used;
}

long ext4_listxattr(struct dentry *dentry, char *buf, size_t size, const struct cred *cred)
{
	struct inode *inode = dentry->d_inode;
	struct xattr_state st;
	long ret;

	mutex_lock(&inode->i_lock);
	ret = load(inode, &st);
	mutex_unlock(&inode->i_lock);
	if (ret)
		return ret;
	ret = list_names(&st.ibody, cred, buf, size, 0);
	if (ret >= 0)
		ret = list_names(&st.block, cred, buf, size, (size_t)ret);
	state_free(&st);
	return ret;
}

/* What a change does: set (@value, @size, @flags) or remove (@remove). */
struct xattr_change {
	uint8_t index, len;
	const char *suffix;
	const void *value;
	uint32_t size;
	int flags;
	bool remove;
};

/* Apply @c to the lists; *@ibody / *@block say which area changed. */
static int apply_change(struct inode *inode, struct xattr_state *st, const struct xattr_change *c,
			bool *ibody, bool *block)
{
	int in_ibody = ext4_xattr_list_find(&st->ibody, c->index, c->suffix, c->len);
	int in_block = ext4_xattr_list_find(&st->block, c->index, c->suffix, c->len);
	bool exists = in_ibody >= 0 || in_block >= 0;
	int at;

	if (!exists && (c->remove || (c->flags & XATTR_REPLACE)))
		return -ENODATA;
	if (exists && (c->flags & XATTR_CREATE))
		return -EEXIST;
	*ibody = in_ibody >= 0;
	*block = in_block >= 0;
	if (in_ibody >= 0)
		ext4_xattr_list_del(&st->ibody, (unsigned int)in_ibody);
	if (in_block >= 0)
		ext4_xattr_list_del(&st->block, (unsigned int)in_block);
	if (c->remove)
		return 0;
	/* The inode when everything there still fits, else the block. */
	at = ext4_xattr_list_add(&st->ibody, c->index, c->suffix, c->len, c->value, c->size);
	if (at < 0)
		return at;
	if (ibody_fits(inode, &st->ibody)) {
		*ibody = true;
		return 0;
	}
	ext4_xattr_list_del(&st->ibody, (unsigned int)at);
	at = ext4_xattr_list_add(&st->block, c->index, c->suffix, c->len, c->value, c->size);
	if (at < 0)
		return at;
	if (!block_fits(inode, &st->block))
		return -ENOSPC;
	*block = true;
	return 0;
}

static int change(struct dentry *dentry, const struct xattr_change *c)
{
	struct inode *inode = dentry->d_inode;
	struct xattr_state st;
	struct ext4_handle *h;
	bool ibody = false, block = false;
	int err;

	if (ext4_sb_rdonly(inode->i_sb))
		return -EROFS;
	if (!(le32(EXT4_SB(inode->i_sb)->s_es->s_feature_compat) & EXT4_FEATURE_COMPAT_EXT_ATTR))
		return -EOPNOTSUPP;
	mutex_lock(&inode->i_lock);
	err = load(inode, &st);
	if (err)
		goto out_unlock;
	err = apply_change(inode, &st, c, &ibody, &block);
	if (err)
		goto out_free;
	h = ext4_journal_start(inode->i_sb, XATTR_CREDITS);
	if (IS_ERR(h)) {
		err = (int)PTR_ERR(h);
		goto out_free;
	}
	if (block)
		err = store_block(h, inode, &st);
	if (!err && ibody)
		err = store_ibody(h, inode, &st.ibody);
	if (!err) {
		inode->i_ctime = vfs_now();
		err = ext4_write_inode(h, inode);
	}
	ext4_journal_stop(h);
out_free:
	state_free(&st);
out_unlock:
	mutex_unlock(&inode->i_lock);
	return err;
}

int ext4_setxattr(struct dentry *dentry, const char *name, const void *value, size_t size,
		  int flags)
{
	struct xattr_change c = {.value = value, .size = (uint32_t)size, .flags = flags};
	int index = name_split(name, &c.suffix, &c.len);

	if (index < 0)
		return index;
	c.index = (uint8_t)index;
	return change(dentry, &c);
}

int ext4_removexattr(struct dentry *dentry, const char *name)
{
	struct xattr_change c = {.remove = true};
	int index = name_split(name, &c.suffix, &c.len);

	if (index < 0)
		return index;
	c.index = (uint8_t)index;
	return change(dentry, &c);
}

/* ----- deleted inodes ----- */

int ext4_xattr_release(struct ext4_handle *h, struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_xattr_header *hdr;
	struct buffer_head *bh;
	uint64_t block = ei->i_file_acl;
	uint32_t refs;
	int err = 0;

	if (!block)
		return 0;
	bh = bread(sbi->s_bdev, block, sbi->s_block_size);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	hdr = bh->b_data;
	refs = le32(hdr->h_refcount);
	if (le32(hdr->h_magic) != EXT4_XATTR_MAGIC || refs == 0) {
		ext4_error(inode->i_sb, "inode %llu: bad xattr block %llu",
			   (unsigned long long)inode->i_ino, (unsigned long long)block);
		brelse(bh);
		return -EUCLEAN;
	}
	if (refs == 1) {
		err = ext4_journal_revoke(h, block, bh);
		if (!err)
			err = ext4_free_blocks(h, inode->i_sb, block, 1);
	} else {
		ext4_journal_get_write_access(h, bh);
		lock_buffer(bh);
		hdr->h_refcount = le32(refs - 1);
		if (sbi->s_metadata_csum)
			hdr->h_checksum = le32(block_csum(sbi, block, bh->b_data));
		unlock_buffer(bh);
		err = ext4_handle_dirty_metadata(h, inode, bh);
	}
	brelse(bh);
	ext4_inode_sub_blocks(inode, 1);
	ei->i_file_acl = 0;
	return err;
}
