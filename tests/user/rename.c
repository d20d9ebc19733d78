/*
 * tests/user/rename.c - renameat2 and the corner cases of rename: the
 * RENAME_NOREPLACE and RENAME_EXCHANGE flags (files and directories, with
 * the ".." of swapped directories following them), renaming across
 * directories, over a hard link of the same file (nothing happens), a
 * directory onto a non-empty one (ENOTEMPTY), into its own subtree (EINVAL),
 * "." and ".." as either name, and unknown flags (EINVAL).
 */
#include "ut.h"

#include <sys/syscall.h>

#define NOREPLACE (1 << 0)
#define EXCHANGE (1 << 1)

static long rename2(const char *from, const char *to, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

static char read1(const char *path)
{
	char c = 0;
	int fd = CHECK_OK(open(path, O_RDONLY));

	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_OK(close(fd));
	return c;
}

static void check_flags(void)
{
	ut_write_file("a", "A");
	ut_write_file("b", "B");
	CHECK_ERR(rename2("a", "b", NOREPLACE), EEXIST);
	CHECK_OK(rename2("a", "c", NOREPLACE));
	CHECK_OK(rename2("c", "b", EXCHANGE));
	CHECK_EQ(read1("b"), 'A');
	CHECK_EQ(read1("c"), 'B');
	CHECK_ERR(rename2("c", "missing", EXCHANGE), ENOENT);
	CHECK_ERR(rename2("b", "c", NOREPLACE | EXCHANGE), EINVAL);
	CHECK_ERR(rename2("b", "c", 1 << 7), EINVAL);
	ut_ok("RENAME_NOREPLACE, RENAME_EXCHANGE");
}

static void check_exchange_dirs(void)
{
	struct stat st1, st2;

	CHECK_OK(mkdir("p", 0755));
	CHECK_OK(mkdir("q", 0755));
	CHECK_OK(mkdir("p/one", 0755));
	CHECK_OK(mkdir("q/two", 0755));
	ut_write_file("p/one/mark", "1");
	CHECK_OK(rename2("p/one", "q/two", EXCHANGE));
	CHECK_EQ(read1("q/two/mark"), '1');
	CHECK_OK(stat("q/two/..", &st1));
	CHECK_OK(stat("q", &st2));
	CHECK_EQ(st1.st_ino, st2.st_ino);	/* ".." follows the move */
	/* A directory and a file can trade places too. */
	CHECK_OK(rename2("p/one", "b", EXCHANGE));
	CHECK_OK(stat("b", &st1));
	CHECK(S_ISDIR(st1.st_mode));
	CHECK_EQ(read1("p/one"), 'A');
	ut_ok("exchanging directories, and a directory with a file");
}

static void check_corners(void)
{
	struct stat st;

	CHECK_OK(link("c", "c-link"));
	CHECK_OK(rename("c", "c-link"));	/* same inode: nothing happens */
	CHECK_OK(stat("c", &st));
	CHECK_EQ(st.st_nlink, 2);
	CHECK_OK(rename("c-link", "q/moved"));	/* another directory */
	CHECK_EQ(read1("q/moved"), 'B');
	CHECK_ERR(rename("p", "q"), ENOTEMPTY);
	CHECK_ERR(rename("q", "q/two/deeper"), EINVAL);
	CHECK_ERR(rename(".", "x"), EBUSY);
	CHECK_ERR(rename("q/..", "x"), EBUSY);
	CHECK_ERR(rename("c", "q/."), EBUSY);
	CHECK_ERR(rename("missing", "x"), ENOENT);
	CHECK_ERR(rename("c", "missing/x"), ENOENT);
	CHECK_ERR(rename("c", "c/x"), ENOTDIR);
	ut_ok("rename corner cases");
}

int main(void)
{
	ut_begin("rename");
	ut_scratch();
	check_flags();
	check_exchange_dirs();
	check_corners();
	return ut_pass();
}
