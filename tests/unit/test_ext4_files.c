/*
 * tests/unit/test_ext4_files.c - ext4 file data, judged by e2fsck and
 * debugfs: truncating down and up (partial blocks, whole extent subtrees),
 * sparse files with holes and SEEK_DATA/SEEK_HOLE, a file past 4 GiB,
 * sequential throughput, a full disk (-ENOSPC, then space back after
 * deleting), unlinked-but-open files, and the orphan list at mount.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "tests/unit/ext4_test.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool on_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "valgrind");
}

static int truncate_to(struct e4 *t, const char *name, int64_t len)
{
	struct path p;
	int err = vfs_lookup(&t->ctx, NULL, name, 0, &p);

	if (err)
		return err;
	err = vfs_truncate(&t->ctx, &p, len);
	path_put(&p);
	return err;
}

/* Check @len bytes at @pos of @name: file @seed's bytes, or zeros (seed 0). */
static void expect_content(struct e4 *t, const char *name, int64_t pos, size_t len,
			   unsigned int seed)
{
	static uint8_t buf[1 << 20];

	assert_true(len <= sizeof(buf));
	assert_int_equal(e4_read_at(t, name, buf, len, pos), (long)len);
	for (size_t i = 0; i < len; i++) {
		uint8_t want = seed ? e4_byte(seed, (uint64_t)pos + i) : 0;

		if (buf[i] != want)
			fail_msg("%s: byte %lld is %u, want %u", name,
				 (long long)pos + (long long)i, buf[i], want);
	}
}

static long write_pattern(struct e4 *t, const char *name, int64_t pos, size_t len,
			  unsigned int seed)
{
	static uint8_t buf[1 << 20];

	assert_true(len <= sizeof(buf));
	e4_fill(buf, len, seed, (uint64_t)pos);
	return e4_write_at(t, name, 0, buf, len, pos);
}

static void test_truncate_down_and_up(void **state)
{
	const char *img = "ext4_files_trunc.img";
	struct linux_stat st;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	/* Many small extents (written backwards with gaps) force a deep tree. */
	for (int i = 400; i >= 0; i--)
		assert_int_equal(write_pattern(&t, "f", (int64_t)i * 3072, 1024, 3), 1024);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	/* 401 extents: leaves of 84 under index nodes under the root (depth 2). */
	assert_int_equal(e4_sh("debugfs -R 'ex /f' %s 2>/dev/null | grep -q '^ *2/ *2'", img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	expect_content(&t, "f", 3072 * 200, 1024, 3);
	expect_content(&t, "f", 3072 * 200 + 1024, 2048, 0);
	/* Down into the middle of an extent and of a block. */
	assert_int_equal(truncate_to(&t, "f", 3072 * 100 + 500), 0);
	assert_int_equal(e4_stat(&t, "f", &st), 0);
	assert_int_equal(st.st_size, 3072 * 100 + 500);
	expect_content(&t, "f", 3072 * 100, 500, 3);
	/* Up again: the cut-off tail reads as zeros. */
	assert_int_equal(truncate_to(&t, "f", 3072 * 300), 0);
	expect_content(&t, "f", 3072 * 100, 500, 3);
	expect_content(&t, "f", 3072 * 100 + 500, 1024, 0);
	expect_content(&t, "f", 3072 * 250, 1024, 0);
	assert_int_equal(truncate_to(&t, "f", 0), 0);
	assert_int_equal(e4_stat(&t, "f", &st), 0);
	assert_int_equal(st.st_blocks, 0);
	assert_int_equal(write_pattern(&t, "f", 0, 5000, 4), 5000);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_sparse_and_seek(void **state)
{
	const char *img = "ext4_files_sparse.img";
	struct file *f;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(write_pattern(&t, "s", 1 << 20, 10000, 6), 10000);
	assert_int_equal(write_pattern(&t, "s", 8 << 20, 100, 6), 100);
	expect_content(&t, "s", 0, 1 << 20, 0);
	expect_content(&t, "s", 1 << 20, 10000, 6);
	expect_content(&t, "s", (1 << 20) + 12288, 100000, 0);
	assert_int_equal(vfs_openat(&t.ctx, NULL, "s", O_RDONLY, 0, &f), 0);
	assert_int_equal(vfs_lseek(f, 0, SEEK_DATA), 1 << 20);
	assert_int_equal(vfs_lseek(f, 1 << 20, SEEK_HOLE), (1 << 20) + 12288);
	assert_int_equal(vfs_lseek(f, (1 << 20) + 12288, SEEK_DATA), 8 << 20);
	assert_int_equal(vfs_lseek(f, 8 << 20, SEEK_HOLE), (8 << 20) + 100);
	assert_int_equal(vfs_lseek(f, (8 << 20) + 100, SEEK_DATA), -ENXIO);
	vfs_close(f);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_file_past_4gib(void **state)
{
	const char *img = "ext4_files_huge.img";
	int64_t far = (5ll << 30) + 12345;
	struct linux_stat st;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(write_pattern(&t, "huge", 100, 5000, 8), 5000);
	assert_int_equal(write_pattern(&t, "huge", far, 70000, 8), 70000);
	assert_int_equal(e4_stat(&t, "huge", &st), 0);
	assert_int_equal(st.st_size, far + 70000);
	assert_true(st.st_blocks <= 40 * 8);
	expect_content(&t, "huge", far - 1000, 1000, 0);
	expect_content(&t, "huge", 4ll << 30, 4096, 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_sh("debugfs -R 'stat /huge' %s 2>/dev/null | grep -q 'Size: %lld$'",
			       img, (long long)(far + 70000)),
			 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	expect_content(&t, "huge", far, 70000, 8);
	expect_content(&t, "huge", 100, 5000, 8);
	assert_int_equal(truncate_to(&t, "huge", 4096), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_sequential_throughput(void **state)
{
	const char *img = "ext4_files_seq.img";
	size_t chunk = 1 << 20, total = on_valgrind() ? (8u << 20) : (96u << 20);
	static uint8_t buf[1 << 20];
	double t0, wr, rd;
	struct file *f;
	int64_t pos = 0;
	uint8_t *cat = NULL;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "128M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_openat(&t.ctx, NULL, "seq", O_WRONLY | O_CREAT, 0644, &f), 0);
	t0 = now_s();
	for (size_t done = 0; done < total; done += chunk) {
		e4_fill(buf, chunk, 11, done);
		assert_int_equal(vfs_write(f, buf, chunk, &pos), (long)chunk);
	}
	assert_int_equal(vfs_fsync(f), 0);
	wr = now_s() - t0;
	vfs_close(f);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_openat(&t.ctx, NULL, "seq", O_RDONLY, 0, &f), 0);
	pos = 0;
	t0 = now_s();
	for (size_t done = 0; done < total; done += chunk)
		assert_int_equal(vfs_read(f, buf, chunk, &pos), (long)chunk);
	rd = now_s() - t0;
	vfs_close(f);
	printf("ext4: sequential write %.1f MB/s, read %.1f MB/s (%zu MiB, pattern fill included "
	       "in write)\n",
	       total / wr / 1e6, total / rd / 1e6, total >> 20);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_debugfs_cat(img, "/seq", &cat), (long)total);
	for (size_t i = 0; i < total; i += 4093)
		if (cat[i] != e4_byte(11, i))
			fail_msg("debugfs sees byte %zu wrong", i);
	free(cat);
}

static void test_full_disk(void **state)
{
	const char *img = "ext4_files_full.img";
	static uint8_t buf[256 * 1024];
	struct linux_statfs sf, sf2;
	char name[32];
	long n = 0;
	int files = 0;
	struct path root;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "8M", "-N 256"), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	root = t.ctx.root;
	assert_int_equal(vfs_statfs(&root, &sf), 0);
	memset(buf, 0x5a, sizeof(buf));
	for (files = 0; files < 200; files++) {
		snprintf(name, sizeof(name), "fill%d", files);
		n = e4_write_file(&t, name, buf, sizeof(buf));
		if (n != (long)sizeof(buf))
			break;
	}
	assert_true(files < 200);
	assert_true(n == -ENOSPC || (n >= 0 && n < (long)sizeof(buf)));
	assert_int_equal(e4_write_at(&t, name, O_APPEND, buf, 4096, 0), -ENOSPC);
	assert_int_equal(vfs_statfs(&root, &sf2), 0);
	assert_true(sf2.f_bfree < 64);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	root = t.ctx.root;
	for (int i = 0; i <= files; i++) {
		snprintf(name, sizeof(name), "fill%d", i);
		assert_int_equal(vfs_unlinkat(&t.ctx, NULL, name, 0), 0);
	}
	assert_int_equal(vfs_statfs(&root, &sf2), 0);
	assert_int_equal(sf2.f_bfree, sf.f_bfree);
	assert_int_equal(sf2.f_ffree, sf.f_ffree);
	assert_int_equal(e4_write_file(&t, "again", buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_unlinked_open_file(void **state)
{
	const char *img = "ext4_files_orphan.img";
	struct linux_statfs before, during, after;
	static uint8_t buf[100000];
	struct file *f;
	int64_t pos = 0;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_statfs(&t.ctx.root, &before), 0);
	assert_int_equal(write_pattern(&t, "victim", 0, sizeof(buf), 12), sizeof(buf));
	assert_int_equal(vfs_openat(&t.ctx, NULL, "victim", O_RDWR, 0, &f), 0);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "victim", 0), 0);
	/* On the orphan chain while open: the super block points at it. After
	 * fsync that is in the journal: e2fsck, replaying it into a copy,
	 * finds the orphan. */
	assert_int_equal(vfs_fsync(f), 0);
	assert_int_equal(e4_sh("cp %s %s.copy && e2fsck -E journal_only -y %s.copy 2>&1 | "
			       "grep -q 'Clearing orphaned inode'",
			       img, img, img),
			 0);
	assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), sizeof(buf));
	assert_int_equal(buf[777], e4_byte(12, 777));
	assert_int_equal(vfs_statfs(&t.ctx.root, &during), 0);
	assert_true(during.f_bfree < before.f_bfree);
	vfs_close(f);
	assert_int_equal(vfs_statfs(&t.ctx.root, &after), 0);
	assert_int_equal(after.f_bfree, before.f_bfree);
	assert_int_equal(after.f_ffree, before.f_ffree);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

/* An orphan chain left by a "crash" (made with debugfs) is finished at mount. */
static void test_orphans_cleaned_at_mount(void **state)
{
	const char *img = "ext4_files_crash.img";
	struct e4 t;

	(void)state;
	assert_int_equal(e4_sh("rm -rf ext4_orphan_src && mkdir ext4_orphan_src && "
			       "head -c 300000 /dev/urandom > ext4_orphan_src/gone && "
			       "head -c 300000 /dev/urandom > ext4_orphan_src/cut"),
			 0);
	assert_int_equal(e4_mkfs(img, 4096, "16M", "-d ext4_orphan_src"), 0);
	/* "gone": unlinked while open; "cut": truncated to 1000 bytes mid-way. */
	assert_int_equal(
	    e4_sh("img=%s; ino() { debugfs -R \"stat /$1\" $img 2>/dev/null | "
		  "sed -n 's/^Inode: \\([0-9]*\\).*/\\1/p'; }; "
		  "g=$(ino gone); c=$(ino cut); "
		  "printf 'sif /cut size 1000\\nsif /gone links_count 0\\n"
		  "sif /gone dtime %%s\\nunlink /gone\\nssv last_orphan %%s\\n' $c $g | "
		  "debugfs -w -f - $img >/dev/null 2>&1",
		  img),
	    0);
	assert_int_equal(
	    e4_sh("debugfs -R 'stats' %s 2>/dev/null | grep -q 'First orphan inode:'", img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(
	    e4_sh("debugfs -R 'stat /cut' %s 2>/dev/null | grep -q 'Blockcount: 8$'", img), 0);
}

/* Extended attribute blocks (set by debugfs) are released with their inodes. */
static void test_xattr_block_released(void **state)
{
	const char *img = "ext4_files_xattr.img";
	struct e4 t;

	(void)state;
	assert_int_equal(e4_sh("rm -rf ext4_xattr_src && mkdir ext4_xattr_src && "
			       "echo a > ext4_xattr_src/own && echo b > ext4_xattr_src/keep && "
			       "head -c 2000 /dev/zero | tr '\\0' x > ext4_xattr_src.val"),
			 0);
	assert_int_equal(e4_mkfs(img, 4096, "16M", "-d ext4_xattr_src"), 0);
	assert_int_equal(e4_sh("debugfs -w -f - %s >/dev/null 2>&1 <<'EOF'\n"
			       "ea_set -f ext4_xattr_src.val /own user.big\n"
			       "ea_set -f ext4_xattr_src.val /keep user.big\n"
			       "EOF",
			       img),
			 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(
	    e4_sh("debugfs -R 'stat /own' %s 2>/dev/null | grep -q 'File ACL: [1-9]'", img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "own", 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(
	    e4_sh("debugfs -R 'ea_get /keep user.big' %s 2>/dev/null | grep -q xxxx", img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "keep", 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_truncate_down_and_up),
	    cmocka_unit_test(test_sparse_and_seek),
	    cmocka_unit_test(test_file_past_4gib),
	    cmocka_unit_test(test_sequential_throughput),
	    cmocka_unit_test(test_full_disk),
	    cmocka_unit_test(test_unlinked_open_file),
	    cmocka_unit_test(test_orphans_cleaned_at_mount),
	    cmocka_unit_test(test_xattr_block_released),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_files");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
