/*
 * tests/ktest/cpio.c - the initramfs unpacker on archives built here: every
 * entry type, several archives, the crc format, and corrupt input.
 */
#include "fs/initramfs/initramfs.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "vfs_helpers.h"

#define ARCHIVE_MAX 8192

struct archive {
	char *buf;
	size_t len;
};

struct centry {
	const char *name;
	uint32_t mode;
	const char *data; /* file data or symlink target */
	uint32_t ino, nlink, uid, gid, mtime, rmajor, rminor;
};

static void put_padding(struct archive *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

static void put_raw(struct archive *a, const char *magic, const struct centry *e, size_t namesize,
		    size_t filesize)
{
	size_t size = e->data ? strlen(e->data) : 0;
	uint32_t sum = 0;

	for (size_t i = 0; i < size; i++)
		sum += (unsigned char)e->data[i];
	if (strcmp(magic, "070702") != 0)
		sum = 0;
	a->len +=
	    (size_t)ksnprintf(a->buf + a->len, ARCHIVE_MAX - a->len,
			      "%s%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x", magic,
			      e->ino, e->mode, e->uid, e->gid, e->nlink ? e->nlink : 1, e->mtime,
			      filesize, 0u, 1u, e->rmajor, e->rminor, namesize, sum);
	memcpy(a->buf + a->len, e->name, strlen(e->name) + 1);
	a->len += strlen(e->name) + 1;
	put_padding(a);
	if (size)
		memcpy(a->buf + a->len, e->data, size);
	a->len += size;
	put_padding(a);
}

static void put(struct archive *a, const struct centry *e)
{
	size_t size = e->data ? strlen(e->data) : 0;

	put_raw(a, "070701", e, strlen(e->name) + 1, size);
}

static void put_trailer(struct archive *a)
{
	static const struct centry t = {.name = "TRAILER!!!"};

	put(a, &t);
}

static const struct centry every_type[] = {
	{.name = ".", .mode = S_IFDIR | 0755},
	{.name = "bin", .mode = S_IFDIR | 0755, .mtime = 100},
	{.name = "bin/busybox", .mode = S_IFREG | 04755, .data = "\177ELF and so on", .mtime = 1234,
	 .uid = 3},
	{.name = "bin/sh", .mode = S_IFLNK | 0777, .data = "busybox"},
	{.name = "./etc", .mode = S_IFDIR | 0700, .uid = 5, .gid = 6, .mtime = 777},
	{.name = "etc/passwd", .mode = S_IFREG | 0644, .data = NULL, .ino = 42, .nlink = 2},
	{.name = "/etc/passwd-", .mode = S_IFREG | 0644, .data = "root:x:0:0", .ino = 42, .nlink = 2},
	{.name = "dev", .mode = S_IFDIR | 0755},
	{.name = "dev/console", .mode = S_IFCHR | 0600, .rmajor = 5, .rminor = 1},
	{.name = "dev//sda", .mode = S_IFBLK | 0660, .rmajor = 8, .rminor = 0, .gid = 6},
	{.name = "dev/initctl", .mode = S_IFIFO | 0600},
	{.name = "dev/log", .mode = S_IFSOCK | 0666},
	{.name = "empty", .mode = S_IFREG | 0600},
};

static struct archive new_archive(void)
{
	struct archive a = {kzalloc(ARCHIVE_MAX, GFP_KERNEL), 0};

	return a;
}

static void build_every_type(struct archive *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(every_type); i++)
		put(a, &every_type[i]);
	put_trailer(a);
}

KTEST(cpio, every_entry_type)
{
	struct archive a = new_archive();
	struct linux_stat st, st2;
	char buf[64];
	struct vt w;

	KT_ASSERT_NOT_NULL(a.buf);
	build_every_type(&a);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), 0);
	KT_ASSERT_EQ(vt_stat(&w, "/", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFDIR | 0755);
	KT_ASSERT_EQ(vt_stat(&w, "bin", &st), 0);
	KT_ASSERT_EQ(st.st_mtime, 100);
	KT_ASSERT_EQ(vt_stat(&w, "bin/busybox", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFREG | 04755);
	KT_ASSERT_EQ(st.st_uid, 3);
	KT_ASSERT_EQ(st.st_mtime, 1234);
	KT_ASSERT_EQ(st.st_size, 14);
	KT_ASSERT_EQ(vt_read_file(&w, "bin/sh", buf, sizeof(buf)), 14);
	KT_ASSERT(memcmp(buf, "\177ELF and so on", 14) == 0);
	KT_ASSERT_EQ(vfs_readlinkat(&w.ctx, NULL, "bin/sh", buf, sizeof(buf)), 7);
	KT_ASSERT_EQ(vt_stat(&w, "etc", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFDIR | 0700);
	KT_ASSERT_EQ(st.st_uid, 5);
	KT_ASSERT_EQ(st.st_gid, 6);
	KT_ASSERT_EQ(st.st_mtime, 777);
	KT_ASSERT_EQ(vt_stat(&w, "etc/passwd", &st), 0);
	KT_ASSERT_EQ(vt_stat(&w, "etc/passwd-", &st2), 0);
	KT_ASSERT_EQ(st.st_ino, st2.st_ino);
	KT_ASSERT_EQ(st.st_nlink, 2);
	KT_ASSERT_EQ(st.st_size, 10);
	KT_ASSERT_EQ(vt_stat(&w, "dev/console", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFCHR | 0600);
	KT_ASSERT_EQ(st.st_rdev, vfs_mkdev(5, 1));
	KT_ASSERT_EQ(vt_stat(&w, "dev/sda", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFBLK | 0660);
	KT_ASSERT_EQ(st.st_rdev, vfs_mkdev(8, 0));
	KT_ASSERT_EQ(st.st_gid, 6);
	KT_ASSERT_EQ(vt_stat(&w, "dev/initctl", &st), 0);
	KT_ASSERT(S_ISFIFO(st.st_mode));
	KT_ASSERT_EQ(vt_stat(&w, "dev/log", &st), 0);
	KT_ASSERT(S_ISSOCK(st.st_mode));
	KT_ASSERT_EQ(vt_stat(&w, "empty", &st), 0);
	KT_ASSERT_EQ(st.st_size, 0);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	kfree(a.buf);
}

KTEST(cpio, concatenated_archives_overwrite)
{
	static const struct centry one = {.name = "a", .mode = S_IFREG | 0644, .data = "one"};
	static const struct centry two = {.name = "a", .mode = S_IFREG | 0600, .data = "second"};
	static const struct centry dir = {.name = "a", .mode = S_IFDIR | 0755};
	static const struct centry b = {.name = "b", .mode = S_IFREG | 0644, .data = "bee"};
	struct archive a = new_archive();
	struct linux_stat st;
	char buf[16];
	struct vt w;

	KT_ASSERT_NOT_NULL(a.buf);
	put(&a, &one);
	put_trailer(&a);
	a.len += 512; /* zero padding between archives */
	put(&a, &two);
	put(&a, &b);
	put_trailer(&a);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), 0);
	KT_ASSERT_EQ(vt_read_file(&w, "a", buf, sizeof(buf)), 6);
	KT_ASSERT(memcmp(buf, "second", 6) == 0);
	KT_ASSERT_EQ(vt_stat(&w, "a", &st), 0);
	KT_ASSERT_EQ(st.st_mode, S_IFREG | 0600);
	KT_ASSERT_EQ(vt_read_file(&w, "b", buf, sizeof(buf)), 3);
	/* A directory replaces a file of the same name. */
	a.len = 0;
	put(&a, &dir);
	put_trailer(&a);
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), 0);
	KT_ASSERT_EQ(vt_stat(&w, "a", &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	kfree(a.buf);
}

KTEST(cpio, crc_format_checks_sums)
{
	static const struct centry f = {
	    .name = "f", .mode = S_IFREG | 0644, .data = "checked data"};
	struct archive a = new_archive();
	char buf[16];
	struct vt w;

	KT_ASSERT_NOT_NULL(a.buf);
	put_raw(&a, "070702", &f, 2, strlen(f.data));
	put_trailer(&a);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), 0);
	KT_ASSERT_EQ(vt_read_file(&w, "f", buf, sizeof(buf)), 12);
	a.buf[112] ^= 1; /* the first data byte: after the header and "f\0" */
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), -EINVAL);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	kfree(a.buf);
}

/* Unpack @len bytes of @buf into a fresh tmpfs; the result. */
static int unpack_fresh(const char *buf, size_t len)
{
	struct vt w;
	int err = vt_setup(&w, NULL);

	if (err)
		return err;
	err = initramfs_unpack_at(&w.ctx, buf, len);
	if (vt_teardown(&w))
		return -EBUSY;
	return err;
}

/* Overwrite header field @field (0 = c_ino ... 12 = c_check) of the entry at 0. */
static void set_field(struct archive *a, int field, const char *hex8)
{
	memcpy(a->buf + 6 + 8 * field, hex8, 8);
}

KTEST(cpio, corrupt_archives_are_rejected)
{
	static const struct centry f = {
	    .name = "file", .mode = S_IFREG | 0644, .data = "0123456789"};
	struct archive a = new_archive();
	static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0};
	char *good = kmalloc(ARCHIVE_MAX, GFP_KERNEL);
	size_t good_len;

	KT_ASSERT_NOT_NULL(a.buf);
	KT_ASSERT_NOT_NULL(good);
	put(&a, &f);
	put_trailer(&a);
	memcpy(good, a.buf, a.len);
	good_len = a.len;
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), 0);
	/* Truncated header. */
	KT_ASSERT_EQ(unpack_fresh(a.buf, 60), -EINVAL);
	/* Bad magic (the old binary/odc formats included). */
	memcpy(a.buf, "070707", 6);
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	memcpy(a.buf, good, good_len);
	/* Not hex. */
	set_field(&a, 1, "000081g4");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	memcpy(a.buf, good, good_len);
	/* Name size 0, past the buffer, or not ending in NUL. */
	set_field(&a, 11, "00000000");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	set_field(&a, 11, "7fffffff");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	set_field(&a, 11, "ffffffff");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	set_field(&a, 11, "00000004");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	memcpy(a.buf, good, good_len);
	/* File data past the buffer. */
	set_field(&a, 6, "00001000");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	set_field(&a, 6, "ffffffff");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	memcpy(a.buf, good, good_len);
	/* Unknown file type. */
	set_field(&a, 1, "0000f1a4");
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	/* Compressed. */
	KT_ASSERT_EQ(unpack_fresh((const char *)gz, sizeof(gz)), -EINVAL);
	/* Padding that leaves a header unaligned. */
	memset(a.buf, 0, 3);
	memcpy(a.buf + 3, good, good_len);
	KT_ASSERT_EQ(unpack_fresh(a.buf, good_len + 3), -EINVAL);
	/* Empty input and pure padding are fine. */
	KT_ASSERT_EQ(unpack_fresh(a.buf, 0), 0);
	KT_ASSERT_EQ(unpack_fresh(a.buf, 3), 0);
	kfree(good);
	kfree(a.buf);
}

KTEST(cpio, names_are_confined_to_the_root)
{
	static const struct centry up = {.name = "../escape", .mode = S_IFREG | 0644, .data = "x"};
	static const struct centry mid = {.name = "a/../../b", .mode = S_IFDIR | 0755};
	static const struct centry abs = {.name = "//abs/./", .mode = S_IFDIR | 0755};
	static const struct centry in = {.name = "/abs//./f", .mode = S_IFREG | 0644, .data = "in"};
	static const struct centry link = {
	    .name = "abs/l", .mode = S_IFLNK | 0777, .data = "/../../f"};
	struct archive a = new_archive();
	struct linux_stat st;
	struct vt w;

	KT_ASSERT_NOT_NULL(a.buf);
	put(&a, &up);
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	a.len = 0;
	put(&a, &mid);
	KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), -EINVAL);
	a.len = 0;
	put(&a, &abs);
	put(&a, &in);
	put(&a, &link);
	put_trailer(&a);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(initramfs_unpack_at(&w.ctx, a.buf, a.len), 0);
	KT_ASSERT_EQ(vt_stat(&w, "abs/f", &st), 0);
	KT_ASSERT_EQ(st.st_size, 2);
	/* Symlink targets are kept as they are; resolving stays inside the root. */
	KT_ASSERT_EQ(vt_ino(&w, "abs/l"), -ENOENT);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
	kfree(a.buf);
}

KTEST(cpio, every_truncation_is_safe)
{
	struct archive a = new_archive();
	int ok = 0, bad = 0;

	KT_ASSERT_NOT_NULL(a.buf);
	build_every_type(&a);
	for (size_t len = 0; len <= a.len; len++) {
		int err = unpack_fresh(a.buf, len);

		KT_ASSERT(err == 0 || err == -EINVAL);
		if (err)
			bad++;
		else
			ok++;
	}
	KT_ASSERT(ok > 0 && bad > 0);
	kfree(a.buf);
}

KTEST(cpio, memory_comes_back)
{
	struct archive a = new_archive();
	unsigned long before = 0;

	KT_ASSERT_NOT_NULL(a.buf);
	build_every_type(&a);
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			before = vt_free_pages();
		KT_ASSERT_EQ(unpack_fresh(a.buf, a.len), 0);
	}
	KT_ASSERT_EQ(vt_free_pages(), before);
	kfree(a.buf);
}

KTEST(cpio, unpacks_into_the_root_file_system)
{
	static const struct centry d = {.name = "ktest-cpio", .mode = S_IFDIR | 0700};
	static const struct centry f = {.name = "ktest-cpio/f", .mode = S_IFREG | 0600, .data = "r"};
	struct archive a = new_archive();
	struct linux_statfs sfs;
	struct linux_stat st;
	struct vfs_ctx ctx;

	KT_ASSERT_NOT_NULL(a.buf);
	put(&a, &d);
	put(&a, &f);
	put_trailer(&a);
	KT_ASSERT_EQ(vfs_init(), 0);
	KT_ASSERT_EQ(vfs_init(), 0); /* once is enough; again is harmless */
	KT_ASSERT_EQ(initramfs_unpack(a.buf, a.len), 0);
	vfs_root_ctx(&ctx);
	KT_ASSERT_EQ(vfs_fstatat(&ctx, NULL, "/ktest-cpio/f", 0, &st), 0);
	KT_ASSERT_EQ(st.st_size, 1);
	KT_ASSERT_EQ(vfs_statfs(&ctx.root, &sfs), 0);
	KT_ASSERT_EQ(sfs.f_type, TMPFS_MAGIC);
	KT_ASSERT_EQ(vfs_unlinkat(&ctx, NULL, "/ktest-cpio/f", 0), 0);
	KT_ASSERT_EQ(vfs_unlinkat(&ctx, NULL, "/ktest-cpio", AT_REMOVEDIR), 0);
	vfs_ctx_put(&ctx);
	kfree(a.buf);
}
