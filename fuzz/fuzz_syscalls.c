/*
 * fuzz/fuzz_syscalls.c - libFuzzer target: the input is a program of
 * system calls, run by a process (fuzz/process.h) through the real
 * dispatcher, so argument checks and uaccess are what is fuzzed.
 *
 * The world of each input: a fresh tmpfs of 2 MiB (a bound on what one
 * call may write: sendfile from a file to its own end copies up to 2 GiB
 * otherwise) as the process's root and cwd, with a file "a" (6 bytes), a
 * directory "d" and the directory "ext4", where a copy of a small ext4
 * image (with a journal; made by fuzz/make-seeds, loaded once) is mounted
 * from a RAM disk. The process
 * starts with no descriptors and these user mappings:
 *
 *	USER_RW   64 KiB read-write: the path dictionary (below) at +0, the
 *	          scratch where arguments are built at +8 KiB, data at +16 KiB
 *	USER_RO   8 KiB read-only: a copy of the dictionary
 *	USER_HOLE never mapped (unless the program maps it)
 *
 * Encoding. The input is a sequence of calls, at most MAX_CALLS:
 *
 *	call := selector:u8 argument*
 *
 * The selector picks an entry of calls[] (modulo its size); each argument
 * of the entry takes bytes according to its kind (past the end of the
 * input, bytes read as 0):
 *
 *	FD     1: < 0xf0 the (b mod n)-th descriptor the program got so far
 *	          (returned by openat, dup, fcntl, pipe2...), else -1,
 *	          AT_FDCWD, 2, 1023, 1 << 20, INT_MAX, -2^31, 0
 *	DIRFD  1: < 0x40 AT_FDCWD, else as FD
 *	PATH   1: < 0xe0 the (b mod n)-th dictionary string in USER_RW; e0..ef
 *	          the same in USER_RO; f0.. a pointer as PTR's specials
 *	PTR    1: < 0xc0 USER_RW data + 256 b; c0..cf USER_RO + 256 (b & 15);
 *	          d0.. NULL, USER_HOLE, a kernel address, the last 4 bytes of
 *	          user space, the last 8 / 1 bytes of USER_RW, USER_RW data + 1
 *	LEN    1: sizes[b mod 32] (0, 1, ... 4096, 4097, ... 1 MiB, 2^31, ~0)
 *	COUNT  1: sendfile's count, sizes[b mod 27]: at most 16 KiB. Copying a
 *	          file onto itself one byte ahead of where it reads moves one
 *	          byte per read and write, up to the count: a CPU-bound loop
 *	          that simulated time, hence the watchdog, cannot stop
 *	INT    1: < 0x80 b, else ints[b mod 32] (negatives, limits, commands)
 *	FLAGS  4: little-endian u32, as is
 *	OFF    1: offsets[b mod 16]
 *	ADDR   1: a base (b >> 5: 0, USER_RW, USER_RO, USER_HOLE,
 *	          the last user page, a kernel address, USER_RW + 1, 0x10000000)
 *	          plus (b & 15) pages
 *	ARG    1: < 0x80 as INT, else as PTR with b - 0x80
 *	SIG    1: 0, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, 65, -1 (b mod 7): none
 *	          that stops the process
 *	PID    1: 0, own pid, -1, 1, 99999, -(own pid), INT_MIN (b mod 7)
 *	TS     1: NULL, USER_HOLE, or two timespecs built in the scratch from
 *	          times[b mod 16] (0, 1 ns, 1 ms, 1 s, UTIME_NOW, invalid...)
 *	IOV    1 + n*2: n = b mod 9 iovecs (PTR, LEN each) in the scratch; fills
 *	          two arguments, the array and n
 *	POLL   1 + n*2: n = b mod 5 pollfds (FD, events byte); two arguments
 *	FDS2   0: an int[2] in the scratch; pipe2's descriptors are kept
 *
 * One more entry, "poke", copies up to 64 bytes of the input into USER_RW
 * data (at 256 * its first byte): how a program builds structures
 * (sigaction, rlimit, flock...) for the calls that read them.
 *
 * What is left out: calls that end the thread or need user mode (exit,
 * exit_group, clone, clone3, execve, rt_sigreturn), reboot, mount and
 * umount2 (the world's mounts must stay put), and signals that would stop
 * the process. Signals are never delivered (there is no user mode to
 * deliver them to): a pending one only makes interruptible sleeps return
 * -EINTR, so default-fatal signals (SIGALRM from setitimer, SIGPIPE,
 * SIGXFSZ) are harmless. Blocking calls are kept, blocking flags and all:
 * the watchdog (FUZZ_WATCHDOG_NS of simulated time, which passes at once
 * when everything sleeps) kills the process, and the program ends there.
 *
 * RUX_FUZZ_TRACE=1 prints each call with its arguments and result.
 *
 * After each input: the process is gone (its descriptors closed, its
 * mappings unmapped), ext4 must unmount (-EBUSY: a reference leaked),
 * the RAM disk must have no buffer referenced, the tmpfs must unmount,
 * and the pages in use must be back where they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/ext4/ext4.h"
#include "fs/tmpfs/tmpfs.h"
#include "fuzz/fuzz_kernel.h"
#include "fuzz/process.h"
#include "fuzz/ramdisk.h"
#include "hal/hal.h"
#include "lib/err.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/mman.h"
#include "uapi/poll.h"
#include "uapi/signal.h"
#include "uapi/stat.h"
#include "uapi/time.h"
#include "uapi/uio.h"
#include "uapi/unistd.h"

#define MAX_CALLS 64
#define MAX_FDS	  16

#define USER_RW	     0x20000000ull
#define USER_RW_SIZE (64 * 1024ull)
#define DICT_OFF     0
#define SCRATCH_OFF  (8 * 1024ull)
#define DATA_OFF     (16 * 1024ull)
#define USER_RO	     0x30000000ull
#define USER_RO_SIZE (8 * 1024ull)
#define USER_HOLE    0x40000000ull
#define KERNEL_ADDR  0xffffffc000001000ull

/* Where the ext4 image comes from: RUX_FUZZ_SYSCALLS_IMAGE, or the one
 * make-seeds made next to the binary (cmake/fuzz.cmake's define). */
#ifndef FUZZ_SYSCALLS_IMAGE
#define FUZZ_SYSCALLS_IMAGE "fuzz_syscalls.ext4"
#endif

enum arg_kind {
	NONE,
	FD,
	DIRFD,
	PATH,
	PTR,
	LEN,
	COUNT,
	INT,
	FLAGS,
	OFF,
	ADDR,
	ARG,
	SIG,
	PID,
	TS,
	IOV,  /* and the next argument: the count */
	POLL, /* and the next argument: the count */
	FDS2,
	SKIP, /* filled by the argument before */
};

#define RET_FD 1 /* a non-negative result is a descriptor to reuse */
#define POKE   2 /* not a system call: copy input bytes into USER_RW */

struct call_spec {
	unsigned short nr;
	unsigned char flags;
	unsigned char args[SYSCALL_MAX_ARGS];
};

#define CALL(name, fl, ...)                                                                        \
	{                                                                                          \
		__NR_##name, fl,                                                                   \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}

static const struct call_spec calls[] = {
    {0, POKE, {0}},
    CALL(openat, RET_FD, DIRFD, PATH, FLAGS, INT),
    CALL(close, 0, FD),
    CALL(read, 0, FD, PTR, LEN),
    CALL(write, 0, FD, PTR, LEN),
    CALL(pread64, 0, FD, PTR, LEN, OFF),
    CALL(pwrite64, 0, FD, PTR, LEN, OFF),
    CALL(readv, 0, FD, IOV, SKIP),
    CALL(writev, 0, FD, IOV, SKIP),
    CALL(preadv, 0, FD, IOV, SKIP, OFF, INT),
    CALL(pwritev, 0, FD, IOV, SKIP, OFF, INT),
    CALL(lseek, 0, FD, OFF, INT),
    CALL(dup, RET_FD, FD),
    CALL(dup3, RET_FD, FD, FD, FLAGS),
    CALL(fcntl, RET_FD, FD, INT, ARG),
    CALL(ftruncate, 0, FD, OFF),
    CALL(truncate, 0, PATH, OFF),
    CALL(fstat, 0, FD, PTR),
    CALL(newfstatat, 0, DIRFD, PATH, PTR, FLAGS),
    CALL(statx, 0, DIRFD, PATH, FLAGS, FLAGS, PTR),
    CALL(getdents64, 0, FD, PTR, LEN),
    CALL(mkdirat, 0, DIRFD, PATH, INT),
    CALL(unlinkat, 0, DIRFD, PATH, FLAGS),
    CALL(renameat2, 0, DIRFD, PATH, DIRFD, PATH, FLAGS),
    CALL(linkat, 0, DIRFD, PATH, DIRFD, PATH, FLAGS),
    CALL(symlinkat, 0, PATH, DIRFD, PATH),
    CALL(readlinkat, 0, DIRFD, PATH, PTR, LEN),
    CALL(fchmodat, 0, DIRFD, PATH, INT),
    CALL(fchmod, 0, FD, INT),
    CALL(fchownat, 0, DIRFD, PATH, INT, INT, FLAGS),
    CALL(mknodat, 0, DIRFD, PATH, FLAGS, INT),
    CALL(faccessat2, 0, DIRFD, PATH, INT, FLAGS),
    CALL(utimensat, 0, DIRFD, PATH, TS, FLAGS),
    CALL(pipe2, 0, FDS2, FLAGS),
    CALL(mmap, 0, ADDR, LEN, INT, FLAGS, FD, OFF),
    CALL(munmap, 0, ADDR, LEN),
    CALL(mprotect, 0, ADDR, LEN, INT),
    CALL(mremap, 0, ADDR, LEN, LEN, FLAGS, ADDR),
    CALL(madvise, 0, ADDR, LEN, INT),
    CALL(msync, 0, ADDR, LEN, INT),
    CALL(brk, 0, ADDR),
    CALL(ioctl, 0, FD, FLAGS, ARG),
    CALL(fsync, 0, FD),
    CALL(fdatasync, 0, FD),
    CALL(sync, 0, NONE),
    CALL(syncfs, 0, FD),
    CALL(statfs, 0, PATH, PTR),
    CALL(fstatfs, 0, FD, PTR),
    CALL(ppoll, 0, POLL, SKIP, TS, PTR, LEN),
    CALL(pselect6, 0, INT, PTR, PTR, PTR, TS, PTR),
    CALL(futex, 0, PTR, INT, INT, TS, PTR, INT),
    CALL(rt_sigaction, 0, INT, PTR, PTR, LEN),
    CALL(rt_sigprocmask, 0, INT, PTR, PTR, LEN),
    CALL(rt_sigpending, 0, PTR, LEN),
    CALL(rt_sigtimedwait, 0, PTR, PTR, TS, LEN),
    CALL(sigaltstack, 0, PTR, PTR),
    CALL(kill, 0, PID, SIG),
    CALL(tgkill, 0, PID, PID, SIG),
    CALL(getcwd, 0, PTR, LEN),
    CALL(chdir, 0, PATH),
    CALL(fchdir, 0, FD),
    CALL(sendfile, 0, FD, FD, PTR, COUNT),
    CALL(prlimit64, 0, PID, INT, PTR, PTR),
    CALL(uname, 0, PTR),
    CALL(getrandom, 0, PTR, LEN, FLAGS),
    CALL(clock_gettime, 0, INT, PTR),
    CALL(clock_nanosleep, 0, INT, FLAGS, TS, PTR),
    CALL(nanosleep, 0, TS, PTR),
    CALL(setitimer, 0, INT, PTR, PTR),
    CALL(umask, 0, INT),
    CALL(getrusage, 0, INT, PTR),
    CALL(prctl, 0, INT, ARG, ARG, ARG, ARG),
    CALL(wait4, 0, PID, PTR, INT, PTR),
    CALL(set_robust_list, 0, PTR, LEN),
    CALL(close_range, 0, FD, FD, FLAGS),
    CALL(setresuid, 0, INT, INT, INT),
    CALL(sched_setaffinity, 0, PID, LEN, PTR),
};

/* The path dictionary: the world's names, good and bad. */
static const char *const dict_short[] = {
    "",
    ".",
    "..",
    "/",
    "a",
    "b",
    "d",
    "d/e",
    "d/e/f",
    "a/",
    "d/../b",
    "//a",
    "ext4",
    "ext4/a",
    "ext4/dir",
    "ext4/dir/big",
    "ext4/dir/sub",
    "ext4/dir/sub/f7",
    "ext4/link",
    "ext4/longlink",
    "ext4/hardlink",
    "ext4/empty",
    "ext4/new",
    "ext4/lost+found",
    "/ext4/../a",
    "ext4/d/e",
    "link",
    "link/x",
    "fifo",
    "ext4/fifo",
    "a/x",
};
#define DICT_LONG_NAME 255  /* a name of NAME_MAX bytes, and one longer */
#define DICT_LONG_PATH 4100 /* past PATH_MAX */

static uint64_t dict_addr[ARRAY_SIZE(dict_short) + 3];
static size_t dict_n;

static const uint64_t sizes[32] = {
    0,	  1,	2,    3,    4,	   7,	  8,	   15,	       16,    17,	  31,
    32,	  63,	64,   100,  255,   256,	  511,	   512,	       1023,  1024,	  4095,
    4096, 4097, 8191, 8192, 16384, 65536, 1 << 20, 1ull << 31, ~0ull, 1ull << 63,
};
#define COUNT_SIZES 27 /* sizes[] up to 16 KiB */
static const int64_t ints[32] = {
    -1,	  -2,	 -100,	 INT32_MAX, INT32_MIN, UINT32_MAX, 1ll << 32, INT64_MAX,
    1024, 1025,	 1026,	 1030,	    1031,      1032,	   1033,      4096,
    0777, 04755, 0x8000, 0x5401,    0x541b,    0x5421,	   0x5451,    128,
    129,  255,	 256,	 1 << 20,   -4096,     INT64_MIN,  65,	      64,
};
static const int64_t offsets[16] = {
    0,
    1,
    5,
    511,
    512,
    4095,
    4096,
    70000,
    1 << 20,
    1ll << 31,
    1ll << 40,
    -1,
    -4096,
    INT64_MAX,
    INT64_MAX - 4095,
    16 * 1024 * 1024,
};
static const int64_t times[16][2] = {
    {0, 0},	    {0, 1},	     {0, 1000000},   {1, 0},
    {0, 999999999}, {0, 1000000000}, {-1, 0},	     {0, -1},
    {0, UTIME_NOW}, {0, UTIME_OMIT}, {2, 500000000}, {1ll << 40, 0},
    {INT64_MAX, 0}, {0, UTIME_NOW},  {5, 0},	     {0, 100},
};

/* RUX_FUZZ_TRACE set: print each call and its result (standard error). */
static bool trace;

/* The bytes of the input left to decode. */
struct input {
	const uint8_t *p, *end;
};

static uint8_t take(struct input *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

/* The program's state while it runs. */
struct program {
	struct input in;
	int pid;
	int fds[MAX_FDS];
	unsigned int nr_fds, next_fd; /* next_fd: where the next one goes (a ring) */
	uint64_t scratch;	      /* next free byte of the scratch */
};

static void keep_fd(struct program *pg, long fd)
{
	if (fd < 0 || fd > INT32_MAX)
		return;
	pg->fds[pg->next_fd] = (int)fd;
	pg->next_fd = (pg->next_fd + 1) % MAX_FDS;
	if (pg->nr_fds < MAX_FDS)
		pg->nr_fds++;
}

/* @n bytes of the scratch (8-aligned), or an address in USER_HOLE when
 * full: the call then sees -EFAULT. What is built there is lost when the
 * program unmapped or protected USER_RW, as for any program. */
static uint64_t scratch_alloc(struct program *pg, size_t n)
{
	uint64_t at = pg->scratch;

	if (at + n > USER_RW + DATA_OFF)
		return USER_HOLE;
	pg->scratch = (at + n + 7) & ~7ull;
	return at;
}

static unsigned long special_ptr(uint8_t b)
{
	static const uint64_t specials[] = {
	    0,
	    USER_HOLE,
	    KERNEL_ADDR,
	    HAL_USER_VA_END - 4,
	    USER_RW + USER_RW_SIZE - 8,
	    USER_RW + USER_RW_SIZE - 1,
	    USER_RW + DATA_OFF + 1,
	};

	return specials[(b & 15) % ARRAY_SIZE(specials)];
}

static unsigned long decode_ptr(uint8_t b)
{
	if (b < 0xc0)
		return USER_RW + DATA_OFF + 256ull * b;
	if (b < 0xd0)
		return USER_RO + 256ull * (b & 15);
	return special_ptr(b);
}

static unsigned long decode_fd(struct program *pg, uint8_t b)
{
	static const int specials[] = {-1, AT_FDCWD, 2, 1023, 1 << 20, INT32_MAX, INT32_MIN, 0};

	if (b >= 0xf0)
		return (unsigned long)(long)specials[(b & 15) % ARRAY_SIZE(specials)];
	if (!pg->nr_fds)
		return b & 7;
	return (unsigned long)pg->fds[b % pg->nr_fds];
}

static unsigned long decode_int(uint8_t b)
{
	return b < 0x80 ? b : (unsigned long)ints[b % ARRAY_SIZE(ints)];
}

static unsigned long decode_path(uint8_t b)
{
	if (b < 0xe0)
		return dict_addr[b % dict_n];
	if (b < 0xf0)
		return dict_addr[b % dict_n] - USER_RW + USER_RO;
	return special_ptr(b);
}

static unsigned long decode_addr(uint8_t b)
{
	static const uint64_t bases[] = {
	    0,		 USER_RW,     USER_RO,	  USER_HOLE, HAL_USER_VA_END - 4096,
	    KERNEL_ADDR, USER_RW + 1, 0x10000000,
	};

	return bases[b >> 5 & 7] + 4096ull * (b & 15);
}

static unsigned long decode_pid(struct program *pg, uint8_t b)
{
	const long pids[] = {0, pg->pid, -1, 1, 99999, -pg->pid, INT32_MIN};

	return (unsigned long)pids[b % ARRAY_SIZE(pids)];
}

static unsigned long decode_sig(uint8_t b)
{
	static const int sigs[] = {0, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, 65, -1};

	return (unsigned long)(long)sigs[b % ARRAY_SIZE(sigs)];
}

/* Two timespecs (utimensat takes two; the others read the first). */
static unsigned long decode_ts(struct program *pg, uint8_t b)
{
	struct linux_timespec ts[2];
	uint64_t at;

	if (b >= 0xf0)
		return b & 1 ? USER_HOLE : 0;
	for (int i = 0; i < 2; i++) {
		ts[i].tv_sec = times[(b + i) % 16][0];
		ts[i].tv_nsec = times[(b + i) % 16][1];
	}
	at = scratch_alloc(pg, sizeof(ts));
	(void)copy_to_user(at, ts, sizeof(ts)); /* the program may have unmapped it */
	return at;
}

static void decode_iov(struct program *pg, unsigned long *a)
{
	struct linux_iovec iov[8];
	unsigned int n = take(&pg->in) % 9;
	uint64_t at;

	for (unsigned int i = 0; i < n; i++) {
		iov[i].iov_base = decode_ptr(take(&pg->in));
		iov[i].iov_len = sizes[take(&pg->in) % 32];
	}
	at = scratch_alloc(pg, sizeof(iov));
	(void)copy_to_user(at, iov, n * sizeof(iov[0]));
	a[0] = at;
	a[1] = n;
}

static void decode_poll(struct program *pg, unsigned long *a)
{
	struct linux_pollfd fds[4];
	unsigned int n = take(&pg->in) % 5;
	uint64_t at;

	for (unsigned int i = 0; i < n; i++) {
		fds[i].fd = (int32_t)decode_fd(pg, take(&pg->in));
		fds[i].events = take(&pg->in);
		fds[i].revents = 0;
	}
	at = scratch_alloc(pg, sizeof(fds));
	(void)copy_to_user(at, fds, n * sizeof(fds[0]));
	a[0] = at;
	a[1] = n;
}

static unsigned long decode_flags(struct input *in)
{
	uint32_t v = take(in);

	v |= (uint32_t)take(in) << 8;
	v |= (uint32_t)take(in) << 16;
	v |= (uint32_t)take(in) << 24;
	return v;
}

/* Argument @i of kind @kind into a[i] (and a[i + 1] for IOV and POLL). */
static void decode_arg(struct program *pg, unsigned int kind, unsigned long *a)
{
	struct input *in = &pg->in;
	uint8_t b;

	switch (kind) {
	case NONE:
	case SKIP:
		return;
	case FLAGS:
		*a = decode_flags(in);
		return;
	case IOV:
		decode_iov(pg, a);
		return;
	case POLL:
		decode_poll(pg, a);
		return;
	case FDS2:
		*a = scratch_alloc(pg, 2 * sizeof(int32_t));
		return;
	}
	b = take(in);
	switch (kind) {
	case FD:
		*a = decode_fd(pg, b);
		break;
	case DIRFD:
		*a = b < 0x40 ? (unsigned long)(long)AT_FDCWD : decode_fd(pg, b);
		break;
	case PATH:
		*a = decode_path(b);
		break;
	case PTR:
		*a = decode_ptr(b);
		break;
	case LEN:
		*a = sizes[b % 32];
		break;
	case COUNT:
		*a = sizes[b % COUNT_SIZES];
		break;
	case INT:
		*a = decode_int(b);
		break;
	case OFF:
		*a = (unsigned long)offsets[b % 16];
		break;
	case ADDR:
		*a = decode_addr(b);
		break;
	case ARG:
		*a = b < 0x80 ? decode_int(b) : decode_ptr(b - 0x80);
		break;
	case SIG:
		*a = decode_sig(b);
		break;
	case PID:
		*a = decode_pid(pg, b);
		break;
	case TS:
		*a = decode_ts(pg, b);
		break;
	}
}

/* "poke": offset byte, length byte (mod 65), then that many input bytes. */
static void poke(struct program *pg)
{
	uint8_t buf[64];
	uint64_t at = USER_RW + DATA_OFF + 256ull * (take(&pg->in) % 0xc0);
	unsigned int n = take(&pg->in) % 65;

	for (unsigned int i = 0; i < n; i++)
		buf[i] = take(&pg->in);
	(void)copy_to_user(at, buf, n); /* the program may have unmapped it */
}

static void run_call(struct program *pg, const struct call_spec *c)
{
	unsigned long a[SYSCALL_MAX_ARGS] = {0};
	int32_t pipe_fds[2];
	long ret;

	pg->scratch = USER_RW + SCRATCH_OFF;
	for (unsigned int i = 0; i < SYSCALL_MAX_ARGS; i++)
		decode_arg(pg, c->args[i], &a[i]);
	ret = fuzz_syscall(c->nr, a);
	if (trace)
		fprintf(stderr, "%s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
			syscall_name(c->nr), a[0], a[1], a[2], a[3], a[4], a[5], ret);
	if (ret < -MAX_ERRNO)
		fuzz_fail("a system call returned a negative non-errno", ret);
	if (c->flags & RET_FD)
		keep_fd(pg, ret);
	if (c->args[0] == FDS2 && ret == 0 &&
	    copy_from_user(pipe_fds, a[0], sizeof(pipe_fds)) == 0) {
		keep_fd(pg, pipe_fds[0]);
		keep_fd(pg, pipe_fds[1]);
	}
}

/* Put the dictionary in USER_RW (and its copy in USER_RO): false if the
 * mappings could not be made. */
static bool map_user_memory(void)
{
	static char dict[SCRATCH_OFF];
	size_t off = 0;

	memset(dict, 0, sizeof(dict));
	dict_n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(dict_short); i++) {
		size_t n = strlen(dict_short[i]) + 1;

		memcpy(dict + off, dict_short[i], n);
		dict_addr[dict_n++] = USER_RW + DICT_OFF + off;
		off += n;
	}
	for (size_t len = DICT_LONG_NAME; len <= DICT_LONG_NAME + 1; len++) {
		memset(dict + off, 'n', len);
		dict_addr[dict_n++] = USER_RW + DICT_OFF + off;
		off += len + 1;
	}
	for (size_t i = 0; i < DICT_LONG_PATH; i++)
		dict[off + i] = i % 2 ? '/' : 'd';
	dict_addr[dict_n++] = USER_RW + DICT_OFF + off;
	return fuzz_user_map(USER_RW, USER_RW_SIZE, PROT_READ | PROT_WRITE, dict, sizeof(dict)) &&
	       fuzz_user_map(USER_RO, USER_RO_SIZE, PROT_READ, dict, sizeof(dict));
}

static int run_program(void *arg)
{
	struct program *pg = arg;
	unsigned long none[SYSCALL_MAX_ARGS] = {0};

	if (!map_user_memory())
		fuzz_fail("cannot map the user memory", 0);
	pg->pid = (int)fuzz_syscall(__NR_getpid, none);
	for (unsigned int n = 0; n < MAX_CALLS && pg->in.p < pg->in.end; n++) {
		const struct call_spec *c = &calls[take(&pg->in) % ARRAY_SIZE(calls)];

		if (c->flags & POKE)
			poke(pg);
		else
			run_call(pg, c);
		if (fuzz_process_killed())
			break;
	}
	return 0;
}

/* ---- the world ---------------------------------------------------------- */

static uint8_t *image;
static size_t image_size;

static void load_image(void)
{
	const char *path = getenv("RUX_FUZZ_SYSCALLS_IMAGE");
	FILE *f = fopen(path ? path : FUZZ_SYSCALLS_IMAGE, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "fuzz_syscalls: no ext4 image %s (fuzz/make-seeds syscalls)\n",
			path ? path : FUZZ_SYSCALLS_IMAGE);
		exit(1);
	}
	image_size = (size_t)n;
	image = malloc(image_size);
	if (!image || fread(image, 1, image_size, f) != image_size)
		fuzz_fail("cannot read the ext4 image", n);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	load_image();
	trace = getenv("RUX_FUZZ_TRACE") != NULL;
	fuzz_kernel_boot(256);
	fuzz_process_init();
	if (tmpfs_register() != 0 || ext4_register() != 0)
		fuzz_fail("cannot register tmpfs and ext4", 0);
	return 0;
}

/* The tmpfs with "a", "d" and "ext4", ext4 mounted on the last. */
static void world_setup(struct fuzz_world *w, struct ramdisk *rd)
{
	struct file *f;
	int64_t pos = 0;
	int err = fuzz_world_mount_data(w, "tmpfs", 0, "fuzz", "size=2m");

	if (err)
		fuzz_fail("cannot mount a tmpfs", err);
	if (vfs_openat(&w->ctx, NULL, "a", O_RDWR | O_CREAT, 0644, &f) != 0)
		fuzz_fail("cannot create a", 0);
	vfs_write(f, "hello\n", 6, &pos);
	vfs_close(f);
	if (vfs_mkdirat(&w->ctx, NULL, "d", 0755) || vfs_mkdirat(&w->ctx, NULL, "ext4", 0755))
		fuzz_fail("cannot make the directories", 0);
	err = vfs_mount(&w->ctx, rd->bdev.name, "/ext4", "ext4", 0, NULL);
	if (err)
		fuzz_fail("cannot mount the ext4 image", err);
}

static void world_teardown(struct fuzz_world *w, struct ramdisk *rd)
{
	unsigned int busy;
	int err = vfs_umount(&w->ctx, "/ext4", 0);

	if (err)
		fuzz_fail("ext4 could not be unmounted", err);
	busy = ramdisk_destroy(rd);
	if (busy)
		fuzz_fail("buffers still referenced after unmount", busy);
	err = fuzz_world_umount(w);
	if (err)
		fuzz_fail("tmpfs could not be unmounted", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long pages = fuzz_pages_in_use();
	struct program pg = {.in = {data, data + size}};
	struct fuzz_world w;
	struct ramdisk *rd = ramdisk_create(image, image_size, image_size);
	int err;

	if (!rd)
		fuzz_fail("cannot make the RAM disk", 0);
	world_setup(&w, rd);
	err = fuzz_process_run(&w, run_program, &pg);
	if (err)
		fuzz_fail("the process did not run", err);
	world_teardown(&w, rd);
	fuzz_check_pages(pages);
	return 0;
}
