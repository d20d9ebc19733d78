/*
 * tests/crash/crash-writer.c - the guest half of the ext4 crash tests
 * (tests/qemu/ext4-crash): writes files with fsync and says what is
 * durable, or reports what a directory holds after a crash.
 *
 *   crash-writer write DIR STEPS   run STEPS steps in DIR (made if missing)
 *   crash-writer check DIR         list what DIR holds
 *
 * write prints "crash: begin OP NAME..." before an operation and
 * "crash: done OP NAME..." once it is durable (fsync of the file and of the
 * directory returned), so the host knows, wherever it kills the machine,
 * which names are settled and which one operation was in flight. The
 * operations of step i:
 *
 *   create f<i> (generation 1)                     every step
 *   append record i to "log" (fdatasync)           every step
 *   rewrite f<i-2> as generation 2 (O_TRUNC)       i % 5 == 4
 *   unlink f<i-4>                                  i % 7 == 6
 *   rename f<i-1> to r<i-1>                        i % 9 == 8
 *
 * The contents of f<n> (and r<n>) in generation g are a function of (n, g),
 * so check can tell them apart: "crash: have NAME gen G", or
 * "crash: have NAME bad SIZE" for anything else; then "crash: log N" (the
 * number of leading intact records) and "crash: check end".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE   (48 * 1024)
#define RECORD_LEN 100

static unsigned char buf[MAX_FILE + 4096];
static unsigned char got[MAX_FILE + 4096];

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/* The contents of file @n, generation @gen, into buf; returns the size. */
static size_t file_contents(unsigned int n, unsigned int gen)
{
	uint64_t state = mix(((uint64_t)n << 8) | gen);
	size_t size = 1 + (size_t)(state % MAX_FILE);

	for (size_t i = 0; i < size; i++) {
		if (i % 8 == 0)
			state = mix(state + i);
		buf[i] = (unsigned char)(state >> (8 * (i % 8)));
	}
	return size;
}

static void record_contents(unsigned int k, char *rec)
{
	snprintf(rec, RECORD_LEN, "record %08u %016llx", k, (unsigned long long)mix(k));
	memset(rec + strlen(rec), '.', RECORD_LEN - strlen(rec) - 1);
	rec[RECORD_LEN - 1] = '\n';
}

static void die(const char *what, const char *name)
{
	printf("crash: error %s %s: %s\n", what, name, strerror(errno));
	exit(1);
}

static void write_all(int fd, const void *p, size_t len, const char *name)
{
	const unsigned char *c = p;

	while (len) {
		ssize_t n = write(fd, c, len);

		if (n < 0)
			die("write", name);
		c += n;
		len -= (size_t)n;
	}
}

static void sync_dir(int dirfd)
{
	if (fsync(dirfd))
		die("fsync", ".");
}

static void write_file(int dirfd, const char *name, unsigned int n, unsigned int gen)
{
	size_t size = file_contents(n, gen);
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die("open", name);
	/* In pieces, so the file grows through several writes. */
	for (size_t off = 0; off < size; off += 5000)
		write_all(fd, buf + off, size - off < 5000 ? size - off : 5000, name);
	if (fsync(fd))
		die("fsync", name);
	close(fd);
	sync_dir(dirfd);
}

static void step(int dirfd, int logfd, unsigned int i)
{
	char name[16], other[16], rec[RECORD_LEN];

	snprintf(name, sizeof(name), "f%04u", i);
	printf("crash: begin create %s\n", name);
	write_file(dirfd, name, i, 1);
	printf("crash: done create %s\n", name);

	record_contents(i, rec);
	printf("crash: begin log %u\n", i + 1);
	write_all(logfd, rec, RECORD_LEN, "log");
	if (fdatasync(logfd))
		die("fdatasync", "log");
	printf("crash: done log %u\n", i + 1);

	if (i % 5 == 4) {
		snprintf(name, sizeof(name), "f%04u", i - 2);
		if (faccessat(dirfd, name, F_OK, 0) == 0) {
			printf("crash: begin rewrite %s\n", name);
			write_file(dirfd, name, i - 2, 2);
			printf("crash: done rewrite %s\n", name);
		}
	}
	if (i % 7 == 6) {
		snprintf(name, sizeof(name), "f%04u", i - 4);
		if (faccessat(dirfd, name, F_OK, 0) == 0) {
			printf("crash: begin unlink %s\n", name);
			if (unlinkat(dirfd, name, 0))
				die("unlink", name);
			sync_dir(dirfd);
			printf("crash: done unlink %s\n", name);
		}
	}
	if (i % 9 == 8) {
		snprintf(name, sizeof(name), "f%04u", i - 1);
		snprintf(other, sizeof(other), "r%04u", i - 1);
		if (faccessat(dirfd, name, F_OK, 0) == 0) {
			printf("crash: begin rename %s %s\n", name, other);
			if (renameat(dirfd, name, dirfd, other))
				die("rename", name);
			sync_dir(dirfd);
			printf("crash: done rename %s %s\n", name, other);
		}
	}
}

static int do_write(const char *dir, unsigned int steps)
{
	int dirfd, logfd;

	if (mkdir(dir, 0755) && errno != EEXIST)
		die("mkdir", dir);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dirfd < 0)
		die("open", dir);
	logfd = openat(dirfd, "log", O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (logfd < 0)
		die("open", "log");
	sync_dir(dirfd);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("crash: writing %u steps\n", steps);
	for (unsigned int i = 0; i < steps; i++)
		step(dirfd, logfd, i);
	close(logfd);
	close(dirfd);
	printf("crash: write end\n");
	return 0;
}

/* "have NAME gen G" when @size bytes in got are generation G of file @n. */
static void report_file(const char *name, unsigned int n, size_t size)
{
	for (unsigned int gen = 1; gen <= 2; gen++) {
		if (file_contents(n, gen) == size && memcmp(buf, got, size) == 0) {
			printf("crash: have %s gen %u\n", name, gen);
			return;
		}
	}
	printf("crash: have %s bad %zu\n", name, size);
}

static size_t read_up_to(int dirfd, const char *name, unsigned char *to, size_t max)
{
	int fd = openat(dirfd, name, O_RDONLY);
	size_t total = 0;
	ssize_t n;

	if (fd < 0)
		die("open", name);
	while (total < max && (n = read(fd, to + total, max - total)) > 0)
		total += (size_t)n;
	close(fd);
	return total;
}

static void check_log(int dirfd)
{
	char rec[RECORD_LEN], have[RECORD_LEN];
	unsigned int k = 0;
	int fd = openat(dirfd, "log", O_RDONLY);

	if (fd < 0) {
		printf("crash: log missing\n");
		return;
	}
	for (;; k++) {
		record_contents(k, rec);
		if (read(fd, have, RECORD_LEN) != RECORD_LEN || memcmp(rec, have, RECORD_LEN))
			break;
	}
	close(fd);
	printf("crash: log %u\n", k);
}

static int do_check(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int fd;

	if (!d)
		die("opendir", dir);
	fd = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		unsigned int n;
		char kind;

		if (sscanf(e->d_name, "%c%u", &kind, &n) != 2 || (kind != 'f' && kind != 'r'))
			continue;
		report_file(e->d_name, n, read_up_to(fd, e->d_name, got, sizeof(got)));
	}
	check_log(fd);
	closedir(d);
	printf("crash: check end\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], (unsigned int)strtoul(argv[3], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "check"))
		return do_check(argv[2]);
	fprintf(stderr, "usage: crash-writer write DIR STEPS | check DIR\n");
	return 2;
}
