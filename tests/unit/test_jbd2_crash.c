/*
 * tests/unit/test_jbd2_crash.c - power cuts at every point of the write
 * stream. A scenario (a list of transactions writing and revoking blocks)
 * runs on a device that drops every write after the first N; then the
 * journal is loaded again, which recovers it, and the blocks must hold
 * exactly the state after the last transaction whose commit block reached
 * the disk - no more, no less.
 *
 *  - small scenario with revokes, escaped blocks and a block reused after
 *    its revoke: every N from 0 to the end;
 *  - long scenario that wraps the log and checkpoints: sampled N.
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

#define BS	   1024
#define POOL	   40 /* blocks the scenarios play with */
#define MAX_TX	   40
#define MAX_OPS	   32
#define MAX_WRITES 8192
#define FEATURES   (JBD2_FEATURE_INCOMPAT_CSUM_V3 | JBD2_FEATURE_INCOMPAT_64BIT)

struct op {
	char kind; /* 'W': write the block with this round's contents; 'R': revoke it */
	uint8_t block;
};

struct scenario {
	unsigned int ntx;
	unsigned int nops[MAX_TX];
	struct op ops[MAX_TX][MAX_OPS];
};

static struct jimg im;
static uint64_t pool[POOL];
static uint8_t *base;	    /* the image before any run */
static uint8_t *is_journal; /* per file system block */
static uint64_t image_blocks;

/* What the write hook saw during one run. */
static struct {
	uint64_t blocks[MAX_WRITES]; /* file system block of each write, to restore */
	unsigned int nwrites;
	uint64_t commit_index[MAX_TX + 2]; /* write index of each commit block */
	unsigned int ncommits;
	unsigned int log_writes; /* writes to the log (journal blocks but the first) */
} seen;

static void watch_writes(void *arg, uint64_t index, uint64_t sector, const void *buf, size_t len)
{
	uint64_t block = sector * 512 / BS;

	(void)arg;
	assert_int_equal(len, BS);
	assert_true(seen.nwrites < MAX_WRITES);
	seen.blocks[seen.nwrites++] = block;
	seen.log_writes += is_journal[block] && block != im.jmap[0];
	if (is_journal[block] && jbd2_get_be32(buf) == JBD2_MAGIC &&
	    jbd2_get_be32((const uint8_t *)buf + 4) == JBD2_COMMIT_BLOCK) {
		assert_true(seen.ncommits < MAX_TX + 2);
		seen.commit_index[seen.ncommits++] = index;
	}
}

static int setup(void **state)
{
	FILE *f;

	(void)state;
	if (jimg_mkfs(&im, BS, "8M", "") || jimg_free_blocks(&im, POOL, 3000, pool))
		return -1;
	image_blocks = (8u << 20) / BS;
	base = malloc(image_blocks * BS);
	is_journal = calloc(image_blocks, 1);
	f = fopen(im.path, "r");
	if (!base || !is_journal || !f || fread(base, BS, image_blocks, f) != image_blocks)
		return -1;
	fclose(f);
	for (uint32_t i = 0; i < im.jblocks; i++)
		is_journal[im.jmap[i]] = 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	jimg_remove(&im);
	free(base);
	free(is_journal);
	return 0;
}

static bool escaped(unsigned int block)
{
	return block % 3 == 1;
}

static void contents(uint8_t *buf, unsigned int block, unsigned int round)
{
	jimg_pattern(buf, BS, pool[block], round, escaped(block));
}

/* Run @sc on a device that keeps only the first @cut writes. */
static void run_until_cut(const struct scenario *sc, uint64_t cut)
{
	uint8_t buf[BS];

	assert_int_equal(jimg_attach(&im), 0);
	im.bf->fsync = false;
	blkfile_cut_after(im.bf, cut);
	blkfile_set_write_hook(im.bf, watch_writes, NULL);
	assert_int_equal(jbd2_journal_load(im.j), 0);
	assert_int_equal(jbd2_journal_set_features(im.j, 0, 0, FEATURES), 0);
	for (unsigned int t = 0; t < sc->ntx; t++) {
		struct jbd2_handle *h = jbd2_journal_start(im.j, (int)sc->nops[t]);

		assert_false(IS_ERR(h));
		for (unsigned int k = 0; k < sc->nops[t]; k++) {
			const struct op *op = &sc->ops[t][k];

			if (op->kind == 'W') {
				contents(buf, op->block, t + 1);
				assert_int_equal(jimg_journal_block(h, &im, pool[op->block], buf),
						 0);
			} else {
				assert_int_equal(jbd2_journal_revoke(h, pool[op->block], NULL), 0);
			}
		}
		assert_int_equal(jbd2_journal_stop(h), 0);
		assert_int_equal(jbd2_journal_force_commit(im.j), 0);
	}
	assert_int_equal(jimg_detach(&im, NULL), 0); /* unmount: checkpoint, clean */
}

/* The round of the contents block @b must hold after @ntx transactions
 * (0: the original contents). A revoked block is not written home. */
static unsigned int expected_round(const struct scenario *sc, unsigned int ntx, unsigned int b)
{
	unsigned int round = 0;

	for (unsigned int t = 0; t < ntx; t++) {
		for (unsigned int k = 0; k < sc->nops[t]; k++) {
			if (sc->ops[t][k].block == b)
				round = sc->ops[t][k].kind == 'W' ? t + 1 : 0;
		}
	}
	return round;
}

static void assert_state(const struct scenario *sc, unsigned int ntx)
{
	uint8_t got[BS], want[BS];

	for (unsigned int b = 0; b < POOL; b++) {
		unsigned int round = expected_round(sc, ntx, b);

		if (round)
			contents(want, b, round);
		else
			memcpy(want, base + pool[b] * BS, BS);
		assert_int_equal(jimg_read(&im, pool[b], got), 0);
		if (memcmp(got, want, BS) != 0)
			fail_msg("block %u: want round %u after %u transactions", b, round, ntx);
	}
}

/* Put back every block the last runs wrote. */
static void restore_image(void)
{
	for (unsigned int i = 0; i < seen.nwrites; i++)
		assert_int_equal(jimg_write(&im, seen.blocks[i], base + seen.blocks[i] * BS), 0);
	seen.nwrites = 0;
	seen.ncommits = 0;
	seen.log_writes = 0;
}

/* Cut after @cut writes, recover, check; returns the writes of the run. */
static uint64_t crash_at(const struct scenario *sc, uint64_t cut)
{
	unsigned int landed = 0;
	uint64_t writes;

	run_until_cut(sc, cut);
	writes = seen.nwrites;
	for (unsigned int i = 0; i < seen.ncommits; i++)
		landed += seen.commit_index[i] < cut;
	assert_int_equal(seen.ncommits, sc->ntx);

	assert_int_equal(jimg_attach(&im), 0);
	im.bf->fsync = false;
	blkfile_set_write_hook(im.bf, watch_writes, NULL);
	assert_int_equal(jbd2_journal_load(im.j), 0);
	assert_int_equal(jimg_detach(&im, NULL), 0);
	assert_int_equal(jimg_jsb_field(&im, offsetof(struct jbd2_superblock, s_start)), 0);
	assert_state(sc, landed);
	restore_image();
	return writes;
}

static void test_every_cut_of_a_small_scenario(void **state)
{
	static const struct scenario sc = {
	    .ntx = 5,
	    .nops = {3, 2, 2, 3, 2},
	    .ops =
		{
		    {{'W', 0}, {'W', 1}, {'W', 2}},
		    {{'W', 0}, {'W', 3}},
		    {{'R', 2}, {'W', 4}},
		    {{'W', 1}, {'W', 5}, {'R', 3}},
		    {{'W', 2}, {'W', 6}}, /* block 2 reused after its revoke */
		},
	};
	uint64_t total = crash_at(&sc, BLKFILE_NO_CUT);

	(void)state;
	assert_true(total > 20);
	for (uint64_t cut = 0; cut <= total; cut++)
		crash_at(&sc, cut);
}

static void test_sampled_cuts_of_a_wrapping_scenario(void **state)
{
	static struct scenario sc;
	uint64_t total;

	(void)state;
	sc.ntx = 36;
	for (unsigned int t = 0; t < sc.ntx; t++) {
		sc.nops[t] = 30;
		for (unsigned int k = 0; k < 30; k++)
			sc.ops[t][k] = (struct op){'W', (uint8_t)((t * 7 + k) % POOL)};
	}
	run_until_cut(&sc, BLKFILE_NO_CUT);
	assert_true(seen.log_writes > im.jblocks); /* the log wrapped */
	restore_image();
	total = crash_at(&sc, BLKFILE_NO_CUT);
	for (uint64_t cut = 1; cut < total; cut += total / 25 + 1)
		crash_at(&sc, cut);
	/* Right around a commit block in the second lap of the log. */
	run_until_cut(&sc, BLKFILE_NO_CUT);
	{
		uint64_t commit = seen.commit_index[30];

		restore_image();
		crash_at(&sc, commit);
		crash_at(&sc, commit + 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_cut_of_a_small_scenario),
	    cmocka_unit_test(test_sampled_cuts_of_a_wrapping_scenario),
	};

	hosted_boot(128ull << 20, "");
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	hosted_shutdown();
	return failed;
}
