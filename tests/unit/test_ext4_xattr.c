/*
 * tests/unit/test_ext4_xattr.c - ext4 extended attributes, judged by
 * e2fsck and debugfs: attributes in the inode, spilling into the
 * attribute block, replacing and removing until the block goes away,
 * XATTR_CREATE/XATTR_REPLACE, size queries and ERANGE, names in every
 * namespace, values too large for a block, a block shared by two inodes
 * (copy on write), and attributes written by debugfs read back (a POSIX
 * ACL among them kept untouched).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "tests/ktest/xattr_helpers.h"
#include "tests/unit/ext4_test.h"
#include "uapi/xattr.h"

/* The value of attribute @i: @len bytes depending on @i and @gen. */
static void value_of(int i, int gen, char *buf, size_t len)
{
	for (size_t k = 0; k < len; k++)
		buf[k] = (char)('a' + (i * 7 + gen * 3 + (int)k) % 26);
}

static void expect_attr(struct e4 *t, const char *file, const char *name, int i, int gen,
			size_t len)
{
	char want[4096], got[4096];

	value_of(i, gen, want, len);
	assert_int_equal(xget(&t->ctx, file, name, got, sizeof(got)), (long)len);
	assert_memory_equal(got, want, len);
}

/* debugfs's "File ACL:" of @file: the attribute block (0: none). */
static long file_acl(const char *img, const char *file)
{
	char cmd[300], line[200];
	long acl = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "debugfs -R 'stat %s' %s 2>/dev/null", file, img);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *at = strstr(line, "File ACL: ");

		if (at)
			acl = strtol(at + 10, NULL, 10);
	}
	pclose(f);
	return acl;
}

static void test_inode_then_block_then_gone(void **state)
{
	const char *img = "ext4_xattr_spill.img";
	char name[64], buf[4096];
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_write_file(&t, "f", "data", 4), 4);
	/* A small one fits in the inode (256-byte inodes: 96 bytes of room). */
	value_of(0, 0, buf, 20);
	assert_int_equal(xset(&t.ctx, "f", "user.small", buf, 20, 0), 0);
	assert_int_equal(xget(&t.ctx, "f", "user.small", NULL, 0), 20);
	assert_int_equal(xget(&t.ctx, "f", "user.small", buf, 19), -ERANGE);
	expect_attr(&t, "f", "user.small", 0, 0, 20);
	assert_int_equal(xset(&t.ctx, "f", "user.small", buf, 20, XATTR_CREATE), -EEXIST);
	assert_int_equal(xset(&t.ctx, "f", "user.none", buf, 20, XATTR_REPLACE), -ENODATA);
	assert_int_equal(xget(&t.ctx, "f", "user.none", buf, sizeof(buf)), -ENODATA);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(file_acl(img, "/f"), 0);
	assert_int_equal(e4_sh("debugfs -R 'ea_get /f user.small' %s 2>/dev/null | grep -q "
			       "abcdefghijklmnopqrst",
			       img),
			 0);

	/* Thirty attributes of 60 bytes: they spill into the block. */
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int i = 1; i <= 30; i++) {
		snprintf(name, sizeof(name), "user.attr%02d", i);
		value_of(i, 0, buf, 60);
		assert_int_equal(xset(&t.ctx, "f", name, buf, 60, XATTR_CREATE), 0);
	}
	for (int i = 1; i <= 30; i++) {
		snprintf(name, sizeof(name), "user.attr%02d", i);
		expect_attr(&t, "f", name, i, 0, 60);
	}
	/* 31 names of 12 bytes ("user.attrNN" + NUL) and "user.small". */
	assert_int_equal(xlist(&t.ctx, "f", NULL, 0), 30 * 12 + 11);
	assert_int_equal(xlist(&t.ctx, "f", buf, 100), -ERANGE);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_true(file_acl(img, "/f") > 0);
	assert_int_equal(e4_sh("debugfs -R 'ea_list /f' %s 2>/dev/null | grep -c 'user.attr' | "
			       "grep -qx 30",
			       img),
			 0);

	/* A block full: more is -ENOSPC and changes nothing. */
	assert_int_equal(e4_mount(&t, img, 0), 0);
	value_of(99, 0, buf, 2000);
	assert_int_equal(xset(&t.ctx, "f", "user.toobig", buf, 2000, 0), -ENOSPC);
	assert_int_equal(xget(&t.ctx, "f", "user.toobig", NULL, 0), -ENODATA);
	/* Replace every other one with a shorter value, remove the rest. */
	for (int i = 1; i <= 30; i++) {
		snprintf(name, sizeof(name), "user.attr%02d", i);
		value_of(i, 1, buf, 10);
		if (i % 2)
			assert_int_equal(xset(&t.ctx, "f", name, buf, 10, XATTR_REPLACE), 0);
		else
			assert_int_equal(xremove(&t.ctx, "f", name), 0);
	}
	assert_int_equal(xremove(&t.ctx, "f", "user.attr02"), -ENODATA);
	for (int i = 1; i <= 30; i += 2) {
		snprintf(name, sizeof(name), "user.attr%02d", i);
		expect_attr(&t, "f", name, i, 1, 10);
	}
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	value_of(29, 1, buf, 10);
	assert_int_equal(
	    e4_sh("debugfs -R 'ea_get /f user.attr29' %s 2>/dev/null | grep -q %.10s", img, buf),
	    0);

	/* Removing everything frees the block. */
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int i = 1; i <= 30; i += 2) {
		snprintf(name, sizeof(name), "user.attr%02d", i);
		assert_int_equal(xremove(&t.ctx, "f", name), 0);
	}
	assert_int_equal(xremove(&t.ctx, "f", "user.small"), 0);
	assert_int_equal(xlist(&t.ctx, "f", NULL, 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(file_acl(img, "/f"), 0);
}

static void test_namespaces_and_limits(void **state)
{
	const char *img = "ext4_xattr_ns.img";
	static char big[70000];
	char name[300], buf[600];
	struct cred user = {.uid = 1000, .euid = 1000, .fsuid = 1000, .gid = 1000, .fsgid = 1000};
	const struct cred *root;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_mkfs(img, 4096, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(e4_write_file(&t, "f", "x", 1), 1);
	assert_int_equal(vfs_mkdirat(&t.ctx, NULL, "d", 0755), 0);
	assert_int_equal(vfs_symlinkat(&t.ctx, "f", NULL, "l"), 0);
	assert_int_equal(xset(&t.ctx, "f", "trusted.t", "T", 1, 0), 0);
	assert_int_equal(xset(&t.ctx, "f", "security.s", "S", 1, 0), 0);
	assert_int_equal(xset(&t.ctx, "d", "user.u", "U", 1, 0), 0);
	assert_int_equal(xset(&t.ctx, "l", "user.u", "U", 1, 0), -EPERM);
	assert_int_equal(xget(&t.ctx, "l", "user.u", buf, sizeof(buf)), -ENODATA);
	assert_int_equal(xset(&t.ctx, "l", "trusted.t", "L", 1, 0), 0);
	assert_int_equal(xset(&t.ctx, "f", "system.posix_acl_access", "", 0, 0), -EOPNOTSUPP);
	assert_int_equal(xset(&t.ctx, "f", "other.x", "", 0, 0), -EOPNOTSUPP);
	assert_int_equal(xset(&t.ctx, "f", "user.", "", 0, 0), -EINVAL);
	assert_int_equal(xset(&t.ctx, "f", "", "", 0, 0), -ERANGE);
	assert_int_equal(xset(&t.ctx, "f", "user.e", "", 0, 0), 0);
	assert_int_equal(xget(&t.ctx, "f", "user.e", buf, sizeof(buf)), 0);
	/* A 255-byte name is fine, 256 is not. */
	memset(name, 'n', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = '\0';
	assert_int_equal(xset(&t.ctx, "f", name, "v", 1, 0), 0);
	assert_int_equal(xget(&t.ctx, "f", name, buf, sizeof(buf)), 1);
	name[255] = 'n';
	name[256] = '\0';
	assert_int_equal(xset(&t.ctx, "f", name, "v", 1, 0), -ERANGE);
	/* Values: 64 KiB at most, and no larger than a block on ext4. */
	assert_int_equal(xset(&t.ctx, "f", "user.big", big, 65537, 0), -E2BIG);
	assert_int_equal(xset(&t.ctx, "f", "user.big", big, 65536, 0), -ENOSPC);
	assert_int_equal(xset(&t.ctx, "f", "user.big", big, 3000, 0), 0);
	/* trusted.* is invisible to others, security.* read-only to them. */
	assert_int_equal(xlist(&t.ctx, "f", buf, sizeof(buf)), 10 + 11 + 7 + 256 + 9);
	root = t.ctx.cred;
	t.ctx.cred = &user;
	assert_int_equal(xlist(&t.ctx, "f", buf, sizeof(buf)), 11 + 7 + 256 + 9);
	assert_int_equal(xget(&t.ctx, "f", "trusted.t", buf, sizeof(buf)), -ENODATA);
	assert_int_equal(xget(&t.ctx, "f", "security.s", buf, sizeof(buf)), 1);
	assert_int_equal(xset(&t.ctx, "f", "security.s", "s", 1, 0), -EPERM);
	assert_int_equal(xset(&t.ctx, "f", "trusted.t", "t", 1, 0), -EPERM);
	/* user.* needs write permission (the file is root's, 0644). */
	assert_int_equal(xset(&t.ctx, "f", "user.e", "", 0, 0), -EACCES);
	assert_int_equal(xget(&t.ctx, "f", "user.e", buf, sizeof(buf)), 0);
	t.ctx.cred = root;
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(e4_sh("debugfs -R 'ea_get /f trusted.t' %s 2>/dev/null | grep -q T", img),
			 0);
	assert_int_equal(e4_sh("debugfs -R 'ea_get /l trusted.t' %s 2>/dev/null | grep -q L", img),
			 0);
}

static void test_read_what_debugfs_wrote(void **state)
{
	const char *img = "ext4_xattr_debugfs.img";
	char buf[3000];
	struct e4 t;

	(void)state;
	assert_int_equal(e4_sh("rm -rf ext4_xattr_src && mkdir ext4_xattr_src && "
			       "echo a > ext4_xattr_src/f && "
			       "head -c 2000 /dev/zero | tr '\\0' y > ext4_xattr_src.val && "
			       "printf '\\2\\0\\0\\0\\1\\0\\6\\0\\377\\377\\377\\377' "
			       "> ext4_xattr_src.acl"),
			 0);
	assert_int_equal(e4_mkfs(img, 4096, "16M", "-d ext4_xattr_src"), 0);
	assert_int_equal(e4_sh("debugfs -w -f - %s >/dev/null 2>&1 <<'EOF'\n"
			       "ea_set /f user.short hello\n"
			       "ea_set -f ext4_xattr_src.val /f user.long\n"
			       "ea_set /f trusted.z zz\n"
			       "ea_set -r -f ext4_xattr_src.acl /f system.posix_acl_access\n"
			       "EOF",
			       img),
			 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(xget(&t.ctx, "f", "user.short", buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(xget(&t.ctx, "f", "user.long", buf, sizeof(buf)), 2000);
	assert_true(buf[0] == 'y' && buf[1999] == 'y');
	assert_int_equal(xget(&t.ctx, "f", "trusted.z", buf, sizeof(buf)), 2);
	/* The POSIX ACL is kept but not offered: user.long, user.short, trusted.z. */
	assert_int_equal(xlist(&t.ctx, "f", NULL, 0), 10 + 11 + 10);
	assert_int_equal(xremove(&t.ctx, "f", "user.long"), 0);
	assert_int_equal(xset(&t.ctx, "f", "user.short", "bye", 3, XATTR_REPLACE), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(
	    e4_sh("debugfs -R 'ea_get /f user.short' %s 2>/dev/null | grep -q bye", img), 0);
	assert_int_equal(e4_sh("debugfs -R 'ea_list /f' %s 2>/dev/null | grep -q user.long", img),
			 1);
	assert_int_equal(
	    e4_sh("debugfs -R 'ea_list /f' %s 2>/dev/null | "
		  "grep -q 'system.posix_acl_access (12) = 02 00 00 00 01 00 06 00 ff'",
		  img),
	    0);
}

/* Two inodes sharing one block (made by hand, as Linux's block sharing
 * would): a change to one gets it a copy; the other keeps the original. */
static void test_shared_block_copy_on_write(void **state)
{
	const char *img = "ext4_xattr_shared.img";
	char buf[3000];
	long shared;
	struct e4 t;

	(void)state;
	assert_int_equal(e4_sh("rm -rf ext4_xattr_src && mkdir ext4_xattr_src && "
			       "echo a > ext4_xattr_src/own && echo b > ext4_xattr_src/other && "
			       "head -c 2000 /dev/zero | tr '\\0' x > ext4_xattr_src.val"),
			 0);
	/* No metadata_csum: the reference count is patched with zap_block. */
	assert_int_equal(e4_mkfs(img, 4096, "16M", "-O ^metadata_csum -d ext4_xattr_src"), 0);
	assert_int_equal(
	    e4_sh("debugfs -w -R 'ea_set -f ext4_xattr_src.val /own user.big' %s >/dev/null 2>&1",
		  img),
	    0);
	shared = file_acl(img, "/own");
	assert_true(shared > 0);
	assert_int_equal(e4_sh("debugfs -w -f - %s >/dev/null 2>&1 <<EOF\n"
			       "sif /other file_acl %ld\n"
			       "sif /other blocks 16\n"
			       "zap_block -o 4 -l 1 -p 2 %ld\n"
			       "EOF",
			       img, shared, shared),
			 0);
	assert_int_equal(e4_fsck(img), 0);

	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(xget(&t.ctx, "other", "user.big", buf, sizeof(buf)), 2000);
	value_of(1, 0, buf, 1000);
	assert_int_equal(xset(&t.ctx, "other", "user.more", buf, 1000, 0), 0);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(file_acl(img, "/own"), shared);
	assert_true(file_acl(img, "/other") > 0 && file_acl(img, "/other") != shared);
	assert_int_equal(e4_sh("debugfs -R 'ea_list /own' %s 2>/dev/null | grep -q user.more", img),
			 1);

	/* Now each has its own block; removing from one frees only its own. */
	assert_int_equal(e4_mount(&t, img, 0), 0);
	assert_int_equal(xremove(&t.ctx, "other", "user.big"), 0);
	assert_int_equal(xremove(&t.ctx, "other", "user.more"), 0);
	assert_int_equal(xget(&t.ctx, "own", "user.big", buf, sizeof(buf)), 2000);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);
	assert_int_equal(file_acl(img, "/other"), 0);
	assert_int_equal(file_acl(img, "/own"), shared);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inode_then_block_then_gone),
	    cmocka_unit_test(test_namespaces_and_limits),
	    cmocka_unit_test(test_read_what_debugfs_wrote),
	    cmocka_unit_test(test_shared_block_copy_on_write),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_xattr");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
