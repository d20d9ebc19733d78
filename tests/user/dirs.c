/*
 * tests/user/dirs.c - the file-system namespace: mkdir/rmdir, getdents64
 * through readdir, rename (replace, directories, into itself), link, symlink,
 * readlink, unlink, chmod, utimensat, chdir/getcwd, *at() calls with a
 * directory fd, and their errors (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY,
 * ELOOP, ENAMETOOLONG, EINVAL).
 */
#include "ut.h"

#include <limits.h>

/* The sorted names in a directory, joined by spaces, without . and .. */
static const char *list(const char *path)
{
	static char out[256];
	char names[16][64];
	struct dirent *de;
	int n = 0, i, j, dots = 0;
	DIR *d = opendir(path);

	CHECK(d != NULL);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			CHECK_EQ(de->d_type, DT_DIR);
			dots++;
			continue;
		}
		CHECK(n < 16);
		CHECK(snprintf(names[n++], 64, "%s%s", de->d_name,
			       de->d_type == DT_DIR ? "/" :
			       de->d_type == DT_LNK ? "@" : "") < 64);
	}
	CHECK_OK(closedir(d));
	CHECK_EQ(dots, 2);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[64];

			memcpy(t, names[j], 64);
			memcpy(names[j], names[j - 1], 64);
			memcpy(names[j - 1], t, 64);
		}
	out[0] = 0;
	for (i = 0; i < n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, names[i]);
	}
	return out;
}

static void check_mkdir_rmdir(void)
{
	struct stat st;

	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	CHECK_ERR(mkdir("no/such", 0755), ENOENT);
	CHECK_OK(stat("d", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_nlink, 2);
	CHECK_OK(mkdir("d/sub", 0700));
	CHECK_OK(stat("d", &st));
	CHECK_EQ(st.st_nlink, 3);
	ut_write_file("d/file", "x");
	CHECK_ERR(mkdir("d/file/x", 0755), ENOTDIR);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("d/file"), ENOTDIR);
	CHECK_ERR(rmdir("d/sub/."), EINVAL);
	CHECK_ERR(unlink("d/sub"), EISDIR);
	CHECK_STR(list("d"), "file sub/");
	CHECK_OK(rmdir("d/sub"));
	CHECK_ERR(rmdir("d/sub"), ENOENT);
	CHECK_STR(list("d"), "file");
	ut_ok("mkdir, rmdir, readdir");
}

static void check_getdents_many(void)
{
	char name[32];
	struct dirent *de;
	int i, seen = 0;
	DIR *d;

	/* Enough entries that getdents64 needs several calls. */
	CHECK_OK(mkdir("many", 0755));
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/entry-with-a-long-name-%03d", i);
		ut_write_file(name, "");
	}
	d = opendir("many");
	CHECK(d != NULL);
	while ((de = readdir(d)))
		seen++;
	CHECK_OK(closedir(d));
	CHECK_EQ(seen, 302);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/entry-with-a-long-name-%03d", i);
		CHECK_OK(unlink(name));
	}
	CHECK_OK(rmdir("many"));
	ut_ok("getdents64 over 300 entries");
}

static void check_rename(void)
{
	char buf[8];
	int fd;

	ut_write_file("a", "A");
	ut_write_file("b", "B");
	CHECK_OK(rename("a", "b"));	/* replaces b */
	CHECK_ERR(access("a", F_OK), ENOENT);
	fd = CHECK_OK(open("b", O_RDONLY));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'A');
	CHECK_OK(close(fd));
	CHECK_OK(rename("b", "d/moved"));
	CHECK_STR(list("d"), "file moved");
	CHECK_ERR(rename("missing", "x"), ENOENT);
	CHECK_OK(mkdir("e", 0755));
	CHECK_ERR(rename("d", "d/inside"), EINVAL);
	CHECK_ERR(rename("e", "d/moved"), ENOTDIR);
	CHECK_ERR(rename("d/moved", "e"), EISDIR);
	CHECK_ERR(rename("e", "d"), ENOTEMPTY);
	CHECK_OK(rename("d", "e"));	/* onto an empty directory */
	CHECK_STR(list("e"), "file moved");
	CHECK_ERR(access("d", F_OK), ENOENT);
	CHECK_OK(rename("e/moved", "e/moved"));	/* same file: no-op */
	ut_ok("rename");
}

static void check_links(void)
{
	char buf[PATH_MAX];
	struct stat st;

	CHECK_OK(link("e/file", "hard"));
	CHECK_OK(stat("hard", &st));
	CHECK_EQ(st.st_nlink, 2);
	CHECK_ERR(link("e/file", "hard"), EEXIST);
	CHECK_ERR(link("e", "dirlink"), EPERM);
	CHECK_OK(unlink("hard"));
	CHECK_OK(stat("e/file", &st));
	CHECK_EQ(st.st_nlink, 1);

	CHECK_OK(symlink("e/file", "sym"));
	CHECK_OK(symlink("nowhere", "dangling"));
	CHECK_OK(symlink("loop2", "loop1"));
	CHECK_OK(symlink("loop1", "loop2"));
	CHECK_EQ(readlink("sym", buf, sizeof(buf)), 6);
	CHECK(!memcmp(buf, "e/file", 6));
	CHECK_EQ(readlink("sym", buf, 3), 3);	/* truncated, no NUL */
	CHECK_ERR(readlink("e/file", buf, sizeof(buf)), EINVAL);
	CHECK_OK(lstat("sym", &st));
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(st.st_size, 6);
	CHECK_OK(stat("sym", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_ERR(stat("dangling", &st), ENOENT);
	CHECK_ERR(stat("loop1", &st), ELOOP);
	CHECK_ERR(open("sym", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(symlink("x", "sym"), EEXIST);
	CHECK_STR(list("."), "dangling@ e/ loop1@ loop2@ sym@");
	CHECK_OK(unlink("sym"));	/* removes the link, not its target */
	CHECK_OK(access("e/file", F_OK));
	CHECK_OK(unlink("dangling"));
	CHECK_OK(unlink("loop1"));
	CHECK_OK(unlink("loop2"));
	ut_ok("link, symlink, readlink, ELOOP");
}

static void check_long_names(void)
{
	char name[300];

	memset(name, 'n', 256);
	name[256] = 0;
	CHECK_ERR(open(name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	CHECK_ERR(mkdir(name, 0755), ENAMETOOLONG);
	name[255] = 0;
	CHECK_OK(mkdir(name, 0755));	/* 255 bytes is the longest name */
	CHECK_OK(rmdir(name));
	ut_ok("ENAMETOOLONG");
}

static void check_modes_times(void)
{
	struct timespec ts[2] = { { 1000000000, 5 }, { 1234567890, 0 } };
	struct stat st;

	CHECK_OK(chmod("e/file", 0640));
	CHECK_OK(stat("e/file", &st));
	CHECK_EQ(st.st_mode & 07777, 0640);
	int fd = CHECK_OK(open("e/file", O_RDONLY));
	CHECK_OK(fchmod(fd, 0444));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode & 07777, 0444);
	CHECK(S_ISREG(st.st_mode));

	CHECK_OK(utimensat(AT_FDCWD, "e/file", ts, 0));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_atim.tv_sec, 1000000000);
	CHECK_EQ(st.st_atim.tv_nsec, 5);
	CHECK_EQ(st.st_mtim.tv_sec, 1234567890);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 42;
	CHECK_OK(utimensat(AT_FDCWD, "e/file", ts, 0));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_atim.tv_sec, 1000000000);
	CHECK_EQ(st.st_mtim.tv_sec, 42);
	ts[1].tv_nsec = 1000000000;
	CHECK_ERR(utimensat(AT_FDCWD, "e/file", ts, 0), EINVAL);
	CHECK_OK(close(fd));
	CHECK_ERR(chmod("missing", 0644), ENOENT);
	ut_ok("chmod, fchmod, utimensat");
}

static void check_at_calls(void)
{
	char cwd[PATH_MAX], back[PATH_MAX], buf[16];
	struct stat st;
	int dfd = CHECK_OK(open("e", O_RDONLY | O_DIRECTORY));
	int fd;

	fd = CHECK_OK(openat(dfd, "new", O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(fstatat(dfd, "new", &st, 0));
	CHECK_OK(mkdirat(dfd, "sub", 0755));
	CHECK_OK(symlinkat("new", dfd, "ln"));
	CHECK_EQ(readlinkat(dfd, "ln", buf, sizeof(buf)), 3);
	CHECK_OK(fstatat(dfd, "ln", &st, AT_SYMLINK_NOFOLLOW));
	CHECK(S_ISLNK(st.st_mode));
	CHECK_OK(renameat(dfd, "new", dfd, "sub/new"));
	CHECK_OK(unlinkat(dfd, "sub/new", 0));
	CHECK_ERR(unlinkat(dfd, "sub", 0), EISDIR);
	CHECK_OK(unlinkat(dfd, "sub", AT_REMOVEDIR));
	CHECK_OK(unlinkat(dfd, "ln", 0));
	CHECK_OK(fstatat(dfd, "", &st, AT_EMPTY_PATH));
	CHECK(S_ISDIR(st.st_mode));
	fd = CHECK_OK(open("e/file", O_RDONLY));
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
	CHECK_OK(close(fd));
	CHECK_ERR(openat(12345, "x", O_RDONLY), EBADF);

	/* chdir/fchdir and getcwd agree; ".." leads back. */
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_OK(fchdir(dfd));
	CHECK(getcwd(buf, sizeof(buf)) == NULL && errno == ERANGE);
	CHECK_OK(chdir(".."));
	CHECK(getcwd(back, sizeof(back)) != NULL);
	CHECK_STR(back, cwd);
	CHECK_ERR(chdir("e/file"), ENOTDIR);
	CHECK_OK(close(dfd));
	ut_ok("openat, mkdirat, unlinkat, renameat, fstatat, chdir, getcwd");
}

int main(void)
{
	ut_begin("dirs");
	ut_scratch();
	check_mkdir_rmdir();
	check_getdents_many();
	check_rename();
	check_links();
	check_long_names();
	check_modes_times();
	check_at_calls();
	return ut_pass();
}
