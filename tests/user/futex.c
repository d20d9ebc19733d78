/*
 * tests/user/futex.c - futex(2) and the pthread primitives built on it:
 * raw FUTEX_WAIT/WAKE semantics and errors, a contended mutex, condition
 * variables (signal, broadcast, timed wait), pthread_join of a value, a
 * shared futex between processes in MAP_SHARED memory, and requeue.
 * (Robust mutexes are left out: qemu-user, which runs the Linux reference,
 * has no set_robust_list.)
 */
#include "ut.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

/* From <linux/futex.h>, which musl does not ship. */
#define FUTEX_WAIT		   0
#define FUTEX_WAKE		   1
#define FUTEX_REQUEUE		   3
#define FUTEX_CMP_REQUEUE	   4
#define FUTEX_WAIT_BITSET	   9
#define FUTEX_PRIVATE_FLAG	   128
#define FUTEX_WAIT_PRIVATE	   (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	   (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE	   (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE  (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE  (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)

static long futex(void *uaddr, int op, uint32_t val, const struct timespec *ts, void *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static void check_raw(void)
{
	static uint32_t word = 7;
	struct timespec short_wait = {0, 20000000}, bad = {0, 1000000000};

	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 8, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 7, &short_wait, NULL, 0), ETIMEDOUT);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 7, &bad, NULL, 0), EINVAL);
	CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	CHECK_ERR(futex((char *)&word + 1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 7, (void *)8, NULL, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 7, NULL, NULL, 0), EINVAL);
	ut_ok("FUTEX_WAIT and FUTEX_WAKE: EAGAIN, ETIMEDOUT, EINVAL, EFAULT");
}

#define THREADS	   4
#define INCREMENTS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add(void *arg)
{
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void check_mutex_and_join(void)
{
	pthread_t t[THREADS];
	void *ret;

	for (long i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, add, (void *)i), 0);
	for (long i = 0; i < THREADS; i++) {
		CHECK_EQ(pthread_join(t[i], &ret), 0);
		CHECK_EQ((long)ret, i);
	}
	CHECK_EQ(counter, THREADS * INCREMENTS);
	ut_ok("a contended mutex, pthread_join values");
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int stage, arrived;

static void *waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	arrived++;
	pthread_cond_broadcast(&cond);
	while (stage == 0)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return arg;
}

static void check_condvars(void)
{
	struct timespec deadline;
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, NULL), 0);
	pthread_mutex_lock(&lock);
	while (arrived < THREADS)
		pthread_cond_wait(&cond, &lock);
	stage = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 30000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	CHECK_EQ(pthread_cond_timedwait(&cond, &lock, &deadline), ETIMEDOUT);
	pthread_mutex_unlock(&lock);
	ut_ok("condition variables: broadcast, timed wait");
}

/* Shared between processes: a word in MAP_SHARED anonymous memory. */
static void check_shared(void)
{
	uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec pause = {0, 1000000};
	long woken = 0;
	int pid, status;

	CHECK(word != MAP_FAILED);
	*word = 0;
	pid = CHECK_OK(fork());
	if (pid == 0) {
		while (*word == 0)
			futex(word, FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(*word == 1 ? 0 : 1);
	}
	/* Wake the child once it sleeps: the wake then finds exactly it. */
	for (int i = 0; i < 5000 && woken == 0; i++) {
		nanosleep(&pause, NULL);
		*word = 1;
		woken = futex(word, FUTEX_WAKE, 1, NULL, NULL, 0);
		if (woken == 0)
			*word = 0;
	}
	*word = 1;
	futex(word, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_EQ(woken, 1);
	CHECK_OK(munmap(word, 4096));
	ut_ok("a shared futex wakes another process");
}

static uint32_t from_word, to_word;

static void *sleep_on_from(void *arg)
{
	while (__atomic_load_n(&from_word, __ATOMIC_SEQ_CST) == 0)
		futex(&from_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return arg;
}

static void check_requeue(void)
{
	struct timespec pause = {0, 1000000};
	pthread_t t[2];
	long moved = 0;

	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, sleep_on_from, NULL), 0);
	for (int i = 0; i < 5000 && moved < 2; i++) {
		nanosleep(&pause, NULL);
		moved += futex(&from_word, FUTEX_REQUEUE_PRIVATE, 0, (void *)2, &to_word, 0);
	}
	CHECK_EQ(moved, 2);
	CHECK_EQ(futex(&from_word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0), 0);
	__atomic_store_n(&from_word, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex(&to_word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0), 2);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	CHECK_ERR(futex(&from_word, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)1, &to_word, 5), EAGAIN);
	ut_ok("FUTEX_REQUEUE moves sleepers, CMP_REQUEUE checks the word");
}

int main(void)
{
	ut_begin("futex");
	check_raw();
	check_mutex_and_join();
	check_condvars();
	check_shared();
	check_requeue();
	return ut_pass();
}
