/*
 * tests/unit/test_jbd2_txn.c - handles and transactions on a real (mkfs-made)
 * ext4 image: buffers stay off their home blocks until their transaction
 * commits, nesting, credits, forget, commits waiting for open handles, the
 * periodic commit, a full log forcing checkpoints, several threads at once,
 * and a rough throughput figure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h> /* after the headers it needs */

#include "fs/jbd2/jbd2.h"
#include "hal/hosted/hosted.h"
#include "lib/err.h"
#include "sched/thread.h"
#include "tests/unit/jbd2_image.h"
#include "uapi/errno.h"

#define BS	 1024
#define NBLOCKS	 64
#define FEATURES (JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT)

static struct jimg im;
static uint64_t blk[NBLOCKS]; /* free blocks of the image to play with */

static int setup(void **state)
{
	(void)state;
	if (jimg_mkfs(&im, BS, "8M", "") || jimg_free_blocks(&im, NBLOCKS, 2000, blk))
		return -1;
	return jimg_load(&im, FEATURES);
}

static int teardown(void **state)
{
	int err;

	(void)state;
	if (jimg_detach(&im, &err) || err)
		return -1;
	jimg_remove(&im);
	return 0;
}

static void fill(uint8_t *buf, unsigned int i, unsigned int round)
{
	jimg_pattern(buf, BS, blk[i], round, false);
}

/* Block @i as the file holds it now. */
static void assert_home(unsigned int i, const uint8_t *want)
{
	uint8_t got[BS];

	assert_int_equal(jimg_read(&im, blk[i], got), 0);
	assert_memory_equal(got, want, BS);
}

static void write_in_handle(struct jbd2_handle *h, unsigned int i, unsigned int round)
{
	uint8_t buf[BS];

	fill(buf, i, round);
	assert_int_equal(jimg_journal_block(h, &im, blk[i], buf), 0);
}

/* One transaction writing block @i, committed. */
static void commit_block(unsigned int i, unsigned int round)
{
	struct jbd2_handle *h = jbd2_journal_start(im.j, 1);

	assert_false(IS_ERR(h));
	write_in_handle(h, i, round);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
}

/* "Crash" and replay: drop the journal without writing anything more, then
 * load it again (recovering) on a fresh device. */
static void crash_and_recover(void)
{
	blkfile_cut_after(im.bf, im.bf->writes);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_int_equal(jimg_load(&im, FEATURES), 0);
}

static void test_buffers_reach_home_only_after_commit(void **state)
{
	static const uint8_t zero[BS];
	struct jbd2_handle *h;
	uint8_t v1[BS], v2[BS];

	(void)state;
	fill(v1, 0, 1);
	fill(v2, 0, 2);
	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	write_in_handle(h, 0, 1);
	assert_int_equal(jbd2_journal_stop(h), 0);
	/* Write-back of the whole device must not carry the change home. */
	assert_int_equal(buffer_sync_bdev(&im.bf->bdev), 0);
	assert_home(0, zero);

	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	assert_home(0, zero); /* in the log only */

	/* A newer transaction takes the buffer: the committed version must
	 * not be written with the newer, uncommitted change in it. */
	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	write_in_handle(h, 0, 2);
	assert_int_equal(buffer_sync_bdev(&im.bf->bdev), 0);
	assert_home(0, zero);
	assert_int_equal(jbd2_journal_stop(h), 0);

	crash_and_recover();
	assert_home(0, v1); /* the committed version, replayed */
}

static void test_checkpoint_writes_committed_buffers_home(void **state)
{
	struct jbd2_stats st;
	uint8_t v[BS];

	(void)state;
	commit_block(1, 3);
	commit_block(1, 4);
	assert_int_equal(jbd2_journal_flush(im.j), 0);
	fill(v, 1, 4);
	assert_home(1, v);
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.log_used, 0);
	assert_true(st.checkpoints >= 2);
}

static void test_nested_start_returns_the_same_handle(void **state)
{
	struct jbd2_handle *outer, *inner;
	uint32_t tid;

	(void)state;
	outer = jbd2_journal_start(im.j, 2);
	assert_false(IS_ERR(outer));
	inner = jbd2_journal_start(im.j, 1);
	assert_ptr_equal(inner, outer);
	write_in_handle(inner, 2, 1);
	assert_int_equal(jbd2_journal_stop(inner), 0);
	write_in_handle(outer, 3, 1); /* still open */
	assert_int_equal(jbd2_journal_force_commit(im.j), -EDEADLK);
	tid = jbd2_handle_tid(outer);
	assert_int_equal(jbd2_journal_stop(outer), 0);
	assert_false(jbd2_journal_tid_committed(im.j, tid));
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	assert_true(jbd2_journal_tid_committed(im.j, tid));
}

static void test_credits_are_enforced(void **state)
{
	struct jbd2_stats st;
	struct jbd2_handle *h;
	uint8_t buf[BS];

	(void)state;
	jbd2_journal_stats(im.j, &st);
	assert_true(st.max_credits > 100);
	h = jbd2_journal_start(im.j, (int)st.max_credits + 1);
	assert_ptr_equal(h, ERR_PTR(-ENOSPC));
	h = jbd2_journal_start(im.j, -1);
	assert_ptr_equal(h, ERR_PTR(-EINVAL));

	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	write_in_handle(h, 4, 1);
	write_in_handle(h, 4, 2); /* the same buffer again: no new credit */
	fill(buf, 5, 1);
	assert_int_equal(jimg_journal_block(h, &im, blk[5], buf), -ENOSPC);
	assert_int_equal(jbd2_journal_extend(h, 1), 0);
	assert_int_equal(jimg_journal_block(h, &im, blk[5], buf), 0);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
}

static void test_dirty_without_write_access_is_refused(void **state)
{
	struct buffer_head *bh;
	struct jbd2_handle *h;

	(void)state;
	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	bh = bread(&im.bf->bdev, blk[6], BS);
	assert_false(IS_ERR(bh));
	assert_int_equal(jbd2_journal_dirty_metadata(h, bh), -EINVAL);
	brelse(bh);
	assert_int_equal(jbd2_journal_stop(h), 0);
}

static void test_forgotten_blocks_are_neither_logged_nor_written(void **state)
{
	static const uint8_t zero[BS];
	struct jbd2_stats before, after;
	struct buffer_head *bh;
	struct jbd2_handle *h;

	(void)state;
	commit_block(7, 1); /* committed, waiting for its checkpoint */
	jbd2_journal_stats(im.j, &before);
	h = jbd2_journal_start(im.j, 2);
	assert_false(IS_ERR(h));
	write_in_handle(h, 8, 1); /* dirtied, then freed in the same transaction */
	bh = bread(&im.bf->bdev, blk[8], BS);
	assert_false(IS_ERR(bh));
	assert_int_equal(jbd2_journal_forget(h, bh), 0);
	brelse(bh);
	bh = bread(&im.bf->bdev, blk[7], BS);
	assert_false(IS_ERR(bh));
	assert_int_equal(jbd2_journal_revoke(h, blk[7], bh), 0);
	brelse(bh);
	assert_int_equal(jbd2_journal_stop(h), 0);
	assert_int_equal(jbd2_journal_flush(im.j), 0);
	jbd2_journal_stats(im.j, &after);
	assert_int_equal(after.logged_blocks, before.logged_blocks);
	assert_int_equal(after.revoke_records, before.revoke_records + 1);
	assert_home(7, zero);
	assert_home(8, zero);
}

/* ---- threads -------------------------------------------------------------- */

static volatile bool committer_done;

static void committer(void *arg)
{
	(void)arg;
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	committer_done = true;
}

static void test_commit_waits_for_open_handles(void **state)
{
	struct jbd2_handle *h;
	struct thread *t;
	uint8_t v[BS];

	(void)state;
	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	write_in_handle(h, 9, 1);
	committer_done = false;
	t = kthread_run(committer, NULL, "committer");
	assert_non_null(t);
	thread_sleep_ns(1000000); /* the committer runs and waits for us */
	assert_false(committer_done);
	write_in_handle(h, 9, 2); /* still part of the same transaction */
	assert_int_equal(jbd2_journal_stop(h), 0);
	thread_join(t);
	assert_true(committer_done);

	crash_and_recover();
	fill(v, 9, 2);
	assert_home(9, v);
}

static void test_old_transaction_is_committed_by_the_thread(void **state)
{
	struct jbd2_stats before, st;
	struct jbd2_handle *h;

	(void)state;
	jbd2_journal_stats(im.j, &before);
	h = jbd2_journal_start(im.j, 1);
	assert_false(IS_ERR(h));
	write_in_handle(h, 10, 1);
	assert_int_equal(jbd2_journal_stop(h), 0);
	thread_sleep_ns(1000000000ull); /* 1 s: too young */
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.commits, before.commits);
	thread_sleep_ns(5000000000ull); /* 6 s in all */
	jbd2_journal_stats(im.j, &st);
	assert_int_equal(st.commits, before.commits + 1);
}

#define WORKERS	   4
#define WORKER_OPS 40

/* Each worker bumps its own counter in a block all of them share, and
 * writes a block of its own, in many small handles. */
static void worker(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;

	for (unsigned int n = 1; n <= WORKER_OPS; n++) {
		struct jbd2_handle *h = jbd2_journal_start(im.j, 2);
		struct buffer_head *bh;

		assert_false(IS_ERR(h));
		bh = bread(&im.bf->bdev, blk[20], BS);
		assert_false(IS_ERR(bh));
		assert_int_equal(jbd2_journal_get_write_access(h, bh), 0);
		lock_buffer(bh);
		((uint32_t *)bh->b_data)[id] = n;
		unlock_buffer(bh);
		assert_int_equal(jbd2_journal_dirty_metadata(h, bh), 0);
		brelse(bh);
		write_in_handle(h, 21 + id, n);
		sched_yield_current();
		assert_int_equal(jbd2_journal_stop(h), 0);
		if (n % 7 == id)
			assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	}
}

static void test_concurrent_handles(void **state)
{
	struct thread *t[WORKERS];
	uint8_t got[BS], want[BS];

	(void)state;
	for (unsigned int i = 0; i < WORKERS; i++) {
		t[i] = kthread_run(worker, (void *)(uintptr_t)i, "worker");
		assert_non_null(t[i]);
	}
	for (unsigned int i = 0; i < WORKERS; i++)
		thread_join(t[i]);
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);

	crash_and_recover();
	assert_int_equal(jimg_read(&im, blk[20], got), 0);
	for (unsigned int i = 0; i < WORKERS; i++) {
		assert_int_equal(((uint32_t *)got)[i], WORKER_OPS);
		fill(want, 21 + i, WORKER_OPS);
		assert_home(21 + i, want);
	}
}

static void test_full_log_is_checkpointed(void **state)
{
	struct jbd2_stats before, st;
	struct jbd2_handle *h;
	uint8_t want[BS];

	(void)state;
	jbd2_journal_stats(im.j, &before);
	/* 60 transactions of 30 blocks: about twice the log. */
	for (unsigned int round = 1; round <= 60; round++) {
		h = jbd2_journal_start(im.j, 30);
		assert_false(IS_ERR(h));
		for (unsigned int i = 0; i < 30; i++)
			write_in_handle(h, 30 + (i + round) % 34, round);
		assert_int_equal(jbd2_journal_stop(h), 0);
		assert_int_equal(jbd2_journal_force_commit(im.j), 0);
		jbd2_journal_stats(im.j, &st);
		assert_true(st.log_used < im.jblocks - 1);
	}
	assert_true(st.checkpoints > before.checkpoints);
	crash_and_recover();
	for (unsigned int i = 30; i < 64; i++) {
		unsigned int last = 60;

		while ((i - 30 + 34 - last % 34) % 34 >= 30)
			last--;
		fill(want, i, last);
		assert_home(i, want);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* @n transactions of 4 blocks, each committed on its own; per second. */
static double commit_rate(unsigned int n)
{
	struct jbd2_handle *h;
	double t0 = now_s();

	for (unsigned int k = 0; k < n; k++) {
		h = jbd2_journal_start(im.j, 4);
		assert_false(IS_ERR(h));
		for (unsigned int i = 0; i < 4; i++)
			write_in_handle(h, 40 + i, k);
		assert_int_equal(jbd2_journal_stop(h), 0);
		assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	}
	return n / (now_s() - t0);
}

/* Not a pass/fail test: prints what the hosted build achieves. */
static void test_throughput(void **state)
{
	const unsigned int batched = 2000;
	double synced, unsynced, t0, t1;
	struct jbd2_handle *h;

	(void)state;
	synced = commit_rate(100);
	im.bf->fsync = false;
	unsynced = commit_rate(1000);
	t0 = now_s();
	for (unsigned int n = 0; n < batched; n++) {
		h = jbd2_journal_start(im.j, 4);
		assert_false(IS_ERR(h));
		for (unsigned int i = 0; i < 4; i++)
			write_in_handle(h, 44 + i, n);
		assert_int_equal(jbd2_journal_stop(h), 0);
	}
	assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	t1 = now_s();
	printf("jbd2: %.0f commits/s with fsync on flush, %.0f without (4 blocks each); "
	       "%.0f handles/s batched into one commit\n",
	       synced, unsynced, batched / (t1 - t0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_buffers_reach_home_only_after_commit, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_checkpoint_writes_committed_buffers_home, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_nested_start_returns_the_same_handle, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_credits_are_enforced, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dirty_without_write_access_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_forgotten_blocks_are_neither_logged_nor_written,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commit_waits_for_open_handles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_old_transaction_is_committed_by_the_thread, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_handles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_full_log_is_checkpointed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throughput, setup, teardown),
	};

	hosted_boot(128ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
