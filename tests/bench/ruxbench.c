/*
 * tests/bench/ruxbench.c - the micro-benchmark Rux is compared with Linux
 * by (scripts/bench, docs/benchmarks.md): one static riscv64 program,
 * lmbench-style.
 *
 *   ruxbench [--quick] [--list] [--verbose] [--reps N] [--target-ms MS]
 *            [--true PATH] [--fs NAME=DIR]... [ITEM...]
 *
 * Every item (all of them, or those named) is measured in a process of its
 * own: calibrate a count n so that one run takes about --target-ms (200 ms;
 * doubling n until a run takes a quarter of that, then scaling), time
 * --reps runs (5) of n operations with CLOCK_MONOTONIC, keep the median. A
 * crash, a hang (the item's alarm) or a failing call costs that item only.
 * --quick: one run of about 2 ms, for smoke tests. --list prints the
 * items (those named, or all) as "NAME UNIT" lines instead. --verbose
 * shows every timed run on stderr.
 *
 * The file-system items run once for each --fs NAME=DIR (default
 * tmpfs=/tmp), in a scratch directory DIR/ruxbench.PID, and are named
 * ITEM_NAME. open_close and stat work in the first one.
 *
 * Output, one line per item, then a summary:
 *
 *   bench NAME UNIT VALUE         e.g. "bench null_syscall ns 412.7"
 *   bench NAME UNIT - REASON      the item could not be measured
 *   ruxbench: done, N items, M failed
 *
 * UNIT is ns (per operation), MiB/s or faults/s. The exit status is 0 when
 * every item has a value, 1 otherwise, 2 for bad usage.
 */
#include "bench.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ITEMS    64
#define MAX_FS	     4
#define MAX_REPS     15
#define NS_PER_SEC   1000000000.0
#define ALARM_NORMAL 180
#define ALARM_QUICK  20

struct bench_options bench_opts = {.true_path = "/usr/libexec/rux-bench/ruxbench-true"};

static struct bench_item items[MAX_ITEMS];
static unsigned int nitems;
static unsigned int reps = 5;
static bool verbose;
static uint64_t target_ns = 200000000;

static const char *const unit_names[] = {
    [UNIT_NS] = "ns",
    [UNIT_MIB_S] = "MiB/s",
    [UNIT_FAULTS_S] = "faults/s",
};

static struct {
	const char *name;
	char dir[256];
} fs[MAX_FS];
static unsigned int nfs;

static void usage(void)
{
	fprintf(stderr,
		"usage: ruxbench [--quick] [--list] [--verbose] [--reps N] [--target-ms MS]\n"
		"                [--true PATH] [--fs NAME=DIR]... [ITEM...]\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void add_item(const struct bench_item *it, const char *suffix, const char *dir)
{
	if (nitems == MAX_ITEMS) {
		fprintf(stderr, "ruxbench: too many items\n");
		exit(2);
	}
	items[nitems] = *it;
	if (suffix)
		snprintf(items[nitems].name, sizeof(items[nitems].name), "%s_%s", it->name, suffix);
	items[nitems].dir = dir;
	nitems++;
}

static void add_table(const struct bench_item *table, const char *suffix, const char *dir)
{
	for (const struct bench_item *it = table; it->run; it++)
		add_item(it, suffix, dir);
}

/* All items, in the order they are printed. */
static void build_items(void)
{
	add_table(bench_syscall_items, NULL, NULL);
	add_table(bench_process_items, NULL, NULL);
	add_table(bench_ipc_items, NULL, NULL);
	add_table(bench_memory_items, NULL, NULL);
	for (unsigned int i = 0; i < nfs; i++)
		add_table(bench_fs_items, fs[i].name, fs[i].dir);
}

static void add_fs(char *spec)
{
	char *eq = strchr(spec, '=');

	if (!eq || eq == spec || !eq[1] || nfs == MAX_FS)
		usage();
	*eq = '\0';
	fs[nfs].name = spec;
	snprintf(fs[nfs].dir, sizeof(fs[nfs].dir), "%s/ruxbench.%d", eq + 1, (int)getpid());
	nfs++;
}

static unsigned long number_arg(const char *s, unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > max)
		usage();
	return v;
}

/* Options; returns the index of the first item name in argv. */
static int parse_args(int argc, char **argv, bool *list)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--quick"))
			bench_opts.quick = true;
		else if (!strcmp(argv[i], "--list"))
			*list = true;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = (unsigned int)number_arg(argv[++i], MAX_REPS);
		else if (!strcmp(argv[i], "--target-ms") && i + 1 < argc)
			target_ns = number_arg(argv[++i], 60000) * 1000000ull;
		else if (!strcmp(argv[i], "--true") && i + 1 < argc)
			bench_opts.true_path = argv[++i];
		else if (!strcmp(argv[i], "--fs") && i + 1 < argc)
			add_fs(argv[++i]);
		else
			usage();
	}
	if (bench_opts.quick) {
		reps = 1;
		target_ns = 2000000;
	}
	if (nfs == 0) {
		static char tmpfs_spec[] = "tmpfs=/tmp";

		add_fs(tmpfs_spec);
	}
	bench_opts.scratch = fs[0].dir;
	return i;
}

/* One timed run of n operations: its time in ns, or a negative errno. */
static int64_t timed_run(const struct bench_item *it, uint64_t n, long *work)
{
	uint64_t start;
	int64_t elapsed;

	if (it->prepare)
		it->prepare(it);
	start = now_ns();
	*work = it->run(it, n);
	if (*work < 0)
		return *work;
	elapsed = (int64_t)(now_ns() - start);
	if (verbose)
		fprintf(stderr, "ruxbench: %s: %llu operations in %lld ns\n", it->name,
			(unsigned long long)n, (long long)elapsed);
	return elapsed;
}

/* The n whose run takes about target_ns; 0 after an error (in *err). */
static uint64_t calibrate(const struct bench_item *it, int *err)
{
	uint64_t n = 1;
	int64_t t;
	long work;

	for (;;) {
		t = timed_run(it, n, &work);
		if (t < 0) {
			*err = (int)t;
			return 0;
		}
		if ((uint64_t)t >= target_ns / 4 || n >= (1ull << 32))
			break;
		n *= (uint64_t)t < target_ns / 64 ? 8 : 2;
	}
	if (t == 0)
		return n;
	n = (uint64_t)((double)n * (double)target_ns / (double)t);
	return n ? n : 1;
}

static int compare_ns(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double value_of(const struct bench_item *it, long work, int64_t ns)
{
	double secs = (double)(ns ? ns : 1) / NS_PER_SEC;

	switch (it->unit) {
	case UNIT_MIB_S:
		return (double)work / (1024.0 * 1024.0) / secs;
	case UNIT_FAULTS_S:
		return (double)work / secs;
	case UNIT_NS:
		break;
	}
	return (double)ns / (double)(work ? work : 1);
}

/* Calibrate, then the median of the repetitions; 0 or a negative errno. */
static int measure(const struct bench_item *it, double *value)
{
	int64_t times[MAX_REPS];
	uint64_t n = 1;
	long work = 0;
	int err = 0;

	if (!it->fixed)
		n = calibrate(it, &err);
	for (unsigned int r = 0; !err && r < reps; r++) {
		times[r] = timed_run(it, n, &work);
		if (times[r] < 0)
			err = (int)times[r];
	}
	if (err)
		return err;
	/* Every run of n operations does the same work. */
	qsort(times, reps, sizeof(times[0]), compare_ns);
	*value = value_of(it, work, times[reps / 2]);
	return 0;
}

/* The item's process: measure, print the line, exit 0 (value) or 1 ("-"). */
static void item_process(const struct bench_item *it)
{
	const char *unit = unit_names[it->unit];
	double value;
	int err;

	alarm(bench_opts.quick ? ALARM_QUICK : ALARM_NORMAL);
	err = it->setup ? it->setup(it) : 0;
	if (!err) {
		err = measure(it, &value);
		if (it->teardown)
			it->teardown(it);
	}
	if (err) {
		dprintf(STDOUT_FILENO, "bench %s %s - %s\n", it->name, unit, strerror(-err));
		_exit(1);
	}
	dprintf(STDOUT_FILENO, "bench %s %s %.1f\n", it->name, unit, value);
	_exit(0);
}

/* Run one item in a child; false when it has no value. */
static bool run_item(const struct bench_item *it)
{
	const char *unit = unit_names[it->unit];
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		dprintf(STDOUT_FILENO, "bench %s %s - fork: %s\n", it->name, unit, strerror(errno));
		return false;
	}
	if (pid == 0)
		item_process(it);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			dprintf(STDOUT_FILENO, "bench %s %s - waitpid: %s\n", it->name, unit,
				strerror(errno));
			return false;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 0;
	if (WTERMSIG(status) == SIGALRM)
		dprintf(STDOUT_FILENO, "bench %s %s - timed out after %d s\n", it->name, unit,
			bench_opts.quick ? ALARM_QUICK : ALARM_NORMAL);
	else
		dprintf(STDOUT_FILENO, "bench %s %s - killed by signal %d\n", it->name, unit,
			WTERMSIG(status));
	return false;
}

static bool selected(const struct bench_item *it, int argc, char **argv, int first)
{
	if (first == argc)
		return true;
	for (int i = first; i < argc; i++)
		if (!strcmp(argv[i], it->name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned int ran = 0, failed = 0;
	bool list = false;
	int first = parse_args(argc, argv, &list);

	build_items();
	if (list) {
		for (unsigned int i = 0; i < nitems; i++)
			if (selected(&items[i], argc, argv, first))
				printf("%s %s\n", items[i].name, unit_names[items[i].unit]);
		return 0;
	}
	for (unsigned int i = 0; i < nfs; i++)
		if (mkdir(fs[i].dir, 0755) < 0)
			fprintf(stderr, "ruxbench: mkdir %s: %s\n", fs[i].dir, strerror(errno));
	for (unsigned int i = 0; i < nitems; i++) {
		if (!selected(&items[i], argc, argv, first))
			continue;
		ran++;
		if (!run_item(&items[i]))
			failed++;
	}
	for (unsigned int i = 0; i < nfs; i++)
		rmdir(fs[i].dir);
	dprintf(STDOUT_FILENO, "ruxbench: done, %u items, %u failed\n", ran, failed);
	return failed ? 1 : 0;
}
