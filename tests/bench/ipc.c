/*
 * tests/bench/ipc.c - two processes working together: pipe round-trip
 * latency (one byte there and back), pipe bandwidth (64 KiB writes read by
 * the other process) and the context switch by sched_yield.
 *
 * Each item forks its peer once in setup() and ends it in teardown(), so
 * the fork is not part of any timed run. The peer talks over two pipes:
 * "to" (this process to the peer) and "from" (the peer back). For the
 * bandwidth and yield items a run starts with the count of work sent as a
 * 64-bit number and ends with one byte from the peer saying it is done.
 */
#include "bench.h"

#include <sched.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static struct {
	pid_t pid;
	int to, from;
} peer = {.pid = -1, .to = -1, .from = -1};

static char chunk[CHUNK];

/* Fork the peer running body(read end, write end) until its input closes. */
static int peer_start(void (*body)(int in, int out))
{
	int to[2], from[2];

	if (pipe(to) < 0)
		return -errno;
	if (pipe(from) < 0) {
		close(to[0]);
		close(to[1]);
		return -errno;
	}
	peer.pid = fork();
	if (peer.pid == 0) {
		close(to[1]);
		close(from[0]);
		body(to[0], from[1]);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	peer.to = to[1];
	peer.from = from[0];
	if (peer.pid < 0) {
		close(peer.to);
		close(peer.from);
		return -errno;
	}
	return 0;
}

static void peer_stop(const struct bench_item *it)
{
	close(peer.to);
	close(peer.from);
	bench_reap(peer.pid);
	peer.pid = peer.to = peer.from = -1;
}

/* Send the peer its job (n units) and wait for its "done". */
static long peer_job(uint64_t n, long (*mine)(uint64_t n))
{
	char done;
	long r;

	if (bench_write_all(peer.to, &n, sizeof(n)) < 0)
		return bench_fail();
	r = mine(n);
	if (r < 0)
		return r;
	if (read(peer.from, &done, 1) != 1)
		return -EPIPE;
	return r;
}

/* Pipe latency: the peer echoes every byte. */
static void echo_body(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
}

static int start_echo(const struct bench_item *it)
{
	return peer_start(echo_body);
}

static long run_round_trip(const struct bench_item *it, uint64_t n)
{
	char c = 'x';

	for (uint64_t i = 0; i < n; i++) {
		if (write(peer.to, &c, 1) != 1)
			return bench_fail();
		if (read(peer.from, &c, 1) != 1)
			return -EPIPE;
	}
	return (long)n;
}

/* Pipe bandwidth: the peer reads n chunks, then says done. */
static void sink_body(int in, int out)
{
	uint64_t n;

	while (bench_read_all(in, &n, sizeof(n)) == 0) {
		for (uint64_t i = 0; i < n; i++)
			if (bench_read_all(in, chunk, CHUNK) < 0)
				return;
		if (write(out, "", 1) != 1)
			return;
	}
}

static int start_sink(const struct bench_item *it)
{
	return peer_start(sink_body);
}

static long send_chunks(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (bench_write_all(peer.to, chunk, CHUNK) < 0)
			return bench_fail();
	return (long)(n * CHUNK);
}

static long run_pipe_bandwidth(const struct bench_item *it, uint64_t n)
{
	return peer_job(n, send_chunks);
}

/* Context switch: both processes call sched_yield n times. */
static long yield_n(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		sched_yield();
	return (long)n;
}

static void yield_body(int in, int out)
{
	uint64_t n;

	while (bench_read_all(in, &n, sizeof(n)) == 0) {
		yield_n(n);
		if (write(out, "", 1) != 1)
			return;
	}
}

static int start_yielder(const struct bench_item *it)
{
	return peer_start(yield_body);
}

/* Each process yields n times: 2n switches when they share one CPU. */
static long run_yield(const struct bench_item *it, uint64_t n)
{
	long r = peer_job(n, yield_n);

	return r < 0 ? r : 2 * r;
}

const struct bench_item bench_ipc_items[] = {
    {.name = "pipe_latency", .setup = start_echo, .run = run_round_trip, .teardown = peer_stop},
    {.name = "pipe_bandwidth",
     .unit = UNIT_MIB_S,
     .setup = start_sink,
     .run = run_pipe_bandwidth,
     .teardown = peer_stop},
    {.name = "ctxsw_yield", .setup = start_yielder, .run = run_yield, .teardown = peer_stop},
    {.run = NULL},
};
