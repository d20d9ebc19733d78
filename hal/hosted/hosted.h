/*
 * hal/hosted/hosted.h - driving the hosted kernel from a host program
 * (unit tests, fuzzers, ruxsim). Not part of the HAL contract: only host-side
 * code includes this.
 */
#ifndef RUX_HAL_HOSTED_H
#define RUX_HAL_HOSTED_H

#include <stdint.h>

/* Physical address the hosted "RAM" starts at, as on QEMU virt. */
#define HOSTED_RAM_BASE 0x80000000ull

/*
 * Give the kernel @ram_bytes of RAM (one anonymous mapping) and the command
 * line @cmdline, then run kernel_early_init(): console, command line,
 * allocators. Exits the process with a message if the host refuses memory.
 */
void hosted_boot(uint64_t ram_bytes, const char *cmdline);
/* Release the RAM mapping; the kernel must not be used afterwards. */
void hosted_shutdown(void);
/* The page table hal_pt_activate() made current (NULL: none), for ruxsim. */
struct hal_pt *hosted_pt_active(void);
/* Move the simulated clock forward, firing the armed timer when it is due. */
void hosted_clock_advance(uint64_t ns);

#endif /* RUX_HAL_HOSTED_H */
