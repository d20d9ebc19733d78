/*
 * tests/ktest/vfs.c - the VFS core on a private tmpfs: path walk, symlinks,
 * permissions, mounts, getdents, rename, unlink, links, open flags, and that
 * everything is given back.
 */
#include "lib/ktest.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "vfs_helpers.h"

KTEST(vfs, dots_slashes_and_root)
{
	struct vt w;
	long long ino_b;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "a", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "a/b", 0755), 0);
	ino_b = vt_ino(&w, "a/b");
	KT_ASSERT(ino_b > 0);
	KT_ASSERT_EQ(vt_ino(&w, "a//b"), ino_b);
	KT_ASSERT_EQ(vt_ino(&w, "./a/./b/"), ino_b);
	KT_ASSERT_EQ(vt_ino(&w, "a/b/../b//"), ino_b);
	KT_ASSERT_EQ(vt_ino(&w, "/a/b"), ino_b);
	/* ".." never goes above the context's root. */
	KT_ASSERT_EQ(vt_ino(&w, "/../../a/b"), ino_b);
	KT_ASSERT_EQ(vt_ino(&w, ".."), vt_ino(&w, "/"));
	KT_ASSERT_EQ(vt_ino(&w, "a/missing"), -ENOENT);
	KT_ASSERT_EQ(vt_ino(&w, ""), -ENOENT);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, relative_to_start_and_empty_path)
{
	struct vt w;
	struct path dir;
	struct linux_stat st;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "d/f", "xyz", 3), 3);
	KT_ASSERT_EQ(vfs_lookup(&w.ctx, NULL, "d", 0, &dir), 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, &dir, "f", 0, &st), 0);
	KT_ASSERT_EQ(st.st_size, 3);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, &dir, "", 0, &st), -ENOENT);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, &dir, "", AT_EMPTY_PATH, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	path_put(&dir);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, symlink_chains_and_loops)
{
	char name[8], target[8], buf[64];
	struct linux_stat st;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "dir", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "dir/file", "hello", 5), 5);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "dir/file", NULL, "rel"), 0);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "/dir", NULL, "abs"), 0);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "../rel", NULL, "dir/up"), 0);
	KT_ASSERT_EQ(vt_read_file(&w, "rel", buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(vt_read_file(&w, "abs/file", buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(vt_read_file(&w, "dir/up", buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(vt_read_file(&w, "abs/up", buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "dir/up", buf, sizeof(buf)), 6);
	KT_ASSERT(memcmp(buf, "../rel", 6) == 0);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "dir/file", buf, sizeof(buf)), -EINVAL);
	/* lstat sees the link, stat the target. */
	KT_ASSERT_EQ(vt_stat(&w, "rel", &st), 0);
	KT_ASSERT(S_ISLNK(st.st_mode));
	KT_ASSERT_EQ(st.st_size, 8);
	KT_ASSERT_EQ(vt_ino(&w, "rel"), vt_ino(&w, "dir/file"));
	/* Loops and over-long chains. */
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "loop", NULL, "loop"), 0);
	KT_ASSERT_EQ(vt_ino(&w, "loop"), -ELOOP);
	KT_ASSERT_EQ(vt_ino(&w, "loop/x"), -ELOOP);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "dir/file", NULL, "c0"), 0);
	for (int i = 1; i <= 40; i++) {
		ksnprintf(name, sizeof(name), "c%d", i);
		ksnprintf(target, sizeof(target), "c%d", i - 1);
		KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, target, NULL, name), 0);
	}
	KT_ASSERT_EQ(vt_ino(&w, "c39"), vt_ino(&w, "dir/file")); /* 40 links */
	KT_ASSERT_EQ(vt_ino(&w, "c40"), -ELOOP);		 /* 41 links */
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "missing", NULL, "dangling"), 0);
	KT_ASSERT_EQ(vt_ino(&w, "dangling"), -ENOENT);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "", NULL, "empty"), -ENOENT);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, trailing_slash_needs_directory)
{
	struct linux_stat st;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d/", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "x", 1), 1);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "d", NULL, "ld"), 0);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "f", NULL, "lf"), 0);
	KT_ASSERT(vt_ino(&w, "d/") > 0);
	KT_ASSERT_EQ(vt_ino(&w, "f/"), -ENOTDIR);
	KT_ASSERT_EQ(vt_ino(&w, "f/."), -ENOTDIR);
	KT_ASSERT_EQ(vt_ino(&w, "f/x"), -ENOTDIR);
	/* A trailing slash follows a symlink even with NOFOLLOW. */
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "ld/", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, NULL, "lf/", AT_SYMLINK_NOFOLLOW, &st), -ENOTDIR);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "f/", 0), -ENOTDIR);
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "n/", S_IFREG | 0644, 0), -ENOENT);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, permissions_as_a_user)
{
	struct linux_stat st;
	struct cred user, other;
	struct file *f;
	struct vt w;
	char buf[8];

	KT_ASSERT_EQ(vt_setup(&w, "mode=0755"), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "private", 0700), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "private/f", "x", 1), 1);
	KT_ASSERT_EQ(vt_write_file(&w, "ro", "data", 4), 4);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "tmp", 0777), 0);
	KT_ASSERT_EQ(vfs_fchmodat(&w.ctx, NULL, "tmp", 01777, 0), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "noexec", "#!", 2), 2);

	w.ctx.cred = vt_user(&user, 1000);
	/* No search permission in a 0700 root directory. */
	KT_ASSERT_EQ(vt_stat(&w, "private/f", &st), -EACCES);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "private/f", O_RDONLY, 0, &f), -EACCES);
	/* 0644 root file: readable, not writable. */
	KT_ASSERT_EQ(vt_read_file(&w, "ro", buf, sizeof(buf)), 4);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "ro", O_WRONLY, 0, &f), -EACCES);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "ro", O_RDONLY | O_TRUNC, 0, &f), -EACCES);
	/* Creating in a root-owned 0755 directory is refused. */
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "mine", 0755), -EACCES);
	KT_ASSERT_EQ(vfs_fchmodat(&w.ctx, NULL, "ro", 0666, 0), -EPERM);
	KT_ASSERT_EQ(vfs_fchownat(&w.ctx, NULL, "ro", 1000, (uint32_t)-1, 0), -EPERM);
	/* Sticky /tmp: only the owner removes or renames an entry. */
	KT_ASSERT_EQ(vt_write_file(&w, "tmp/u", "u", 1), 1);
	KT_ASSERT_EQ(vt_stat(&w, "tmp/u", &st), 0);
	KT_ASSERT_EQ(st.st_uid, 1000);
	KT_ASSERT_EQ(st.st_mode & 0777, 0644); /* umask 022 */
	w.ctx.cred = vt_user(&other, 1001);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "tmp/u", 0), -EPERM);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "tmp/u", NULL, "tmp/v", 0), -EPERM);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "tmp/u", O_WRONLY, 0, &f), -EACCES);
	w.ctx.cred = &user;
	KT_ASSERT_EQ(vfs_fchmodat(&w.ctx, NULL, "tmp/u", 0600, 0), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "tmp/u", 0), 0);
	/* Root: reads and writes anything, executes only with an x bit. */
	w.ctx.cred = &w.cred;
	KT_ASSERT_EQ(vt_stat(&w, "private/f", &st), 0);
	{
		struct path p;

		KT_ASSERT_EQ(vfs_lookup(&w.ctx, NULL, "noexec", 0, &p), 0);
		KT_ASSERT_EQ(inode_permission(&w.cred, p.dentry->d_inode, MAY_EXEC), -EACCES);
		KT_ASSERT_EQ(inode_permission(&w.cred, p.dentry->d_inode, MAY_WRITE), 0);
		KT_ASSERT_EQ(inode_permission(&user, p.dentry->d_inode, MAY_READ), 0);
		KT_ASSERT_EQ(inode_permission(&user, p.dentry->d_inode, MAY_EXEC), -EACCES);
		path_put(&p);
	}
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, group_and_supplementary_groups)
{
	struct cred user;
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "g", "x", 1), 1);
	KT_ASSERT_EQ(vfs_fchownat(&w.ctx, NULL, "g", 0, 50, 0), 0);
	KT_ASSERT_EQ(vfs_fchmodat(&w.ctx, NULL, "g", 0060, 0), 0);
	w.ctx.cred = vt_user(&user, 1000);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "g", O_RDWR, 0, &f), -EACCES);
	user.groups[0] = 50;
	user.ngroups = 1;
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "g", O_RDWR, 0, &f), 0);
	vfs_close(f);
	w.ctx.cred = &w.cred;
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, mounts_are_crossed_both_ways)
{
	char buf[64];
	struct path p;
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "mnt", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "mnt/hidden", "h", 1), 1);
	KT_ASSERT_EQ(vfs_mount(&w.ctx, "none", "/mnt", "tmpfs", 0, "mode=0700"), 0);
	KT_ASSERT_EQ(vt_ino(&w, "mnt/hidden"), -ENOENT);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "mnt/sub", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "mnt/sub/f", "inner", 5), 5);
	/* ".." at the mount's root leaves the mount. */
	KT_ASSERT_EQ(vt_ino(&w, "mnt/sub/../.."), vt_ino(&w, "/"));
	KT_ASSERT_EQ(vt_ino(&w, "mnt/../mnt/sub/f"), vt_ino(&w, "/mnt/sub/f"));
	KT_ASSERT_EQ(vfs_lookup(&w.ctx, NULL, "mnt/sub/f", 0, &p), 0);
	KT_ASSERT_EQ(vfs_d_path(&w.ctx, &p, buf, sizeof(buf)), 10);
	KT_ASSERT_STR_EQ(buf, "/mnt/sub/f");
	KT_ASSERT_EQ(vfs_d_path(&w.ctx, &p, buf, 5), -ENAMETOOLONG);
	path_put(&p);
	KT_ASSERT_EQ(vfs_d_path(&w.ctx, &w.ctx.root, buf, sizeof(buf)), 1);
	KT_ASSERT_STR_EQ(buf, "/");
	/* Busy while a file is open, while it is someone's cwd, or covered. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "mnt/sub/f", O_RDONLY, 0, &f), 0);
	KT_ASSERT_EQ(vfs_umount(&w.ctx, "/mnt", 0), -EBUSY);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "mnt", AT_REMOVEDIR), -EBUSY);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "mnt", NULL, "mnt2", 0), -EBUSY);
	KT_ASSERT_EQ(vfs_mount(&w.ctx, "none", "/mnt/sub", "tmpfs", 0, NULL), 0);
	KT_ASSERT_EQ(vfs_umount(&w.ctx, "/mnt", 0), -EBUSY);
	KT_ASSERT_EQ(vfs_umount(&w.ctx, "/mnt/sub", 0), 0);
	KT_ASSERT_EQ(vfs_umount(&w.ctx, "/mnt/sub", 0), -EINVAL); /* not a mount root */
	KT_ASSERT_EQ(vfs_umount(&w.ctx, "/mnt", 0), 0);
	KT_ASSERT_EQ(vt_ino(&w, "mnt/hidden") > 0, 1);
	KT_ASSERT_EQ(vfs_mount(&w.ctx, "none", "/mnt/hidden", "tmpfs", 0, NULL), -ENOTDIR);
	KT_ASSERT_EQ(vfs_mount(&w.ctx, "none", "/mnt", "nosuchfs", 0, NULL), -ENODEV);
	KT_ASSERT_EQ(vfs_mount(&w.ctx, "none", "/mnt", "tmpfs", 0, "bogus=1"), -EINVAL);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, umount_refuses_a_busy_tree)
{
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_kern_umount(w.mnt), -EBUSY); /* the context holds it */
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

/* Read the whole directory with a buffer of @bufsize; count names (eN in
 * seen[N], "." and ".." in dots, anything unexpected in seen[n]). */
static int count_entries(struct file *f, size_t bufsize, int *seen, int n, int *dots)
{
	char *buf = kmalloc(bufsize, GFP_KERNEL);
	long got;

	if (!buf)
		return -ENOMEM;
	while ((got = vfs_getdents64(f, buf, bufsize)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			unsigned long long i;

			if ((strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) &&
			    d->d_type == DT_DIR) {
				(*dots)++;
			} else if (d->d_name[0] == 'e' && !kstrtoull(d->d_name + 1, 10, &i) &&
				   i < (unsigned long long)n && d->d_type == DT_REG) {
				seen[i]++;
			} else {
				seen[n]++;
			}
			off += d->d_reclen;
		}
	}
	kfree(buf);
	return (int)got;
}

KTEST(vfs, getdents_lists_everything_once_and_resumes)
{
	enum { N = 30 };
	int seen[N + 1] = {0}, dots = 0;
	char name[16], small[24];
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
	for (int i = 0; i < N; i++) {
		ksnprintf(name, sizeof(name), "d/e%d", i);
		KT_ASSERT_EQ(vt_write_file(&w, name, "", 0), 0);
	}
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d", O_RDONLY | O_DIRECTORY, 0, &f), 0);
	/* A small buffer forces many resumed calls. */
	KT_ASSERT_EQ(count_entries(f, 64, seen, N, &dots), 0);
	KT_ASSERT_EQ(dots, 2);
	for (int i = 0; i < N; i++)
		KT_ASSERT_EQ(seen[i], 1);
	KT_ASSERT_EQ(seen[N], 0);
	/* Rewind; remove entries while reading: the rest still comes once. */
	KT_ASSERT_EQ(vfs_lseek(f, 0, SEEK_SET), 0);
	memset(seen, 0, sizeof(seen));
	dots = 0;
	KT_ASSERT(vfs_getdents64(f, small, sizeof(small)) > 0); /* "." */
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/e0", 0), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/e1", 0), 0);
	KT_ASSERT_EQ(count_entries(f, 128, seen, N, &dots), 0);
	KT_ASSERT_EQ(dots, 1);
	KT_ASSERT_EQ(seen[0] + seen[1], 0);
	for (int i = 2; i < N; i++)
		KT_ASSERT_EQ(seen[i], 1);
	/* Too small for one record. */
	KT_ASSERT_EQ(vfs_lseek(f, 0, SEEK_SET), 0);
	KT_ASSERT_EQ(vfs_getdents64(f, small, 8), -EINVAL);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d/e5", O_RDONLY, 0, &f), 0);
	KT_ASSERT_EQ(vfs_getdents64(f, small, sizeof(small)), -ENOTDIR);
	vfs_close(f);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, rename_semantics)
{
	struct linux_stat st;
	long long ino_a, ino_b;
	char buf[8];
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "a", "A", 1), 1);
	KT_ASSERT_EQ(vt_write_file(&w, "b", "B", 1), 1);
	ino_a = vt_ino(&w, "a");
	ino_b = vt_ino(&w, "b");
	/* Plain move, then replacing an existing file. */
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "a", NULL, "c", 0), 0);
	KT_ASSERT_EQ(vt_ino(&w, "a"), -ENOENT);
	KT_ASSERT_EQ(vt_ino(&w, "c"), ino_a);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "c", NULL, "b", RENAME_NOREPLACE), -EEXIST);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "c", NULL, "b", 0), 0);
	KT_ASSERT_EQ(vt_ino(&w, "b"), ino_a);
	KT_ASSERT_EQ(vt_read_file(&w, "b", buf, sizeof(buf)), 1);
	KT_ASSERT_EQ(buf[0], 'A');
	/* Exchange. */
	KT_ASSERT_EQ(vt_write_file(&w, "x", "X", 1), 1);
	ino_b = vt_ino(&w, "x");
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "b", NULL, "x", RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(vt_ino(&w, "b"), ino_b);
	KT_ASSERT_EQ(vt_ino(&w, "x"), ino_a);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "b", NULL, "nope", RENAME_EXCHANGE), -ENOENT);
	KT_ASSERT_EQ(
	    vfs_renameat2(&w.ctx, NULL, "b", NULL, "x", RENAME_EXCHANGE | RENAME_NOREPLACE),
	    -EINVAL);
	/* Directories. */
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d1", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d1/sub", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d2", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "full", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "full/f", "", 0), 0);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1", NULL, "d1/sub/in", 0), -EINVAL);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1", NULL, "full", 0), -ENOTEMPTY);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1", NULL, "x", 0), -ENOTDIR);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "x", NULL, "d2", 0), -EISDIR);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "x/", NULL, "y", 0), -ENOTDIR);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1/sub", NULL, "d1/sub/..", 0), -EBUSY);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1/sub", NULL, "d1", 0), -ENOTEMPTY);
	/* Moving a directory fixes both parents' link counts. */
	KT_ASSERT_EQ(vt_stat(&w, "d1", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 3);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d1/sub", NULL, "d2/moved/", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "d1", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(vt_stat(&w, "d2", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 3);
	KT_ASSERT(vt_ino(&w, "d2/moved/..") == vt_ino(&w, "d2"));
	/* Replacing an empty directory. */
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "d2/moved", NULL, "d1", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "d2", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(vt_ino(&w, "d2/moved"), -ENOENT);
	/* Renaming onto itself (or another link to it) does nothing. */
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "x", NULL, "x", 0), 0);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "x", NULL, "xl", 0), 0);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "x", NULL, "xl", 0), 0);
	KT_ASSERT(vt_ino(&w, "x") > 0);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "x", NULL, "b", 0x80), -EINVAL);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, exchange_file_and_directory)
{
	struct linux_stat st;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "p", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "p/dir", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "q", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "q/file", "f", 1), 1);
	KT_ASSERT_EQ(vfs_renameat2(&w.ctx, NULL, "p/dir", NULL, "q/file", RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(vt_stat(&w, "q/file", &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_ASSERT_EQ(vt_stat(&w, "p/dir", &st), 0);
	KT_ASSERT(S_ISREG(st.st_mode));
	KT_ASSERT_EQ(vt_stat(&w, "p", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(vt_stat(&w, "q", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 3);
	KT_ASSERT_EQ(vt_ino(&w, "q/file/.."), vt_ino(&w, "q"));
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, unlinked_file_stays_readable_while_open)
{
	unsigned long before;
	struct linux_stat st;
	struct file *f;
	int64_t pos = 0;
	char buf[16];
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "still here", 10), 10);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDWR, 0, &f), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "f", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 10);
	KT_ASSERT(memcmp(buf, "still here", 10) == 0);
	KT_ASSERT_EQ(vfs_write(f, "!", 1, &pos), 1);
	/* A new file of the same name is a different file. */
	KT_ASSERT_EQ(vt_write_file(&w, "f", "new", 3), 3);
	pos = 0;
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 11);
	before = vt_free_pages();
	vfs_close(f);
	KT_ASSERT(vt_free_pages() > before); /* its data page went back */
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, hard_link_counts)
{
	struct linux_stat st;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "x", 1), 1);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "f", NULL, "d/g", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(vt_ino(&w, "d/g"), (long long)st.st_ino);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "f", NULL, "d/g", 0), -EEXIST);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "d", NULL, "dl", 0), -EPERM);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "f", NULL, "h", 0x1), -EINVAL);
	/* linkat does not follow a symlink unless asked. */
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "f", NULL, "s"), 0);
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "s", NULL, "s2", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "s2", &st), 0);
	KT_ASSERT(S_ISLNK(st.st_mode));
	KT_ASSERT_EQ(vfs_linkat(&w.ctx, NULL, "s", NULL, "f3", AT_SYMLINK_FOLLOW), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 3);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "f", 0), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "f3", 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "d/g", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 1);
	/* Directories: 2 + subdirectories. */
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d/s1", 0755), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d/s2", 0755), 0);
	KT_ASSERT_EQ(vt_stat(&w, "d", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 4);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/s1", AT_REMOVEDIR), 0);
	KT_ASSERT_EQ(vt_stat(&w, "d", &st), 0);
	KT_ASSERT_EQ(st.st_nlink, 3);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, unlink_and_rmdir_errors)
{
	struct linux_stat st;
	struct file *f, *g;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "d/f", "", 0), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d", 0), -EISDIR);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d", AT_REMOVEDIR), -ENOTEMPTY);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/f", AT_REMOVEDIR), -ENOTDIR);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/.", AT_REMOVEDIR), -EINVAL);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/..", AT_REMOVEDIR), -ENOTEMPTY);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "/", AT_REMOVEDIR), -EBUSY);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/none", 0), -ENOENT);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/f", 0x1), -EINVAL);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), -EEXIST);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d/f/x", 0755), -ENOTDIR);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, ".", 0755), -EEXIST);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d/f", 0), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d", O_PATH, 0, &f), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "d", AT_REMOVEDIR), 0);
	KT_ASSERT_EQ(vt_ino(&w, "d"), -ENOENT);
	/* Nothing can be created in a removed directory. */
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, &f->f_path, "x", 0755), -ENOENT);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, &f->f_path, "y", O_CREAT | O_RDWR, 0644, &g), -ENOENT);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, &f->f_path, "..", 0, &st), 0);
	vfs_close(f);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, open_flags)
{
	struct linux_stat st;
	struct file *f;
	int64_t pos = 0;
	char buf[16];
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "0123456789", 10), 10);
	KT_ASSERT_EQ(vfs_symlinkat(&w.ctx, "f", NULL, "l"), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_CREAT | O_EXCL | O_WRONLY, 0644, &f), -EEXIST);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "l", O_CREAT | O_EXCL | O_WRONLY, 0644, &f), -EEXIST);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDONLY | O_DIRECTORY, 0, &f), -ENOTDIR);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "l", O_RDONLY | O_NOFOLLOW, 0, &f), -ELOOP);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d", O_WRONLY, 0, &f), -EISDIR);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d", O_RDWR | O_CREAT, 0644, &f), -EISDIR);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "new/", O_RDWR | O_CREAT, 0644, &f), -EISDIR);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_ACCMODE, 0, &f), -EINVAL);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "nope", O_RDONLY, 0, &f), -ENOENT);
	/* O_APPEND writes at the end whatever the position. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_WRONLY | O_APPEND, 0, &f), 0);
	KT_ASSERT_EQ(vfs_write(f, "ab", 2, &pos), 2);
	KT_ASSERT_EQ(pos, 12);
	KT_ASSERT_EQ(vfs_read(f, buf, 1, &pos), -EBADF);
	vfs_close(f);
	/* O_TRUNC empties; through a symlink too; O_CREAT through a symlink. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "l", O_WRONLY | O_TRUNC | O_CREAT, 0644, &f), 0);
	vfs_close(f);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_size, 0);
	/* O_CREAT mode, umask, owner. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d/n", O_RDWR | O_CREAT, 0666, &f), 0);
	KT_ASSERT_EQ(vfs_write(f, "xyz", 3, &f->f_pos), 3);
	KT_ASSERT_EQ(vfs_lseek(f, -1, SEEK_END), 2);
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &f->f_pos), 1);
	KT_ASSERT_EQ(buf[0], 'z');
	KT_ASSERT_EQ(vfs_lseek(f, -10, SEEK_CUR), -EINVAL);
	KT_ASSERT_EQ(vfs_lseek(f, 0, 7), -EINVAL);
	KT_ASSERT_EQ(vfs_lseek(f, 100, SEEK_SET), 100);
	vfs_close(f);
	KT_ASSERT_EQ(vt_stat(&w, "d/n", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFREG | 0644);
	/* O_PATH: no I/O but a place to start from. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "l", O_PATH | O_NOFOLLOW, 0, &f), 0);
	KT_ASSERT_EQ(vfs_read(f, buf, 1, &pos), -EBADF);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, &f->f_path, "", buf, sizeof(buf)), 1);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "d", O_PATH, 0, &f), 0);
	KT_ASSERT_EQ(vfs_fstatat(&w.ctx, &f->f_path, "n", 0, &st), 0);
	vfs_close(f);
	/* A device node with no driver registered for its number. */
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "nodrv", S_IFCHR | 0666, vfs_mkdev(240, 7)), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "nodrv", O_RDWR, 0, &f), -ENXIO);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, names_too_long)
{
	char *name = kmalloc(PATH_MAX + 8, GFP_KERNEL);
	struct vt w;

	KT_ASSERT_NOT_NULL(name);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, name, 0755), -ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, name, 0755), 0);
	KT_ASSERT(vt_ino(&w, name) > 0);
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(name + i, "./", 2);
	name[PATH_MAX] = '\0';
	KT_ASSERT_EQ(vt_ino(&w, name), -ENAMETOOLONG);
	name[PATH_MAX - 2] = '\0';
	KT_ASSERT(vt_ino(&w, name) > 0);
	kfree(name);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(vfs, attributes_and_times)
{
	struct vfs_timespec t[2] = {{1000, 5}, {2000, 7}};
	struct linux_statx stx;
	struct linux_stat st;
	struct cred user;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vt_write_file(&w, "f", "abc", 3), 3);
	KT_ASSERT_EQ(vfs_fchmodat(&w.ctx, NULL, "f", 04755, 0), 0);
	KT_ASSERT_EQ(vfs_utimensat(&w.ctx, NULL, "f", t, 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFREG | 04755);
	KT_ASSERT_EQ(st.st_atime, 1000);
	KT_ASSERT_EQ(st.st_mtime_nsec, 7);
	KT_ASSERT_EQ(st.st_size, 3);
	KT_ASSERT_EQ(st.st_blocks, 8);
	/* chown clears set-user-id. */
	KT_ASSERT_EQ(vfs_fchownat(&w.ctx, NULL, "f", 7, 8, 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_uid, 7);
	KT_ASSERT_EQ(st.st_gid, 8);
	KT_ASSERT_EQ(st.st_mode & 07777, 0755);
	KT_ASSERT_EQ(vfs_statx(&w.ctx, NULL, "f", 0, STATX_BASIC_STATS, &stx), 0);
	KT_ASSERT_EQ(stx.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
	KT_ASSERT_EQ(stx.stx_size, 3);
	KT_ASSERT_EQ(stx.stx_uid, 7);
	/* Owner 7 may set times to now only via write permission if not owner. */
	w.ctx.cred = vt_user(&user, 1000);
	KT_ASSERT_EQ(vfs_utimensat(&w.ctx, NULL, "f", t, 0), -EPERM);
	KT_ASSERT_EQ(vfs_utimensat(&w.ctx, NULL, "f", NULL, 0), -EACCES);
	w.ctx.cred = vt_user(&user, 7);
	KT_ASSERT_EQ(vfs_utimensat(&w.ctx, NULL, "f", t, 0), 0);
	KT_ASSERT_EQ(vfs_fchownat(&w.ctx, NULL, "f", (uint32_t)-1, 7, 0), 0);
	KT_ASSERT_EQ(vfs_fchownat(&w.ctx, NULL, "f", (uint32_t)-1, 9, 0), -EPERM);
	w.ctx.cred = &w.cred;
	/* Devices keep their numbers. */
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "sda", S_IFBLK | 0600, vfs_mkdev(8, 300)), 0);
	KT_ASSERT_EQ(vt_stat(&w, "sda", &st), 0);
	KT_ASSERT_EQ(vfs_major((uint32_t)st.st_rdev), 8);
	KT_ASSERT_EQ(vfs_minor((uint32_t)st.st_rdev), 300);
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "fifo", S_IFIFO | 0600, 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "fifo", &st), 0);
	KT_ASSERT(S_ISFIFO(st.st_mode));
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "bad", 0170000, 0), -EINVAL);
	w.ctx.cred = vt_user(&user, 1000);
	KT_ASSERT_EQ(vfs_mknodat(&w.ctx, NULL, "c", S_IFCHR | 0600, 1), -EPERM);
	w.ctx.cred = &w.cred;
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

/* Everything a busy test does, in a world of its own. */
static bool workload(void)
{
	struct file *f;
	struct vt w;
	char buf[64];
	bool ok;

	if (vt_setup(&w, "size=1m"))
		return false;
	ok = vfs_mkdirat(&w.ctx, NULL, "a", 0755) == 0 &&
	     vfs_mkdirat(&w.ctx, NULL, "a/b", 0755) == 0 &&
	     vt_write_file(&w, "a/b/file-with-a-rather-long-name-to-allocate", "data", 4) == 4 &&
	     vfs_symlinkat(&w.ctx, "a/b", NULL, "link") == 0 &&
	     vt_ino(&w, "link/file-with-a-rather-long-name-to-allocate") > 0 &&
	     vt_ino(&w, "missing1") == -ENOENT && vt_ino(&w, "a/missing2") == -ENOENT &&
	     vfs_linkat(&w.ctx, NULL, "link/file-with-a-rather-long-name-to-allocate", NULL, "hard",
			0) == 0 &&
	     vfs_renameat2(&w.ctx, NULL, "a/b", NULL, "c", 0) == 0 &&
	     vfs_mkdirat(&w.ctx, NULL, "mnt", 0755) == 0 &&
	     vfs_mount(&w.ctx, "none", "mnt", "tmpfs", 0, NULL) == 0 &&
	     vt_write_file(&w, "mnt/x", buf, sizeof(buf)) == sizeof(buf) &&
	     vfs_openat(&w.ctx, NULL, "hard", O_RDWR, 0, &f) == 0;
	if (ok) {
		ok = vfs_unlinkat(&w.ctx, NULL, "hard", 0) == 0;
		vfs_close(f);
	}
	ok = ok && vfs_umount(&w.ctx, "/mnt", 0) == 0;
	return vt_teardown(&w) == 0 && ok;
}

KTEST(vfs, everything_is_given_back)
{
	unsigned long before;

	/* The first run may leave warm slabs in kmalloc's caches. */
	KT_ASSERT(workload());
	before = vt_free_pages();
	KT_ASSERT(workload());
	KT_ASSERT_EQ(vt_free_pages(), before);
	KT_ASSERT(workload());
	KT_ASSERT_EQ(vt_free_pages(), before);
}
