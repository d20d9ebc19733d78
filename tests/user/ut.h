/*
 * tests/user/ut.h - the small harness shared by Rux's user-space test programs
 * (static riscv64 binaries linked against musl).
 *
 * Every program is run twice: on Linux (under qemu-user, which proves the test
 * itself is right) and on Rux. A program prints "ok <what>" lines as it goes
 * and "PASS <name>: <n> checks" at the end, exits 0 on success, and on the
 * first failed check prints "FAIL file:line: <check> ..." and exits 1. Output
 * must not depend on the machine (no pids, addresses, times or paths), so the
 * two runs print the same text.
 *
 * Children made with fork() must leave with _exit(): exit() would flush
 * stdio buffers twice. stdout is unbuffered for the same reason.
 */
#ifndef RUX_TESTS_USER_UT_H
#define RUX_TESTS_USER_UT_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *ut_name;
static int ut_checks;
static char ut_dir[64];

#define UT_FAIL(...)                                                    \
	do {                                                            \
		printf("FAIL %s:%d: ", __FILE_NAME__, __LINE__);             \
		printf(__VA_ARGS__);                                    \
		printf("\n");                                           \
		_exit(1);                                               \
	} while (0)

/* CHECK(cond): cond must hold; errno is shown when it does not. */
#define CHECK(cond)                                                     \
	do {                                                            \
		ut_checks++;                                            \
		if (!(cond))                                            \
			UT_FAIL("%s (errno %d: %s)", #cond, errno,      \
				strerror(errno));                       \
	} while (0)

/* CHECK_OK(expr): a call that must not fail (return -1); yields its value. */
#define CHECK_OK(expr)                                                  \
	({                                                              \
		long __r = (long)(expr);                                \
		ut_checks++;                                            \
		if (__r == -1)                                          \
			UT_FAIL("%s failed: errno %d (%s)", #expr,      \
				errno, strerror(errno));                \
		__r;                                                    \
	})

/* CHECK_ERR(expr, err): a call that must fail with -1 and errno err. */
#define CHECK_ERR(expr, err)                                            \
	do {                                                            \
		long __r;                                               \
		errno = 0;                                              \
		__r = (long)(expr);                                     \
		ut_checks++;                                            \
		if (__r != -1 || errno != (err))                        \
			UT_FAIL("%s = %ld, errno %d (%s); expected -1, " \
				"errno %d (%s)", #expr, __r, errno,     \
				strerror(errno), err, strerror(err));   \
	} while (0)

/* CHECK_EQ(a, b): two integers must be equal; both are shown if not. */
#define CHECK_EQ(a, b)                                                  \
	do {                                                            \
		long __a = (long)(a), __b = (long)(b);                  \
		ut_checks++;                                            \
		if (__a != __b)                                         \
			UT_FAIL("%s == %s: %ld != %ld", #a, #b, __a, __b); \
	} while (0)

/* CHECK_STR(a, b): two strings must be equal. */
#define CHECK_STR(a, b)                                                 \
	do {                                                            \
		const char *__a = (a), *__b = (b);                      \
		ut_checks++;                                            \
		if (!__a || !__b || strcmp(__a, __b) != 0)              \
			UT_FAIL("%s == %s: \"%s\" != \"%s\"", #a, #b,   \
				__a ? __a : "(null)",                   \
				__b ? __b : "(null)");                  \
	} while (0)

/* ut_begin(name): start a test program; stdout becomes unbuffered. */
static inline void ut_begin(const char *name)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	ut_name = name;
}

/* ut_ok(what): report one finished group of checks. */
static inline void ut_ok(const char *what)
{
	printf("ok %s\n", what);
}

/* ut_rm_tree(path): remove a file or a whole directory tree. */
static inline void ut_rm_tree(const char *path)
{
	struct dirent *de;
	char sub[512];
	DIR *d;

	if (unlink(path) == 0 || errno != EISDIR)
		return;
	d = opendir(path);
	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (snprintf(sub, sizeof(sub), "%s/%s", path,
				     de->d_name) < (int)sizeof(sub))
				ut_rm_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* ut_scratch(): make a fresh scratch directory under /tmp and enter it. */
static inline void ut_scratch(void)
{
	snprintf(ut_dir, sizeof(ut_dir), "/tmp/rux-%s-XXXXXX", ut_name);
	CHECK(mkdtemp(ut_dir) != NULL);
	CHECK_OK(chdir(ut_dir));
}

/* ut_pass(): remove the scratch directory, print the verdict, return 0. */
static inline int ut_pass(void)
{
	if (ut_dir[0]) {
		if (chdir("/") == 0)
			ut_rm_tree(ut_dir);
	}
	printf("PASS %s: %d checks\n", ut_name, ut_checks);
	return 0;
}

/* ut_wait(pid): wait for the child pid; returns its raw wait status. */
static inline int ut_wait(pid_t pid)
{
	int status = -1;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

/* CHECK_EXITED(status, code): the child ended with _exit(code). */
#define CHECK_EXITED(status, code)                                      \
	do {                                                            \
		int __s = (status);                                     \
		ut_checks++;                                            \
		if (!WIFEXITED(__s) || WEXITSTATUS(__s) != (code))      \
			UT_FAIL("wait status %#x, expected exit %d", __s, \
				(int)(code));                           \
	} while (0)

/* CHECK_SIGNALED(status, sig): the child was killed by signal sig. */
#define CHECK_SIGNALED(status, sig)                                     \
	do {                                                            \
		int __s = (status);                                     \
		ut_checks++;                                            \
		if (!WIFSIGNALED(__s) || WTERMSIG(__s) != (sig))        \
			UT_FAIL("wait status %#x, expected signal %d", __s, \
				(int)(sig));                            \
	} while (0)

/*
 * ut_bad_ptr(): an address no user pointer may use: a PROT_NONE page.
 * System calls must answer EFAULT when handed it.
 */
static inline void *ut_bad_ptr(void)
{
	static void *p;

	if (!p) {
		p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(p != MAP_FAILED);
	}
	return p;
}

/* ut_write_file(path, text): create or replace a file holding text. */
static inline void ut_write_file(const char *path, const char *text)
{
	int fd = CHECK_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	CHECK_OK(close(fd));
}

#endif
