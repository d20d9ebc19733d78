/*
 * tests/unit/test_jbd2_e2fsprogs.c - the journal format against e2fsprogs:
 * Rux replays logs that debugfs wrote, e2fsck replays logs that Rux wrote,
 * and a clean unmount leaves an image that e2fsck finds clean. 1 KiB and
 * 4 KiB blocks, checksums v3 (the mkfs default with metadata_csum), v2 and
 * none, revoke records and escaped blocks (data starting with the magic).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after the headers it needs */

#include "fs/jbd2/jbd2.h"
#include "hal/hosted/hosted.h"
#include "lib/err.h"
#include "tests/unit/jbd2_image.h"

#define MAX_BS 4096

static void assert_block(const struct jimg *im, uint64_t blocknr, const uint8_t *want)
{
	uint8_t got[MAX_BS];

	assert_int_equal(jimg_read(im, blocknr, got), 0);
	assert_memory_equal(got, want, im->bs);
}

static void assert_block_zero(const struct jimg *im, uint64_t blocknr)
{
	static const uint8_t zero[MAX_BS];

	assert_block(im, blocknr, zero);
}

/* Write @n blocks of @content (one after another) to a file for debugfs. */
static void write_file(const char *path, const uint8_t *content, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
}

/* ---- debugfs writes, Rux replays ----------------------------------------- */

/*
 * Four transactions from debugfs: T1 logs A and B (B escaped), T2 logs C,
 * T3 revokes A, T4 logs D without a commit record. Replay must write B
 * and C, not A (revoked by a later transaction) and not D (uncommitted).
 */
static void debugfs_log_replayed(uint32_t bs, const char *jo_opts)
{
	uint8_t a[MAX_BS], bc[2 * MAX_BS], d[MAX_BS];
	char file[96], script[96], out[256];
	struct jbd2_stats st;
	uint64_t blk[4];
	struct jimg im;
	FILE *f;

	assert_int_equal(jimg_mkfs(&im, bs, "64M", ""), 0);
	assert_int_equal(jimg_free_blocks(&im, 4, 3000, blk), 0);
	jimg_pattern(a, bs, blk[0], 1, false);
	jimg_pattern(bc, bs, blk[1], 1, true);
	jimg_pattern(bc + bs, bs, blk[2], 2, false);
	jimg_pattern(d, bs, blk[3], 4, false);

	snprintf(file, sizeof(file), "%s.data", im.path);
	snprintf(script, sizeof(script), "%s.cmds", im.path);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "jo %s\n", jo_opts);
	fprintf(f, "jw -b %llu,%llu %s.ab\n", (unsigned long long)blk[0],
		(unsigned long long)blk[1], file);
	fprintf(f, "jw -b %llu %s.c\n", (unsigned long long)blk[2], file);
	fprintf(f, "jw -r %llu\n", (unsigned long long)blk[0]);
	fprintf(f, "jw -b %llu -c %s.d\n", (unsigned long long)blk[3], file);
	fprintf(f, "jc\n");
	fclose(f);
	{
		uint8_t ab[2 * MAX_BS];

		memcpy(ab, a, bs);
		memcpy(ab + bs, bc, bs);
		snprintf(out, sizeof(out), "%s.ab", file);
		write_file(out, ab, 2 * bs);
		snprintf(out, sizeof(out), "%s.c", file);
		write_file(out, bc + bs, bs);
		snprintf(out, sizeof(out), "%s.d", file);
		write_file(out, d, bs);
	}
	assert_int_equal(jimg_sh("debugfs -w -f %s %s", script, im.path), 0);
	assert_int_not_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	assert_int_equal(jimg_read_journal_map(&im), 0);

	assert_int_equal(jimg_attach(&im), 0);
	assert_int_equal(jbd2_journal_load(im.j), 0);
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.recovered_transactions, 3);
	assert_int_equal(st.replayed_blocks, 2);
	assert_int_equal(st.revoked_blocks, 1);
	assert_int_equal(jimg_detach(&im, NULL), 0);

	assert_block_zero(&im, blk[0]);
	assert_block(&im, blk[1], bc);
	assert_block(&im, blk[2], bc + bs);
	assert_block_zero(&im, blk[3]);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	/* needs_recovery in the ext4 superblock is ext4's flag to clear. */
	assert_int_equal(jimg_sh("debugfs -w -R 'feature -needs_recovery' %s", im.path), 0);
	assert_int_equal(jimg_sh("e2fsck -fn %s", im.path), 0);
	assert_int_equal(jimg_sh_output(out, sizeof(out),
					"dumpe2fs -h %s 2>/dev/null | grep "
					"'^Journal start:'",
					im.path),
			 0);
	assert_non_null(strstr(out, " 0\n"));

	jimg_sh("rm -f %s.* %s", file, script);
	jimg_remove(&im);
}

static void test_debugfs_log_replayed_4k_csum_v3(void **state)
{
	(void)state;
	debugfs_log_replayed(4096, "-c");
}

static void test_debugfs_log_replayed_1k_csum_v3(void **state)
{
	(void)state;
	debugfs_log_replayed(1024, "-c");
}

static void test_debugfs_log_replayed_1k_csum_v2(void **state)
{
	(void)state;
	debugfs_log_replayed(1024, "-c -v 2");
}

static void test_debugfs_log_replayed_4k_no_csum(void **state)
{
	(void)state;
	debugfs_log_replayed(4096, "");
}

/* ---- Rux writes, e2fsck replays ------------------------------------------ */

/* Load the journal of a fresh image with the features ext4 would ask for. */
static void load_fresh(struct jimg *im, uint32_t incompat)
{
	assert_int_equal(jimg_load(im, incompat), 0);
}

static void journal_block(struct jbd2_handle *h, struct jimg *im, uint64_t blocknr,
			  const uint8_t *content)
{
	assert_int_equal(jimg_journal_block(h, im, blocknr, content), 0);
}

/*
 * T1 logs X and Y (Y escaped), T2 logs Z and revokes X, T3 logs W and Y
 * again. Then the machine "stops": nothing is checkpointed.
 */
static void write_three_transactions(struct jimg *im, const uint64_t blk[4],
				     uint8_t content[5][MAX_BS])
{
	struct jbd2_handle *h;
	struct buffer_head *bh;

	jimg_pattern(content[0], im->bs, blk[0], 10, false);
	jimg_pattern(content[1], im->bs, blk[1], 10, true);
	jimg_pattern(content[2], im->bs, blk[2], 11, false);
	jimg_pattern(content[3], im->bs, blk[3], 12, false);
	jimg_pattern(content[4], im->bs, blk[1], 12, true);

	h = jbd2_journal_start(im->j, 4);
	assert_false(IS_ERR(h));
	journal_block(h, im, blk[0], content[0]);
	journal_block(h, im, blk[1], content[1]);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_force_commit(im->j), 0);

	h = jbd2_journal_start(im->j, 4);
	assert_false(IS_ERR(h));
	journal_block(h, im, blk[2], content[2]);
	bh = bread(&im->bf->bdev, blk[0], im->bs);
	assert_false(IS_ERR(bh));
	assert_int_equal(jbd2_journal_revoke(h, blk[0], bh), 0);
	brelse(bh);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_force_commit(im->j), 0);

	h = jbd2_journal_start(im->j, 4);
	assert_false(IS_ERR(h));
	journal_block(h, im, blk[3], content[3]);
	journal_block(h, im, blk[1], content[4]);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_force_commit(im->j), 0);
}

static void rux_log_replayed_by_e2fsck(uint32_t bs, uint32_t incompat)
{
	static uint8_t content[5][MAX_BS];
	char out[8192];
	uint64_t blk[4];
	struct jimg im;

	assert_int_equal(jimg_mkfs(&im, bs, "64M", ""), 0);
	assert_int_equal(jimg_free_blocks(&im, 4, 5000, blk), 0);
	load_fresh(&im, incompat);
	write_three_transactions(&im, blk, content);
	/* Power cut: nothing more reaches the disk. */
	blkfile_cut_after(im.bf, im.bf->writes);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	for (int i = 0; i < 4; i++)
		assert_block_zero(&im, blk[i]);

	assert_int_equal(jimg_sh_output(out, sizeof(out), "debugfs -R logdump %s 2>&1", im.path),
			 0);
	assert_non_null(strstr(out, "Found expected sequence 1, type 1 (descriptor block)"));
	assert_non_null(strstr(out, "Found expected sequence 2, type 5 (revoke table)"));
	assert_non_null(strstr(out, "Found expected sequence 3, type 2 (commit block)"));
	assert_null(strstr(out, "checksum"));

	assert_int_equal(jimg_sh("debugfs -w -R 'feature needs_recovery' %s", im.path), 0);
	assert_true(jimg_sh("e2fsck -fy %s", im.path) <= 1);
	assert_int_equal(jimg_sh("e2fsck -fn %s", im.path), 0);
	assert_block_zero(&im, blk[0]); /* revoked by T2 */
	assert_block(&im, blk[1], content[4]);
	assert_block(&im, blk[2], content[2]);
	assert_block(&im, blk[3], content[3]);
	jimg_remove(&im);
}

static void test_rux_log_replayed_by_e2fsck_4k_csum_v3(void **state)
{
	(void)state;
	rux_log_replayed_by_e2fsck(4096,
				   JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT);
}

static void test_rux_log_replayed_by_e2fsck_1k_csum_v3(void **state)
{
	(void)state;
	rux_log_replayed_by_e2fsck(1024,
				   JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT);
}

static void test_rux_log_replayed_by_e2fsck_1k_no_csum_32bit(void **state)
{
	(void)state;
	rux_log_replayed_by_e2fsck(1024, 0);
}

/* ---- a clean unmount ------------------------------------------------------ */

static void test_unmount_checkpoints_and_leaves_clean_journal(void **state)
{
	static uint8_t content[5][MAX_BS];
	uint64_t blk[4];
	struct jbd2_stats st;
	struct jimg im;
	int err;

	(void)state;
	assert_int_equal(jimg_mkfs(&im, 4096, "64M", ""), 0);
	assert_int_equal(jimg_free_blocks(&im, 4, 5000, blk), 0);
	load_fresh(&im, JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT);
	write_three_transactions(&im, blk, content);
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.commits, 3);
	assert_int_equal(st.logged_blocks, 5);
	assert_int_equal(st.revoke_records, 1);
	assert_int_equal(jimg_detach(&im, &err), 0);
	assert_int_equal(err, 0);

	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_sequence)), 4);
	assert_block(&im, blk[1], content[4]);
	assert_block(&im, blk[2], content[2]);
	assert_block(&im, blk[3], content[3]);
	assert_int_equal(jimg_sh("e2fsck -fn %s", im.path), 0);
	jimg_remove(&im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_debugfs_log_replayed_4k_csum_v3),
	    cmocka_unit_test(test_debugfs_log_replayed_1k_csum_v3),
	    cmocka_unit_test(test_debugfs_log_replayed_1k_csum_v2),
	    cmocka_unit_test(test_debugfs_log_replayed_4k_no_csum),
	    cmocka_unit_test(test_rux_log_replayed_by_e2fsck_4k_csum_v3),
	    cmocka_unit_test(test_rux_log_replayed_by_e2fsck_1k_csum_v3),
	    cmocka_unit_test(test_rux_log_replayed_by_e2fsck_1k_no_csum_32bit),
	    cmocka_unit_test(test_unmount_checkpoints_and_leaves_clean_journal),
	};

	hosted_boot(128ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
