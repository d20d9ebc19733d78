/*
 * tests/user/exec.c - execve(): argv and envp arrive exactly as given, the pid
 * stays, O_CLOEXEC descriptors close while others stay open, ignored signals
 * stay ignored and handled ones return to default, the blocked mask survives,
 * "#!" scripts get their interpreter, and the errors: ENOENT, EACCES (no
 * execute permission), ENOEXEC (not an executable), E2BIG (an argument over 128
 * KiB), EFAULT, ENOTDIR. The program re-executes itself with a first argument
 * naming the role to play.
 */
#include "ut.h"

#include <limits.h>
#include <signal.h>
#include <sys/auxv.h>

static char self[PATH_MAX];

/* The absolute path of this program, from AT_EXECFN. */
static void find_self(void)
{
	const char *fn = (const char *)getauxval(AT_EXECFN);

	CHECK(fn != NULL);
	if (fn[0] == '/') {
		CHECK(strlen(fn) < sizeof(self));
		strcpy(self, fn);
	} else {
		CHECK(getcwd(self, sizeof(self) - strlen(fn) - 2) != NULL);
		strcat(self, "/");
		strcat(self, fn);
	}
}

/*
 * Role "args": argv and envp must be exactly these. The order of envp is
 * not checked: qemu-user, which runs these tests on Linux, reverses it.
 */
static int role_args(int argc, char **argv, char **envp)
{
	static const char *want_argv[] = { "exec-child", "args", "a b", "", "last" };
	static const char *want_envp[] = { "X=1", "EMPTY=", "LONG=yes" };
	int i, j, seen = 0;

	if (argc != 5)
		return 10;
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], want_argv[i]))
			return 11 + i;
	for (i = 0; envp[i]; i++) {
		for (j = 0; j < 3; j++)
			if (!strcmp(envp[i], want_envp[j]))
				break;
		if (j == 3 || (seen & (1 << j)))
			return 20 + i;
		seen |= 1 << j;
	}
	return seen == 7 ? 42 : 30;
}

/* Role "fds": fd 20 stays open, fd 21 (O_CLOEXEC) is gone. */
static int role_fds(void)
{
	char c;

	if (read(20, &c, 1) != 1 || c != 'P')
		return 1;
	if (fcntl(21, F_GETFD) != -1 || errno != EBADF)
		return 2;
	return 0;
}

/* Role "signals": SIGUSR1 was ignored, SIGUSR2 handled, SIGTERM blocked. */
static int role_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_handler != SIG_IGN)
		return 1;
	sigaction(SIGUSR2, NULL, &sa);
	if (sa.sa_handler != SIG_DFL)
		return 2;
	sigprocmask(SIG_SETMASK, NULL, &set);
	if (!sigismember(&set, SIGTERM) || sigismember(&set, SIGUSR2))
		return 3;
	return 0;
}

/* Role "script": started as "<self> -opt <script> arg" from a #! line. */
static int role_script(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[1], "script") || strcmp(argv[3], "arg1"))
		return 1;
	return strstr(argv[2], "script.sh") ? 0 : 2;
}

static int run_role(char *const argv[], char *const envp[])
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		execve(self, argv, envp);
		_exit(127);
	}
	return ut_wait(pid);
}

static void check_args_env(void)
{
	char *argv[] = { "exec-child", "args", "a b", "", "last", NULL };
	char *envp[] = { "X=1", "EMPTY=", "LONG=yes", NULL };

	CHECK_EXITED(run_role(argv, envp), 42);
	ut_ok("argv and envp passed exactly");
}

static void check_pid_kept(void)
{
	char *argv[] = { "exec-child", "exit", "7", NULL };
	pid_t pid = CHECK_OK(fork());
	char arg[32];

	if (pid == 0) {
		snprintf(arg, sizeof(arg), "%d", (int)getpid());
		argv[2] = arg;
		argv[1] = "pid";
		execve(self, argv, NULL);
		_exit(127);
	}
	CHECK_EXITED(ut_wait(pid), 0);

	/* The exit status of the new image is the process's. */
	CHECK_EXITED(run_role(argv, NULL), 7);
	ut_ok("same pid after exec, exit status of the new image");
}

static void check_fds(void)
{
	char *argv[] = { "exec-child", "fds", NULL };
	int p[2];

	CHECK_OK(pipe(p));
	CHECK_EQ(write(p[1], "P", 1), 1);
	CHECK_EQ(dup2(p[0], 20), 20);
	CHECK_EQ(dup3(p[0], 21, O_CLOEXEC), 21);
	CHECK_EXITED(run_role(argv, NULL), 0);
	CHECK_OK(close(20));
	CHECK_OK(close(21));
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	ut_ok("O_CLOEXEC closes, other fds stay");
}

static void on_usr2(int sig)
{
	(void)sig;
}

static void check_signals(void)
{
	char *argv[] = { "exec-child", "signals", NULL };
	sigset_t set, old;

	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, on_usr2);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK_EXITED(run_role(argv, NULL), 0);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	ut_ok("ignored stays ignored, handled becomes default, mask kept");
}

static void check_script(void)
{
	char *argv[] = { "script.sh", "arg1", NULL };
	char line[PATH_MAX + 16];
	pid_t pid;

	snprintf(line, sizeof(line), "#!%s script\n", self);
	ut_write_file("script.sh", line);
	CHECK_OK(chmod("script.sh", 0755));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		execve("./script.sh", argv, NULL);
		_exit(127);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("#! script runs its interpreter");
}

static void check_errors(void)
{
	char *argv[] = { "x", NULL };
	char *big;
	char *bigv[] = { "x", NULL, NULL };

	CHECK_ERR(execve("missing", argv, NULL), ENOENT);
	CHECK_ERR(execve("script.sh/x", argv, NULL), ENOTDIR);
	ut_write_file("plain", "just text\n");
	CHECK_OK(chmod("plain", 0644));
	CHECK_ERR(execve("plain", argv, NULL), EACCES);
	CHECK_ERR(execve(".", argv, NULL), EACCES);
	CHECK_OK(chmod("plain", 0755));
	CHECK_ERR(execve("plain", argv, NULL), ENOEXEC);
	ut_write_file("badelf", "\177ELF\2\1\1\0garbage garbage garbage");
	CHECK_OK(chmod("badelf", 0755));
	CHECK_ERR(execve("badelf", argv, NULL), ENOEXEC);
	CHECK_ERR(execve(ut_bad_ptr(), argv, NULL), EFAULT);
	CHECK_ERR(execve(self, ut_bad_ptr(), NULL), EFAULT);

	/* One string longer than MAX_ARG_STRLEN (32 pages). */
	big = malloc(33 * 4096);
	CHECK(big != NULL);
	memset(big, 'a', 33 * 4096 - 1);
	big[33 * 4096 - 1] = 0;
	bigv[1] = big;
	CHECK_ERR(execve(self, bigv, NULL), E2BIG);
	free(big);
	ut_ok("ENOENT, ENOTDIR, EACCES, ENOEXEC, EFAULT, E2BIG");
}

int main(int argc, char **argv, char **envp)
{
	if (argc >= 2 && !strcmp(argv[1], "args"))
		return role_args(argc, argv, envp);
	if (argc >= 2 && !strcmp(argv[1], "fds"))
		return role_fds();
	if (argc >= 2 && !strcmp(argv[1], "signals"))
		return role_signals();
	if (argc >= 2 && !strcmp(argv[1], "script"))
		return role_script(argc, argv);
	if (argc >= 3 && !strcmp(argv[1], "pid"))
		return atoi(argv[2]) == getpid() ? 0 : 1;
	if (argc >= 3 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);

	ut_begin("exec");
	find_self();
	ut_scratch();
	check_args_env();
	check_pid_kept();
	check_fds();
	check_signals();
	check_script();
	check_errors();
	return ut_pass();
}
