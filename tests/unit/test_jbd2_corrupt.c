/*
 * tests/unit/test_jbd2_corrupt.c - recovery of damaged logs: a bad
 * checksum on a data, descriptor or commit block, garbage descriptors and
 * revoke blocks, a log that never ends, transaction ids that wrap, and bad
 * superblocks. Recovery must stop at the first bad block with a message,
 * replay exactly the transactions before it, and never crash or loop.
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
#include "lib/printk.h"
#include "tests/unit/jbd2_image.h"
#include "uapi/errno.h"

#define BS   1024
#define CSUM (JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT)
#define NBLK 4

static struct jimg im;
static uint64_t blk[NBLK];

static void contents(uint8_t *buf, unsigned int i)
{
	jimg_pattern(buf, BS, blk[i], 1, false);
}

/*
 * A log of three transactions, none checkpointed: T1 writes block 0, T2
 * blocks 1 and 2 (and revokes block 3 when @revoke), T3 block 3. Without
 * revoke the log is: 1 desc, 2 data, 3 commit | 4 desc, 5-6 data, 7 commit
 * | 8 desc, 9 data, 10 commit.
 */
static void make_log(uint32_t incompat, bool revoke)
{
	static const unsigned int first[] = {0, 1, 3}, count[] = {1, 2, 1};
	uint8_t buf[BS];

	assert_int_equal(jimg_mkfs(&im, BS, "8M", ""), 0);
	assert_int_equal(jimg_free_blocks(&im, NBLK, 3000, blk), 0);
	assert_int_equal(jimg_load(&im, incompat), 0);
	for (unsigned int t = 0; t < 3; t++) {
		struct jbd2_handle *h = jbd2_journal_start(im.j, 2);

		assert_false(IS_ERR(h));
		for (unsigned int i = first[t]; i < first[t] + count[t]; i++) {
			contents(buf, i);
			assert_int_equal(jimg_journal_block(h, &im, blk[i], buf), 0);
		}
		if (t == 1 && revoke)
			assert_int_equal(jbd2_journal_revoke(h, blk[3], NULL), 0);
		assert_int_equal(jbd2_journal_stop(h), 0);
		assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	}
	blkfile_cut_after(im.bf, im.bf->writes); /* crash */
	assert_int_equal(jimg_detach(&im, NULL), 0);
}

static void log_read(uint32_t lblk, uint8_t *buf)
{
	assert_int_equal(jimg_read(&im, im.jmap[lblk], buf), 0);
}

static void log_write(uint32_t lblk, const uint8_t *buf)
{
	assert_int_equal(jimg_write(&im, im.jmap[lblk], buf), 0);
}

static void assert_log_block(uint32_t lblk, uint32_t type)
{
	uint8_t buf[BS];

	log_read(lblk, buf);
	assert_int_equal(jbd2_get_be32(buf), JBD2_MAGIC);
	assert_int_equal(jbd2_get_be32(buf + 4), type);
}

static void flip_byte(uint32_t lblk, unsigned int off)
{
	uint8_t buf[BS];

	log_read(lblk, buf);
	buf[off] ^= 0x5a;
	log_write(lblk, buf);
}

static bool kernel_log_contains(const char *text)
{
	static char log[PRINTK_LOG_SIZE + 1];
	size_t n = printk_log_read(log, PRINTK_LOG_SIZE);

	log[n] = '\0';
	return strstr(log, text) != NULL;
}

/* Recover and check that exactly the first @ntx transactions were replayed. */
static void recover_expect(unsigned int ntx)
{
	static const unsigned int written_by[NBLK] = {1, 2, 2, 3};
	uint8_t got[BS], want[BS];
	struct jbd2_stats st;

	assert_int_equal(jimg_load(&im, 0), 0);
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.recovered_transactions, ntx);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	for (unsigned int i = 0; i < NBLK; i++) {
		if (written_by[i] <= ntx)
			contents(want, i);
		else
			memset(want, 0, BS);
		assert_int_equal(jimg_read(&im, blk[i], got), 0);
		assert_memory_equal(got, want, BS);
	}
	jimg_remove(&im);
}

static void test_intact_log_is_replayed_whole(void **state)
{
	(void)state;
	make_log(CSUM, false);
	assert_log_block(4, JBD2_DESCRIPTOR_BLOCK);
	assert_log_block(7, JBD2_COMMIT_BLOCK);
	assert_log_block(10, JBD2_COMMIT_BLOCK);
	recover_expect(3);
}

static void test_bad_data_checksum_ends_log(void **state)
{
	(void)state;
	make_log(CSUM, false);
	flip_byte(6, 100);
	recover_expect(1);
	assert_true(kernel_log_contains("data block checksum mismatch at journal block 6"));
}

static void test_bad_descriptor_checksum_ends_log(void **state)
{
	(void)state;
	make_log(CSUM, false);
	flip_byte(4, 13); /* inside the first tag */
	recover_expect(1);
	assert_true(kernel_log_contains("descriptor block checksum mismatch at journal block 4"));
}

static void test_bad_commit_checksum_ends_log(void **state)
{
	(void)state;
	make_log(CSUM, false);
	flip_byte(7, 0x30); /* the commit time */
	recover_expect(1);
	assert_true(kernel_log_contains("commit block checksum mismatch at journal block 7"));
}

static void test_tag_beyond_device_ends_log(void **state)
{
	uint8_t buf[BS];

	(void)state;
	make_log(0, false); /* no checksums: only the range check can tell */
	log_read(4, buf);
	jbd2_put_be32(buf + 12, 0x7fffffff); /* first tag's t_blocknr */
	log_write(4, buf);
	recover_expect(1);
	assert_true(kernel_log_contains("block tag beyond the device at journal block"));
}

static void test_garbage_descriptor_does_not_crash(void **state)
{
	uint8_t buf[BS];
	uint32_t seed = 12345;

	(void)state;
	make_log(0, false);
	log_read(4, buf);
	for (unsigned int i = 12; i < BS; i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (uint8_t)(seed >> 16);
	}
	log_write(4, buf);
	/* Whatever the garbage says, the load ends and leaves a clean log. */
	assert_int_equal(jimg_load(&im, 0), 0);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	jimg_remove(&im);
}

static void test_bad_revoke_block_ends_log(void **state)
{
	uint8_t buf[BS];

	(void)state;
	make_log(0, true); /* T2: 4 revoke, 5 desc, 6-7 data, 8 commit */
	assert_log_block(4, JBD2_REVOKE_BLOCK);
	log_read(4, buf);
	jbd2_put_be32(buf + 12, 5000); /* r_count larger than the block */
	log_write(4, buf);
	recover_expect(1);
	assert_true(kernel_log_contains("bad revoke block size at journal block 4"));
}

static void test_wrapping_transaction_ids(void **state)
{
	uint8_t buf[BS];

	(void)state;
	assert_int_equal(jimg_mkfs(&im, BS, "8M", ""), 0);
	assert_int_equal(jimg_free_blocks(&im, NBLK, 3000, blk), 0);
	assert_int_equal(
	    jimg_jsb_set_field(&im, offsetof(struct jbd2_superblock, s_sequence), 0xfffffffe), 0);
	assert_int_equal(jimg_load(&im, CSUM), 0);
	for (unsigned int i = 0; i < NBLK; i++) { /* ids fffffffe, ffffffff, 0, 1 */
		struct jbd2_handle *h = jbd2_journal_start(im.j, 1);

		assert_false(IS_ERR(h));
		contents(buf, i);
		assert_int_equal(jimg_journal_block(h, &im, blk[i], buf), 0);
		assert_int_equal(jbd2_journal_stop(h), 0);
		assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	}
	blkfile_cut_after(im.bf, im.bf->writes);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_sequence)),
			 0xfffffffe);
	recover_expect(4);
}

static void test_log_that_never_ends_is_bounded(void **state)
{
	uint8_t buf[BS];
	struct jbd2_stats st;

	(void)state;
	assert_int_equal(jimg_mkfs(&im, BS, "8M", ""), 0);
	/* Every log block a valid commit block of the next transaction. */
	for (uint32_t lblk = 1; lblk < im.jblocks; lblk++) {
		memset(buf, 0, BS);
		jbd2_put_be32(buf, JBD2_MAGIC);
		jbd2_put_be32(buf + 4, JBD2_COMMIT_BLOCK);
		jbd2_put_be32(buf + 8, 100 + lblk - 1);
		log_write(lblk, buf);
	}
	assert_int_equal(jimg_jsb_set_field(&im, offsetof(struct jbd2_superblock, s_sequence), 100),
			 0);
	assert_int_equal(jimg_jsb_set_field(&im, offsetof(struct jbd2_superblock, s_start), 1), 0);
	assert_int_equal(jimg_load(&im, 0), 0);
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.recovered_transactions, im.jblocks - 1);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_true(kernel_log_contains("log does not end"));
	jimg_remove(&im);
}

static void test_bad_superblocks_are_refused(void **state)
{
	(void)state;
	make_log(CSUM, false);
	/* A changed field without a matching checksum. */
	{
		uint8_t buf[BS];

		log_read(0, buf);
		buf[offsetof(struct jbd2_superblock, s_max_transaction)] ^= 1;
		log_write(0, buf);
	}
	assert_int_equal(jimg_attach(&im), 0);
	assert_int_equal(jbd2_journal_load(im.j), -EINVAL);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_true(kernel_log_contains("bad journal superblock: checksum mismatch"));

	/* An unknown incompatible feature (checksum fixed). */
	assert_int_equal(jimg_jsb_set_field(&im,
					    offsetof(struct jbd2_superblock, s_feature_incompat),
					    CSUM | 0x80),
			 0);
	assert_int_equal(jimg_attach(&im), 0);
	assert_int_equal(jbd2_journal_load(im.j), -EINVAL);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_true(kernel_log_contains("bad journal superblock: unknown features"));
	jimg_remove(&im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intact_log_is_replayed_whole),
	    cmocka_unit_test(test_bad_data_checksum_ends_log),
	    cmocka_unit_test(test_bad_descriptor_checksum_ends_log),
	    cmocka_unit_test(test_bad_commit_checksum_ends_log),
	    cmocka_unit_test(test_tag_beyond_device_ends_log),
	    cmocka_unit_test(test_garbage_descriptor_does_not_crash),
	    cmocka_unit_test(test_bad_revoke_block_ends_log),
	    cmocka_unit_test(test_wrapping_transaction_ids),
	    cmocka_unit_test(test_log_that_never_ends_is_bounded),
	    cmocka_unit_test(test_bad_superblocks_are_refused),
	};

	hosted_boot(64ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
