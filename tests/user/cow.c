/*
 * tests/user/cow.c - copy-on-write under pressure: eight children each
 * rewrite a 1 MiB region inherited from the parent and check that none sees
 * another's data; a chain of forks (child of a child) where every generation
 * writes; pages the parent wrote after forking stay private; and memory
 * freed in a child (munmap) is still mapped in the parent.
 */
#include "ut.h"

#define SIZE (1024 * 1024)

static unsigned long sum(const unsigned char *p, size_t n)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i < n; i += 512)
		s += p[i];
	return s;
}

static void check_many_children(void)
{
	unsigned char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pids[8];
	int i;

	CHECK(p != MAP_FAILED);
	memset(p, 1, SIZE);
	for (i = 0; i < 8; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0) {
			int round;

			for (round = 0; round < 3; round++) {
				memset(p, 10 + i, SIZE);
				if (sum(p, SIZE) != (unsigned long)(10 + i) * (SIZE / 512))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 8; i++)
		CHECK_EXITED(ut_wait(pids[i]), 0);
	CHECK_EQ(sum(p, SIZE), SIZE / 512);
	CHECK_OK(munmap(p, SIZE));
	ut_ok("eight children rewrite 1 MiB each");
}

/* Generation g writes g everywhere, forks g+1, and checks after it exits. */
static int generation(unsigned char *p, int g)
{
	pid_t pid;
	int status;

	memset(p, g, SIZE);
	if (g == 5)
		return 0;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(generation(p, g + 1));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 2;
	return sum(p, SIZE) == (unsigned long)g * (SIZE / 512) ? 0 : 3;
}

static void check_chain(void)
{
	unsigned char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK_EQ(generation(p, 1), 0);
	CHECK_EQ(sum(p, SIZE), SIZE / 512);
	CHECK_OK(munmap(p, SIZE));
	ut_ok("five generations of forks");
}

static void check_unmap_in_child(void)
{
	unsigned char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	CHECK(p != MAP_FAILED);
	memset(p, 7, SIZE);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (munmap(p, SIZE) != 0)
			_exit(1);
		_exit(0);
	}
	CHECK_EXITED(ut_wait(pid), 0);
	CHECK_EQ(sum(p, SIZE), 7UL * (SIZE / 512));
	p[0] = 8;
	CHECK_OK(munmap(p, SIZE));
	ut_ok("a child's munmap leaves the parent's mapping");
}

static void check_read_only_sharing(void)
{
	static const char text[] = "read-only data shared by fork";
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		_exit(strcmp(text, "read-only data shared by fork") ? 1 : 0);
	CHECK_EXITED(ut_wait(pid), 0);
	ut_ok("read-only data after fork");
}

int main(void)
{
	ut_begin("cow");
	check_many_children();
	check_chain();
	check_unmap_in_child();
	check_read_only_sharing();
	return ut_pass();
}
