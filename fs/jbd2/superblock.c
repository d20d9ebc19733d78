/*
 * fs/jbd2/superblock.c - journal block 0: checked once at load, rewritten
 * whenever the tail of the log moves, the features change, or the journal
 * is marked clean (s_start = 0) or aborted (s_errno).
 */
#include "fs/jbd2/internal.h"

#include "lib/compiler.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define SB_FIELD(field) JBD2_FIELD(j->j_sb_buf, struct jbd2_superblock, field)

static int sb_invalid(struct jbd2_journal *j, const char *why)
{
	printk("jbd2: %s: bad journal superblock: %s\n", j->j_name, why);
	return -EINVAL;
}

static int check_features(struct jbd2_journal *j)
{
	if (j->j_incompat & JBD2_FEATURE_INCOMPAT_FAST_COMMIT)
		return sb_invalid(j, "fast commit journals are not supported");
	if ((j->j_incompat & ~JBD2_KNOWN_INCOMPAT) || (j->j_ro_compat & ~JBD2_KNOWN_RO_COMPAT))
		return sb_invalid(j, "unknown features");
	if ((j->j_incompat & JBD2_FEATURE_INCOMPAT_CSUM_V2) &&
	    (j->j_incompat & JBD2_FEATURE_INCOMPAT_CSUM_V3))
		return sb_invalid(j, "both checksum v2 and v3");
	if (jbd2_format_has_csum(j->j_incompat) && (j->j_compat & JBD2_FEATURE_COMPAT_CHECKSUM))
		return sb_invalid(j, "both checksum v1 and v2/v3");
	if (jbd2_format_has_csum(j->j_incompat)) {
		if (*SB_FIELD(s_checksum_type) != JBD2_CRC32C_CHKSUM)
			return sb_invalid(j, "unknown checksum type");
		if (jbd2_get_be32(SB_FIELD(s_checksum)) != jbd2_superblock_csum(j->j_sb_buf))
			return sb_invalid(j, "checksum mismatch");
	}
	return 0;
}

int jbd2_sb_load(struct jbd2_journal *j)
{
	uint32_t type;
	int err = jbd2_log_read(j, 0, j->j_sb_buf);

	if (err)
		return err;
	type = jbd2_get_be32(SB_FIELD(s_header.h_blocktype));
	if (jbd2_get_be32(SB_FIELD(s_header.h_magic)) != JBD2_MAGIC ||
	    (type != JBD2_SUPERBLOCK_V1 && type != JBD2_SUPERBLOCK_V2))
		return sb_invalid(j, "no journal superblock magic");
	if (jbd2_get_be32(SB_FIELD(s_blocksize)) != j->j_blocksize)
		return sb_invalid(j, "block size differs from the file system's");
	j->j_maxlen = jbd2_get_be32(SB_FIELD(s_maxlen));
	j->j_first = jbd2_get_be32(SB_FIELD(s_first));
	if (j->j_maxlen > j->j_nblocks)
		return sb_invalid(j, "longer than the journal file");
	if (j->j_maxlen < JBD2_MIN_JOURNAL_BLOCKS)
		return sb_invalid(j, "journal too short");
	if (j->j_first == 0 || j->j_first >= j->j_maxlen)
		return sb_invalid(j, "bad s_first");

	j->j_format_version = type == JBD2_SUPERBLOCK_V2 ? 2 : 1;
	if (j->j_format_version == 2) {
		j->j_compat = jbd2_get_be32(SB_FIELD(s_feature_compat));
		j->j_incompat = jbd2_get_be32(SB_FIELD(s_feature_incompat));
		j->j_ro_compat = jbd2_get_be32(SB_FIELD(s_feature_ro_compat));
		err = check_features(j);
		if (err)
			return err;
	}
	j->j_csum_seed = jbd2_csum_seed(SB_FIELD(s_uuid));
	if (jbd2_get_be32(SB_FIELD(s_start)) >= j->j_maxlen ||
	    (jbd2_get_be32(SB_FIELD(s_start)) && jbd2_get_be32(SB_FIELD(s_start)) < j->j_first))
		return sb_invalid(j, "bad s_start");
	if (jbd2_get_be32(SB_FIELD(s_errno)))
		printk("jbd2: %s: journal was aborted with error %d; clearing it\n", j->j_name,
		       (int)jbd2_get_be32(SB_FIELD(s_errno)));
	j->j_sb_clean = jbd2_get_be32(SB_FIELD(s_start)) == 0;
	jbd2_log_set_limits(j);
	return 0;
}

void jbd2_sb_log_start(struct jbd2_journal *j, uint32_t *start, uint32_t *sequence)
{
	*start = jbd2_get_be32(SB_FIELD(s_start));
	*sequence = jbd2_get_be32(SB_FIELD(s_sequence));
}

bool jbd2_sb_features_stale(struct jbd2_journal *j)
{
	bool stale;

	mutex_lock(&j->j_sb_mutex);
	stale = j->j_format_version == 2 &&
		jbd2_get_be32(SB_FIELD(s_feature_incompat)) != READ_ONCE(j->j_incompat);
	mutex_unlock(&j->j_sb_mutex);
	return stale;
}

int jbd2_sb_write(struct jbd2_journal *j, uint32_t start, uint32_t sequence)
{
	int err;

	mutex_lock(&j->j_sb_mutex);
	jbd2_put_be32(SB_FIELD(s_start), start);
	jbd2_put_be32(SB_FIELD(s_sequence), sequence);
	jbd2_put_be32(SB_FIELD(s_errno), (uint32_t)READ_ONCE(j->j_errno));
	if (j->j_format_version == 2) {
		jbd2_put_be32(SB_FIELD(s_feature_compat), j->j_compat);
		jbd2_put_be32(SB_FIELD(s_feature_incompat), j->j_incompat);
		jbd2_put_be32(SB_FIELD(s_feature_ro_compat), j->j_ro_compat);
		if (jbd2_format_has_csum(j->j_incompat)) {
			*SB_FIELD(s_checksum_type) = JBD2_CRC32C_CHKSUM;
			jbd2_put_be32(SB_FIELD(s_checksum), jbd2_superblock_csum(j->j_sb_buf));
		}
	}
	err = jbd2_log_write(j, 0, j->j_sb_buf);
	if (!err)
		j->j_sb_clean = start == 0;
	mutex_unlock(&j->j_sb_mutex);
	return err;
}

int jbd2_sb_write_tail(struct jbd2_journal *j, bool clean)
{
	uint32_t pos, tid;
	int err;

	spin_lock(&j->j_state_lock);
	jbd2_log_tail(j, &pos, &tid);
	spin_unlock(&j->j_state_lock);
	err = jbd2_sb_write(j, clean ? 0 : pos, tid);
	if (!err)
		err = blk_flush(j->j_bdev);
	return err;
}
