/*
 * tests/unit/test_ext4_fallocate.c - fallocate(2) on ext4, judged by
 * e2fsck and debugfs: the default mode and FALLOC_FL_KEEP_SIZE make
 * unwritten extents that read as zeros, writes convert just the blocks
 * they cover (splitting extents, also in full leaves; in-order writes
 * grow one written extent), the size grows
 * over the old last block's tail as zeros, a full disk stops with
 * -ENOSPC and a consistent file system, and the VFS's argument checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "tests/unit/ext4_test.h"
#include "uapi/falloc.h"

static int falloc(struct e4 *t, const char *name, int mode, int64_t offset, int64_t len)
{
	struct file *f;
	int err = vfs_openat(&t->ctx, NULL, name, O_RDWR | O_CREAT, 0644, &f);

	if (err)
		return err;
	err = vfs_fallocate(f, mode, offset, len);
	vfs_close(f);
	return err;
}

/* Check @len bytes at @pos: @pattern's bytes where @pattern is non-zero, else zeros. */
static void expect_bytes(struct e4 *t, const char *name, int64_t pos, size_t len, uint8_t pattern)
{
	static uint8_t buf[1 << 20];

	assert_true(len <= sizeof(buf));
	assert_int_equal(e4_read_at(t, name, buf, len, pos), (long)len);
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern)
			fail_msg("%s: byte %lld is %u, want %u", name,
				 (long long)pos + (long long)i, buf[i], pattern);
}

static long write_bytes(struct e4 *t, const char *name, int64_t pos, size_t len, uint8_t pattern)
{
	static uint8_t buf[1 << 16];

	assert_true(len <= sizeof(buf));
	memset(buf, pattern, len);
	return e4_write_at(t, name, 0, buf, len, pos);
}

/* Leaf extents in debugfs "ex @file" (level N/N lines) that contain @word. */
static int extent_lines(const char *img, const char *file, const char *word)
{
	char cmd[300];
	int n = -1;
	FILE *f;

	/* Leaf lines have two ranges ("0 - 9  1300 - 1309"), index lines one. */
	snprintf(cmd, sizeof(cmd),
		 "debugfs -R 'ex %s' %s 2>/dev/null | grep -E '[0-9] - +[0-9]+ +[0-9]+ - ' | "
		 "grep -c '%s'",
		 file, img, word);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	pclose(f);
	return n;
}

static void test_default_and_keep_size(void **state)
{
	const char *img = "ext4_falloc_modes.img";
	struct linux_stat st;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	/* Default: 1 MiB of unwritten blocks, and the size. */
	assert_int_equal(falloc(&t, "a", 0, 0, 1 << 20), 0);
	assert_int_equal(e4_stat(&t, "a", &st), 0);
	assert_int_equal(st.st_size, 1 << 20);
	assert_int_equal(st.st_blocks, (1 << 20) / 512);
	expect_bytes(&t, "a", 0, 1 << 20, 0);
	/* KEEP_SIZE: blocks past the end, size unchanged. */
	assert_int_equal(falloc(&t, "k", FALLOC_FL_KEEP_SIZE, 0, 65536), 0);
	assert_int_equal(e4_stat(&t, "k", &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_blocks, 65536 / 512);
	/* Growing a file with a partial last block: the old tail reads as zeros. */
	assert_int_equal(write_bytes(&t, "g", 0, 5, 'h'), 5);
	assert_int_equal(falloc(&t, "g", 0, 0, 10000), 0);
	assert_int_equal(e4_stat(&t, "g", &st), 0);
	assert_int_equal(st.st_size, 10000);
	expect_bytes(&t, "g", 0, 5, 'h');
	expect_bytes(&t, "g", 5, 10000 - 5, 0);
	/* Allocating what is there already changes nothing but the size. */
	assert_int_equal(falloc(&t, "a", 0, 4096, 8192), 0);
	assert_int_equal(e4_stat(&t, "a", &st), 0);
	assert_int_equal(st.st_size, 1 << 20);
	assert_int_equal(st.st_blocks, (1 << 20) / 512);
	assert_int_equal(falloc(&t, "k", 0, 0, 4096), 0);
	assert_int_equal(e4_stat(&t, "k", &st), 0);
	assert_int_equal(st.st_size, 4096);
	assert_int_equal(st.st_blocks, 65536 / 512);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_true(extent_lines(img, "/a", "Uninit") >= 1);
	assert_true(extent_lines(img, "/k", "Uninit") >= 1);
	assert_int_equal(e4_sh("debugfs -R 'stat /k' %s 2>/dev/null | grep -q 'Size: 4096$'", img),
			 0);
}

static void test_writes_convert_blocks(void **state)
{
	const char *img = "ext4_falloc_write.img";
	uint8_t *disk = NULL;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	/* 4000 blocks of 1 KiB, then a byte in the middle of one of them. */
	assert_int_equal(falloc(&t, "f", 0, 0, 4000 * 1024), 0);
	assert_int_equal(write_bytes(&t, "f", 2000 * 1024 + 100, 10, 'x'), 10);
	expect_bytes(&t, "f", 2000 * 1024, 100, 0);
	expect_bytes(&t, "f", 2000 * 1024 + 100, 10, 'x');
	expect_bytes(&t, "f", 2000 * 1024 + 110, 1024 - 110, 0);
	/* Every other block written: 2000 pieces, leaves split many times. */
	for (int b = 0; b < 4000; b += 2)
		assert_int_equal(
		    write_bytes(&t, "f", (int64_t)b * 1024, 1024, (uint8_t)('a' + b % 26)), 1024);
	for (int b = 0; b < 4000; b++)
		expect_bytes(&t, "f", (int64_t)b * 1024, 1024, b % 2 ? 0 : (uint8_t)('a' + b % 26));
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_true(extent_lines(img, "/f", "Uninit") >= 1000);
	/* debugfs reads unwritten extents as zeros too: same bytes. */
	assert_int_equal(e4_debugfs_cat(img, "/f", &disk), 4000 * 1024);
	for (int b = 0; b < 4000; b += 2)
		assert_int_equal(disk[(size_t)b * 1024 + 7], 'a' + b % 26);
	assert_int_equal(disk[1001 * 1024 + 7], 0);
	free(disk);
}

/* Writing a fallocated file in order keeps one written extent growing. */
static void test_sequential_writes_merge(void **state)
{
	const char *img = "ext4_falloc_seq.img";
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(falloc(&t, "s", 0, 0, 1000 * 1024), 0);
	for (int b = 0; b < 1000; b++)
		assert_int_equal(
		    write_bytes(&t, "s", (int64_t)b * 1024, 1024, (uint8_t)(1 + b % 250)), 1024);
	for (int b = 0; b < 1000; b += 99)
		expect_bytes(&t, "s", (int64_t)b * 1024, 1024, (uint8_t)(1 + b % 250));
	/* Backwards from the end: merges into the written extent after it. */
	assert_int_equal(falloc(&t, "r", 0, 0, 100 * 1024), 0);
	for (int b = 99; b >= 50; b--)
		assert_int_equal(write_bytes(&t, "r", (int64_t)b * 1024, 1024, 'r'), 1024);
	expect_bytes(&t, "r", 0, 50 * 1024, 0);
	expect_bytes(&t, "r", 50 * 1024, 50 * 1024, 'r');
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(extent_lines(img, "/s", ""), 1);
	assert_int_equal(extent_lines(img, "/s", "Uninit"), 0);
	assert_int_equal(extent_lines(img, "/r", ""), 2);
	assert_int_equal(extent_lines(img, "/r", "Uninit"), 1);
}

static void test_full_disk(void **state)
{
	const char *img = "ext4_falloc_full.img";
	struct linux_statfs before, after;
	struct linux_stat st;
	struct path root;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	root = t.ctx.root;
	assert_int_equal(vfs_statfs(&root, &before), 0);
	assert_int_equal(falloc(&t, "big", 0, 0, 64 << 20), -ENOSPC);
	/* What was reserved stays, and the size covers it (as Linux). */
	assert_int_equal(e4_stat(&t, "big", &st), 0);
	assert_true(st.st_size > (8 << 20) && st.st_size < (16 << 20));
	assert_true(st.st_blocks * 512 >= st.st_size);
	assert_int_equal(falloc(&t, "more", FALLOC_FL_KEEP_SIZE, 0, 1 << 20), -ENOSPC);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	root = t.ctx.root;
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "big", 0), 0);
	assert_int_equal(vfs_unlinkat(&t.ctx, NULL, "more", 0), 0);
	assert_int_equal(vfs_statfs(&root, &after), 0);
	assert_int_equal(after.f_bfree, before.f_bfree);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_argument_checks(void **state)
{
	const char *img = "ext4_falloc_args.img";
	struct file *f;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(falloc(&t, "f", 0, 0, 0), -EINVAL);
	assert_int_equal(falloc(&t, "f", 0, -1, 10), -EINVAL);
	assert_int_equal(falloc(&t, "f", 0x100, 0, 10), -EOPNOTSUPP);
	assert_int_equal(falloc(&t, "f", FALLOC_FL_PUNCH_HOLE, 0, 10), -EOPNOTSUPP);
	assert_int_equal(falloc(&t, "f", FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, 10),
			 -EOPNOTSUPP);
	assert_int_equal(falloc(&t, "f", FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE, 0, 10),
			 -EOPNOTSUPP);
	assert_int_equal(falloc(&t, "f", 0, INT64_MAX - 10, 100), -EFBIG);
	assert_int_equal(falloc(&t, "f", FALLOC_FL_ZERO_RANGE, 0, 10), -EOPNOTSUPP);
	assert_int_equal(vfs_openat(&t.ctx, NULL, "f", O_RDONLY, 0, &f), 0);
	assert_int_equal(vfs_fallocate(f, 0, 0, 10), -EBADF);
	vfs_close(f);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "d", 0755), 0);
	assert_int_equal(vfs_openat(&t.ctx, NULL, "d", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	assert_int_equal(vfs_fallocate(f, 0, 0, 10), -EBADF);
	vfs_close(f);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_and_keep_size),
	    cmocka_unit_test(test_writes_convert_blocks),
	    cmocka_unit_test(test_sequential_writes_merge),
	    cmocka_unit_test(test_full_disk),
	    cmocka_unit_test(test_argument_checks),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_fallocate");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
