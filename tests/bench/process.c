/*
 * tests/bench/process.c - making processes: fork + _exit + wait, fork +
 * execve of a tiny static program + wait, and the same with vfork. The
 * program (ruxbench-true, "main() { return 0; }" linked with musl) is at
 * bench_opts.true_path.
 */
#include "bench.h"

#include <sys/wait.h>
#include <unistd.h>

static long run_fork_exit(const struct bench_item *it, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pid_t pid = fork();
		int err;

		if (pid < 0)
			return bench_fail();
		if (pid == 0)
			_exit(0);
		err = bench_reap(pid);
		if (err)
			return err;
	}
	return (long)n;
}

static int check_true(const struct bench_item *it)
{
	return access(bench_opts.true_path, X_OK) < 0 ? -errno : 0;
}

/* The child's side: run the program; 127 tells the parent execve failed. */
static void exec_true(void)
{
	char *argv[] = {"ruxbench-true", NULL};
	char *envp[] = {NULL};

	execve(bench_opts.true_path, argv, envp);
	_exit(127);
}

static long run_fork_exec(const struct bench_item *it, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pid_t pid = fork();
		int err;

		if (pid < 0)
			return bench_fail();
		if (pid == 0)
			exec_true();
		err = bench_reap(pid);
		if (err)
			return err;
	}
	return (long)n;
}

/* vfork in a function of its own: nothing of the caller's lives across it. */
static int vfork_exec_once(void)
{
	pid_t pid = vfork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_true();
	return bench_reap(pid);
}

static long run_vfork_exec(const struct bench_item *it, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int err = vfork_exec_once();

		if (err)
			return err;
	}
	return (long)n;
}

const struct bench_item bench_process_items[] = {
    {.name = "fork_exit", .run = run_fork_exit},
    {.name = "fork_exec", .setup = check_true, .run = run_fork_exec},
    {.name = "vfork_exec", .setup = check_true, .run = run_vfork_exec},
    {.run = NULL},
};
