/*
 * fs/ext4/dir.c - directory blocks and the entries in them.
 *
 * A leaf block is a chain of variable-length entries (inode, rec_len,
 * name_len, file_type, name) whose rec_lens add up to the block; with
 * metadata_csum the last 12 bytes are a fake entry holding the block's
 * CRC-32C. An entry with inode 0 is unused space. Every leaf is checked
 * before use: entry sizes, alignment, bounds, inode numbers, checksum.
 *
 * Directories without an index (or when dir_index is off) are searched
 * block by block; indexed ones go through htree.c. getdents positions are
 * byte offsets in the directory plus 2 (0 and 1 are "." and ".." emitted
 * by the VFS), in block order for both kinds: a position stays valid
 * while entries come and go, since entries never move inside a linear
 * directory (htree leaf splits may move entries; such an entry can then
 * be reported twice or not at all, as POSIX allows for concurrent change).
 */
#include "fs/ext4/internal.h"
#include "lib/string.h"

#define EXT4_MAX_REC_LEN 65535u

uint32_t ext4_rec_len(struct ext4_sb_info *sbi, const struct ext4_dir_entry *de)
{
	uint32_t len = le16(de->rec_len);

	if (sbi->s_block_size < 65536)
		return len;
	if (len == EXT4_MAX_REC_LEN || len == 0)
		return sbi->s_block_size;
	return (len & 65532) | ((len & 3) << 16);
}

void ext4_set_rec_len(struct ext4_sb_info *sbi, struct ext4_dir_entry *de, uint32_t len)
{
	if (len < 65536)
		de->rec_len = le16((uint16_t)len);
	else if (len == sbi->s_block_size)
		de->rec_len = le16(sbi->s_block_size == 65536 ? EXT4_MAX_REC_LEN : 0);
	else
		de->rec_len = le16((uint16_t)((len & 65532) | ((len >> 16) & 3)));
}

uint32_t ext4_dir_leaf_space(struct ext4_sb_info *sbi)
{
	return sbi->s_block_size - (sbi->s_metadata_csum ? sizeof(struct ext4_dir_entry_tail) : 0);
}

static struct ext4_dir_entry *entry_at(struct buffer_head *bh, uint32_t offset)
{
	return (struct ext4_dir_entry *)((uint8_t *)bh->b_data + offset);
}

static struct ext4_dir_entry_tail *leaf_tail(struct ext4_sb_info *sbi, struct buffer_head *bh)
{
	return (struct ext4_dir_entry_tail *)((uint8_t *)bh->b_data + sbi->s_block_size -
					      sizeof(struct ext4_dir_entry_tail));
}

static uint32_t leaf_csum(struct inode *dir, struct buffer_head *bh)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	return ext4_crc32c(EXT4_I(dir)->i_csum_seed, bh->b_data,
			   sbi->s_block_size - sizeof(struct ext4_dir_entry_tail));
}

void ext4_dir_leaf_csum_set(struct inode *dir, struct buffer_head *bh)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct ext4_dir_entry_tail *t;

	if (!sbi->s_metadata_csum)
		return;
	t = leaf_tail(sbi, bh);
	memset(t, 0, sizeof(*t));
	t->det_rec_len = le16(sizeof(*t));
	t->det_reserved_ft = EXT4_FT_DIR_CSUM;
	t->det_checksum = le32(leaf_csum(dir, bh));
}

static const char *check_tail(struct inode *dir, struct buffer_head *bh)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct ext4_dir_entry_tail *t = leaf_tail(sbi, bh);

	if (!sbi->s_metadata_csum)
		return NULL;
	if (t->det_reserved_zero1 || le16(t->det_rec_len) != sizeof(*t) || t->det_reserved_zero2 ||
	    t->det_reserved_ft != EXT4_FT_DIR_CSUM)
		return "missing checksum tail";
	if (le32(t->det_checksum) != leaf_csum(dir, bh))
		return "checksum mismatch";
	return NULL;
}

int ext4_dir_check_leaf(struct inode *dir, struct buffer_head *bh, uint32_t lblk)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi), off = 0;
	const char *why = check_tail(dir, bh);

	while (!why && off < space) {
		struct ext4_dir_entry *de = entry_at(bh, off);
		uint32_t rec;

		if (space - off < 8) {
			why = "entry header past the end";
			break;
		}
		rec = ext4_rec_len(sbi, de);
		if (rec < ext4_dirent_size(1) || rec % 4)
			why = "bad rec_len";
		else if (rec < ext4_dirent_size(de->name_len))
			why = "name longer than the entry";
		else if (rec > space - off)
			why = "entry past the end";
		else if (le32(de->inode) > sbi->s_inodes_count)
			why = "bad inode number";
		off += rec;
	}
	if (!why)
		return 0;
	ext4_error(dir->i_sb, "directory %llu block %u: %s (offset %u)",
		   (unsigned long long)dir->i_ino, lblk, why, off);
	return -EUCLEAN;
}

void ext4_dir_init_leaf(struct inode *dir, struct buffer_head *bh)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	memset(bh->b_data, 0, sbi->s_block_size);
	ext4_set_rec_len(sbi, entry_at(bh, 0), ext4_dir_leaf_space(sbi));
	ext4_dir_leaf_csum_set(dir, bh);
}

static bool name_is(const struct ext4_dir_entry *de, const char *name, uint32_t len)
{
	return de->inode && de->name_len == len && memcmp(de->name, name, len) == 0;
}

static bool is_dot_or_dotdot(const struct ext4_dir_entry *de)
{
	return (de->name_len == 1 && de->name[0] == '.') ||
	       (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.');
}

int ext4_dir_leaf_find(struct inode *dir, struct buffer_head *bh, const char *name, uint32_t len)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi);

	for (uint32_t off = 0; off < space;) {
		struct ext4_dir_entry *de = entry_at(bh, off);

		if (name_is(de, name, len))
			return (int)off;
		off += ext4_rec_len(sbi, de);
	}
	return -ENOENT;
}

static void fill_entry(struct ext4_sb_info *sbi, struct ext4_dir_entry *de, const char *name,
		       uint32_t len, uint32_t ino, uint8_t type)
{
	de->inode = le32(ino);
	de->name_len = (uint8_t)len;
	de->file_type = sbi->s_filetype ? type : 0;
	memcpy(de->name, name, len);
}

int ext4_dir_leaf_insert(struct inode *dir, struct buffer_head *bh, const char *name, uint32_t len,
			 uint32_t ino, uint8_t type)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi), need = ext4_dirent_size(len);

	for (uint32_t off = 0; off < space;) {
		struct ext4_dir_entry *de = entry_at(bh, off);
		uint32_t rec = ext4_rec_len(sbi, de);
		uint32_t used = de->inode ? ext4_dirent_size(de->name_len) : 0;

		if (rec >= used + need) {
			if (used) {
				ext4_set_rec_len(sbi, de, used);
				de = entry_at(bh, off + used);
				ext4_set_rec_len(sbi, de, rec - used);
			}
			fill_entry(sbi, de, name, len, ino, type);
			return 0;
		}
		off += rec;
	}
	return -ENOSPC;
}

/* Linear search of every leaf of @dir. */
static int linear_find(struct inode *dir, const char *name, uint32_t len,
		       struct ext4_dir_slot *slot)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t blocks = (uint32_t)(dir->i_size >> sbi->s_block_log);

	for (uint32_t lblk = 0; lblk < blocks; lblk++) {
		struct buffer_head *bh = ext4_dir_bread(dir, lblk);
		int off;

		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		if (ext4_dx_is_node(dir, bh, lblk)) {
			brelse(bh);
			continue;
		}
		off = ext4_dir_check_leaf(dir, bh, lblk);
		if (!off)
			off = ext4_dir_leaf_find(dir, bh, name, len);
		if (off >= 0) {
			slot->bh = bh;
			slot->lblk = lblk;
			slot->offset = (uint32_t)off;
			slot->de = entry_at(bh, (uint32_t)off);
			return 0;
		}
		brelse(bh);
		if (off != -ENOENT)
			return off;
	}
	return -ENOENT;
}

static bool use_index(struct inode *dir)
{
	return EXT4_SB(dir->i_sb)->s_dir_index && (EXT4_I(dir)->i_flags & EXT4_INDEX_FL);
}

int ext4_find_entry(struct inode *dir, const char *name, uint32_t len, struct ext4_dir_slot *slot)
{
	if (use_index(dir))
		return ext4_dx_find(dir, name, len, slot);
	return linear_find(dir, name, len, slot);
}

/* Dirty a changed leaf with its checksum. */
static int leaf_dirty(struct ext4_handle *h, struct inode *dir, struct buffer_head *bh)
{
	lock_buffer(bh);
	ext4_dir_leaf_csum_set(dir, bh);
	unlock_buffer(bh);
	return ext4_handle_dirty_metadata(h, dir, bh);
}

int ext4_add_entry(struct ext4_handle *h, struct inode *dir, const char *name, uint32_t len,
		   struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t blocks = (uint32_t)(dir->i_size >> sbi->s_block_log);
	uint8_t type = ext4_file_type(inode->i_mode);
	uint32_t ino = (uint32_t)inode->i_ino;
	struct buffer_head *bh;
	uint32_t lblk;
	int err;

	if (use_index(dir))
		return ext4_dx_add(h, dir, name, len, ino, type);
	for (lblk = 0; lblk < blocks; lblk++) {
		bh = ext4_dir_bread(dir, lblk);
		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		err = ext4_dir_check_leaf(dir, bh, lblk);
		if (!err) {
			ext4_journal_get_write_access(h, bh);
			lock_buffer(bh);
			err = ext4_dir_leaf_insert(dir, bh, name, len, ino, type);
			unlock_buffer(bh);
		}
		if (!err) {
			err = leaf_dirty(h, dir, bh);
			brelse(bh);
			return err;
		}
		if (err != -ENOSPC) {
			brelse(bh);
			return err;
		}
		if (blocks == 1 && sbi->s_dir_index) {
			err = ext4_dx_make_indexed(h, dir, bh, name, len, ino, type);
			brelse(bh);
			return err;
		}
		brelse(bh);
	}
	bh = ext4_dir_append(h, dir, &lblk);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	ext4_dir_init_leaf(dir, bh);
	err = ext4_dir_leaf_insert(dir, bh, name, len, ino, type);
	unlock_buffer(bh);
	if (!err)
		err = leaf_dirty(h, dir, bh);
	brelse(bh);
	return err;
}

int ext4_delete_entry(struct ext4_handle *h, struct inode *dir, struct ext4_dir_slot *slot)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct ext4_dir_entry *prev = NULL;

	ext4_journal_get_write_access(h, slot->bh);
	lock_buffer(slot->bh);
	for (uint32_t off = 0; off < slot->offset;) {
		prev = entry_at(slot->bh, off);
		off += ext4_rec_len(sbi, prev);
	}
	if (prev)
		ext4_set_rec_len(sbi, prev, ext4_rec_len(sbi, prev) + ext4_rec_len(sbi, slot->de));
	else
		slot->de->inode = 0;
	unlock_buffer(slot->bh);
	return leaf_dirty(h, dir, slot->bh);
}

int ext4_set_entry(struct ext4_handle *h, struct inode *dir, struct ext4_dir_slot *slot,
		   struct inode *inode)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	ext4_journal_get_write_access(h, slot->bh);
	lock_buffer(slot->bh);
	slot->de->inode = le32((uint32_t)inode->i_ino);
	slot->de->file_type = sbi->s_filetype ? ext4_file_type(inode->i_mode) : 0;
	unlock_buffer(slot->bh);
	return leaf_dirty(h, dir, slot->bh);
}

bool ext4_dir_is_empty(struct inode *dir, int *err)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t blocks = (uint32_t)(dir->i_size >> sbi->s_block_log);

	*err = 0;
	for (uint32_t lblk = 0; lblk < blocks; lblk++) {
		struct buffer_head *bh = ext4_dir_bread(dir, lblk);
		bool empty = true;

		if (IS_ERR(bh)) {
			*err = (int)PTR_ERR(bh);
			return false;
		}
		if (ext4_dx_is_node(dir, bh, lblk)) {
			brelse(bh);
			continue;
		}
		*err = ext4_dir_check_leaf(dir, bh, lblk);
		for (uint32_t off = 0; !*err && off < ext4_dir_leaf_space(sbi);) {
			struct ext4_dir_entry *de = entry_at(bh, off);

			if (de->inode && !is_dot_or_dotdot(de))
				empty = false;
			off += ext4_rec_len(sbi, de);
		}
		brelse(bh);
		if (*err || !empty)
			return false;
	}
	return true;
}

int ext4_make_empty_dir(struct ext4_handle *h, struct inode *dir, struct inode *parent)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	struct ext4_dir_entry *de;
	struct buffer_head *bh;
	uint32_t lblk;
	int err;

	bh = ext4_dir_append(h, dir, &lblk);
	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	lock_buffer(bh);
	de = entry_at(bh, 0);
	fill_entry(sbi, de, ".", 1, (uint32_t)dir->i_ino, EXT4_FT_DIR);
	ext4_set_rec_len(sbi, de, ext4_dirent_size(1));
	de = entry_at(bh, ext4_dirent_size(1));
	fill_entry(sbi, de, "..", 2, (uint32_t)parent->i_ino, EXT4_FT_DIR);
	ext4_set_rec_len(sbi, de, ext4_dir_leaf_space(sbi) - ext4_dirent_size(1));
	unlock_buffer(bh);
	err = leaf_dirty(h, dir, bh);
	brelse(bh);
	return err;
}

/* ----- getdents ----- */

static unsigned int dirent_dtype(struct ext4_sb_info *sbi, uint8_t ft)
{
	static const unsigned char types[EXT4_FT_MAX] = {
	    [EXT4_FT_REG_FILE] = DT_REG, [EXT4_FT_DIR] = DT_DIR,   [EXT4_FT_CHRDEV] = DT_CHR,
	    [EXT4_FT_BLKDEV] = DT_BLK,	 [EXT4_FT_FIFO] = DT_FIFO, [EXT4_FT_SOCK] = DT_SOCK,
	    [EXT4_FT_SYMLINK] = DT_LNK,
	};

	return sbi->s_filetype && ft < EXT4_FT_MAX ? types[ft] : DT_UNKNOWN;
}

/* Emit the entries of one leaf at or after byte @from; false when full. */
static bool emit_leaf(struct inode *dir, struct buffer_head *bh, uint64_t base, uint64_t from,
		      struct dir_context *ctx)
{
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);
	uint32_t space = ext4_dir_leaf_space(sbi);

	for (uint32_t off = 0; off < space;) {
		struct ext4_dir_entry *de = entry_at(bh, off);
		uint32_t rec = ext4_rec_len(sbi, de);
		int64_t here = (int64_t)(base + off) + 2;

		if (base + off >= from && de->inode && !is_dot_or_dotdot(de)) {
			if (!ctx->actor(ctx, de->name, de->name_len, here + rec, le32(de->inode),
					dirent_dtype(sbi, de->file_type)))
				return false;
			ctx->pos = here + rec;
		}
		off += rec;
	}
	return true;
}

static int ext4_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;
	struct ext4_sb_info *sbi = EXT4_SB(dir->i_sb);

	if (!vfs_dir_emit_dots(file, ctx))
		return 0;
	while ((uint64_t)(ctx->pos - 2) < (uint64_t)dir->i_size) {
		uint64_t from = (uint64_t)(ctx->pos - 2);
		uint32_t lblk = (uint32_t)(from >> sbi->s_block_log);
		uint64_t base = (uint64_t)lblk << sbi->s_block_log;
		struct buffer_head *bh = ext4_dir_bread(dir, lblk);
		bool more = true;
		int err = 0;

		if (IS_ERR(bh))
			return (int)PTR_ERR(bh);
		if (!ext4_dx_is_node(dir, bh, lblk)) {
			err = ext4_dir_check_leaf(dir, bh, lblk);
			if (!err)
				more = emit_leaf(dir, bh, base, from, ctx);
		}
		brelse(bh);
		if (err)
			return err;
		if (!more)
			return 0;
		ctx->pos = (int64_t)(base + sbi->s_block_size) + 2;
	}
	return 0;
}

const struct file_operations ext4_dir_fops = {
    .iterate = ext4_iterate,
    .fsync = ext4_fsync,
};
