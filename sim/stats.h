/*
 * sim/stats.h - what the simulated CPU did, for ruxsim --stats.
 */
#ifndef RUX_SIM_STATS_H
#define RUX_SIM_STATS_H

#include <stdint.h>

/* User instructions retired and traps taken (system calls, faults...) so far. */
void sim_cpu_stats(uint64_t *instructions, uint64_t *traps);

#endif /* RUX_SIM_STATS_H */
