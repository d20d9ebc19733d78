/*
 * core/sched/nice.c - what a nice value is worth to the fair policy.
 *
 * Each nice level has a load weight, Linux's table: 1024 at nice 0, and
 * about 1.25 times more per step down (so one level apart, two busy
 * threads share a CPU about 55:45; five levels apart, about 3:1). A
 * thread's vruntime grows by its CPU time times 1024 / weight, so a heavy
 * thread's clock runs slow and it is picked proportionally more often.
 */
#include "lib/compiler.h"
#include "sched/thread.h"

/* Index: nice + 20. The values are Linux's sched_prio_to_weight[]. */
static const unsigned int nice_weights[SCHED_NICE_MAX - SCHED_NICE_MIN + 1] = {
    88761, 71755, 56483, 46273, 36291, /* -20 .. -16 */
    29154, 23254, 18705, 14949, 11916, /* -15 .. -11 */
    9548,  7620,  6100,	 4904,	3906,  /* -10 .. -6 */
    3121,  2501,  1991,	 1586,	1277,  /* -5 .. -1 */
    1024,  820,	  655,	 526,	423,   /* 0 .. 4 */
    335,   272,	  215,	 172,	137,   /* 5 .. 9 */
    110,   87,	  70,	 56,	45,    /* 10 .. 14 */
    36,	   29,	  23,	 18,	15,    /* 15 .. 19 */
};

unsigned int sched_nice_weight(int nice)
{
	nice = MAX(SCHED_NICE_MIN, MIN(SCHED_NICE_MAX, nice));
	return nice_weights[nice - SCHED_NICE_MIN];
}

uint64_t sched_vruntime_delta(uint64_t delta_ns, unsigned int weight)
{
	/* Deltas are a tick or so; capping absurd ones (over 200 days) keeps
	 * the product from overflowing. */
	delta_ns = MIN(delta_ns, UINT64_MAX / SCHED_NICE_0_LOAD);
	return delta_ns * SCHED_NICE_0_LOAD / weight;
}
