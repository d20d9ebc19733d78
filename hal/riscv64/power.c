/*
 * hal/riscv64/power.c - power off, reset, the real-time clock and boot
 * entropy.
 *
 * Power goes through QEMU's sifive,test device when the device tree has one
 * (QEMU then exits with the status we pass), else through SBI SRST.
 */
#include "hal/hal.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "hal/riscv64/sbi.h"
#include "lib/compiler.h"

#define TEST_PASS  0x5555
#define TEST_FAIL  0x3333 /* | exit code << 16 */
#define TEST_RESET 0x7777

#define GOLDFISH_TIME_LOW  0x00 /* reading it latches TIME_HIGH */
#define GOLDFISH_TIME_HIGH 0x04

static __noreturn void halt(void)
{
	for (;;)
		rv_wfi();
}

static void test_device_write(uint32_t value)
{
	if (rv_platform.test_base)
		*(volatile uint32_t *)rv_mmio(rv_platform.test_base) = value;
}

__noreturn void hal_poweroff(int exit_code)
{
	hal_irq_disable();
	test_device_write(exit_code == 0 ? TEST_PASS : ((uint32_t)exit_code << 16) | TEST_FAIL);
	sbi_system_reset(SBI_RESET_SHUTDOWN,
			 exit_code == 0 ? SBI_RESET_NO_REASON : SBI_RESET_FAILURE);
	halt();
}

__noreturn void hal_reboot(void)
{
	hal_irq_disable();
	test_device_write(TEST_RESET);
	sbi_system_reset(SBI_RESET_COLD_REBOOT, SBI_RESET_NO_REASON);
	halt();
}

uint64_t hal_wall_clock_ns(void)
{
	volatile uint32_t *rtc;
	uint64_t lo;

	if (!rv_platform.rtc_base)
		return 0;
	rtc = rv_mmio(rv_platform.rtc_base);
	lo = rtc[GOLDFISH_TIME_LOW / 4];
	return (uint64_t)rtc[GOLDFISH_TIME_HIGH / 4] << 32 | lo;
}

/* splitmix64's finalizer: spreads the few changing bits of the clock. */
static uint64_t mix64(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t hal_random_seed(void)
{
	return mix64(rv_rdtime() ^ rv_platform.rng_seed ^ mix64(hal_wall_clock_ns()));
}
