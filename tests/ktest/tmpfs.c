/*
 * tests/ktest/tmpfs.c - tmpfs data: holes, truncate, large files, the size=
 * limit and statfs.
 */
#include "lib/ktest.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "vfs_helpers.h"

static bool all_zero(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i])
			return false;
	return true;
}

KTEST(tmpfs, holes_read_as_zeros)
{
	struct linux_stat st;
	char buf[256];
	struct file *f;
	int64_t pos;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "sparse", O_RDWR | O_CREAT, 0644, &f), 0);
	pos = 10 * MiB + 100;
	KT_ASSERT_EQ(vfs_write(f, "end", 3, &pos), 3);
	KT_ASSERT_EQ(vt_stat(&w, "sparse", &st), 0);
	KT_ASSERT_EQ(st.st_size, 10 * MiB + 103);
	KT_ASSERT_EQ(st.st_blocks, 8); /* one page */
	pos = 5 * MiB - 128;
	memset(buf, 'x', sizeof(buf));
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &pos), sizeof(buf));
	KT_ASSERT(all_zero(buf, sizeof(buf)));
	pos = 10 * MiB + 90;
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 13);
	KT_ASSERT(all_zero(buf, 10));
	KT_ASSERT(memcmp(buf + 10, "end", 3) == 0);
	KT_ASSERT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 0);
	/* Writing past the largest file size. */
	pos = w.mnt->mnt_sb->s_maxbytes;
	KT_ASSERT_EQ(vfs_write(f, "x", 1, &pos), -EFBIG);
	vfs_close(f);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(tmpfs, truncate_down_and_up)
{
	struct linux_stat st;
	char *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	struct file *f;
	struct path p;
	struct vt w;

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	memset(buf, 'a', 3 * PAGE_SIZE);
	KT_ASSERT_EQ(vt_write_file(&w, "f", buf, 10000), 10000);
	KT_ASSERT_EQ(vfs_lookup(&w.ctx, NULL, "f", 0, &p), 0);
	KT_ASSERT_EQ(vfs_truncate(&w.ctx, &p, 5000), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_size, 5000);
	KT_ASSERT_EQ(st.st_blocks, 16); /* two pages left */
	KT_ASSERT_EQ(vfs_truncate(&w.ctx, &p, 12000), 0);
	KT_ASSERT_EQ(vt_read_file(&w, "f", buf, 3 * PAGE_SIZE), 12000);
	for (int i = 0; i < 5000; i++)
		KT_ASSERT_EQ(buf[i], 'a');
	KT_ASSERT(all_zero(buf + 5000, 7000));
	KT_ASSERT_EQ(vfs_truncate(&w.ctx, &p, -1), -EINVAL);
	KT_ASSERT_EQ(vfs_truncate(&w.ctx, &w.ctx.root, 0), -EISDIR);
	KT_ASSERT_EQ(vfs_truncate(&w.ctx, &p, 0), 0);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_blocks, 0);
	path_put(&p);
	/* ftruncate needs a writable file. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDONLY, 0, &f), 0);
	KT_ASSERT_EQ(vfs_ftruncate(f, 10), -EINVAL);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_WRONLY, 0, &f), 0);
	KT_ASSERT_EQ(vfs_ftruncate(f, 10), 0);
	vfs_close(f);
	KT_ASSERT_EQ(vt_stat(&w, "f", &st), 0);
	KT_ASSERT_EQ(st.st_size, 10);
	kfree(buf);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(tmpfs, large_file_spans_many_pages)
{
	const size_t size = 3 * MiB + 123; /* more than one leaf of page pointers */
	const size_t chunk = 5000;	   /* not a page multiple */
	char *buf = kmalloc(chunk, GFP_KERNEL);
	unsigned long before = vt_free_pages();
	struct file *f;
	int64_t pos = 0;
	struct vt w;

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "big", O_RDWR | O_CREAT, 0644, &f), 0);
	for (size_t done = 0; done < size;) {
		size_t n = MIN(chunk, size - done);

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)((done + i) * 7 + 3);
		KT_ASSERT_EQ(vfs_write(f, buf, n, &pos), n);
		done += n;
	}
	KT_ASSERT_EQ(vfs_lseek(f, 0, SEEK_END), size);
	pos = 0;
	for (size_t done = 0; done < size;) {
		long n = vfs_read(f, buf, chunk, &pos);

		KT_ASSERT(n > 0);
		for (long i = 0; i < n; i++)
			KT_ASSERT_EQ(buf[i], (char)((done + (size_t)i) * 7 + 3));
		done += (size_t)n;
	}
	vfs_close(f);
	KT_ASSERT(vt_free_pages() + size / PAGE_SIZE < before);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "big", 0), 0);
	kfree(buf);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(tmpfs, size_limit_gives_enospc)
{
	struct linux_statfs sfs;
	char *buf = kzalloc(20 * KiB, GFP_KERNEL);
	struct file *f;
	int64_t pos = 0;
	struct vt w;

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_EQ(vt_setup(&w, "size=16k"), 0);
	KT_ASSERT_EQ(vfs_statfs(&w.ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_type, TMPFS_MAGIC);
	KT_ASSERT_EQ(sfs.f_bsize, PAGE_SIZE);
	KT_ASSERT_EQ(sfs.f_blocks, 4);
	KT_ASSERT_EQ(sfs.f_bfree, 4);
	KT_ASSERT_EQ(sfs.f_namelen, NAME_MAX);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDWR | O_CREAT, 0644, &f), 0);
	/* A short write up to the limit, then nothing. */
	KT_ASSERT_EQ(vfs_write(f, buf, 20 * KiB, &pos), 16 * KiB);
	KT_ASSERT_EQ(vfs_write(f, buf, 1, &pos), -ENOSPC);
	KT_ASSERT_EQ(vfs_statfs(&w.ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_bfree, 0);
	KT_ASSERT_EQ(sfs.f_bavail, 0);
	/* Holes cost nothing; overwriting in place works. */
	pos = 0;
	KT_ASSERT_EQ(vfs_write(f, "again", 5, &pos), 5);
	vfs_close(f);
	KT_ASSERT_EQ(vfs_unlinkat(&w.ctx, NULL, "f", 0), 0);
	KT_ASSERT_EQ(vfs_statfs(&w.ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_bfree, 4);
	kfree(buf);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(tmpfs, mount_options)
{
	struct linux_statfs sfs;
	struct linux_stat st;
	struct vfsmount *m;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, "size=2M,mode=0750,uid=5,gid=6"), 0);
	KT_ASSERT_EQ(vt_stat(&w, "/", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFDIR | 0750);
	KT_ASSERT_EQ(st.st_uid, 5);
	KT_ASSERT_EQ(st.st_gid, 6);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(vfs_statfs(&w.ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_blocks, 512);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	KT_ASSERT_EQ(vfs_kern_mount("tmpfs", 0, "t", "size=", &m), -EINVAL);
	KT_ASSERT_EQ(vfs_kern_mount("tmpfs", 0, "t", "mode=999", &m), -EINVAL);
	KT_ASSERT_EQ(vfs_kern_mount("tmpfs", 0, "t", "nosuch=1", &m), -EINVAL);
	KT_ASSERT_EQ(vfs_kern_mount("tmpfs", 0, "t", "size", &m), -EINVAL);
	KT_ASSERT_EQ(vfs_kern_mount("tmpfs", 0, "t", ",,size=1k,", &m), 0);
	KT_ASSERT_EQ(vfs_kern_umount(m), 0);
}

KTEST(tmpfs, memory_comes_back_after_umount)
{
	char *buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	unsigned long before;
	struct vt w;

	KT_ASSERT_NOT_NULL(buf);
	/* Warm kmalloc's caches once, then measure. */
	for (int round = 0; round < 2; round++) {
		before = vt_free_pages();
		KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
		KT_ASSERT_EQ(vfs_mkdirat(&w.ctx, NULL, "d", 0755), 0);
		for (int i = 0; i < 64; i++) {
			char name[16];
			int64_t pos = (int64_t)i * 64 * KiB;
			struct file *f;

			ksnprintf(name, sizeof(name), "d/f%d", i);
			KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, name, O_RDWR | O_CREAT, 0644, &f), 0);
			KT_ASSERT_EQ(vfs_write(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
			vfs_close(f);
		}
		KT_ASSERT(vt_free_pages() < before);
		KT_ASSERT_EQ(vt_teardown(&w), 0);
	}
	KT_ASSERT_EQ(vt_free_pages(), before);
	kfree(buf);
}
