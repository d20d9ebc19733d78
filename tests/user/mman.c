/*
 * tests/user/mman.c - the address space: anonymous mmap (zero-filled,
 * page-aligned), munmap (then SIGSEGV on touch), mprotect (write to read-only
 * -> SIGSEGV, PROT_NONE -> SIGSEGV), private file mappings (contents, and
 * writes that do not reach the file), MAP_FIXED, MAP_FIXED_NOREPLACE, brk/sbrk,
 * copy-on-write after fork in both directions, madvise(MADV_DONTNEED), and
 * EINVAL for bad arguments.
 */
#include "ut.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>

#define PAGE 4096UL

/* Run fn(arg) in a child; returns the child's wait status. */
static int in_child(void (*fn)(char *), char *arg)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return ut_wait(pid);
}

static void store(char *p)
{
	*(volatile char *)p = 1;
}

static void load(char *p)
{
	(void)*(volatile char *)p;
}

static void check_anon(void)
{
	char *p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i, sum = 0;

	CHECK(p != MAP_FAILED);
	CHECK_EQ((uintptr_t)p % PAGE, 0);
	for (i = 0; i < 8 * PAGE; i++)
		sum += (unsigned char)p[i];
	CHECK_EQ(sum, 0);
	memset(p, 0x5a, 8 * PAGE);
	CHECK_EQ(p[8 * PAGE - 1], 0x5a);

	/* Unmap the middle: the rest stays, the hole faults. */
	CHECK_OK(munmap(p + 2 * PAGE, 2 * PAGE));
	CHECK_EQ(p[PAGE], 0x5a);
	CHECK_EQ(p[5 * PAGE], 0x5a);
	CHECK_SIGNALED(in_child(load, p + 2 * PAGE) & 0x7f, SIGSEGV);
	CHECK_OK(munmap(p, 8 * PAGE));	/* holes inside are fine */
	CHECK_SIGNALED(in_child(load, p) & 0x7f, SIGSEGV);
	ut_ok("anonymous mmap, munmap");
}

static void check_mprotect(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	p[0] = 'r';
	CHECK_OK(mprotect(p, PAGE, PROT_READ));
	CHECK_EQ(p[0], 'r');
	CHECK_SIGNALED(in_child(store, p) & 0x7f, SIGSEGV);
	p[PAGE] = 'w';	/* the second page is still writable */
	CHECK_OK(mprotect(p, PAGE, PROT_NONE));
	CHECK_SIGNALED(in_child(load, p) & 0x7f, SIGSEGV);
	CHECK_OK(mprotect(p, PAGE, PROT_READ | PROT_WRITE));
	CHECK_EQ(p[0], 'r');	/* contents survived */
	p[0] = 'x';
	CHECK_OK(munmap(p, 2 * PAGE));
	CHECK_ERR(mprotect(p, PAGE, PROT_READ), ENOMEM);
	ut_ok("mprotect");
}

static void check_file_private(void)
{
	char buf[8];
	char *p;
	int fd;

	ut_write_file("data", "file contents");
	fd = CHECK_OK(open("data", O_RDWR));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(!memcmp(p, "file contents", 13));
	CHECK_EQ(p[13], 0);	/* the rest of the page is zero */
	p[0] = 'F';
	CHECK_EQ(pread(fd, buf, 4, 0), 4);
	CHECK(!memcmp(buf, "file", 4));	/* private: the file is unchanged */
	CHECK_OK(munmap(p, PAGE));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open("data", O_WRONLY));
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
	CHECK_OK(close(fd));
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	ut_ok("private file mapping");
}

static void check_fixed(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;

	CHECK(p != MAP_FAILED);
	memset(p, 'o', 4 * PAGE);
	q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE);
	CHECK_EQ(q[0], 0);	/* a fresh page replaced the old one */
	CHECK_EQ(p[0], 'o');
	CHECK_EQ(p[2 * PAGE], 'o');
	/*
	 * MAP_FIXED_NOREPLACE never replaces: EEXIST, or (qemu-user, kernels
	 * before 4.17) the flag read as a hint and another address returned.
	 */
	q = mmap(p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(q == MAP_FAILED ? errno == EEXIST : q != p);
	if (q != MAP_FAILED)
		munmap(q, PAGE);	/* unchecked: the count must not vary */
	CHECK_EQ(p[0], 'o');
	CHECK_ERR((long)mmap(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			     MAP_FIXED, -1, 0), EINVAL);
	CHECK_OK(munmap(p, 4 * PAGE));
	ut_ok("MAP_FIXED, MAP_FIXED_NOREPLACE");
}

static void check_bad_args(void)
{
	CHECK_ERR((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1), EINVAL);
	CHECK_ERR(munmap((void *)(PAGE + 1), PAGE), EINVAL);
	CHECK_ERR(munmap(NULL, 0), EINVAL);
	ut_ok("EINVAL for bad arguments");
}

/* The raw brk system call: musl's sbrk() refuses to move the break. */
static char *brk_to(char *addr)
{
	return (char *)syscall(SYS_brk, addr);
}

static void check_brk(void)
{
	char *start = brk_to(NULL), *p;

	CHECK(start != NULL);
	p = (char *)(((uintptr_t)start + PAGE - 1) & ~(PAGE - 1));
	CHECK(brk_to(p + 3 * PAGE) == p + 3 * PAGE);
	CHECK(brk_to(NULL) == p + 3 * PAGE);
	memset(p, 'b', 3 * PAGE);
	CHECK_EQ(p[3 * PAGE - 1], 'b');
	CHECK(brk_to(p + PAGE) == p + PAGE);
	CHECK_EQ(p[0], 'b');
	CHECK(brk_to(p + 3 * PAGE) == p + 3 * PAGE);
	CHECK_EQ(p[2 * PAGE], 0);	/* pages given back come back zeroed */
	/* A break below the start is refused: the old break is returned. */
	CHECK(brk_to(start - 16 * PAGE) == p + 3 * PAGE);
	CHECK(brk_to(start) == start);
	ut_ok("brk grows, shrinks, and zero-fills");
}

static void check_cow(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static char heapish[PAGE] = "data segment";
	int c2p[2], p2c[2];
	pid_t pid;
	char c;

	CHECK(p != MAP_FAILED);
	memset(p, 'P', 4 * PAGE);
	CHECK_OK(pipe(c2p));
	CHECK_OK(pipe(p2c));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		/* Child writes; then checks the parent's later write is unseen. */
		p[0] = 'C';
		heapish[0] = 'C';
		if (write(c2p[1], "w", 1) != 1 || read(p2c[0], &c, 1) != 1)
			_exit(1);
		if (p[PAGE] != 'P' || p[0] != 'C' || heapish[1] != 'a')
			_exit(2);
		_exit(0);
	}
	CHECK_EQ(read(c2p[0], &c, 1), 1);
	CHECK_EQ(p[0], 'P');
	CHECK_EQ(heapish[0], 'd');
	p[PAGE] = 'Q';
	heapish[1] = 'Q';
	CHECK_EQ(write(p2c[1], "g", 1), 1);
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_EQ(p[PAGE], 'Q');
	CHECK_OK(munmap(p, 4 * PAGE));
	CHECK_OK(close(c2p[0]));
	CHECK_OK(close(c2p[1]));
	CHECK_OK(close(p2c[0]));
	CHECK_OK(close(p2c[1]));
	ut_ok("copy-on-write after fork, both ways");
}

static void check_madvise(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	memset(p, 'm', 2 * PAGE);
	CHECK_OK(madvise(p, PAGE, MADV_DONTNEED));
	CHECK_EQ(p[0], 0);	/* private anonymous memory reads as zero */
	CHECK_EQ(p[PAGE], 'm');
	CHECK_OK(munmap(p, 2 * PAGE));
	ut_ok("madvise(MADV_DONTNEED)");
}

static void check_many(void)
{
	char *maps[64];
	int i;

	for (i = 0; i < 64; i++) {
		maps[i] = mmap(NULL, PAGE * (1 + i % 3), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(maps[i] != MAP_FAILED);
		maps[i][0] = (char)i;
	}
	for (i = 0; i < 64; i++) {
		CHECK_EQ(maps[i][0], (char)i);
		CHECK_OK(munmap(maps[i], PAGE * (1 + i % 3)));
	}
	ut_ok("64 mappings");
}

int main(void)
{
	ut_begin("mman");
	ut_scratch();
	check_anon();
	check_mprotect();
	check_file_private();
	check_fixed();
	check_bad_args();
	check_brk();
	check_cow();
	check_madvise();
	check_many();
	return ut_pass();
}
