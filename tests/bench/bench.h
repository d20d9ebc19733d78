/*
 * tests/bench/bench.h - what the parts of ruxbench share: the description
 * of one benchmark item and the helpers items use.
 *
 * An item measures one operation. The harness (ruxbench.c) calls
 * setup() once, then run(n) with a calibrated n several times, timing each
 * call with CLOCK_MONOTONIC, then teardown(). run() returns how much work
 * it did in the item's unit of work (operations for "ns", bytes for
 * "MiB/s", page faults for "faults/s"), or a negative errno. prepare(), when
 * given, runs before every timed run() and is not timed.
 */
#ifndef RUX_TESTS_BENCH_BENCH_H
#define RUX_TESTS_BENCH_BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How an item's value is computed from the work done and the time taken. */
enum bench_unit {
	UNIT_NS,       /* nanoseconds per operation (lower is better) */
	UNIT_MIB_S,    /* work is bytes: MiB per second (higher is better) */
	UNIT_FAULTS_S, /* work is page faults: faults per second (higher is better) */
};

struct bench_item {
	char name[48];
	enum bench_unit unit;
	/* Run exactly once per repetition (a whole file), not calibrated. */
	bool fixed;
	int (*setup)(const struct bench_item *it);
	void (*prepare)(const struct bench_item *it);
	long (*run)(const struct bench_item *it, uint64_t n);
	void (*teardown)(const struct bench_item *it);
	/* The file-system items: where they work (a scratch directory). */
	const char *dir;
};

/* Options every item may look at. */
struct bench_options {
	bool quick;
	/* The directory open/stat work in: the first file system's scratch dir. */
	const char *scratch;
	/* The tiny static program the exec items run. */
	const char *true_path;
};
extern struct bench_options bench_opts;

/* Item tables, one per source file; each ends with an item without run(). */
extern const struct bench_item bench_syscall_items[];
extern const struct bench_item bench_process_items[];
extern const struct bench_item bench_ipc_items[];
extern const struct bench_item bench_memory_items[];
/* The file-system items, copied once for each file system measured. */
extern const struct bench_item bench_fs_items[];

/* -errno of the last failed call, so a run() can "return bench_fail();". */
static inline long bench_fail(void)
{
	return errno ? -errno : -EIO;
}

/* write()/read() of exactly len bytes, retried on short transfers; 0 or -errno. */
int bench_write_all(int fd, const void *buf, size_t len);
int bench_read_all(int fd, void *buf, size_t len);
/* waitpid() for pid; 0 when it exited with status 0, else a negative errno. */
int bench_reap(int pid);

#endif
