/*
 * tests/user/cwd.c - the working directory and the file-creation mask:
 * chdir with relative and absolute paths, ".." at "/" staying at "/",
 * getcwd following a rename of an ancestor, the cwd and umask inherited by
 * fork, umask applied to open, mkdir and mknod but not to chmod, and chdir's
 * errors (ENOENT, ENOTDIR).
 */
#include "ut.h"

#include <limits.h>

static const char *tail(const char *path, int parts)
{
	const char *p = path + strlen(path);

	while (p > path && parts > 0)
		if (*--p == '/')
			parts--;
	return parts == 0 ? p : path;
}

static void check_chdir(void)
{
	char buf[PATH_MAX], start[PATH_MAX];

	CHECK(getcwd(start, sizeof(start)) != NULL);
	CHECK_OK(mkdir("a", 0755));
	CHECK_OK(mkdir("a/b", 0755));
	CHECK_OK(chdir("a/b"));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK_STR(tail(buf, 2), "/a/b");
	CHECK_OK(chdir("../.."));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK_STR(buf, start);
	CHECK_OK(chdir("/"));
	CHECK_OK(chdir(".."));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK_STR(buf, "/");
	CHECK_OK(chdir(start));
	CHECK_ERR(chdir("missing"), ENOENT);
	ut_write_file("file", "");
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir(""), ENOENT);
	ut_ok("chdir, getcwd, .. at /");
}

static void check_rename_ancestor(void)
{
	char buf[PATH_MAX], start[PATH_MAX];

	CHECK(getcwd(start, sizeof(start)) != NULL);
	CHECK_OK(chdir("a/b"));
	CHECK_OK(rename("../../a", "../../renamed"));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK_STR(tail(buf, 2), "/renamed/b");
	CHECK_OK(chdir(start));
	ut_ok("getcwd after an ancestor is renamed");
}

static void check_fork_inherits(void)
{
	pid_t pid;

	CHECK_OK(chdir("renamed"));
	umask(077);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct stat st;

		if (access("b", F_OK) != 0 || umask(0) != 077)
			_exit(1);
		_exit(stat(".", &st) == 0 ? 0 : 2);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(chdir(".."));
	umask(022);
	ut_ok("cwd and umask inherited by fork");
}

static void check_umask(void)
{
	struct stat st;
	int fd;

	umask(027);
	fd = CHECK_OK(open("m-file", O_WRONLY | O_CREAT, 0777));
	CHECK_OK(close(fd));
	CHECK_OK(stat("m-file", &st));
	CHECK_EQ(st.st_mode & 0777, 0750);
	CHECK_OK(mkdir("m-dir", 0777));
	CHECK_OK(stat("m-dir", &st));
	CHECK_EQ(st.st_mode & 0777, 0750);
	CHECK_OK(mknod("m-fifo", S_IFIFO | 0666, 0));
	CHECK_OK(stat("m-fifo", &st));
	CHECK_EQ(st.st_mode & 0777, 0640);
	CHECK_OK(chmod("m-file", 0777));	/* chmod ignores the umask */
	CHECK_OK(stat("m-file", &st));
	CHECK_EQ(st.st_mode & 0777, 0777);
	CHECK_EQ(umask(022), 027);
	ut_ok("umask on open, mkdir, mknod; not on chmod");
}

int main(void)
{
	ut_begin("cwd");
	ut_scratch();
	check_chdir();
	check_rename_ancestor();
	check_fork_inherits();
	check_umask();
	return ut_pass();
}
