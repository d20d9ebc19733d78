/* core/init/init.h - bringing the kernel up. */
#ifndef RUX_INIT_INIT_H
#define RUX_INIT_INIT_H

#include "hal/hal.h"

/*
 * What every platform needs before anything else: per-CPU state of the boot
 * CPU, the command line, the page and slab allocators. The hosted HAL calls
 * this alone; kernel_main() calls it and goes on to start the machine.
 */
void kernel_early_init(const struct boot_info *bi);

/* Run what rux.selftest= asks for and power off; returns if it is unset. */
void selftest_main(void);

#endif /* RUX_INIT_INIT_H */
