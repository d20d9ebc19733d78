/*
 * fs/ext4/htree.c - dir_index: hashed directories.
 *
 * Block 0 of an indexed directory holds ".", ".." (whose rec_len hides
 * the rest of the block), the root info and an array of (hash, block)
 * entries sorted by hash; the first entry's hash field holds the array's
 * limit and count instead, and covers hashes from 0. With one indirect
 * level, the root's entries point at interior nodes (a fake empty
 * directory entry spanning the block, then the same kind of array) whose
 * entries point at ordinary leaf blocks. With metadata_csum each array is
 * followed by an 8-byte dx_tail with a CRC-32C.
 *
 * A name is found by hashing it, following the last entry whose hash is
 * not above it, and searching that leaf (and the next ones while their
 * starting hash says the same hash continues there). Adding a name to a
 * full leaf splits it by hash into a new block at the end of the
 * directory and adds an index entry; a full interior node is split in
 * two; a full root gets a level below it (at most one: two levels, as
 * Linux without largedir). A one-block linear directory that fills up is
 * converted: its entries move to block 1 and block 0 becomes the root.
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define DX_MAX_LEVELS 2 /* root + one level of interior nodes */
#define DX_BLOCK_MASK 0x0fffffffu

struct dx_frame {
	struct buffer_head *bh;
	uint32_t lblk;
	struct dx_entry *entries; /* entries[0].hash is the count/limit */
	struct dx_entry *at;	  /* entry followed */
};

struct dx_hinfo {
	unsigned int version; /* DX_HASH_*, unsigned variant applied */
	uint32_t hash;
};

static struct dx_countlimit *countlimit(struct dx_frame *f)
{
	return (struct dx_countlimit *)f->entries;
}

static uint32_t dx_count(struct dx_frame *f)
{
	return le16(countlimit(f)->count);
}

static uint32_t dx_limit(struct dx_frame *f)
{
	return le16(countlimit(f)->limit);
}

static uint32_t dx_block(const struct dx_entry *e)
{
	return le32(e->block) & DX_BLOCK_MASK;
}

static uint32_t dx_space(struct ext4_sb_info *sbi, uint32_t offset)
{
	return (sbi->s_block_size - offset) / sizeof(struct dx_entry) -
	       (sbi->s_metadata_csum ? 1 : 0);
}

static struct dx_root_info *root_info(struct buffer_head *bh)
{
	return (struct dx_root_info *)((uint8_t *)bh->b_data + DX_ROOT_INFO_OFFSET);
}

/* ----- checksums ----- */

static uint32_t dx_csum(struct inode *dir, struct dx_frame *f)
{
	uint8_t *data = f->bh->b_data;
	size_t offset = (uint8_t *)f->entries - data;
	struct dx_tail *t =
	    (struct dx_tail *)(data + offset + dx_limit(f) * sizeof(struct dx_entry));
	uint32_t zero = 0, c;

	c = ext4_crc32c(EXT4_I(dir)->i_csum_seed, data,
			offset + dx_count(f) * sizeof(struct dx_entry));
	c = ext4_crc32c(c, t, offsetof(struct dx_tail, dt_checksum));
	return ext4_crc32c(c, &zero, sizeof(zero));
}

static struct dx_tail *dx_tail_of(struct dx_frame *f)
{
	return (struct dx_tail *)((uint8_t *)f->entries + dx_limit(f) * sizeof(struct dx_entry));
}

static int dx_dirty(struct ext4_handle *h, struct inode *dir, struct dx_frame *f)
{
	if (EXT4_SB(dir->i_sb)->s_metadata_csum) {
		lock_buffer(f->bh);
		dx_tail_of(f)->dt_reserved = 0;
		dx_tail_of(f)->dt_checksum = le32(dx_csum(dir, f));
		unlock_buffer(f->bh);
	}
	return ext4_handle_dirty_metadata(h, dir, f->bh);
}

/* Count, limit and checksum of an index array at @offset of its block. */
static int check_array(struct inode *dir, struct dx_frame *f, uint32_t offset)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	if (dx_limit(f) != dx_space(sbi, offset) || dx_count(f) == 0 || dx_count(f) > dx_limit(f))
		return -EUCLEAN;
	if (sbi->s_metadata_csum && le32(dx_tail_of(f)->dt_checksum) != dx_csum(dir, f))
		return -EUCLEAN;
	return 0;
}

/* ----- recognising index blocks ----- */

static bool is_interior(struct ext4_sb_info *sbi, struct buffer_head *bh)
{
	struct ext4_dir_entry *de = bh->b_data;

	return de->inode == 0 && de->name_len == 0 && ext4_rec_len(sbi, de) == sbi->s_block_size;
}

bool ext4_dx_is_node(struct inode *dir, struct buffer_head *bh, uint32_t lblk)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	if (!sbi->s_dir_index || !(EXT4_I(dir)->i_flags & EXT4_INDEX_FL))
		return false;
	return lblk == 0 || is_interior(sbi, bh);
}

/* ----- walking down ----- */

static void release_frames(struct dx_frame *frames, int levels)
{
	for (int i = 0; i <= levels; i++) {
		brelse(frames[i].bh);
		frames[i].bh = NULL;
	}
}

static struct dx_entry *search(struct dx_frame *f, uint32_t hash)
{
	struct dx_entry *e = f->entries;
	int lo = 1, hi = (int)dx_count(f) - 1, found = 0;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (le32(e[mid].hash) <= hash) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return e + found;
}

static uint32_t dir_blocks(struct inode *dir)
{
	return (uint32_t)(dir->i_size >> EXT4_SB(dir->i_sb)->s_block_log);
}

static int dx_corrupt(struct inode *dir, uint32_t lblk, const char *why)
{
	ext4_error(dir->i_sb, "directory %llu htree block %u: %s", (unsigned long long)dir->i_ino,
		   lblk, why);
	return -EUCLEAN;
}

/* Read and check the root; fills frames[0] and the hash settings. */
static int read_root(struct inode *dir, struct dx_frame *f, struct dx_hinfo *hi, int *levels)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct dx_root_info *info;
	struct ext4_dir_entry *dot, *dotdot;

	f->bh = ext4_dir_bread(dir, 0);
	if (IS_ERR(f->bh)) {
		int err = (int)PTR_ERR(f->bh);

		f->bh = NULL;
		return err;
	}
	f->lblk = 0;
	f->entries = (struct dx_entry *)((uint8_t *)f->bh->b_data + DX_ROOT_ENTRIES);
	info = root_info(f->bh);
	dot = f->bh->b_data;
	dotdot = (struct ext4_dir_entry *)((uint8_t *)f->bh->b_data + ext4_dirent_size(1));
	if (ext4_rec_len(sbi, dot) != ext4_dirent_size(1) ||
	    ext4_rec_len(sbi, dotdot) != sbi->s_block_size - ext4_dirent_size(1) ||
	    info->reserved_zero || info->info_length != sizeof(*info) ||
	    info->indirect_levels >= DX_MAX_LEVELS || info->hash_version > DX_HASH_TEA)
		return dx_corrupt(dir, 0, "bad root");
	if (check_array(dir, f, DX_ROOT_ENTRIES))
		return dx_corrupt(dir, 0, "bad root entries or checksum");
	hi->version = info->hash_version + (sbi->s_hash_unsigned ? DX_HASH_LEGACY_UNSIGNED : 0);
	*levels = info->indirect_levels;
	return 0;
}

static int read_interior(struct inode *dir, uint32_t lblk, struct dx_frame *f)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	if (lblk == 0 || lblk >= dir_blocks(dir))
		return dx_corrupt(dir, lblk, "index points outside the directory");
	f->bh = ext4_dir_bread(dir, lblk);
	if (IS_ERR(f->bh)) {
		int err = (int)PTR_ERR(f->bh);

		f->bh = NULL;
		return err;
	}
	f->lblk = lblk;
	f->entries = (struct dx_entry *)((uint8_t *)f->bh->b_data + DX_NODE_ENTRIES);
	if (!is_interior(sbi, f->bh) || check_array(dir, f, DX_NODE_ENTRIES))
		return dx_corrupt(dir, lblk, "bad interior node");
	return 0;
}

/* Walk from the root to the leaf for hi->hash; frames[0..*levels] filled. */
static int probe(struct inode *dir, const char *name, uint32_t len, struct dx_hinfo *hi,
		 struct dx_frame *frames, int *levels)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	int err;

	memset(frames, 0, sizeof(*frames) * DX_MAX_LEVELS);
	err = read_root(dir, &frames[0], hi, levels);
	if (!err && name)
		err = ext4_dx_hash(name, len, hi->version, sbi->s_hash_seed, &hi->hash, NULL);
	for (int level = 0; !err; level++) {
		frames[level].at = search(&frames[level], hi->hash);
		if (level == *levels)
			break;
		err = read_interior(dir, dx_block(frames[level].at), &frames[level + 1]);
	}
	if (err) {
		release_frames(frames, DX_MAX_LEVELS - 1);
		return err;
	}
	if (dx_block(frames[*levels].at) >= dir_blocks(dir) || dx_block(frames[*levels].at) == 0) {
		release_frames(frames, *levels);
		return dx_corrupt(dir, 0, "leaf outside the directory");
	}
	return 0;
}

/*
 * Step to the next leaf if it may hold more names with @hash (its starting
 * hash is @hash with the continuation bit). 1: moved, 0: no, or an error.
 */
static int next_leaf(struct inode *dir, struct dx_frame *frames, int levels, uint32_t hash)
{
	int level = levels;

	while (frames[level].at + 1 >= frames[level].entries + dx_count(&frames[level])) {
		if (level == 0)
			return 0;
		level--;
	}
	if ((le32(frames[level].at[1].hash) & ~1u) != hash)
		return 0;
	frames[level].at++;
	for (; level < levels; level++) {
		int err;

		brelse(frames[level + 1].bh);
		frames[level + 1].bh = NULL;
		err = read_interior(dir, dx_block(frames[level].at), &frames[level + 1]);
		if (err)
			return err;
		frames[level + 1].at = frames[level + 1].entries;
	}
	return dx_block(frames[levels].at) < dir_blocks(dir) ? 1 : dx_corrupt(dir, 0, "bad leaf");
}

int ext4_dx_find(struct inode *dir, const char *name, uint32_t len, struct ext4_dir_slot *slot)
{
	struct dx_frame frames[DX_MAX_LEVELS];
	struct dx_hinfo hi;
	int levels, err;

	err = probe(dir, name, len, &hi, frames, &levels);
	if (err)
		return err;
	for (uint32_t tries = 0; tries < dir_blocks(dir); tries++) {
		uint32_t lblk = dx_block(frames[levels].at);
		struct buffer_head *bh = ext4_dir_bread(dir, lblk);
		int off;

		if (IS_ERR(bh)) {
			err = (int)PTR_ERR(bh);
			break;
		}
		off = ext4_dir_check_leaf(dir, bh, lblk);
		if (!off)
			off = ext4_dir_leaf_find(dir, bh, name, len);
		if (off >= 0) {
			slot->bh = bh;
			slot->lblk = lblk;
			slot->offset = (uint32_t)off;
			slot->de = (struct ext4_dir_entry *)((uint8_t *)bh->b_data + off);
			err = 0;
			break;
		}
		brelse(bh);
		err = off;
		if (err != -ENOENT)
			break;
		err = next_leaf(dir, frames, levels, hi.hash);
		if (err <= 0) {
			err = err ? err : -ENOENT;
			break;
		}
	}
	release_frames(frames, levels);
	return err;
}

/* ----- growing the index ----- */

/* Insert (hash, lblk) into @f after its current entry; the caller made room. */
static int dx_insert(struct ext4_handle *h, struct dx_frame *f, uint32_t hash, uint32_t lblk)
{
	struct dx_entry *at = f->at + 1;
	struct dx_entry *end = f->entries + dx_count(f);
	int err = ext4_journal_get_write_access(h, f->bh);

	if (err)
		return err;
	lock_buffer(f->bh);
	memmove(at + 1, at, (size_t)(end - at) * sizeof(*at));
	at->hash = le32(hash);
	at->block = le32(lblk);
	countlimit(f)->count = le16((uint16_t)(dx_count(f) + 1));
	unlock_buffer(f->bh);
	return 0;
}

/* A new interior node at the end of @dir holding @n entries from @src. */
static int new_interior(struct ext4_handle *h, struct inode *dir, const struct dx_entry *src,
			uint32_t n, uint32_t *lblk)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct dx_frame f = {0};
	int err;

	f.bh = ext4_dir_append(h, dir, lblk);
	if (IS_ERR(f.bh))
		return (int)PTR_ERR(f.bh);
	f.entries = (struct dx_entry *)((uint8_t *)f.bh->b_data + DX_NODE_ENTRIES);
	lock_buffer(f.bh);
	ext4_set_rec_len(sbi, f.bh->b_data, sbi->s_block_size);
	memcpy(f.entries, src, n * sizeof(*src));
	countlimit(&f)->limit = le16((uint16_t)dx_space(sbi, DX_NODE_ENTRIES));
	countlimit(&f)->count = le16((uint16_t)n);
	unlock_buffer(f.bh);
	err = dx_dirty(h, dir, &f);
	brelse(f.bh);
	return err;
}

/* The root is full and alone: move its entries one level down. */
static int add_level(struct ext4_handle *h, struct inode *dir, struct dx_frame *root)
{
	uint32_t lblk;
	int err = new_interior(h, dir, root->entries, dx_count(root), &lblk);

	if (!err)
		err = ext4_journal_get_write_access(h, root->bh);
	if (err)
		return err;
	lock_buffer(root->bh);
	countlimit(root)->count = le16(1);
	root->entries[0].block = le32(lblk);
	root_info(root->bh)->indirect_levels = 1;
	unlock_buffer(root->bh);
	return dx_dirty(h, dir, root);
}

/* Split the full interior node frames[1] in two halves. */
static int split_interior(struct ext4_handle *h, struct inode *dir, struct dx_frame *frames)
{
	struct dx_frame *node = &frames[1];
	uint32_t count = dx_count(node), half = count / 2, lblk;
	uint32_t key = le32(node->entries[half].hash);
	int err;

	err = new_interior(h, dir, node->entries + half, count - half, &lblk);
	if (!err)
		err = ext4_journal_get_write_access(h, node->bh);
	if (err)
		return err;
	lock_buffer(node->bh);
	countlimit(node)->count = le16((uint16_t)half);
	unlock_buffer(node->bh);
	err = dx_dirty(h, dir, node);
	if (err)
		return err;
	err = dx_insert(h, &frames[0], key, lblk);
	return err ? err : dx_dirty(h, dir, &frames[0]);
}

/* ----- splitting a leaf ----- */

struct dx_map_entry {
	uint32_t hash;
	uint32_t offset;
};

static void sort_map(struct dx_map_entry *map, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct dx_map_entry e = map[i];
		uint32_t j = i;

		while (j > 0 && map[j - 1].hash > e.hash) {
			map[j] = map[j - 1];
			j--;
		}
		map[j] = e;
	}
}

/* Hash every live entry of @data into @map; returns how many. */
static int map_leaf(struct inode *dir, const uint8_t *data, const struct dx_hinfo *hi,
		    struct dx_map_entry *map)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi), n = 0;

	for (uint32_t off = 0; off < space;) {
		const struct ext4_dir_entry *de = (const struct ext4_dir_entry *)(data + off);

		if (de->inode) {
			ext4_dx_hash(de->name, de->name_len, hi->version, sbi->s_hash_seed,
				     &map[n].hash, NULL);
			map[n++].offset = off;
		}
		off += ext4_rec_len(sbi, de);
	}
	return (int)n;
}

/* Refill @bh as a leaf with the entries map[from..to) of @old. */
static int fill_leaf(struct inode *dir, struct buffer_head *bh, const uint8_t *old,
		     const struct dx_map_entry *map, uint32_t from, uint32_t to)
{
	int err = 0;

	lock_buffer(bh);
	ext4_dir_init_leaf(dir, bh);
	for (uint32_t i = from; i < to && !err; i++) {
		const struct ext4_dir_entry *de =
		    (const struct ext4_dir_entry *)(old + map[i].offset);

		err = ext4_dir_leaf_insert(dir, bh, de->name, de->name_len, le32(de->inode),
					   de->file_type);
	}
	ext4_dir_leaf_csum_set(dir, bh);
	unlock_buffer(bh);
	return err;
}

/* Where to cut @map so about half the bytes move to the new block. */
static uint32_t split_point(const uint8_t *old, const struct dx_map_entry *map, uint32_t n,
			    uint32_t space)
{
	uint32_t moved = 0, s = n;

	while (s > 1) {
		const struct ext4_dir_entry *de =
		    (const struct ext4_dir_entry *)(old + map[s - 1].offset);

		if (moved + ext4_dirent_size(de->name_len) > space / 2)
			break;
		moved += ext4_dirent_size(de->name_len);
		s--;
	}
	return s < n ? s : n - 1;
}

/*
 * Split the full leaf @bh (the block frame @f points at) by hash into it
 * and a new block, index the new one, and add the name where it belongs.
 */
static int split_leaf(struct ext4_handle *h, struct inode *dir, struct dx_frame *f,
		      struct buffer_head *bh, const struct dx_hinfo *hi, const char *name,
		      uint32_t len, uint32_t ino, uint8_t type)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t bs = sbi->s_block_size, n, s, split_hash, lblk;
	struct dx_map_entry *map = kmalloc(bs / 12 * sizeof(*map), GFP_KERNEL);
	uint8_t *old = kmalloc(bs, GFP_KERNEL);
	struct buffer_head *nbh = NULL, *target;
	int err;

	err = -ENOMEM;
	if (!map || !old)
		goto out;
	memcpy(old, bh->b_data, bs);
	n = (uint32_t)map_leaf(dir, old, hi, map);
	err = -ENOSPC;
	if (n < 2)
		goto out;
	sort_map(map, n);
	s = split_point(old, map, n, ext4_dir_leaf_space(sbi));
	split_hash = map[s].hash;
	nbh = ext4_dir_append(h, dir, &lblk);
	if (IS_ERR(nbh)) {
		err = (int)PTR_ERR(nbh);
		nbh = NULL;
		goto out;
	}
	err = ext4_journal_get_write_access(h, bh);
	if (!err)
		err = fill_leaf(dir, bh, old, map, 0, s);
	if (!err)
		err = fill_leaf(dir, nbh, old, map, s, n);
	if (!err)
		err = dx_insert(h, f, split_hash + (map[s - 1].hash == split_hash ? 1 : 0), lblk);
	if (err)
		goto out;
	target = hi->hash >= split_hash ? nbh : bh;
	lock_buffer(target);
	err = ext4_dir_leaf_insert(dir, target, name, len, ino, type);
	ext4_dir_leaf_csum_set(dir, target);
	unlock_buffer(target);
	ext4_handle_dirty_metadata(h, dir, bh);
	ext4_handle_dirty_metadata(h, dir, nbh);
	if (!err)
		err = dx_dirty(h, dir, f);
out:
	brelse(nbh);
	kfree(old);
	kfree(map);
	return err;
}

/* The index grew: look the leaf up again (-EAGAIN) unless that failed. */
static int retry_after(int err)
{
	return err ? err : -EAGAIN;
}

int ext4_dx_add(struct ext4_handle *h, struct inode *dir, const char *name, uint32_t len,
		uint32_t ino, uint8_t type)
{
	for (int tries = 0; tries < 4; tries++) {
		struct dx_frame frames[DX_MAX_LEVELS];
		struct dx_frame *f;
		struct buffer_head *bh;
		struct dx_hinfo hi;
		int levels, err;

		err = probe(dir, name, len, &hi, frames, &levels);
		if (err)
			return err;
		f = &frames[levels];
		bh = ext4_dir_bread(dir, dx_block(f->at));
		if (IS_ERR(bh)) {
			release_frames(frames, levels);
			return (int)PTR_ERR(bh);
		}
		err = ext4_dir_check_leaf(dir, bh, dx_block(f->at));
		if (!err) {
			ext4_journal_get_write_access(h, bh);
			lock_buffer(bh);
			err = ext4_dir_leaf_insert(dir, bh, name, len, ino, type);
			if (!err)
				ext4_dir_leaf_csum_set(dir, bh);
			unlock_buffer(bh);
			if (!err)
				err = ext4_handle_dirty_metadata(h, dir, bh);
		}
		if (err == -ENOSPC) {
			if (dx_count(f) < dx_limit(f))
				err = split_leaf(h, dir, f, bh, &hi, name, len, ino, type);
			else if (levels == 0)
				err = retry_after(add_level(h, dir, f));
			else if (dx_count(&frames[0]) < dx_limit(&frames[0]))
				err = retry_after(split_interior(h, dir, frames));
			else
				ext4_msg(dir->i_sb, "directory %llu: index full",
					 (unsigned long long)dir->i_ino);
		}
		brelse(bh);
		release_frames(frames, levels);
		if (err != -EAGAIN)
			return err;
	}
	return -EUCLEAN;
}

/* ----- converting a linear directory ----- */

/* Copy the entries of block 0 other than "." and ".." into leaf @b1. */
static int move_entries(struct inode *dir, struct buffer_head *b0, struct buffer_head *b1)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi);
	uint32_t off = ext4_rec_len(sbi, b0->b_data);
	int err = 0;

	off += ext4_rec_len(sbi, (struct ext4_dir_entry *)((uint8_t *)b0->b_data + off));
	lock_buffer(b1);
	ext4_dir_init_leaf(dir, b1);
	while (off < space && !err) {
		struct ext4_dir_entry *de = (struct ext4_dir_entry *)((uint8_t *)b0->b_data + off);

		if (de->inode)
			err = ext4_dir_leaf_insert(dir, b1, de->name, de->name_len, le32(de->inode),
						   de->file_type);
		off += ext4_rec_len(sbi, de);
	}
	ext4_dir_leaf_csum_set(dir, b1);
	unlock_buffer(b1);
	return err;
}

/* Rewrite block 0 as an htree root pointing at block @leaf. */
static void build_root(struct inode *dir, struct buffer_head *b0, uint32_t leaf)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct dx_frame f = {.bh = b0};
	struct ext4_dir_entry *dotdot;
	struct dx_root_info *info;

	lock_buffer(b0);
	ext4_set_rec_len(sbi, b0->b_data, ext4_dirent_size(1));
	dotdot = (struct ext4_dir_entry *)((uint8_t *)b0->b_data + ext4_dirent_size(1));
	ext4_set_rec_len(sbi, dotdot, sbi->s_block_size - ext4_dirent_size(1));
	memset((uint8_t *)b0->b_data + DX_ROOT_INFO_OFFSET, 0,
	       sbi->s_block_size - DX_ROOT_INFO_OFFSET);
	info = root_info(b0);
	info->hash_version = sbi->s_def_hash_version;
	info->info_length = sizeof(*info);
	f.entries = (struct dx_entry *)((uint8_t *)b0->b_data + DX_ROOT_ENTRIES);
	countlimit(&f)->limit = le16((uint16_t)dx_space(sbi, DX_ROOT_ENTRIES));
	countlimit(&f)->count = le16(1);
	f.entries[0].block = le32(leaf);
	unlock_buffer(b0);
}

static bool dots_ok(struct ext4_sb_info *sbi, struct buffer_head *b0)
{
	struct ext4_dir_entry *dot = b0->b_data, *dotdot;
	uint32_t rec = ext4_rec_len(sbi, dot);

	if (dot->name_len != 1 || dot->name[0] != '.' || rec != ext4_dirent_size(1))
		return false;
	dotdot = (struct ext4_dir_entry *)((uint8_t *)b0->b_data + rec);
	return dotdot->name_len == 2 && dotdot->name[0] == '.' && dotdot->name[1] == '.';
}

int ext4_dx_make_indexed(struct ext4_handle *h, struct inode *dir, struct buffer_head *b0,
			 const char *name, uint32_t len, uint32_t ino, uint8_t type)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct dx_frame root = {.bh = b0};
	struct buffer_head *b1;
	uint32_t lblk;
	int err;

	if (!dots_ok(sbi, b0))
		return dx_corrupt(dir, 0, "first block lacks \".\" and \"..\"");
	b1 = ext4_dir_append(h, dir, &lblk);
	if (IS_ERR(b1))
		return (int)PTR_ERR(b1);
	err = move_entries(dir, b0, b1);
	if (!err)
		err = ext4_handle_dirty_metadata(h, dir, b1);
	brelse(b1);
	if (err)
		return err;
	ext4_journal_get_write_access(h, b0);
	build_root(dir, b0, lblk);
	root.entries = (struct dx_entry *)((uint8_t *)b0->b_data + DX_ROOT_ENTRIES);
	err = dx_dirty(h, dir, &root);
	if (err)
		return err;
	EXT4_I(dir)->i_flags |= EXT4_INDEX_FL;
	err = ext4_write_inode(h, dir);
	if (err)
		return err;
	return ext4_dx_add(h, dir, name, len, ino, type);
}
