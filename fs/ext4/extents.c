/*
 * fs/ext4/extents.c - the extent tree that maps a file's logical blocks
 * to physical ones.
 *
 * The root lives in the inode's i_block (a 12-byte header and 4 entries);
 * deeper nodes are whole blocks ending in a CRC-32C tail. Nodes of depth 0
 * (leaves) hold extents (first logical block, length, first physical
 * block; a length above 32768 marks an unwritten extent); the others hold
 * index entries (first logical block covered, child block). Every node is
 * checked when read: magic, counts, depth, sorted non-overlapping entries,
 * block numbers inside the file system, checksum.
 *
 * A walk from the root records a path: at each level the node and the
 * entry followed (the last one whose key is <= the block looked for).
 * Insertion merges with a neighbour when it can, else adds an entry; a
 * full leaf is split (or, when appending, a new empty leaf is started),
 * which may split index nodes on the way up; when every level is full the
 * tree grows one level: the root's entries move into a new block.
 * Unwritten extents (fallocate) become written one range of blocks at a
 * time: a written neighbour grows over the range when it can, else the
 * extent is cut in up to three pieces in its leaf (split first if full).
 * Truncation walks the tree from the right and frees whole extents,
 * the tail of a straddling one, and nodes left empty, one step at a time:
 * after each step the tree on disk is consistent, so a long truncation can
 * continue in a new journal transaction (the inode is on the orphan list
 * meanwhile, and the next mount finishes the work after a crash).
 *
 * Journal rules: a node block gets write access before it changes, and
 * freed node blocks (and the blocks of directories and symlinks, which
 * are journaled metadata) are revoked.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"

struct ext_path {
	struct buffer_head *bh; /* NULL for the root in i_block */
	struct ext4_extent_header *hdr;
	int idx; /* entry followed; -1 in a leaf: before the first extent */
};

static struct ext4_extent_header *root_header(struct inode *inode)
{
	return (struct ext4_extent_header *)EXT4_I(inode)->i_data;
}

static struct ext4_extent *first_extent(struct ext4_extent_header *hdr)
{
	return (struct ext4_extent *)(hdr + 1);
}

static struct ext4_extent_idx *first_index(struct ext4_extent_header *hdr)
{
	return (struct ext4_extent_idx *)(hdr + 1);
}

static uint64_t ext_pblk(const struct ext4_extent *ex)
{
	return le32(ex->ee_start_lo) | (uint64_t)le16(ex->ee_start_hi) << 32;
}

static void ext_set_pblk(struct ext4_extent *ex, uint64_t pblk)
{
	ex->ee_start_lo = le32((uint32_t)pblk);
	ex->ee_start_hi = le16((uint16_t)(pblk >> 32));
}

static uint32_t ext_len(const struct ext4_extent *ex)
{
	uint32_t len = le16(ex->ee_len);

	return len <= EXT4_EXT_INIT_MAX_LEN ? len : len - EXT4_EXT_INIT_MAX_LEN;
}

static bool ext_unwritten(const struct ext4_extent *ex)
{
	return le16(ex->ee_len) > EXT4_EXT_INIT_MAX_LEN;
}

/* The first logical block after @ex. */
static uint64_t ext_end(const struct ext4_extent *ex)
{
	return (uint64_t)le32(ex->ee_block) + ext_len(ex);
}

/* Longest extent of its kind (ee_len 32768 is a written one). */
static uint32_t ext_max_len(bool unwritten)
{
	return unwritten ? EXT4_EXT_UNWRITTEN_MAX_LEN : EXT4_EXT_INIT_MAX_LEN;
}

static void ext_set_len(struct ext4_extent *ex, uint32_t len, bool unwritten)
{
	ex->ee_len = le16((uint16_t)(unwritten ? len + EXT4_EXT_INIT_MAX_LEN : len));
}

static uint64_t idx_pblk(const struct ext4_extent_idx *ix)
{
	return le32(ix->ei_leaf_lo) | (uint64_t)le16(ix->ei_leaf_hi) << 32;
}

static void idx_set_pblk(struct ext4_extent_idx *ix, uint64_t pblk)
{
	ix->ei_leaf_lo = le32((uint32_t)pblk);
	ix->ei_leaf_hi = le16((uint16_t)(pblk >> 32));
	ix->ei_unused = 0;
}

static uint16_t node_max(struct inode *inode, bool root)
{
	uint32_t bytes = root ? sizeof(EXT4_I(inode)->i_data) : EXT4_SB(inode->i_sb)->s_block_size;

	return (uint16_t)((bytes - sizeof(struct ext4_extent_header)) / sizeof(struct ext4_extent));
}

/* ----- checking nodes ----- */

static struct ext4_extent_tail *node_tail(struct ext4_extent_header *hdr)
{
	return (struct ext4_extent_tail *)((uint8_t *)(hdr + 1) +
					   le16(hdr->eh_max) * sizeof(struct ext4_extent));
}

static uint32_t node_csum(struct inode *inode, struct ext4_extent_header *hdr)
{
	size_t len = (uint8_t *)node_tail(hdr) - (uint8_t *)hdr;

	return ext4_crc32c(EXT4_I(inode)->i_csum_seed, hdr, len);
}

static bool leaf_entries_ok(struct inode *inode, struct ext4_extent_header *hdr)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_extent *ex = first_extent(hdr);
	uint64_t next = 0;

	for (uint16_t i = 0; i < le16(hdr->eh_entries); i++, ex++) {
		uint32_t len = ext_len(ex);

		if (len == 0 || le32(ex->ee_block) < next ||
		    (uint64_t)le32(ex->ee_block) + len - 1 > EXT4_MAX_LBLK ||
		    !ext4_blocks_valid(sbi, ext_pblk(ex), len))
			return false;
		next = (uint64_t)le32(ex->ee_block) + len;
	}
	return true;
}

static bool index_entries_ok(struct inode *inode, struct ext4_extent_header *hdr)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_extent_idx *ix = first_index(hdr);

	if (le16(hdr->eh_entries) == 0)
		return false;
	for (uint16_t i = 0; i < le16(hdr->eh_entries); i++, ix++) {
		if (i && le32(ix->ei_block) <= le32(ix[-1].ei_block))
			return false;
		if (!ext4_blocks_valid(sbi, idx_pblk(ix), 1))
			return false;
	}
	return true;
}

/* Check a node of depth @depth; @root: the one in i_block. */
static int check_node(struct inode *inode, struct ext4_extent_header *hdr, unsigned int depth,
		      bool root, uint64_t pblk)
{
	const char *why = NULL;

	if (le16(hdr->eh_magic) != EXT4_EXT_MAGIC)
		why = "bad magic";
	else if (le16(hdr->eh_max) != node_max(inode, root))
		why = "bad maximum";
	else if (le16(hdr->eh_entries) > le16(hdr->eh_max))
		why = "too many entries";
	else if (le16(hdr->eh_depth) != depth || depth > EXT4_EXT_MAX_DEPTH)
		why = "bad depth";
	else if (!root && EXT4_SB(inode->i_sb)->s_metadata_csum &&
		 le32(node_tail(hdr)->et_checksum) != node_csum(inode, hdr))
		why = "checksum mismatch";
	else if (depth == 0 ? !leaf_entries_ok(inode, hdr) : !index_entries_ok(inode, hdr))
		why = "bad entries";
	if (!why)
		return 0;
	ext4_error(inode->i_sb, "inode %llu: extent node %llu: %s",
		   (unsigned long long)inode->i_ino, (unsigned long long)pblk, why);
	return -EUCLEAN;
}

int ext4_ext_check_root(struct inode *inode)
{
	struct ext4_extent_header *hdr = root_header(inode);

	return check_node(inode, hdr, le16(hdr->eh_depth), true, 0);
}

void ext4_ext_init_root(struct inode *inode)
{
	struct ext4_inode_info *ei = EXT4_I(inode);
	struct ext4_extent_header *hdr = root_header(inode);

	memset(ei->i_data, 0, sizeof(ei->i_data));
	hdr->eh_magic = le16(EXT4_EXT_MAGIC);
	hdr->eh_max = le16(node_max(inode, true));
	ei->i_flags |= EXT4_EXTENTS_FL;
}

/* ----- paths ----- */

static void path_release(struct ext_path *path, int depth)
{
	for (int i = 0; i <= depth; i++) {
		brelse(path[i].bh);
		path[i].bh = NULL;
	}
}

/* Entry to follow in an index node: the last with key <= lblk, or the first. */
static int index_search(struct ext4_extent_header *hdr, uint32_t lblk)
{
	struct ext4_extent_idx *ix = first_index(hdr);
	int lo = 1, hi = le16(hdr->eh_entries) - 1, found = 0;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (le32(ix[mid].ei_block) <= lblk) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* In a leaf: the last extent starting at or before lblk, or -1. */
static int leaf_search(struct ext4_extent_header *hdr, uint32_t lblk)
{
	struct ext4_extent *ex = first_extent(hdr);
	int lo = 0, hi = le16(hdr->eh_entries) - 1, found = -1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (le32(ex[mid].ee_block) <= lblk) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* Walk from the root towards @lblk; returns the depth or a negative errno. */
static int find_path(struct inode *inode, uint32_t lblk, struct ext_path *path)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_extent_header *hdr = root_header(inode);
	int depth = le16(hdr->eh_depth);
	int err;

	err = check_node(inode, hdr, (unsigned int)depth, true, 0);
	if (err)
		return err;
	memset(path, 0, sizeof(*path) * (EXT4_EXT_MAX_DEPTH + 1));
	for (int level = 0;; level++) {
		struct buffer_head *bh;
		uint64_t child;

		path[level].hdr = hdr;
		if (level == depth) {
			path[level].idx = leaf_search(hdr, lblk);
			return depth;
		}
		path[level].idx = index_search(hdr, lblk);
		child = idx_pblk(first_index(hdr) + path[level].idx);
		bh = bread(sbi->s_bdev, child, sbi->s_block_size);
		if (IS_ERR(bh)) {
			path_release(path, level);
			return (int)PTR_ERR(bh);
		}
		path[level + 1].bh = bh;
		hdr = bh->b_data;
		err = check_node(inode, hdr, (unsigned int)(depth - level - 1), false, child);
		if (err) {
			path_release(path, level + 1);
			return err;
		}
	}
}

/* Before changing the node of @p: write access to its block (the root lives
 * in the inode, which ext4_write_inode journals). */
static int node_access(struct ext4_handle *h, struct ext_path *p)
{
	return p->bh ? ext4_journal_get_write_access(h, p->bh) : 0;
}

/* A node changed: checksum it and dirty its block, or the inode for the root. */
static int node_dirty(struct ext4_handle *h, struct inode *inode, struct ext_path *p)
{
	if (!p->bh)
		return ext4_write_inode(h, inode);
	lock_buffer(p->bh);
	if (EXT4_SB(inode->i_sb)->s_metadata_csum)
		node_tail(p->hdr)->et_checksum = le32(node_csum(inode, p->hdr));
	unlock_buffer(p->bh);
	return ext4_handle_dirty_metadata(h, inode, p->bh);
}

/* ----- lookup ----- */

/* Start of the first extent after the path's position, or 2^32. */
static uint64_t next_start(struct ext_path *path, int depth)
{
	struct ext4_extent_header *leaf = path[depth].hdr;

	if (path[depth].idx + 1 < le16(leaf->eh_entries))
		return le32(first_extent(leaf)[path[depth].idx + 1].ee_block);
	for (int level = depth - 1; level >= 0; level--) {
		struct ext4_extent_header *hdr = path[level].hdr;

		if (path[level].idx + 1 < le16(hdr->eh_entries))
			return le32(first_index(hdr)[path[level].idx + 1].ei_block);
	}
	return (uint64_t)EXT4_MAX_LBLK + 1;
}

int ext4_ext_map(struct inode *inode, struct ext4_map *map)
{
	struct ext_path path[EXT4_EXT_MAX_DEPTH + 1];
	int depth = find_path(inode, map->lblk, path);
	struct ext4_extent *ex;
	uint64_t next;

	if (depth < 0)
		return depth;
	map->flags = 0;
	map->pblk = 0;
	if (path[depth].idx >= 0) {
		ex = first_extent(path[depth].hdr) + path[depth].idx;
		if (map->lblk < (uint64_t)le32(ex->ee_block) + ext_len(ex)) {
			uint32_t off = map->lblk - le32(ex->ee_block);

			map->pblk = ext_pblk(ex) + off;
			map->len = ext_len(ex) - off;
			map->ext_start = le32(ex->ee_block);
			map->flags = EXT4_MAP_MAPPED | (ext_unwritten(ex) ? EXT4_MAP_UNWRITTEN : 0);
			path_release(path, depth);
			return 0;
		}
		/* A hole after this extent: allocate right behind it. */
		map->pblk = ext_pblk(ex) + (map->lblk - le32(ex->ee_block));
	}
	next = next_start(path, depth);
	map->len = next - map->lblk > UINT32_MAX ? UINT32_MAX : (uint32_t)(next - map->lblk);
	path_release(path, depth);
	return 0;
}

/* ----- insertion ----- */

uint64_t ext4_alloc_goal(struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint32_t group = (uint32_t)((inode->i_ino - 1) / sbi->s_inodes_per_group);

	return EXT4_I(inode)->i_alloc_goal ? EXT4_I(inode)->i_alloc_goal
					   : ext4_group_first_block(sbi, group);
}

/* A new tree block, zeroed, with a header of @depth. */
static struct buffer_head *new_node(struct ext4_handle *h, struct inode *inode, unsigned int depth)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	struct ext4_extent_header *hdr;
	struct buffer_head *bh;
	uint64_t pblk;
	uint32_t got;
	int err;

	err = ext4_new_blocks(h, inode->i_sb, ext4_alloc_goal(inode), 1, &pblk, &got);
	if (err)
		return ERR_PTR(err);
	bh = bget(sbi->s_bdev, pblk, sbi->s_block_size);
	if (IS_ERR(bh)) {
		ext4_free_blocks(h, inode->i_sb, pblk, 1);
		return bh;
	}
	ext4_journal_get_create_access(h, bh);
	lock_buffer(bh);
	memset(bh->b_data, 0, sbi->s_block_size);
	hdr = bh->b_data;
	hdr->eh_magic = le16(EXT4_EXT_MAGIC);
	hdr->eh_max = le16(node_max(inode, false));
	hdr->eh_depth = le16((uint16_t)depth);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	ext4_inode_add_blocks(inode, 1);
	return bh;
}

/* Every level full: move the root's entries into a new block below it. */
static int grow_tree(struct ext4_handle *h, struct inode *inode)
{
	struct ext4_extent_header *root = root_header(inode);
	unsigned int depth = le16(root->eh_depth);
	struct ext_path child = {0};
	struct ext4_extent_idx *ix;
	uint32_t key;

	if (depth >= EXT4_EXT_MAX_DEPTH)
		return -EFBIG;
	child.bh = new_node(h, inode, depth);
	if (IS_ERR(child.bh))
		return (int)PTR_ERR(child.bh);
	child.hdr = child.bh->b_data;
	lock_buffer(child.bh);
	memcpy(child.hdr + 1, root + 1, le16(root->eh_entries) * sizeof(struct ext4_extent));
	child.hdr->eh_entries = root->eh_entries;
	unlock_buffer(child.bh);
	key = depth ? le32(first_index(root)->ei_block) : le32(first_extent(root)->ee_block);
	node_dirty(h, inode, &child);
	root->eh_depth = le16((uint16_t)(depth + 1));
	root->eh_entries = le16(1);
	ix = first_index(root);
	memset(ix, 0, sizeof(*ix) * node_max(inode, true));
	ix->ei_block = le32(key);
	idx_set_pblk(ix, child.bh->b_blocknr);
	brelse(child.bh);
	return ext4_write_inode(h, inode);
}

/* Put index (key, pblk) into @p's node after its current entry. */
static int index_insert(struct ext4_handle *h, struct ext_path *p, uint32_t key, uint64_t pblk)
{
	struct ext4_extent_idx *ix = first_index(p->hdr);
	uint16_t n = le16(p->hdr->eh_entries);
	int at = p->idx + 1;
	int err = node_access(h, p);

	if (err)
		return err;
	if (p->bh)
		lock_buffer(p->bh);
	memmove(ix + at + 1, ix + at, (size_t)(n - at) * sizeof(*ix));
	ix[at].ei_block = le32(key);
	idx_set_pblk(ix + at, pblk);
	p->hdr->eh_entries = le16((uint16_t)(n + 1));
	if (p->bh)
		unlock_buffer(p->bh);
	return 0;
}

/*
 * Split the full node at @level (not the root; its parent has room),
 * moving its upper entries into a new block. Appending at the end (@lblk
 * past the last extent of a leaf) moves (almost) nothing so sequential
 * files fill their leaves completely; otherwise the node is halved.
 */
static int split_node(struct ext4_handle *h, struct inode *inode, struct ext_path *path, int level,
		      int depth, uint32_t lblk)
{
	struct ext_path *p = &path[level], q = {0};
	uint16_t n = le16(p->hdr->eh_entries);
	bool leaf = level == depth;
	bool append = p->idx == n - 1 && (!leaf || lblk >= ext_end(first_extent(p->hdr) + n - 1));
	uint16_t at;
	uint32_t key;
	int err;

	if (leaf)
		at = append ? n : n / 2;
	else
		at = append ? n - 1 : n / 2;
	err = node_access(h, p);
	if (err)
		return err;
	q.bh = new_node(h, inode, (unsigned int)(depth - level));
	if (IS_ERR(q.bh))
		return (int)PTR_ERR(q.bh);
	q.hdr = q.bh->b_data;
	lock_buffer(q.bh);
	lock_buffer(p->bh);
	memcpy(q.hdr + 1, (struct ext4_extent *)(p->hdr + 1) + at,
	       (size_t)(n - at) * sizeof(struct ext4_extent));
	q.hdr->eh_entries = le16((uint16_t)(n - at));
	p->hdr->eh_entries = le16(at);
	if (at == n)
		key = lblk;
	else if (leaf)
		key = le32(first_extent(q.hdr)->ee_block);
	else
		key = le32(first_index(q.hdr)->ei_block);
	unlock_buffer(p->bh);
	unlock_buffer(q.bh);
	node_dirty(h, inode, p);
	node_dirty(h, inode, &q);
	err = index_insert(h, &path[level - 1], key, q.bh->b_blocknr);
	brelse(q.bh);
	return err ? err : node_dirty(h, inode, &path[level - 1]);
}

/* After an insertion at the front of a node, lower the keys above it. */
static void fix_keys(struct ext4_handle *h, struct inode *inode, struct ext_path *path, int depth,
		     uint32_t lblk)
{
	for (int level = depth - 1; level >= 0; level--) {
		struct ext4_extent_idx *ix = first_index(path[level].hdr) + path[level].idx;

		if (le32(ix->ei_block) <= lblk || node_access(h, &path[level]))
			return;
		ix->ei_block = le32(lblk);
		node_dirty(h, inode, &path[level]);
		if (path[level].idx != 0)
			return;
	}
}

/* Can (@lblk, @pblk, @len, @unwritten) be appended to @ex? */
static bool can_append(const struct ext4_extent *ex, uint32_t lblk, uint64_t pblk, uint32_t len,
		       bool unwritten)
{
	return ext_unwritten(ex) == unwritten && ext_end(ex) == lblk &&
	       ext_pblk(ex) + ext_len(ex) == pblk && ext_len(ex) + len <= ext_max_len(unwritten);
}

/* Merge into a neighbour of the same kind or add to the leaf; -ENOSPC when it is full. */
static int leaf_add(struct ext4_handle *h, struct inode *inode, struct ext_path *path, int depth,
		    uint32_t lblk, uint64_t pblk, uint32_t len, bool unwritten)
{
	struct ext_path *p = &path[depth];
	struct ext4_extent *ex = first_extent(p->hdr);
	uint16_t n = le16(p->hdr->eh_entries);
	int at = p->idx + 1;
	int err = node_access(h, p);

	if (err)
		return err;
	if (p->bh)
		lock_buffer(p->bh);
	if (p->idx >= 0 && can_append(&ex[p->idx], lblk, pblk, len, unwritten)) {
		ext_set_len(&ex[p->idx], ext_len(&ex[p->idx]) + len, unwritten);
		at = -1;
	} else if (at < n && ext_unwritten(&ex[at]) == unwritten &&
		   lblk + len == le32(ex[at].ee_block) && pblk + len == ext_pblk(&ex[at]) &&
		   ext_len(&ex[at]) + len <= ext_max_len(unwritten)) {
		ex[at].ee_block = le32(lblk);
		ext_set_pblk(&ex[at], pblk);
		ext_set_len(&ex[at], ext_len(&ex[at]) + len, unwritten);
	} else if (n < le16(p->hdr->eh_max)) {
		memmove(ex + at + 1, ex + at, (size_t)(n - at) * sizeof(*ex));
		ex[at].ee_block = le32(lblk);
		ext_set_pblk(&ex[at], pblk);
		ext_set_len(&ex[at], len, unwritten);
		p->hdr->eh_entries = le16((uint16_t)(n + 1));
	} else {
		err = -ENOSPC;
	}
	if (p->bh)
		unlock_buffer(p->bh);
	if (err)
		return err;
	node_dirty(h, inode, p);
	if (at == 0)
		fix_keys(h, inode, path, depth, lblk);
	return 0;
}

/* The leaf of @path is full: split the lowest node that can be split
 * (the lowest level above it with room decides), or grow the tree. */
static int make_room(struct ext4_handle *h, struct inode *inode, struct ext_path *path, int depth,
		     uint32_t lblk)
{
	int level;

	for (level = depth - 1; level >= 0; level--)
		if (le16(path[level].hdr->eh_entries) < le16(path[level].hdr->eh_max))
			break;
	if (level < 0)
		return grow_tree(h, inode);
	return split_node(h, inode, path, level + 1, depth, lblk);
}

#define INSERT_TRIES (4 * (EXT4_EXT_MAX_DEPTH + 1))

static int insert_extent(struct ext4_handle *h, struct inode *inode, uint32_t lblk, uint64_t pblk,
			 uint32_t len, bool unwritten)
{
	struct ext_path path[EXT4_EXT_MAX_DEPTH + 1];

	for (int tries = 0; tries < INSERT_TRIES; tries++) {
		int depth = find_path(inode, lblk, path);
		bool full;
		int err;

		if (depth < 0)
			return depth;
		err = leaf_add(h, inode, path, depth, lblk, pblk, len, unwritten);
		full = err == -ENOSPC;
		if (full)
			err = make_room(h, inode, path, depth, lblk);
		path_release(path, depth);
		if (err || !full)
			return err;
	}
	ext4_error(inode->i_sb, "inode %llu: extent insert does not converge",
		   (unsigned long long)inode->i_ino);
	return -EUCLEAN;
}

int ext4_ext_insert(struct ext4_handle *h, struct inode *inode, uint32_t lblk, uint64_t pblk,
		    uint32_t len)
{
	return insert_extent(h, inode, lblk, pblk, len, false);
}

int ext4_ext_insert_unwritten(struct ext4_handle *h, struct inode *inode, uint32_t lblk,
			      uint64_t pblk, uint32_t len)
{
	if (len > EXT4_EXT_UNWRITTEN_MAX_LEN)
		return -EINVAL;
	return insert_extent(h, inode, lblk, pblk, len, true);
}

/* ----- unwritten extents ----- */

/* Make sure the leaf holding @lblk has @need free entries, splitting it
 * (or growing the tree) without moving @lblk's extent out of reach. */
static int leaf_reserve(struct ext4_handle *h, struct inode *inode, uint32_t lblk, int need)
{
	struct ext_path path[EXT4_EXT_MAX_DEPTH + 1];

	for (int tries = 0; tries < INSERT_TRIES; tries++) {
		int depth = find_path(inode, lblk, path);
		struct ext4_extent_header *leaf;
		int err;

		if (depth < 0)
			return depth;
		leaf = path[depth].hdr;
		if (le16(leaf->eh_entries) + need <= le16(leaf->eh_max)) {
			path_release(path, depth);
			return 0;
		}
		err = make_room(h, inode, path, depth, lblk);
		path_release(path, depth);
		if (err)
			return err;
	}
	return -EUCLEAN;
}

/* One piece of a split extent. */
struct ext_piece {
	uint32_t lblk, len;
	uint64_t pblk;
	bool unwritten;
};

/* Cut @ex into what lies before [a, b), the range itself (written) and what
 * lies after; returns the number of pieces (1 to 3). */
static int split_pieces(const struct ext4_extent *ex, uint32_t a, uint32_t b,
			struct ext_piece pieces[3])
{
	uint32_t start = le32(ex->ee_block), end = (uint32_t)ext_end(ex);
	uint64_t pblk = ext_pblk(ex);
	int n = 0;

	if (a > start)
		pieces[n++] = (struct ext_piece){start, a - start, pblk, true};
	pieces[n++] = (struct ext_piece){a, b - a, pblk + (a - start), false};
	if (b < end)
		pieces[n++] = (struct ext_piece){b, end - b, pblk + (b - start), true};
	return n;
}

/* Drop entry @idx of leaf @p (never its first: index keys stay). */
static void leaf_remove(struct ext_path *p, int idx)
{
	struct ext4_extent *ex = first_extent(p->hdr) + idx;
	uint16_t n = le16(p->hdr->eh_entries);

	memmove(ex, ex + 1, (size_t)(n - idx - 1) * sizeof(*ex));
	p->hdr->eh_entries = le16((uint16_t)(n - 1));
}

/*
 * Convert [a, b) of the unwritten extent at @idx of leaf @p by growing the
 * written extent next to it in the same leaf, when the blocks follow on:
 * a file written in order after fallocate then stays one extent instead
 * of one per write. False when no neighbour fits.
 */
static bool merge_into_neighbour(struct ext_path *p, int idx, uint32_t a, uint32_t b)
{
	struct ext4_extent *ex = first_extent(p->hdr) + idx;
	uint32_t start = le32(ex->ee_block), end = (uint32_t)ext_end(ex), len = b - a;
	uint64_t pa = ext_pblk(ex) + (a - start);

	if (a == start && idx > 0 && can_append(ex - 1, a, pa, len, false)) {
		ext_set_len(ex - 1, ext_len(ex - 1) + len, false);
		if (b == end) {
			leaf_remove(p, idx);
		} else {
			ex->ee_block = le32(b);
			ext_set_pblk(ex, pa + len);
			ext_set_len(ex, end - b, true);
		}
		return true;
	}
	if (b == end && idx + 1 < le16(p->hdr->eh_entries) && !ext_unwritten(ex + 1) &&
	    le32(ex[1].ee_block) == b && ext_pblk(ex + 1) == pa + len &&
	    ext_len(ex + 1) + len <= EXT4_EXT_INIT_MAX_LEN) {
		ex[1].ee_block = le32(a);
		ext_set_pblk(ex + 1, pa);
		ext_set_len(ex + 1, ext_len(ex + 1) + len, false);
		if (a == start)
			leaf_remove(p, idx); /* ex[1] moves down, starting at start */
		else
			ext_set_len(ex, a - start, true);
		return true;
	}
	return false;
}

/* Replace the extent at @idx of leaf @p by @n pieces (room reserved). */
static void leaf_replace(struct ext_path *p, int idx, const struct ext_piece *pieces, int n)
{
	struct ext4_extent *ex = first_extent(p->hdr) + idx;
	uint16_t entries = le16(p->hdr->eh_entries);

	/* The first piece starts where the extent did: index keys stay. */
	memmove(ex + n, ex + 1, (size_t)(entries - idx - 1) * sizeof(*ex));
	for (int i = 0; i < n; i++) {
		ex[i].ee_block = le32(pieces[i].lblk);
		ext_set_pblk(&ex[i], pieces[i].pblk);
		ext_set_len(&ex[i], pieces[i].len, pieces[i].unwritten);
	}
	p->hdr->eh_entries = le16((uint16_t)(entries + n - 1));
}

int ext4_ext_convert_written(struct ext4_handle *h, struct inode *inode, uint32_t lblk,
			     uint32_t len)
{
	struct ext_path path[EXT4_EXT_MAX_DEPTH + 1];
	struct ext_piece pieces[3];
	struct ext_path *p;
	struct ext4_extent *ex;
	int depth, n, err;
	uint32_t end;

	err = leaf_reserve(h, inode, lblk, 2);
	if (err)
		return err;
	depth = find_path(inode, lblk, path);
	if (depth < 0)
		return depth;
	p = &path[depth];
	ex = first_extent(p->hdr) + p->idx;
	err = -EUCLEAN;
	if (p->idx < 0 || !ext_unwritten(ex) || lblk >= ext_end(ex) || len == 0)
		goto out;
	end = (uint32_t)MIN((uint64_t)lblk + len, ext_end(ex));
	err = node_access(h, p);
	if (err)
		goto out;
	if (p->bh)
		lock_buffer(p->bh);
	if (!merge_into_neighbour(p, p->idx, lblk, end)) {
		n = split_pieces(ex, lblk, end, pieces);
		leaf_replace(p, p->idx, pieces, n);
	}
	if (p->bh)
		unlock_buffer(p->bh);
	err = node_dirty(h, inode, p);
out:
	path_release(path, depth);
	return err;
}

/* ----- truncation ----- */

/*
 * Credits of one truncation step: freeing a run of @len blocks touches the
 * bitmaps and descriptors of the groups it spans and the super block;
 * then the node changed and the inode.
 */
static int step_credits(struct inode *inode, uint32_t len)
{
	uint32_t groups = len / EXT4_SB(inode->i_sb)->s_blocks_per_group + 2;

	return (int)(2 * groups + 3);
}

/* Dropping an emptied node: its bitmap, descriptor, the super block, the
 * parent node and the inode. */
#define DROP_CREDITS 5

/* Free @len blocks at @pblk that held @inode's data. */
static int free_range(struct ext4_handle *h, struct inode *inode, uint64_t pblk, uint32_t len)
{
	/* Directory and symlink blocks are metadata: their logged copies
	 * must not be replayed over the blocks' next users. */
	for (uint32_t i = 0; i < len && !inode_is_reg(inode); i++) {
		int err = ext4_journal_revoke(h, pblk + i, NULL);

		if (err)
			return err;
	}
	ext4_inode_sub_blocks(inode, len);
	return ext4_free_blocks(h, inode->i_sb, pblk, len);
}

/* A step changed the node of @p and the inode's block count: journal both. */
static int step_done(struct ext4_handle *h, struct inode *inode, struct ext_path *p)
{
	int err = node_dirty(h, inode, p);

	if (!err && p->bh)
		err = ext4_write_inode(h, inode);
	return err;
}

/*
 * Trim a leaf to the blocks below @from, one extent per step. The step
 * that empties the leaf also reserves the credits to drop it and every
 * node above it that empties with it (@above levels): an empty index node
 * must never reach the disk.
 */
static int truncate_leaf(struct ext4_handle *h, struct inode *inode, struct ext_path *p,
			 uint32_t from, int above)
{
	int n, err = 0;

	while ((n = le16(p->hdr->eh_entries)) > 0) {
		struct ext4_extent *e = &first_extent(p->hdr)[n - 1];
		uint32_t start = le32(e->ee_block), len = ext_len(e);
		uint32_t keep = start >= from ? 0 : from - start;

		if ((uint64_t)start + len <= from)
			break;
		err = ext4_journal_ensure_credits(h,
						  step_credits(inode, len - keep) +
						      (n == 1 && !keep ? above * DROP_CREDITS : 0));
		if (!err)
			err = node_access(h, p);
		if (!err)
			err = free_range(h, inode, ext_pblk(e) + keep, len - keep);
		if (err)
			break;
		if (p->bh)
			lock_buffer(p->bh);
		if (keep)
			ext_set_len(e, keep, ext_unwritten(e));
		else
			p->hdr->eh_entries = le16((uint16_t)(n - 1));
		if (p->bh)
			unlock_buffer(p->bh);
		err = step_done(h, inode, p);
		if (err || keep)
			break;
	}
	return err;
}

/* The child at the end of @p's node was emptied: free it, drop its entry
 * (with the credits truncate_leaf reserved: no restart in between). */
static int drop_last_child(struct ext4_handle *h, struct inode *inode, struct ext_path *p,
			   struct buffer_head *child)
{
	uint64_t pblk = child->b_blocknr;
	int err;

	err = node_access(h, p);
	if (!err)
		err = ext4_journal_revoke(h, pblk, child);
	if (!err)
		err = ext4_free_blocks(h, inode->i_sb, pblk, 1);
	if (err)
		return err;
	ext4_inode_sub_blocks(inode, 1);
	if (p->bh)
		lock_buffer(p->bh);
	p->hdr->eh_entries = le16((uint16_t)(le16(p->hdr->eh_entries) - 1));
	if (p->bh)
		unlock_buffer(p->bh);
	return step_done(h, inode, p);
}

/* Trim the subtree of @p (at @level of a tree of @depth) to blocks below @from. */
static int truncate_node(struct ext4_handle *h, struct inode *inode, struct ext_path *p, int level,
			 int depth, uint32_t from)
{
	struct ext4_sb_info *sbi = EXT4_SB(inode->i_sb);
	uint64_t next_key = (uint64_t)EXT4_MAX_LBLK + 1;
	int err = 0;

	if (level == depth)
		return truncate_leaf(h, inode, p, from, depth);
	while (le16(p->hdr->eh_entries) > 0 && next_key > from && !err) {
		struct ext4_extent_idx *ix = first_index(p->hdr) + le16(p->hdr->eh_entries) - 1;
		struct ext_path child = {0};
		uint64_t pblk = idx_pblk(ix);
		bool emptied;

		next_key = le32(ix->ei_block);
		child.bh = bread(sbi->s_bdev, pblk, sbi->s_block_size);
		if (IS_ERR(child.bh))
			return (int)PTR_ERR(child.bh);
		child.hdr = child.bh->b_data;
		err = check_node(inode, child.hdr, (unsigned int)(depth - level - 1), false, pblk);
		if (!err)
			err = truncate_node(h, inode, &child, level + 1, depth, from);
		emptied = !err && le16(child.hdr->eh_entries) == 0;
		if (emptied)
			err = drop_last_child(h, inode, p, child.bh);
		brelse(child.bh);
		if (!emptied)
			break;
	}
	return err;
}

int ext4_ext_truncate(struct ext4_handle *h, struct inode *inode, uint32_t from)
{
	struct ext4_extent_header *root = root_header(inode);
	struct ext_path p = {.hdr = root};
	int depth = le16(root->eh_depth);
	int err = check_node(inode, root, (unsigned int)depth, true, 0);

	if (err)
		return err;
	err = truncate_node(h, inode, &p, 0, depth, from);
	if (le16(root->eh_entries) == 0 && depth > 0) {
		root->eh_depth = 0;
		memset(root + 1, 0, sizeof(EXT4_I(inode)->i_data) - sizeof(*root));
	}
	ext4_write_inode(h, inode);
	return err;
}
