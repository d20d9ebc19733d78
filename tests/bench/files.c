/*
 * tests/bench/files.c - file-system items, measured once for every file
 * system ruxbench is given (--fs NAME=DIR; the harness names each copy
 * ITEM_NAME, e.g. seq_write_tmpfs, and points it at a scratch directory
 * inside DIR):
 *
 *   create_delete  create an empty file (open O_CREAT|O_EXCL + close) and
 *                  unlink it, in batches of 256 so the directory stays small
 *   seq_write      write a 64 MiB file in 64 KiB writes, fsync and close it
 *                  (a fresh file each time: the old one is removed untimed)
 *   seq_read       read the same file back in 64 KiB reads (cached)
 *
 * --quick makes the file 1 MiB.
 */
#include "bench.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define BATCH 256

static char chunk[CHUNK];

static size_t seq_bytes(void)
{
	return bench_opts.quick ? 1u << 20 : 64u << 20;
}

static void file_name(char path[PATH_MAX], const struct bench_item *it, const char *name)
{
	snprintf(path, PATH_MAX, "%s/%s", it->dir, name);
}

static int create_batch(const struct bench_item *it, unsigned int count)
{
	char path[PATH_MAX];
	int fd;

	for (unsigned int i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/c%u", it->dir, i);
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	return 0;
}

static int delete_batch(const struct bench_item *it, unsigned int count)
{
	char path[PATH_MAX];

	for (unsigned int i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/c%u", it->dir, i);
		if (unlink(path) < 0)
			return -errno;
	}
	return 0;
}

static long run_create_delete(const struct bench_item *it, uint64_t n)
{
	for (uint64_t done = 0; done < n;) {
		unsigned int count = n - done < BATCH ? (unsigned int)(n - done) : BATCH;
		int err = create_batch(it, count);

		if (!err)
			err = delete_batch(it, count);
		if (err)
			return err;
		done += count;
	}
	return (long)n;
}

/* Write (or read) the whole file through fd, one chunk at a time. */
static long stream_file(int fd, bool writing)
{
	for (size_t off = 0; off < seq_bytes(); off += CHUNK) {
		int err =
		    writing ? bench_write_all(fd, chunk, CHUNK) : bench_read_all(fd, chunk, CHUNK);

		if (err)
			return err;
	}
	return (long)seq_bytes();
}

static long write_file(const struct bench_item *it)
{
	char path[PATH_MAX];
	long r;
	int fd;

	file_name(path, it, "seq");
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0)
		return -errno;
	r = stream_file(fd, true);
	if (r >= 0 && fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

static void remove_file(const struct bench_item *it)
{
	char path[PATH_MAX];

	file_name(path, it, "seq");
	unlink(path);
}

static long run_seq_write(const struct bench_item *it, uint64_t n)
{
	return write_file(it);
}

static int make_file(const struct bench_item *it)
{
	long r;

	remove_file(it);
	r = write_file(it);
	return r < 0 ? (int)r : 0;
}

static long run_seq_read(const struct bench_item *it, uint64_t n)
{
	char path[PATH_MAX];
	long r;
	int fd;

	file_name(path, it, "seq");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	r = stream_file(fd, false);
	close(fd);
	return r;
}

const struct bench_item bench_fs_items[] = {
    {.name = "create_delete", .run = run_create_delete},
    {.name = "seq_write",
     .unit = UNIT_MIB_S,
     .fixed = true,
     .prepare = remove_file,
     .run = run_seq_write,
     .teardown = remove_file},
    {.name = "seq_read",
     .unit = UNIT_MIB_S,
     .fixed = true,
     .setup = make_file,
     .run = run_seq_read,
     .teardown = remove_file},
    {.run = NULL},
};
