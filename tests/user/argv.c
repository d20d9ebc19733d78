/*
 * tests/user/argv.c - big argument and environment lists through execve:
 * 5000 arguments, a 100 KiB argument, 1000 environment strings and empty
 * strings all arrive intact; the whole list over the limit (a quarter of
 * RLIMIT_STACK, 2 MiB with the usual 8 MiB) fails with E2BIG and leaves the
 * caller running. The program re-executes itself with "child" first.
 */
#include "ut.h"

#include <limits.h>
#include <sys/auxv.h>

static char self[PATH_MAX];

/*
 * Child: argv[2] is empty, argv[3] 100 KiB of 'B', argv[i] is "arg<i>"; the
 * variables are V<k>=<k>, each k once (in any order: qemu-user reverses it).
 */
static int child(int argc, char **argv, char **envp)
{
	static unsigned char seen[1000];
	char want[32];
	int i, k, n = 0;

	if (argc != 5002 || argv[2][0] || strlen(argv[3]) != 100 * 1024 - 1 ||
	    strspn(argv[3], "B") != 100 * 1024 - 1)
		return 10;
	for (i = 4; i < argc; i++) {
		snprintf(want, sizeof(want), "arg%d", i);
		if (strcmp(argv[i], want))
			return 11;
	}
	for (i = 0; envp[i]; i++) {
		if (envp[i][0] != 'V')
			continue;
		k = atoi(envp[i] + 1);
		snprintf(want, sizeof(want), "V%d=%d", k, k);
		if (k < 0 || k >= 1000 || strcmp(envp[i], want) || seen[k]++)
			return 12;
		n++;
	}
	return n == 1000 ? 0 : 13;
}

static int run(char **argv, char **envp)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		execve(self, argv, envp);
		_exit(errno == E2BIG ? 120 : 121);
	}
	return ut_wait(pid);
}

static void check_big_lists(void)
{
	static char *argv[5004], *envp[1001], bufs[5000][12], ebufs[1000][16];
	static char big[100 * 1024];
	int i;

	argv[0] = "argv-child";
	for (i = 2; i < 5002; i++) {
		snprintf(bufs[i - 2], sizeof(bufs[0]), "arg%d", i);
		argv[i] = bufs[i - 2];
	}
	argv[2] = "";	/* an empty argument */
	memset(big, 'B', sizeof(big) - 1);
	argv[3] = big;
	argv[5002] = NULL;
	for (i = 0; i < 1000; i++) {
		snprintf(ebufs[i], sizeof(ebufs[0]), "V%d=%d", i, i);
		envp[i] = ebufs[i];
	}
	envp[1000] = NULL;
	argv[1] = "child:";
	CHECK_EXITED(run(argv, envp), 0);
	ut_ok("5000 arguments, 100 KiB argument, 1000 variables");
}

static void check_e2big(void)
{
	static char *argv[40];
	static char chunk[100 * 1024];
	int i;

	/* 39 arguments of 100 KiB: 3.9 MiB, over the 2 MiB limit. */
	memset(chunk, 'x', sizeof(chunk) - 1);
	argv[0] = "argv-child";
	for (i = 1; i < 39; i++)
		argv[i] = chunk;
	CHECK_ERR(execve(self, argv, NULL), E2BIG);
	CHECK_EXITED(run(argv, NULL), 120);
	ut_ok("E2BIG over the limit, caller unharmed");
}

int main(int argc, char **argv, char **envp)
{
	const char *fn = (const char *)getauxval(AT_EXECFN);

	if (argc > 1 && !strncmp(argv[1], "child:", 6))
		return child(argc, argv, envp);
	ut_begin("argv");
	CHECK(fn != NULL && fn[0] == '/' && strlen(fn) < sizeof(self));
	strcpy(self, fn);
	check_big_lists();
	check_e2big();
	return ut_pass();
}
