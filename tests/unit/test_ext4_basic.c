/*
 * tests/unit/test_ext4_basic.c - ext4 on host image files, judged by
 * e2fsprogs: images pre-populated by mkfs.ext4 -d read back right through
 * Rux; files, directories, links and symlinks made by Rux are seen by
 * debugfs with the same contents, and e2fsck -fn finds nothing to fix,
 * for 1 KiB and 4 KiB blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "tests/unit/ext4_test.h"

#define SRC_DIR "ext4_basic_src"

/* Names of a directory through getdents, counted; "." and ".." excluded. */
static int count_entries(struct e4 *t, const char *dir, const char *want, bool *found)
{
	char buf[4096];
	struct file *f;
	long n;
	int count = 0;
	int err = vfs_openat(&t->ctx, NULL, dir, O_RDONLY | O_DIRECTORY, 0, &f);

	if (err)
		return err;
	*found = false;
	while ((n = vfs_getdents64(f, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				count++;
			if (want && strcmp(d->d_name, want) == 0)
				*found = true;
			off += d->d_reclen;
		}
	}
	vfs_close(f);
	return n < 0 ? (int)n : count;
}

static void make_source_tree(void)
{
	FILE *f;

	assert_int_equal(
	    e4_sh("rm -rf %s && mkdir -p %s/sub/deeper %s/many", SRC_DIR, SRC_DIR, SRC_DIR), 0);
	f = fopen(SRC_DIR "/small.txt", "w");
	assert_non_null(f);
	fputs("hello from the host\n", f);
	fclose(f);
	f = fopen(SRC_DIR "/sub/deeper/big.bin", "wb");
	assert_non_null(f);
	for (uint64_t i = 0; i < 300000; i++)
		fputc(e4_byte(5, i), f);
	fclose(f);
	for (int i = 0; i < 300; i++) {
		char name[64];

		snprintf(name, sizeof(name), SRC_DIR "/many/file-%03d", i);
		f = fopen(name, "w");
		assert_non_null(f);
		fprintf(f, "%d\n", i);
		fclose(f);
	}
	assert_int_equal(e4_sh("ln -s small.txt %s/fast-link", SRC_DIR), 0);
	assert_int_equal(e4_sh("ln -s %0100d %s/slow-link", 7, SRC_DIR), 0);
}

static void check_prepopulated(unsigned int bs)
{
	const char *img = bs == 1024 ? "ext4_basic_pre1k.img" : "ext4_basic_pre4k.img";
	static uint8_t big[300000];
	char buf[256];
	struct linux_stat st;
	struct e4 t;
	bool found;

	make_source_tree();
	assert_int_equal(e4_mkfs(img, bs, "32M", "-d " SRC_DIR), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);

	assert_int_equal(e4_read_at(&t, "small.txt", buf, sizeof(buf), 0), 20);
	assert_memory_equal(buf, "hello from the host\n", 20);
	assert_int_equal(e4_read_at(&t, "sub/deeper/big.bin", big, sizeof(big), 0), sizeof(big));
	for (uint64_t i = 0; i < sizeof(big); i++)
		if (big[i] != e4_byte(5, i))
			fail_msg("big.bin differs at %llu", (unsigned long long)i);
	assert_int_equal(e4_stat(&t, "sub/deeper/big.bin", &st), 0);
	assert_int_equal(st.st_size, 300000);
	assert_true(st.st_blocks >= 300000 / 512);

	assert_int_equal(count_entries(&t, "many", "file-123", &found), 300);
	assert_true(found);
	assert_int_equal(e4_read_at(&t, "many/file-299", buf, sizeof(buf), 0), 4);
	assert_memory_equal(buf, "299\n", 4);
	assert_int_equal(e4_read_at(&t, "many/file-300", buf, sizeof(buf), 0), -ENOENT);

	assert_int_equal(vfs_readlinkat(&t.ctx, NULL, "fast-link", buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "small.txt", 9);
	assert_int_equal(vfs_readlinkat(&t.ctx, NULL, "slow-link", buf, sizeof(buf)), 100);
	assert_int_equal(e4_read_at(&t, "fast-link", buf, sizeof(buf), 0), 20);

	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
}

static void test_reads_prepopulated_4k(void **state)
{
	(void)state;
	check_prepopulated(4096);
}

static void test_reads_prepopulated_1k(void **state)
{
	(void)state;
	check_prepopulated(1024);
}

/* Create a small tree through Rux, check it with debugfs and e2fsck. */
static void check_create(unsigned int bs)
{
	const char *img = bs == 1024 ? "ext4_basic_new1k.img" : "ext4_basic_new4k.img";
	static uint8_t data[200000], back[200000];
	char buf[128];
	uint8_t *cat;
	struct e4 t;

	assert_int_equal(e4_mkfs(img, bs, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "d1", 0755), 0);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "d1/d2", 0700), 0);
	e4_fill(data, sizeof(data), 9, 0);
	assert_int_equal(e4_write_file(&t, "d1/d2/file", data, sizeof(data)), sizeof(data));
	assert_int_equal(e4_write_file(&t, "hello", "hi\n", 3), 3);
	assert_int_equal(vfs_symlinkat(&t.ctx, "d1/d2/file", NULL, "fast"), 0);
	memset(buf, 'x', 90);
	buf[90] = '\0';
	assert_int_equal(vfs_symlinkat(&t.ctx, buf, NULL, "slow"), 0);
	assert_int_equal(vfs_linkat(&t.ctx, NULL, "hello", NULL, "d1/hardlink", 0), 0);
	assert_int_equal(vfs_mknodat(&t.ctx, NULL, "fifo", S_IFIFO | 0600, 0), 0);
	assert_int_equal(vfs_mknodat(&t.ctx, NULL, "null", S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	assert_int_equal(e4_read_at(&t, "fast", back, sizeof(back), 0), sizeof(data));
	assert_memory_equal(back, data, sizeof(data));
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);

	assert_int_equal(e4_debugfs_cat(img, "/d1/d2/file", &cat), sizeof(data));
	assert_memory_equal(cat, data, sizeof(data));
	free(cat);
	assert_int_equal(e4_debugfs_cat(img, "/d1/hardlink", &cat), 3);
	assert_memory_equal(cat, "hi\n", 3);
	free(cat);
	assert_int_equal(
	    e4_sh("debugfs -R 'stat /d1/hardlink' %s 2>/dev/null | grep -q 'Links: 2'", img), 0);
	assert_int_equal(e4_sh("debugfs -R 'stat /slow' %s 2>/dev/null | grep -q 'EXTENTS'", img),
			 0);

	/* And back through Rux after a remount. */
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_read_at(&t, "d1/d2/file", back, sizeof(back), 0), sizeof(data));
	assert_memory_equal(back, data, sizeof(data));
	assert_int_equal(vfs_readlinkat(&t.ctx, NULL, "slow", buf, sizeof(buf)), 90);
	assert_int_equal(e4_umount(&t), 0);
}

static void test_create_4k(void **state)
{
	(void)state;
	check_create(4096);
}

static void test_create_1k(void **state)
{
	(void)state;
	check_create(1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_prepopulated_4k),
	    cmocka_unit_test(test_reads_prepopulated_1k),
	    cmocka_unit_test(test_create_4k),
	    cmocka_unit_test(test_create_1k),
	};
	int failed;

	hosted_boot(64ull << 20, "");
	e4_workdir_enter("test_ext4_basic");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
