/*
 * tests/user/xattr.c - extended attributes: setxattr/getxattr/listxattr/
 * removexattr and their l* and f* forms, XATTR_CREATE/XATTR_REPLACE,
 * size queries and ERANGE, the name spaces (user.* only on files and
 * directories, trusted.* for root, unknown prefixes), name and value
 * limits, permissions of another user, and EFAULT/EBADF/ENOENT.
 *
 * Runs in the scratch directory: on Linux the build machine's /tmp
 * (ext4), on Rux the initramfs's tmpfs. Lists are checked for their
 * user.* and trusted.* names only (a host may add security.* labels).
 */
#include "ut.h"

#include <sys/wait.h>
#include <sys/xattr.h>

/* The names of @file's list that start with @prefix, sorted, joined by ','. */
static void names_with(const char *file, const char *prefix, char *out, size_t size)
{
	char list[1024], *names[32];
	long len = CHECK_OK(listxattr(file, list, sizeof(list)));
	int n = 0;

	for (long at = 0; at < len; at += (long)strlen(list + at) + 1)
		if (!strncmp(list + at, prefix, strlen(prefix)) && n < 32)
			names[n++] = list + at;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, names[i], size - strlen(out) - 1);
	}
}

static void check_set_get_remove(void)
{
	char buf[64];

	ut_write_file("f", "data");
	CHECK_OK(setxattr("f", "user.a", "hello", 5, 0));
	CHECK_EQ(getxattr("f", "user.a", NULL, 0), 5);
	CHECK_EQ(getxattr("f", "user.a", buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_ERR(getxattr("f", "user.a", buf, 4), ERANGE);
	CHECK_ERR(setxattr("f", "user.a", "x", 1, XATTR_CREATE), EEXIST);
	CHECK_ERR(setxattr("f", "user.b", "x", 1, XATTR_REPLACE), ENODATA);
	CHECK_OK(setxattr("f", "user.a", "bye", 3, XATTR_REPLACE));
	CHECK_EQ(getxattr("f", "user.a", buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "bye", 3));
	CHECK_OK(setxattr("f", "user.b", "2", 1, XATTR_CREATE));
	CHECK_OK(setxattr("f", "user.empty", "", 0, 0));
	CHECK_EQ(getxattr("f", "user.empty", buf, sizeof(buf)), 0);
	CHECK_ERR(getxattr("f", "user.none", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(removexattr("f", "user.none"), ENODATA);
	CHECK_OK(removexattr("f", "user.b"));
	CHECK_ERR(getxattr("f", "user.b", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(setxattr("f", "user.c", "x", 1, XATTR_CREATE | 4), EINVAL);
	ut_ok("set, get, replace, remove");
}

static void check_lists(void)
{
	char names[256];
	long len;

	CHECK_OK(setxattr("f", "user.zz", "1", 1, 0));
	names_with("f", "user.", names, sizeof(names));
	CHECK_STR(names, "user.a,user.empty,user.zz");
	len = CHECK_OK(listxattr("f", NULL, 0));
	CHECK(len >= (long)sizeof("user.a,user.empty,user.zz"));
	CHECK_ERR(listxattr("f", names, 3), ERANGE);
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(setxattr("d", "user.dir", "D", 1, 0));
	names_with("d", "user.", names, sizeof(names));
	CHECK_STR(names, "user.dir");
	ut_ok("listxattr");
}

static void check_symlinks_and_fds(void)
{
	char buf[64];
	int fd;

	CHECK_OK(symlink("f", "l"));
	/* Through the link: the file's attributes. */
	CHECK_EQ(getxattr("l", "user.a", buf, sizeof(buf)), 3);
	/* On the link itself: no user.* for symlinks. */
	CHECK_ERR(lsetxattr("l", "user.a", "x", 1, 0), EPERM);
	CHECK_ERR(lgetxattr("l", "user.a", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(lremovexattr("l", "user.a"), EPERM);
	fd = CHECK_OK(open("f", O_RDONLY));
	CHECK_OK(fsetxattr(fd, "user.fd", "F", 1, 0));
	CHECK_EQ(fgetxattr(fd, "user.fd", buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'F');
	CHECK(flistxattr(fd, NULL, 0) > 0);
	CHECK_OK(fremovexattr(fd, "user.fd"));
	CHECK_ERR(fgetxattr(fd, "user.fd", buf, sizeof(buf)), ENODATA);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("f", O_PATH));
	CHECK_ERR(fgetxattr(fd, "user.a", buf, sizeof(buf)), EBADF);
	CHECK_ERR(fsetxattr(fd, "user.a", "x", 1, 0), EBADF);
	CHECK_ERR(flistxattr(fd, buf, sizeof(buf)), EBADF);
	CHECK_OK(close(fd));
	CHECK_ERR(fgetxattr(-1, "user.a", buf, sizeof(buf)), EBADF);
	CHECK_ERR(getxattr("missing", "user.a", buf, sizeof(buf)), ENOENT);
	ut_ok("symlinks and descriptors");
}

static void check_names_and_values(void)
{
	static char value[65537];
	char name[300], buf[64];

	memset(name, 'n', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = '\0';
	CHECK_OK(setxattr("f", name, "v", 1, 0));
	CHECK_EQ(getxattr("f", name, buf, sizeof(buf)), 1);
	CHECK_OK(removexattr("f", name));
	name[255] = 'n';
	name[256] = '\0';
	CHECK_ERR(setxattr("f", name, "v", 1, 0), ERANGE);
	CHECK_ERR(getxattr("f", name, buf, sizeof(buf)), ERANGE);
	CHECK_ERR(setxattr("f", "", "v", 1, 0), ERANGE);
	CHECK_ERR(setxattr("f", "user.", "v", 1, 0), EINVAL);
	CHECK_ERR(setxattr("f", "nosuch.x", "v", 1, 0), EOPNOTSUPP);
	CHECK_ERR(getxattr("f", "nosuch.x", buf, sizeof(buf)), EOPNOTSUPP);
	CHECK_ERR(setxattr("f", "user.big", value, sizeof(value), 0), E2BIG);
	memset(value, 'v', 500);
	CHECK_OK(setxattr("f", "user.k", value, 500, 0)); /* fits a 1 KiB ext4 block */
	CHECK_EQ(getxattr("f", "user.k", NULL, 0), 500);
	CHECK_OK(removexattr("f", "user.k"));
	ut_ok("names and values");
}

static void check_faults(void)
{
	char buf[64];

	CHECK_ERR(setxattr("f", "user.a", ut_bad_ptr(), 5, 0), EFAULT);
	CHECK_ERR(setxattr("f", ut_bad_ptr(), "x", 1, 0), EFAULT);
	CHECK_ERR(setxattr(ut_bad_ptr(), "user.a", "x", 1, 0), EFAULT);
	CHECK_ERR(getxattr("f", "user.a", ut_bad_ptr(), 64), EFAULT);
	CHECK_ERR(listxattr("f", ut_bad_ptr(), 64), EFAULT);
	CHECK_ERR(removexattr("f", ut_bad_ptr()), EFAULT);
	/* A bad buffer is never touched for a size query. */
	CHECK_EQ(getxattr("f", "user.a", ut_bad_ptr(), 0), 3);
	CHECK_EQ(getxattr("f", "user.a", buf, sizeof(buf)), 3);
	ut_ok("EFAULT");
}

/*
 * Root's trusted.*; what another user may do. Needs CAP_SYS_ADMIN and
 * CAP_SETUID (root in a container may lack them): the caller skips it
 * otherwise, and its checks are not counted, so the output is the same.
 */
static void check_privileges(void)
{
	char names[256], buf[64];
	pid_t pid;

	CHECK_EQ(getxattr("f", "trusted.t", buf, sizeof(buf)), 1);
	names_with("f", "trusted.", names, sizeof(names));
	CHECK_STR(names, "trusted.t");
	CHECK_OK(chmod("f", 0644));
	CHECK_OK(chmod(".", 0755)); /* the scratch directory is 0700 */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		CHECK_OK(setresgid(1000, 1000, 1000));
		CHECK_OK(setresuid(1000, 1000, 1000));
		/* Readable file: user.* reads; not writable: EACCES. */
		CHECK_EQ(getxattr("f", "user.a", buf, sizeof(buf)), 3);
		CHECK_ERR(setxattr("f", "user.a", "x", 1, 0), EACCES);
		CHECK_ERR(removexattr("f", "user.a"), EACCES);
		/* trusted.* is invisible, and off limits. */
		CHECK_ERR(getxattr("f", "trusted.t", buf, sizeof(buf)), ENODATA);
		CHECK_ERR(setxattr("f", "trusted.t", "x", 1, 0), EPERM);
		names_with("f", "trusted.", names, sizeof(names));
		CHECK_STR(names, "");
		CHECK_ERR(setxattr("f", "security.s", "x", 1, 0), EPERM);
		_exit(0);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(removexattr("f", "trusted.t"));
}

int main(void)
{
	ut_begin("xattr");
	ut_scratch();
	check_set_get_remove();
	check_lists();
	check_symlinks_and_fds();
	check_names_and_values();
	check_faults();
	if (setxattr("f", "trusted.t", "T", 1, 0) == 0) {
		int counted = ut_checks;

		check_privileges();
		ut_checks = counted;
	}
	ut_ok("privileges (when allowed)");
	return ut_pass();
}
