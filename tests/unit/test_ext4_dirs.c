/*
 * tests/unit/test_ext4_dirs.c - ext4 directories at scale, judged by
 * e2fsck: thousands of files, a directory big enough to become an htree
 * and split its leaves and index (5,000+ names), deep trees, renames
 * within and across directories (replacing, RENAME_NOREPLACE,
 * RENAME_EXCHANGE), hard links, removal of half of everything, and
 * getdents positions that stay valid across calls.
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

/* Every name of @dir, in getdents order, read @chunk bytes at a time. */
static int list_dir(struct e4 *t, const char *dir, size_t chunk, char (*names)[32], int max)
{
	static char buf[8192];
	struct file *f;
	long n;
	int count = 0;
	int err = vfs_openat(&t->ctx, NULL, dir, O_RDONLY | O_DIRECTORY, 0, &f);

	if (err)
		return err;
	while ((n = vfs_getdents64(f, buf, chunk)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") && count < max)
				snprintf(names[count++], 32, "%s", d->d_name);
			off += d->d_reclen;
		}
	}
	vfs_close(f);
	return n < 0 ? (int)n : count;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A 5,000+ entry directory: htree leaf splits and a second index level. */
static void check_big_dir(unsigned int bs, int files)
{
	const char *img = bs == 1024 ? "ext4_dirs_big1k.img" : "ext4_dirs_big4k.img";
	static char names[8000][32];
	char name[64];
	double t0, dt;
	struct e4 t;
	int n;

	assert_int_equal(e4_mkfs(img, bs, "64M", "-N 12000"), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "big", 0755), 0);
	t0 = now_s();
	for (int i = 0; i < files; i++) {
		snprintf(name, sizeof(name), "big/entry-with-a-longer-name-%05d", i);
		assert_int_equal(e4_write_file(&t, name, name, 8), 8);
	}
	dt = now_s() - t0;
	printf("ext4 (%u-byte blocks): created %d files in %.2f s (%.0f files/s)\n", bs, files, dt,
	       files / dt);
	n = list_dir(&t, "big", 4096, names, 8000);
	assert_int_equal(n, files);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "entry-with-a-longer-name-%05d", i);
		assert_string_equal(names[i], name);
	}
	/* Remove every other name, then look all of them up. */
	for (int i = 0; i < files; i += 2) {
		snprintf(name, sizeof(name), "big/entry-with-a-longer-name-%05d", i);
		assert_int_equal(vfs_unlinkat(&t.ctx, NULL, name, 0), 0);
	}
	for (int i = 0; i < files; i++) {
		struct linux_stat st;

		snprintf(name, sizeof(name), "big/entry-with-a-longer-name-%05d", i);
		assert_int_equal(e4_stat(&t, name, &st), i % 2 ? 0 : -ENOENT);
	}
	assert_int_equal(list_dir(&t, "big", 700, names, 8000), files / 2);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(
	    e4_sh("debugfs -R 'stat /big' %s 2>/dev/null | grep -q 'Flags: 0x81000'", img), 0);
}

static void test_big_directory_4k(void **state)
{
	(void)state;
	check_big_dir(4096, on_valgrind() ? 1500 : 6000);
}

static void test_big_directory_1k(void **state)
{
	(void)state;
	/* 1 KiB blocks: ~20 names a leaf, so 6,000 names need two index levels. */
	check_big_dir(1024, on_valgrind() ? 2000 : 6000);
}

/* Deep trees, renames of every kind, hard links, removing half. */
static void test_tree_rename_link_unlink(void **state)
{
	const char *img = "ext4_dirs_tree.img";
	char a[200], b[256];
	struct linux_stat st, st2;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	/* A tree 20 deep, 3 files at each level. */
	strcpy(a, "t");
	for (int d = 0; d < 20; d++) {
		assert_int_equal(vfs_mkdirat(&t.ctx, NULL, a, 0755), 0);
		for (int f = 0; f < 3; f++) {
			snprintf(b, sizeof(b), "%s/f%d", a, f);
			assert_int_equal(e4_write_file(&t, b, b, strlen(b)), (long)strlen(b));
		}
		strcat(a, "/x");
	}
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "other", 0755), 0);
	/* Move a subtree across directories: ".." and link counts follow. */
	assert_int_equal(vfs_renameat2(&t.ctx, NULL, "t/x/x", NULL, "other/moved", 0), 0);
	assert_int_equal(e4_stat(&t, "other", &st), 0);
	assert_int_equal(st.st_nlink, 3);
	assert_int_equal(e4_stat(&t, "t/x", &st), 0);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(e4_read_at(&t, "other/moved/x/f1", b, sizeof(b), 0), 10);
	assert_memory_equal(b, "t/x/x/x/f1", 10);
	assert_int_equal(e4_stat(&t, "other/moved/..", &st2), 0);
	assert_int_equal(e4_stat(&t, "other", &st), 0);
	assert_int_equal(st.st_ino, st2.st_ino);
	/* Replace a file, refuse to replace with NOREPLACE, exchange two. */
	assert_int_equal(e4_write_file(&t, "one", "1", 1), 1);
	assert_int_equal(e4_write_file(&t, "two", "22", 2), 2);
	assert_int_equal(vfs_renameat2(&t.ctx, NULL, "one", NULL, "two", RENAME_NOREPLACE),
			 -EEXIST);
	assert_int_equal(vfs_renameat2(&t.ctx, NULL, "one", NULL, "t/two", 0), 0);
	assert_int_equal(vfs_renameat2(&t.ctx, NULL, "t/two", NULL, "two", 0), 0);
	assert_int_equal(e4_read_at(&t, "two", b, sizeof(b), 0), 1);
	assert_int_equal(vfs_renameat2(&t.ctx, NULL, "two", NULL, "other/moved", RENAME_EXCHANGE),
			 0);
	assert_int_equal(e4_stat(&t, "two", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(e4_read_at(&t, "two/x/f0", b, sizeof(b), 0), 10);
	assert_memory_equal(b, "t/x/x/x/f0", 10);
	assert_int_equal(e4_read_at(&t, "other/moved", b, sizeof(b), 0), 1);
	/* Hard links: same inode, count 3, survive removing the first name. */
	assert_int_equal(vfs_linkat(&t.ctx, NULL, "t/f0", NULL, "l1", 0), 0);
	assert_int_equal(vfs_linkat(&t.ctx, NULL, "t/f0", NULL, "other/l2", 0), 0);
	assert_int_equal(e4_stat(&t, "l1", &st), 0);
	assert_int_equal(e4_stat(&t, "other/l2", &st2), 0);
	assert_int_equal(st.st_ino, st2.st_ino);
	assert_int_equal(st.st_nlink, 3);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "t/f0", 0), 0);
	assert_int_equal(e4_read_at(&t, "other/l2", b, sizeof(b), 0), 4);
	/* Non-empty directories stay; empty ones go. */
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "two", AT_REMOVEDIR), -ENOTEMPTY);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "empty", 0755), 0);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "empty", AT_REMOVEDIR), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

/* Thousands of files across many directories; unlink half; e2fsck. */
static void test_many_files_unlink_half(void **state)
{
	const char *img = "ext4_dirs_many.img";
	int dirs = on_valgrind() ? 10 : 40, per = 100;
	char name[64], buf[64];
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "64M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int d = 0; d < dirs; d++) {
		snprintf(name, sizeof(name), "dir%d", d);
		assert_int_equal(vfs_mkdirat(&t.ctx, NULL, name, 0755), 0);
		for (int f = 0; f < per; f++) {
			snprintf(name, sizeof(name), "dir%d/file%d", d, f);
			assert_int_equal(e4_write_file(&t, name, name, strlen(name)),
					 (long)strlen(name));
		}
	}
	for (int d = 0; d < dirs; d++)
		for (int f = 0; f < per; f += 2) {
			snprintf(name, sizeof(name), "dir%d/file%d", d, f);
			assert_int_equal(vfs_unlinkat(&t.ctx, NULL, name, 0), 0);
		}
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int d = 0; d < dirs; d++)
		for (int f = 0; f < per; f++) {
			long n;

			snprintf(name, sizeof(name), "dir%d/file%d", d, f);
			n = e4_read_at(&t, name, buf, sizeof(buf), 0);
			assert_int_equal(n, f % 2 ? (long)strlen(name) : -ENOENT);
		}
	assert_int_equal(e4_umount(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tree_rename_link_unlink),
	    cmocka_unit_test(test_many_files_unlink_half),
	    cmocka_unit_test(test_big_directory_4k),
	    cmocka_unit_test(test_big_directory_1k),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_dirs");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
