/*
 * tests/user/pipe_atomic.c - writes of at most PIPE_BUF (4096) bytes to a
 * pipe are atomic: four processes each write 200 records of 512 bytes
 * filled with their own letter while the parent reads; every 512-byte record
 * read back holds one letter only, and each writer's 200 records all arrive.
 * A blocked writer of a large buffer is woken as the reader drains the pipe.
 */
#include "ut.h"

#include <limits.h>

#define RECORD 512
#define RECORDS 200

static void check_atomic_records(void)
{
	char rec[RECORD];
	int p[2], i, counts[4] = { 0, 0, 0, 0 }, mixed = 0;
	pid_t pids[4];
	long n, got = 0;

	CHECK_OK(pipe(p));
	for (i = 0; i < 4; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0) {
			int r;

			close(p[0]);
			memset(rec, 'a' + i, sizeof(rec));
			for (r = 0; r < RECORDS; r++)
				if (write(p[1], rec, sizeof(rec)) != RECORD)
					_exit(1);
			_exit(0);
		}
	}
	CHECK_OK(close(p[1]));
	/* Read whole records: a short read is completed before checking. */
	for (;;) {
		got = 0;
		while (got < RECORD && (n = read(p[0], rec + got, RECORD - got)) > 0)
			got += n;
		if (got < RECORD)
			break;
		for (i = 1; i < RECORD; i++)
			mixed += rec[i] != rec[0];
		if (rec[0] >= 'a' && rec[0] <= 'd')
			counts[rec[0] - 'a']++;
	}
	CHECK_EQ(got, 0);
	CHECK_EQ(mixed, 0);
	for (i = 0; i < 4; i++) {
		CHECK_EQ(counts[i], RECORDS);
		CHECK_EXITED(ut_wait(pids[i]), 0);
	}
	CHECK_OK(close(p[0]));
	CHECK(PIPE_BUF >= RECORD);
	ut_ok("records up to PIPE_BUF are never interleaved");
}

static void check_big_write(void)
{
	static char big[256 * 1024], in[8192];
	long total = 0, n;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(p[0]);
		memset(big, 'w', sizeof(big));
		/* One call; blocks until the reader has taken most of it. */
		_exit(write(p[1], big, sizeof(big)) == (long)sizeof(big) ? 0 : 1);
	}
	CHECK_OK(close(p[1]));
	while ((n = read(p[0], in, sizeof(in))) > 0)
		total += n;
	CHECK_EQ(total, (long)sizeof(big));
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_OK(close(p[0]));
	ut_ok("a 256 KiB write completes as the reader drains");
}

int main(void)
{
	ut_begin("pipe_atomic");
	check_atomic_records();
	check_big_write();
	return ut_pass();
}
