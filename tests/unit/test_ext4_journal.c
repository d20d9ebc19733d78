/*
 * tests/unit/test_ext4_journal.c - ext4 over jbd2: crash-safe metadata.
 *
 * A workload of steps (create, write, append, rename, unlink, truncate,
 * mkdir, rmdir), each ending with an fsync, runs on a journaled image
 * while a model records what every name must hold after each step.
 *
 *  - the whole workload, unmount, e2fsck -fn clean, remount, the model;
 *  - power cuts (tests/unit/blkfile.h) spread over the whole write stream
 *    and at the moments that matter (just before and inside each commit):
 *    Rux remounts (replaying the journal), every name holds exactly what
 *    it held when the last fsync that returned before the cut was called
 *    - or, for names the interrupted step changed, what it holds after
 *    that step (transactions only commit at the steps' fsyncs, or by the
 *    commit thread while nothing runs), and e2fsck -fn is clean; on every
 *    third cut image e2fsck itself replays (-fy), must then be clean (-fn),
 *    and Rux reads the same state from its result;
 *  - the steps that make this matter: blocks freed by a transaction not
 *    reused before it commits (7), ordered data before a commit made by
 *    the commit thread (13), the revoke of a freed symlink block reused for
 *    data (14, 15);
 *  - a truncation longer than a transaction (320 extents in 320 groups)
 *    restarts its handle; cut inside it, the remount (or e2fsck) ends it;
 *  - an image without a journal still works (unjournaled);
 *  - sync and syncfs reach ext4 (vfs_sync_all, vfs_sync_fs);
 *  - numbers: files/s with and without the journal, fsyncs (commits)/s.
 *
 * Under Valgrind (LD_PRELOAD names it) every second cut point of each kind
 * is tested (12 spread, 24 at commits) and the throughput numbers use
 * fewer files; a plain run tests all of them (24 spread, 45 at commits).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h> /* after the headers it needs */

#include "drivers/block/buffer.h"
#include "hal/hosted/hosted.h"
#include "sched/thread.h"
#include "tests/unit/ext4_test.h"
#include "uapi/fcntl.h"

#define BASE_IMG  "journal_base.img"
#define WORK_IMG  "journal_work.img"
#define FSCK_IMG  "journal_fsck.img"
#define MAX_NAMES 64
#define MAX_STEPS 16
#define MAX_CUTS  128
#define SPREAD	  24 /* evenly spread cut points of a plain run */
#define MAX_LEN	  (256 * 1024)

static bool on_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "valgrind");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ----- the model: what each name holds ----- */

enum kind { ABSENT, FILE_, DIR_ };

struct node {
	char name[32];
	enum kind kind;
	unsigned int seed; /* bytes [0, dlen) are e4_byte(seed, i) */
	int64_t dlen;	   /* then zeros up to size */
	int64_t size;
};

struct model {
	struct node n[MAX_NAMES];
	unsigned int count;
};

static struct node *node_of(struct model *m, const char *name)
{
	for (unsigned int i = 0; i < m->count; i++)
		if (strcmp(m->n[i].name, name) == 0)
			return &m->n[i];
	assert_true(m->count < MAX_NAMES);
	snprintf(m->n[m->count].name, sizeof(m->n[0].name), "%s", name);
	return &m->n[m->count++];
}

/* ----- the workload ----- */

struct run {
	struct e4 t;
	struct model m;
	bool strict;	     /* assert every result (no power cut) */
	uint64_t touched;    /* bit per model name changed by the step running */
	uint64_t sync_start; /* writes when the step's fsync began */
};

/* Writes issued so far on the device. */
static uint64_t writes(struct run *r)
{
	return r->t.bf->writes;
}

static void check(struct run *r, long got, long want, const char *what)
{
	if (r->strict && got != want)
		fail_msg("%s: %ld, want %ld", what, got, want);
}

static void touch(struct run *r, const char *name)
{
	struct node *n = node_of(&r->m, name);

	r->touched |= 1ull << (n - r->m.n);
}

static void do_write(struct run *r, const char *name, unsigned int seed, int64_t len)
{
	static uint8_t buf[MAX_LEN];
	struct node *n;

	touch(r, name);
	e4_fill(buf, (size_t)len, seed, 0);
	check(r, e4_write_file(&r->t, name, buf, (size_t)len), (long)len, name);
	n = node_of(&r->m, name);
	*n = (struct node){.kind = FILE_, .seed = seed, .dlen = len, .size = len};
	snprintf(n->name, sizeof(n->name), "%s", name);
}

static void do_append(struct run *r, const char *name, int64_t len)
{
	static uint8_t buf[MAX_LEN];
	struct node *n = node_of(&r->m, name);

	assert_true(n->kind == FILE_ && n->dlen == n->size);
	touch(r, name);
	e4_fill(buf, (size_t)len, n->seed, (uint64_t)n->size);
	check(r, e4_write_at(&r->t, name, O_APPEND, buf, (size_t)len, 0), (long)len, name);
	n->dlen = n->size = n->size + len;
}

static void do_truncate(struct run *r, const char *name, int64_t size)
{
	struct node *n = node_of(&r->m, name);
	struct path p;
	int err;

	touch(r, name);
	err = vfs_lookup(&r->t.ctx, NULL, name, 0, &p);
	if (!err) {
		err = vfs_truncate(&r->t.ctx, &p, size);
		path_put(&p);
	}
	check(r, err, 0, name);
	if (size < n->dlen)
		n->dlen = size;
	n->size = size;
}

static void do_rename(struct run *r, const char *from, const char *to)
{
	struct node *src, *dst;

	touch(r, from);
	touch(r, to);
	check(r, vfs_renameat2(&r->t.ctx, NULL, from, NULL, to, 0), 0, from);
	src = node_of(&r->m, from);
	dst = node_of(&r->m, to);
	*dst = (struct node){
	    .kind = src->kind, .seed = src->seed, .dlen = src->dlen, .size = src->size};
	snprintf(dst->name, sizeof(dst->name), "%s", to);
	src->kind = ABSENT;
}

static void do_unlink(struct run *r, const char *name)
{
	touch(r, name);
	check(r, vfs_unlinkat(&r->t.ctx, NULL, name, 0), 0, name);
	node_of(&r->m, name)->kind = ABSENT;
}

static void do_mkdir(struct run *r, const char *name)
{
	touch(r, name);
	check(r, vfs_mkdirat(&r->t.ctx, NULL, name, 0755), 0, name);
	node_of(&r->m, name)->kind = DIR_;
}

static void do_rmdir(struct run *r, const char *name)
{
	touch(r, name);
	check(r, vfs_unlinkat(&r->t.ctx, NULL, name, AT_REMOVEDIR), 0, name);
	node_of(&r->m, name)->kind = ABSENT;
}

static void do_fsync(struct run *r, const char *name)
{
	struct file *f;
	int err;

	r->sync_start = writes(r);
	err = vfs_openat(&r->t.ctx, NULL, name, O_RDONLY, 0, &f);
	if (!err) {
		err = vfs_fsync(f);
		vfs_close(f);
	}
	check(r, err, 0, name);
}

static void step_1(struct run *r)
{
	do_mkdir(r, "d");
	do_write(r, "d/a", 1, 5000);
	do_write(r, "d/b", 2, 300);
	do_fsync(r, "d/a");
}

static void step_2(struct run *r)
{
	do_write(r, "c", 3, 70000);
	do_append(r, "d/b", 5000);
	do_fsync(r, "c");
}

static void step_3(struct run *r)
{
	do_rename(r, "d/a", "d/a2");
	do_mkdir(r, "e");
	do_write(r, "e/x", 4, 12000);
	do_fsync(r, "e/x");
}

static void step_4(struct run *r)
{
	do_truncate(r, "c", 30000);
	do_truncate(r, "d/b", 100000); /* a hole after the data */
	do_fsync(r, "c");
}

static void step_5(struct run *r)
{
	char name[32];

	do_unlink(r, "d/b");
	for (unsigned int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "d/f%u", i);
		do_write(r, name, 10 + i, 100 * i + 1);
	}
	do_fsync(r, "d/f11");
}

static void step_6(struct run *r)
{
	do_write(r, "big", 5, 200000);
	do_fsync(r, "big");
}

/* Blocks of "big" are free again but must not hold "new" before the unlink commits. */
static void step_7(struct run *r)
{
	do_unlink(r, "big");
	do_write(r, "new", 6, 150000);
	do_fsync(r, "new");
}

static void step_8(struct run *r)
{
	do_write(r, "c", 7, 40000);   /* O_TRUNC: frees and reallocates */
	do_rename(r, "d/f3", "d/f4"); /* replaces */
	do_fsync(r, "c");
}

static void step_9(struct run *r)
{
	do_mkdir(r, "g");
	do_rename(r, "e/x", "g/x");
	do_rmdir(r, "e");
	do_fsync(r, "g/x");
}

static void step_10(struct run *r)
{
	do_append(r, "new", 60000);
	do_truncate(r, "d/a2", 0);
	do_fsync(r, "new");
}

static void step_11(struct run *r)
{
	char name[32];

	for (unsigned int i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "g/n%02u", i);
		do_write(r, name, 40 + i, 700);
	}
	do_fsync(r, "g/n29");
}

static void step_12(struct run *r)
{
	char name[32];

	for (unsigned int i = 0; i < 30; i += 2) {
		snprintf(name, sizeof(name), "g/n%02u", i);
		do_unlink(r, name);
	}
	do_write(r, "z", 8, 100000);
	do_fsync(r, "z");
}

/* Committed by the journal's thread (the transaction is 5 s old), not by
 * an fsync that writes all data first: ordered mode must have put the new
 * blocks and the appended bytes on disk before that commit. */
static void step_13(struct run *r)
{
	do_write(r, "o", 9, 30000);
	do_append(r, "d/f5", 300); /* in the block it has: ordered as well */
	thread_sleep_ns(6000000000ull);
	do_fsync(r, "o");
}

/* A slow symlink's block is journaled metadata; its logged copy stays in
 * the log after the link goes. */
static void step_14(struct run *r)
{
	static const char target[] = "a-target-long-enough-to-need-its-own-block/"
				     "0123456789012345678901234567890123456789";

	check(r, vfs_symlinkat(&r->t.ctx, target, NULL, "l"), 0, "l");
	do_fsync(r, "c");
}

/* The freed link block goes to "w" (the lowest free block of the group):
 * only the revoke keeps replay from writing the old copy over w's data. */
static void step_15(struct run *r)
{
	check(r, vfs_unlinkat(&r->t.ctx, NULL, "l", 0), 0, "l");
	do_fsync(r, "c");
	do_write(r, "w", 11, 20000);
	do_fsync(r, "w");
}

static void (*const steps[])(struct run *) = {
    step_1, step_2,  step_3,  step_4,  step_5,	step_6,	 step_7,  step_8,
    step_9, step_10, step_11, step_12, step_13, step_14, step_15,
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* ----- judging ----- */

/* Does the file system hold what @n says? NULL, or what differs. */
static const char *node_differs(struct e4 *t, const struct node *n)
{
	static uint8_t buf[MAX_LEN];
	static char why[128];
	struct linux_stat st;
	int err = e4_stat(t, n->name, &st);

	if (n->kind == ABSENT)
		return err == -ENOENT ? NULL : "exists";
	if (err)
		return "missing";
	if (n->kind == DIR_)
		return S_ISDIR(st.st_mode) ? NULL : "not a directory";
	if (!S_ISREG(st.st_mode) || st.st_size != n->size)
		return "wrong size";
	assert_true(n->size <= MAX_LEN);
	if (e4_read_at(t, n->name, buf, (size_t)n->size, 0) != (long)n->size)
		return "short read";
	for (int64_t i = 0; i < n->size; i++) {
		uint8_t want = i < n->dlen ? e4_byte(n->seed, (uint64_t)i) : 0;

		if (buf[i] != want) {
			snprintf(why, sizeof(why), "byte %lld is %u, want %u", (long long)i, buf[i],
				 want);
			return why;
		}
	}
	return NULL;
}

/* The node @name has in @m (ABSENT when @m never saw it). */
static struct node node_in(const struct model *m, const char *name)
{
	struct node n = {.kind = ABSENT};

	for (unsigned int i = 0; i < m->count; i++)
		if (strcmp(m->n[i].name, name) == 0)
			return m->n[i];
	snprintf(n.name, sizeof(n.name), "%s", name);
	return n;
}

/*
 * Every name holds what @done says, except those the interrupted step
 * @next changed (NULL: none), which hold either their state in @done or
 * their state after @next: an operation is never half applied.
 */
static void assert_state(struct e4 *t, const struct model *done, const struct model *next,
			 uint64_t changed)
{
	const struct model *all = next ? next : done;

	for (unsigned int i = 0; i < all->count; i++) {
		struct node before = node_in(done, all->n[i].name);
		const char *why = node_differs(t, &before);

		if (why && next && (changed & (1ull << i)) && !node_differs(t, &next->n[i]))
			why = NULL;
		if (why)
			fail_msg("%s: %s%s", all->n[i].name, why,
				 next && (changed & (1ull << i))
				     ? " (nor as after the interrupted step)"
				     : "");
	}
}

static int copy_image(const char *from, const char *to)
{
	return e4_sh("cp %s %s", from, to);
}

/* What a run did: where each step's writes began and ended. */
struct trace {
	unsigned int steps;	   /* steps started */
	uint64_t start[MAX_STEPS]; /* writes when the step began */
	uint64_t sync[MAX_STEPS];  /* ... when its fsync began */
	uint64_t end[MAX_STEPS];   /* ... when its fsync returned */
	struct model after[MAX_STEPS];
	uint64_t touched[MAX_STEPS]; /* names the step changed */
	uint64_t total;		     /* writes of the whole run, unmount included */
};

/* Unmount (checking nothing leaked); returns the writes the device saw. */
static uint64_t umount_counting(struct e4 *t)
{
	uint64_t n;

	vfs_ctx_put(&t->ctx);
	assert_int_equal(vfs_kern_umount(t->mnt), 0);
	n = t->bf->writes;
	assert_int_equal(blkfile_close(t->bf), 0);
	return n;
}

/*
 * Run the workload on a fresh copy of @base. With a @cut, only the first
 * @cut writes reach the image and no step starts after that; the mount is
 * then unmounted, its writes lost too, as if the power had failed.
 */
static void run_workload(struct run *r, const char *base, uint64_t cut, struct trace *tr)
{
	memset(r, 0, sizeof(*r));
	memset(tr, 0, sizeof(*tr));
	r->strict = cut == BLKFILE_NO_CUT;
	assert_int_equal(copy_image(base, WORK_IMG), 0);
	assert_int_equal(e4_mount(&r->t, WORK_IMG, 0), 0);
	r->t.bf->fsync = false; /* no host fsync: a cut loses what it loses */
	blkfile_cut_after(r->t.bf, cut);
	for (unsigned int s = 0; s < NSTEPS && writes(r) < cut; s++) {
		r->touched = 0;
		tr->start[s] = writes(r);
		steps[s](r);
		tr->sync[s] = r->sync_start;
		tr->end[s] = writes(r);
		tr->after[s] = r->m;
		tr->touched[s] = r->touched;
		tr->steps = s + 1;
	}
	tr->total = umount_counting(&r->t);
}

static struct trace ref; /* the run without a cut */

static int setup(void **state)
{
	(void)state;
	e4_workdir_enter("ext4_journal");
	buffer_cache_set_limit(64u << 20); /* no eviction: reads after a cut stay coherent */
	return e4_mkfs(BASE_IMG, 1024, "16M", "");
}

static int teardown(void **state)
{
	(void)state;
	e4_workdir_leave();
	return 0;
}

/* The whole workload, e2fsck, then a remount sees the model. */
static void test_workload_then_remount(void **state)
{
	struct run r;
	struct e4 t;

	(void)state;
	run_workload(&r, BASE_IMG, BLKFILE_NO_CUT, &ref);
	assert_int_equal(ref.steps, NSTEPS);
	assert_int_equal(e4_fsck(WORK_IMG), 0);
	assert_int_equal(e4_mount(&t, WORK_IMG, 0), 0);
	assert_state(&t, &r.m, NULL, 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(WORK_IMG), 0);
}

/* What a cut run must have left: the state after the last step whose
 * fsync returned before the cut (@done), and the step it interrupted. */
struct expect {
	const struct model *done;
	const struct model *next; /* NULL when no step was interrupted */
	uint64_t changed;	  /* names @next changed */
};

static struct expect expected_after_cut(const struct trace *tr, uint64_t cut)
{
	static const struct model empty;
	struct expect e = {.done = &empty};
	unsigned int done = 0;

	while (done < tr->steps && tr->end[done] <= cut)
		done++;
	if (done)
		e.done = &tr->after[done - 1];
	if (done < tr->steps) {
		e.next = &tr->after[done];
		e.changed = tr->touched[done];
	}
	return e;
}

/* e2fsck recovers a copy of the cut image @img into FSCK_IMG itself
 * (replay, orphans): it may only need to replay, and is clean afterwards. */
static void e2fsck_recovers(const char *img)
{
	int st;

	assert_int_equal(copy_image(img, FSCK_IMG), 0);
	st = e4_sh("e2fsck -fy %s > %s.fsy 2>&1", FSCK_IMG, FSCK_IMG);
	if (st != 0 && st != 1) {
		e4_sh("cat %s.fsy", FSCK_IMG);
		fail_msg("e2fsck -fy exit status %d", st);
	}
	assert_int_equal(e4_fsck(FSCK_IMG), 0);
}

/* ... and Rux reads the same state from e2fsck's result. */
static void check_e2fsck_recovery(const struct expect *e)
{
	struct e4 t;

	e2fsck_recovers(WORK_IMG);
	assert_int_equal(e4_mount(&t, FSCK_IMG, 0), 0);
	assert_state(&t, e->done, e->next, e->changed);
	assert_int_equal(e4_umount(&t), 0);
}

/* Cut the power after @cut writes, then recover and judge. */
static void crash_at(uint64_t cut, bool with_e2fsck)
{
	static struct trace tr;
	struct expect e;
	struct run r;
	struct e4 t;

	run_workload(&r, BASE_IMG, cut, &tr);
	e = expected_after_cut(&tr, cut);
	if (with_e2fsck)
		check_e2fsck_recovery(&e);
	assert_int_equal(e4_mount(&t, WORK_IMG, 0), 0); /* replays the journal */
	assert_state(&t, e.done, e.next, e.changed);
	assert_int_equal(e4_umount(&t), 0);
	if (e4_fsck(WORK_IMG) != 0)
		fail_msg("e2fsck -fn after a cut at write %llu of %llu", (unsigned long long)cut,
			 (unsigned long long)tr.total);
}

/*
 * Power cuts: SPREAD points evenly over the reference run's writes, and
 * for each step the moment its fsync starts (its changes made, nothing
 * committed by it), just before its commit block and just after. Every
 * third cut image is also recovered by e2fsck. Under Valgrind, every
 * second point of each kind, to stay well inside a minute.
 */
static void test_power_cuts(void **state)
{
	uint64_t cuts[MAX_CUTS];
	unsigned int n = 0, every = on_valgrind() ? 2 : 1, spread = SPREAD / every;
	double t0 = now_s();

	(void)state;
	assert_int_equal(ref.steps, NSTEPS); /* the reference run came first */
	for (unsigned int i = 0; i < SPREAD; i += every)
		cuts[n++] = 1 + i * (ref.total - 1) / SPREAD;
	for (unsigned int s = 0; s < NSTEPS; s += every) {
		cuts[n++] = ref.sync[s];
		cuts[n++] = ref.end[s] - 1;
		cuts[n++] = ref.end[s];
	}
	assert_true(n <= MAX_CUTS);
	for (unsigned int i = 0; i < n; i++)
		crash_at(cuts[i], i % 3 == 0);
	printf("ext4: %u power cuts (%u spread over %llu writes, %u at commits) recovered and "
	       "checked in %.1f s\n",
	       n, spread, (unsigned long long)ref.total, n - spread, now_s() - t0);
}

/* ----- a truncation longer than a transaction ----- */

#define LONG_IMG    "journal_long.img"
#define LONG_BASE   "journal_long_base.img"
#define LONG_PIECES 320 /* one block in each of 320 groups of 256 blocks */
#define LONG_STRIDE (256 * 1024)

/* The file holds 100 bytes of piece i at i * LONG_STRIDE + 5, up to @size. */
static void assert_sparse(struct e4 *t, int64_t size)
{
	static uint8_t buf[100];
	struct linux_stat st;

	assert_int_equal(e4_stat(t, "sparse", &st), 0);
	assert_int_equal(st.st_size, size);
	for (unsigned int i = 0; i < LONG_PIECES && (int64_t)i * LONG_STRIDE + 105 <= size; i++) {
		assert_int_equal(e4_read_at(t, "sparse", buf, 100, (int64_t)i * LONG_STRIDE + 5),
				 100);
		for (unsigned int k = 0; k < 100; k++)
			assert_int_equal(buf[k], e4_byte(i + 1, k));
	}
}

static void truncate_sparse(struct e4 *t, int64_t size)
{
	struct file *f;

	assert_int_equal(vfs_openat(&t->ctx, NULL, "sparse", O_WRONLY, 0, &f), 0);
	assert_int_equal(vfs_ftruncate(f, size), 0);
	assert_int_equal(vfs_fsync(f), 0);
	vfs_close(f);
}

/*
 * Freeing 320 one-block extents in 320 groups dirties more bitmaps than a
 * transaction of a 1024-block journal holds: the truncation restarts its
 * handle. Whole, then cut at 4 points inside it (3 under Valgrind): the
 * remount finishes the truncation (orphan list), e2fsck is clean either
 * way, and recovers the cut image itself as well.
 */
static void test_long_truncate_restarts(void **state)
{
	static uint8_t buf[100];
	int64_t full = (int64_t)(LONG_PIECES - 1) * LONG_STRIDE + 105;
	struct linux_stat st;
	uint64_t before, span;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(LONG_BASE, 1024, "96M", "-g 256 -N 2048 -J size=1 -O ^resize_inode"), 0);
	assert_int_equal(e4_mount(&t, LONG_BASE, 0), 0);
	t.bf->fsync = false;
	for (unsigned int i = 0; i < LONG_PIECES; i++) {
		e4_fill(buf, sizeof(buf), i + 1, 0);
		assert_int_equal(
		    e4_write_at(&t, "sparse", 0, buf, sizeof(buf), (int64_t)i * LONG_STRIDE + 5),
		    sizeof(buf));
	}
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(LONG_BASE), 0);

	assert_int_equal(copy_image(LONG_BASE, LONG_IMG), 0);
	assert_int_equal(e4_mount(&t, LONG_IMG, 0), 0);
	t.bf->fsync = false;
	assert_sparse(&t, full);
	before = t.bf->writes;
	truncate_sparse(&t, 1000);
	span = t.bf->writes - before;
	assert_sparse(&t, 1000);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(LONG_IMG), 0);

	for (unsigned int k = 1; k < 8; k += on_valgrind() ? 3 : 2) {
		assert_int_equal(copy_image(LONG_BASE, LONG_IMG), 0);
		assert_int_equal(e4_mount(&t, LONG_IMG, 0), 0);
		t.bf->fsync = false;
		blkfile_cut_after(t.bf, t.bf->writes + k * span / 8);
		truncate_sparse(&t, 1000);
		assert_int_equal(e4_umount(&t), 0);
		if (k % 3 == 1)
			e2fsck_recovers(LONG_IMG);
		/* Replayed; if the truncation had begun, the orphan list ends it. */
		assert_int_equal(e4_mount(&t, LONG_IMG, 0), 0);
		assert_int_equal(e4_stat(&t, "sparse", &st), 0);
		if (st.st_size != 1000 && st.st_size != full)
			fail_msg("cut %u/8: size %lld", k, (long long)st.st_size);
		assert_sparse(&t, st.st_size);
		assert_int_equal(e4_umount(&t), 0);
		assert_int_equal(e4_fsck(LONG_IMG), 0);
	}
}

/* An image without a journal keeps working (unjournaled). */
static void test_unjournaled_image(void **state)
{
	static struct trace tr;
	struct run r;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs("journal_none.img", 1024, "16M", "-O ^has_journal"), 0);
	run_workload(&r, "journal_none.img", BLKFILE_NO_CUT, &tr);
	assert_int_equal(tr.steps, NSTEPS);
	assert_int_equal(e4_fsck(WORK_IMG), 0);
	assert_int_equal(e4_mount(&t, WORK_IMG, 0), 0);
	assert_state(&t, &r.m, NULL, 0);
	assert_int_equal(e4_umount(&t), 0);
}

/* Does the image, replayed by e2fsck into a copy, hold @name with @len bytes of @seed? */
static bool durable(const char *img, const char *name, unsigned int seed, size_t len)
{
	uint8_t *cat = NULL;
	char path[64];
	bool ok;

	if (copy_image(img, FSCK_IMG) ||
	    e4_sh("e2fsck -fy %s >/dev/null 2>&1; test $? -lt 4", FSCK_IMG) != 0)
		return false;
	snprintf(path, sizeof(path), "/%s", name);
	ok = e4_debugfs_cat(FSCK_IMG, path, &cat) == (long)len;
	for (size_t i = 0; ok && i < len; i++)
		ok = cat[i] == e4_byte(seed, i);
	free(cat);
	return ok;
}

/* syncfs(2) and sync(2) reach ext4: what they return is on disk. */
static void test_sync_and_syncfs_commit(void **state)
{
	static uint8_t buf[20000];
	struct e4 t;

	(void)state;
	assert_int_equal(copy_image(BASE_IMG, WORK_IMG), 0);
	assert_int_equal(e4_mount(&t, WORK_IMG, 0), 0);
	e4_fill(buf, sizeof(buf), 21, 0);
	assert_int_equal(e4_write_file(&t, "s1", buf, sizeof(buf)), sizeof(buf));
	assert_false(durable(WORK_IMG, "s1", 21, sizeof(buf))); /* not committed yet */
	assert_int_equal(vfs_sync_fs(t.mnt->mnt_sb), 0);
	assert_true(durable(WORK_IMG, "s1", 21, sizeof(buf)));
	e4_fill(buf, sizeof(buf), 22, 0);
	assert_int_equal(e4_write_file(&t, "s2", buf, sizeof(buf)), sizeof(buf));
	assert_false(durable(WORK_IMG, "s2", 22, sizeof(buf)));
	vfs_sync_all();
	assert_true(durable(WORK_IMG, "s2", 22, sizeof(buf)));
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(WORK_IMG), 0);
}

/* Create @n files of 1000 bytes (with an fsync after each when @fsync);
 * returns files per second. */
static double create_files(const char *img, unsigned int n, bool fsync)
{
	static uint8_t buf[1000];
	char name[32];
	struct run r;
	double t0;

	memset(&r, 0, sizeof(r));
	r.strict = true;
	assert_int_equal(e4_mount(&r.t, img, 0), 0);
	r.t.bf->fsync = false;
	assert_int_equal(vfs_mkdirat(&r.t.ctx, NULL, "many", 0755), 0);
	t0 = now_s();
	for (unsigned int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "many/f%u", i);
		e4_fill(buf, sizeof(buf), i, 0);
		assert_int_equal(e4_write_file(&r.t, name, buf, sizeof(buf)), sizeof(buf));
		if (fsync)
			do_fsync(&r, name);
	}
	umount_counting(&r.t);
	return n / (now_s() - t0);
}

/* Numbers for the report (no assertion on them): files/s with and
 * without the journal, and fsyncs/s (each one a commit). */
static void test_throughput_numbers(void **state)
{
	unsigned int n = on_valgrind() ? 200 : 3000, nsync = on_valgrind() ? 50 : 500;
	double journaled, plain, synced;

	(void)state;
	assert_int_equal(e4_mkfs("journal_fast.img", 4096, "64M", ""), 0);
	journaled = create_files("journal_fast.img", n, false);
	assert_int_equal(e4_fsck("journal_fast.img"), 0);
	assert_int_equal(e4_mkfs("journal_fast.img", 4096, "64M", "-O ^has_journal"), 0);
	plain = create_files("journal_fast.img", n, false);
	assert_int_equal(e4_fsck("journal_fast.img"), 0);
	assert_int_equal(e4_mkfs("journal_fast.img", 4096, "64M", ""), 0);
	synced = create_files("journal_fast.img", nsync, true);
	assert_int_equal(e4_fsck("journal_fast.img"), 0);
	printf(
	    "ext4: %u files of 1000 bytes (unmount included): %.0f files/s journaled, "
	    "%.0f files/s without a journal; with fsync after each: %.0f files/s (= commits/s)\n",
	    n, journaled, plain, synced);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_workload_then_remount),
	    cmocka_unit_test(test_power_cuts),
	    cmocka_unit_test(test_long_truncate_restarts),
	    cmocka_unit_test(test_unjournaled_image),
	    cmocka_unit_test(test_sync_and_syncfs_commit),
	    cmocka_unit_test(test_throughput_numbers),
	};
	int failed;

	hosted_boot(256ull << 20, "");
	failed = cmocka_run_group_tests(tests, setup, teardown);
	hosted_shutdown();
	return failed;
}
