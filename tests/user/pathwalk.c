/*
 * tests/user/pathwalk.c - resolving path names: "." and ".." components,
 * repeated slashes, symlinks in the middle of a path (relative ones resolved
 * from the link's directory, absolute ones from "/"), ".." after a symlink
 * going to the target's parent, trailing slashes (on a directory, a symlink
 * to one, a file: ENOTDIR), a chain of 40 symlinks working and 41 failing
 * with ELOOP, a path of PATH_MAX bytes failing with ENAMETOOLONG, and
 * ENOTDIR for a file used as a directory.
 */
#include "ut.h"

#include <limits.h>

static char read1(const char *path)
{
	char c = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c;
}

static void check_components(void)
{
	char abs[PATH_MAX], path[PATH_MAX + 64];

	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(mkdir("d/e", 0755));
	ut_write_file("d/e/f", "F");
	CHECK_EQ(read1("d/e/f"), 'F');
	CHECK_EQ(read1("./d/./e/../e/f"), 'F');
	CHECK_EQ(read1("d//e///f"), 'F');
	CHECK(getcwd(abs, sizeof(abs)) != NULL);
	snprintf(path, sizeof(path), "%s/d/e/f", abs);
	CHECK_EQ(read1(path), 'F');
	snprintf(path, sizeof(path), "/../..%s/d/e/f", abs);
	CHECK_EQ(read1(path), 'F');
	ut_ok("., .., repeated slashes, absolute paths");
}

static void check_symlinks(void)
{
	char abs[PATH_MAX], target[PATH_MAX + 16];
	struct stat st;

	CHECK_OK(symlink("e", "d/rel"));	/* relative to d/ */
	CHECK_EQ(read1("d/rel/f"), 'F');
	CHECK(getcwd(abs, sizeof(abs)) != NULL);
	snprintf(target, sizeof(target), "%s/d/e", abs);
	CHECK_OK(symlink(target, "abs"));
	CHECK_EQ(read1("abs/f"), 'F');
	/* ".." after a symlink is the parent of its target: d, not ".". */
	ut_write_file("d/g", "G");
	CHECK_EQ(read1("abs/../g"), 'G');
	CHECK_OK(symlink("d/e/f", "tofile"));

	/* Trailing slashes want a directory. */
	CHECK_OK(stat("d/", &st));
	CHECK_OK(stat("abs/", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(stat("d/e/f/", &st), ENOTDIR);
	CHECK_ERR(stat("tofile/", &st), ENOTDIR);
	CHECK_ERR(open("d/e/f/", O_RDONLY), ENOTDIR);
	CHECK_ERR(stat("d/e/f/x", &st), ENOTDIR);
	CHECK_OK(mkdir("trail/", 0755));
	CHECK_OK(rmdir("trail/"));
	ut_ok("symlinks inside paths, trailing slashes");
}

static void check_loops(void)
{
	char from[16], to[16];
	struct stat st;
	int i;

	/* l0 -> d/e/f, l1 -> l0 ... l40 -> l39: l39 takes 40 links, l40 41. */
	CHECK_OK(symlink("d/e/f", "l0"));
	for (i = 1; i <= 40; i++) {
		snprintf(from, sizeof(from), "l%d", i - 1);
		snprintf(to, sizeof(to), "l%d", i);
		CHECK_OK(symlink(from, to));
	}
	CHECK_EQ(read1("l39"), 'F');
	CHECK_OK(stat("l39", &st));
	CHECK_ERR(stat("l40", &st), ELOOP);
	CHECK_OK(lstat("l40", &st));	/* the link itself is fine */
	ut_ok("40 links followed, 41 is ELOOP");
}

static void check_long(void)
{
	static char path[PATH_MAX + 2];
	struct stat st;
	int i;

	/* PATH_MAX bytes without a NUL terminator in range: ENAMETOOLONG. */
	for (i = 0; i < PATH_MAX; i += 2) {
		path[i] = '.';
		path[i + 1] = '/';
	}
	path[PATH_MAX] = 0;
	CHECK_ERR(stat(path, &st), ENAMETOOLONG);
	path[PATH_MAX - 2] = 0;	/* 4094 bytes: fine */
	CHECK_OK(stat(path, &st));
	ut_ok("PATH_MAX");
}

int main(void)
{
	ut_begin("pathwalk");
	ut_scratch();
	check_components();
	check_symlinks();
	check_loops();
	check_long();
	return ut_pass();
}
