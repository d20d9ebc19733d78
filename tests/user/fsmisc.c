/*
 * tests/user/fsmisc.c - the remaining file-system calls: statx (fields and
 * mask), faccessat/access (F_OK, R_OK, W_OK, X_OK), fsync/fdatasync/sync,
 * statfs and fstatfs, mknod of a FIFO and opening it, fchown/chown/lchown to
 * the current ids, a deleted but open file staying readable, getcwd of a
 * removed directory (ENOENT), and O_NOFOLLOW/O_PATH.
 */
#include "ut.h"

#include <limits.h>
#include <stdint.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

/* statx as in Linux's uapi <linux/stat.h>; musl 1.2.3 has no wrapper. */
struct linux_statx_time {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct linux_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct linux_statx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare2[14];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");

#define LINUX_STATX_BASIC_STATS 0x7ffU

static long statx(int dirfd, const char *path, int flags, unsigned int mask,
		  struct linux_statx *buf)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, buf);
}

static void check_statx(void)
{
	struct linux_statx stx;
	struct stat st;

	ut_write_file("f", "12345");
	CHECK_OK(statx(AT_FDCWD, "f", 0, LINUX_STATX_BASIC_STATS, &stx));
	CHECK((stx.stx_mask & LINUX_STATX_BASIC_STATS) == LINUX_STATX_BASIC_STATS);
	CHECK_OK(stat("f", &st));
	CHECK_EQ(stx.stx_size, 5);
	CHECK_EQ(stx.stx_ino, st.st_ino);
	CHECK_EQ(stx.stx_mode, st.st_mode);
	CHECK_EQ(stx.stx_nlink, 1);
	CHECK_EQ(stx.stx_uid, getuid());
	CHECK_EQ(stx.stx_mtime.tv_sec, st.st_mtim.tv_sec);
	CHECK_ERR(statx(AT_FDCWD, "missing", 0, LINUX_STATX_BASIC_STATS, &stx), ENOENT);
	CHECK_ERR(statx(AT_FDCWD, "f", 0x12345678, LINUX_STATX_BASIC_STATS, &stx), EINVAL);
	ut_ok("statx");
}

static void check_access(void)
{
	CHECK_OK(access("f", F_OK));
	CHECK_OK(access("f", R_OK | W_OK));
	CHECK_ERR(access("f", X_OK), EACCES);	/* no x bit: refused even to root */
	CHECK_ERR(access("missing", F_OK), ENOENT);
	CHECK_ERR(access("f/x", F_OK), ENOTDIR);
	CHECK_OK(chmod("f", 0755));
	CHECK_OK(faccessat(AT_FDCWD, "f", X_OK, 0));
	CHECK_ERR(access("f", 0x40), EINVAL);
	ut_ok("access, faccessat");
}

static void check_sync_statfs(void)
{
	struct statfs a, b;
	int fd = CHECK_OK(open("f", O_RDWR));

	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	sync();
	CHECK_OK(statfs(".", &a));
	CHECK_OK(fstatfs(fd, &b));
	CHECK(a.f_bsize > 0);
	CHECK_EQ(a.f_type, b.f_type);
	CHECK(a.f_namelen >= 255);
	CHECK_OK(close(fd));
	CHECK_ERR(fsync(fd), EBADF);
	CHECK_ERR(statfs("missing", &a), ENOENT);
	ut_ok("fsync, fdatasync, sync, statfs, fstatfs");
}

static void check_fifo(void)
{
	struct stat st;
	char c;
	int r, w;

	CHECK_OK(mknod("fifo", S_IFIFO | 0600, 0));
	CHECK_OK(lstat("fifo", &st));
	CHECK(S_ISFIFO(st.st_mode));
	CHECK_ERR(mknod("fifo", S_IFIFO | 0600, 0), EEXIST);
	/* A non-blocking reader opens at once; then a writer can too. */
	r = CHECK_OK(open("fifo", O_RDONLY | O_NONBLOCK));
	w = CHECK_OK(open("fifo", O_WRONLY | O_NONBLOCK));
	CHECK_EQ(write(w, "f", 1), 1);
	CHECK_EQ(read(r, &c, 1), 1);
	CHECK_EQ(c, 'f');
	CHECK_ERR(read(r, &c, 1), EAGAIN);
	CHECK_OK(close(r));
	CHECK_OK(close(w));
	CHECK_ERR(open("fifo", O_WRONLY | O_NONBLOCK), ENXIO);	/* no reader */
	CHECK_OK(unlink("fifo"));
	ut_ok("mknod S_IFIFO");
}

static void check_chown(void)
{
	int fd = CHECK_OK(open("f", O_RDONLY));

	CHECK_OK(fchown(fd, getuid(), getgid()));
	CHECK_OK(chown("f", -1, -1));
	CHECK_OK(symlink("f", "ln"));
	CHECK_OK(lchown("ln", getuid(), getgid()));
	CHECK_OK(close(fd));
	CHECK_ERR(chown("missing", 0, 0), ENOENT);
	ut_ok("chown, fchown, lchown");
}

static void check_unlinked_open(void)
{
	char buf[8];
	int fd = CHECK_OK(open("gone", O_RDWR | O_CREAT, 0600));
	struct stat st;

	CHECK_EQ(write(fd, "still", 5), 5);
	CHECK_OK(unlink("gone"));
	CHECK_ERR(access("gone", F_OK), ENOENT);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK(!memcmp(buf, "still", 5));
	CHECK_OK(close(fd));
	ut_ok("an unlinked file lives while open");
}

static void check_removed_cwd(void)
{
	char buf[PATH_MAX];
	int here = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));

	CHECK_OK(mkdir("doomed", 0755));
	CHECK_OK(chdir("doomed"));
	CHECK_OK(rmdir("../doomed"));
	CHECK(getcwd(buf, sizeof(buf)) == NULL);
	CHECK_EQ(errno, ENOENT);
	CHECK_ERR(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_OK(fchdir(here));
	CHECK_OK(close(here));
	ut_ok("getcwd of a removed directory");
}

static void check_nofollow_path(void)
{
	struct stat st;
	int fd;

	CHECK_ERR(open("ln", O_RDONLY | O_NOFOLLOW), ELOOP);
	fd = CHECK_OK(open("ln", O_PATH | O_NOFOLLOW));
	CHECK_OK(fstatat(fd, "", &st, AT_EMPTY_PATH));
	CHECK(S_ISLNK(st.st_mode));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("f", O_PATH));
	CHECK_ERR(read(fd, &st, 1), EBADF);
	CHECK_OK(close(fd));
	ut_ok("O_NOFOLLOW, O_PATH");
}

int main(void)
{
	ut_begin("fsmisc");
	ut_scratch();
	check_statx();
	check_access();
	check_sync_statfs();
	check_fifo();
	check_chown();
	check_unlinked_open();
	check_removed_cwd();
	check_nofollow_path();
	return ut_pass();
}
