/*
 * hal/hosted/machine.c - console, power and the odds and ends of the hosted
 * machine: the console is the process's standard output, power-off is exit().
 */
#include <execinfo.h>
#include <stdlib.h>
#include <unistd.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"

/* Fixed, so that hosted runs are reproducible; ruxsim --seed changes it. */
static uint64_t random_seed = 0x5275782073656564ull;

void hal_console_write(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

void hal_poweroff(int exit_code)
{
	exit(exit_code);
}

void hal_reboot(void)
{
	exit(0);
}

uint64_t hal_random_seed(void)
{
	return random_seed;
}

void hosted_set_random_seed(uint64_t seed)
{
	random_seed = seed;
}

void hal_panic_backtrace(void)
{
	void *frames[32];
	int n = backtrace(frames, 32);

	backtrace_symbols_fd(frames, n, STDOUT_FILENO);
}
