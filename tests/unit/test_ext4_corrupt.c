/*
 * tests/unit/test_ext4_corrupt.c - damaged ext4 images: a wrong magic,
 * super block and group descriptor checksums, unknown features, corrupt
 * inodes, extent blocks and directory blocks are refused with -EINVAL /
 * -EUCLEAN (never a crash); then many images with random bytes flipped in
 * their metadata are mounted and walked completely, which must end in
 * errors or success but nothing worse (run under Valgrind too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "lib/crc32c.h"
#include "tests/unit/ext4_test.h"
#include "uapi/mount.h"

#define SB_OFF 1024

static bool on_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "valgrind");
}

static void patch(const char *img, long off, const void *bytes, size_t len)
{
	FILE *f = fopen(img, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

static void peek(const char *img, long off, void *bytes, size_t len)
{
	FILE *f = fopen(img, "rb");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fread(bytes, 1, len, f), len);
	fclose(f);
}

static void flip(const char *img, long off)
{
	uint8_t b;

	peek(img, off, &b, 1);
	b ^= 0x55;
	patch(img, off, &b, 1);
}

/* Recompute the super block checksum after a deliberate change. */
static void fix_sb_csum(const char *img)
{
	uint8_t sb[1024];
	uint32_t c;

	peek(img, SB_OFF, sb, sizeof(sb));
	c = crc32c(~0u, sb, 0x3FC);
	patch(img, SB_OFF + 0x3FC, &c, 4);
}

/* The first block of @path's data (or extent tree node with "ex"), via debugfs. */
static long first_block(const char *img, const char *path, bool index_node)
{
	char cmd[512];
	long blk = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 index_node
		     ? "debugfs -R 'ex %s' %s 2>/dev/null | awk '$1 ~ /^0\\// {print $8; exit}'"
		     : "debugfs -R 'bmap %s 0' %s 2>/dev/null",
		 path, img);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fscanf(p, "%ld", &blk) != 1)
		blk = -1;
	pclose(p);
	return blk;
}

static int try_mount(const char *img, struct e4 *t)
{
	int err = e4_mount(t, img, 0);

	if (!err)
		assert_int_equal(e4_umount(t), 0);
	return err;
}

static void test_bad_super_block(void **state)
{
	const char *img = "ext4_corrupt_sb.img";
	uint32_t incompat;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "8M", ""), 0);
	flip(img, SB_OFF + 0x38); /* magic */
	assert_int_equal(try_mount(img, &t), -EINVAL);
	flip(img, SB_OFF + 0x38);
	flip(img, SB_OFF + 0x78); /* volume name: checksum mismatch */
	assert_int_equal(try_mount(img, &t), -EUCLEAN);
	flip(img, SB_OFF + 0x78);
	assert_int_equal(try_mount(img, &t), 0);
	/* An incompat feature we do not know: refused. */
	peek(img, SB_OFF + 0x60, &incompat, 4);
	incompat |= 0x80000000u;
	patch(img, SB_OFF + 0x60, &incompat, 4);
	fix_sb_csum(img);
	assert_int_equal(try_mount(img, &t), -EINVAL);
	/* An unknown ro_compat feature: read-only, writes refused. */
	incompat &= ~0x80000000u;
	patch(img, SB_OFF + 0x60, &incompat, 4);
	peek(img, SB_OFF + 0x64, &incompat, 4);
	incompat |= 0x40000000u;
	patch(img, SB_OFF + 0x64, &incompat, 4);
	fix_sb_csum(img);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_write_file(&t, "x", "x", 1), -EROFS);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "d", 0755), -EROFS);
	assert_int_equal(e4_umount(&t), 0);
	/* needs_recovery: read-only mounts do not replay; a read-write mount
	 * replays the journal (empty here) and clears the flag at unmount. */
	incompat &= ~0x40000000u;
	patch(img, SB_OFF + 0x64, &incompat, 4);
	peek(img, SB_OFF + 0x60, &incompat, 4);
	incompat |= 0x4;
	patch(img, SB_OFF + 0x60, &incompat, 4);
	fix_sb_csum(img);
	assert_int_equal(e4_mount(&t, img, MS_RDONLY), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	peek(img, SB_OFF + 0x60, &incompat, 4);
	assert_int_equal(incompat & 0x4, 0);
	assert_int_equal(e4_fsck(img), 0);
	/* needs_recovery without a journal to replay: corrupt. */
	assert_int_equal(e4_mkfs(img, 4096, "8M", "-O ^has_journal"), 0);
	peek(img, SB_OFF + 0x60, &incompat, 4);
	incompat |= 0x4;
	patch(img, SB_OFF + 0x60, &incompat, 4);
	fix_sb_csum(img);
	assert_int_equal(try_mount(img, &t), -EUCLEAN);
}

static void test_bad_group_descriptor(void **state)
{
	const char *img = "ext4_corrupt_gd.img";
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "8M", ""), 0);
	flip(img, 2048 + 4); /* group 0: inode bitmap location */
	assert_int_equal(try_mount(img, &t), -EUCLEAN);
}

static void test_bad_inode_extent_and_dir_blocks(void **state)
{
	const char *img = "ext4_corrupt_meta.img";
	char buf[64];
	struct linux_stat st;
	long blk;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 1024, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "dir", 0755), 0);
	assert_int_equal(e4_write_file(&t, "dir/a", "a", 1), 1);
	for (int i = 40; i >= 0; i--) /* fragmented: an extent block */
		assert_int_equal(e4_write_at(&t, "frag", 0, "z", 1, (int64_t)i * 4096), 1);
	assert_int_equal(e4_write_file(&t, "plain", "p", 1), 1);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);

	/* Extent block: reading the file fails, the rest works. */
	blk = first_block(img, "/frag", true);
	assert_true(blk > 0);
	flip(img, blk * 1024 + 20);
	/* Directory leaf block. */
	blk = first_block(img, "/dir", false);
	assert_true(blk > 0);
	flip(img, blk * 1024 + 30);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_read_at(&t, "frag", buf, sizeof(buf), 100000), -EUCLEAN);
	assert_int_equal(e4_stat(&t, "dir/a", &st), -EUCLEAN);
	assert_int_equal(e4_read_at(&t, "plain", buf, sizeof(buf), 0), 1);
	assert_int_equal(e4_umount(&t), 0);

	/* An inode: its checksum no longer matches. */
	assert_int_equal(e4_sh("debugfs -w -R 'sif /plain uid 77' %s >/dev/null 2>&1", img), 0);
	assert_int_equal(e4_sh("debugfs -w -R 'set_inode_field /plain checksum 0x1234' %s "
			       ">/dev/null 2>&1",
			       img),
			 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_stat(&t, "plain", &st), -EUCLEAN);
	assert_int_equal(e4_umount(&t), 0);
}

/* ----- random damage ----- */

static int walk(struct e4 *t, const char *dir, int depth)
{
	static char bufs[8][4096];
	char *buf = bufs[depth];
	struct file *f;
	long n;
	int err;

	if (depth >= 8)
		return 0;
	err = vfs_openat(&t->ctx, NULL, dir, O_RDONLY | O_DIRECTORY, 0, &f);
	if (err)
		return err;
	while ((n = vfs_getdents64(f, buf, sizeof(bufs[0]))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			char path[512], data[512];

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			if (d->d_type == DT_DIR)
				walk(t, path, depth + 1);
			else if (d->d_type == DT_LNK)
				vfs_readlinkat(&t->ctx, NULL, path, data, sizeof(data));
			else
				e4_read_at(t, path, data, sizeof(data), 0);
		}
	}
	vfs_close(f);
	return (int)n;
}

static void test_random_metadata_damage(void **state)
{
	const char *img = "ext4_corrupt_fuzz.img", *base = "ext4_corrupt_fuzz.base";
	int rounds = on_valgrind() ? 12 : 60;
	unsigned int seed = 12345;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_sh("rm -rf ext4_fuzz_src && mkdir -p ext4_fuzz_src/a/b && "
			       "for i in $(seq 1 60); do echo $i > ext4_fuzz_src/a/f$i; done && "
			       "head -c 70000 /dev/zero > ext4_fuzz_src/a/b/big && "
			       "ln -s a/b/big ext4_fuzz_src/link"),
			 0);
	for (int r = 0; r < rounds; r++) {
		/* Half the rounds without checksums, so the structure checks see the damage. */
		if (r == 0 || r == rounds / 2)
			assert_int_equal(
			    e4_mkfs(base, 1024, "2M",
				    r ? "-N 128 -O ^metadata_csum,uninit_bg -d ext4_fuzz_src"
				      : "-N 128 -d ext4_fuzz_src"),
			    0);
		assert_int_equal(e4_sh("cp %s %s", base, img), 0);
		/* Damage bytes in the first 200 KiB: super block, descriptors,
		 * bitmaps, inode table and the first directory blocks. */
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			flip(img, 1024 + (long)((seed >> 8) % (200 * 1024)));
		}
		if (e4_mount(&t, img, 0) != 0)
			continue;
		walk(&t, ".", 0);
		e4_write_file(&t, "new", "n", 1);
		vfs_mkdirat(&t.ctx, NULL, "a/newdir", 0755);
		vfs_unlinkat(&t.ctx, NULL, "a/f7", 0);
		assert_int_equal(e4_umount(&t), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_super_block),
	    cmocka_unit_test(test_bad_group_descriptor),
	    cmocka_unit_test(test_bad_inode_extent_and_dir_blocks),
	    cmocka_unit_test(test_random_metadata_damage),
	};
	int failed;

	hosted_boot(64ull << 20, "");
	e4_workdir_enter("test_ext4_corrupt");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
