/*
 * hal/riscv64/sbi.h - calls into the SBI firmware (OpenSBI) below S-mode.
 *
 * Each call returns the SBI error code (0 or a negative SBI_ERR_*).
 */
#ifndef RUX_HAL_RISCV64_SBI_H
#define RUX_HAL_RISCV64_SBI_H

#include <stdint.h>

#define SBI_ERR_ALREADY_AVAILABLE (-6)

/* SRST reset types and reasons. */
#define SBI_RESET_SHUTDOWN    0
#define SBI_RESET_COLD_REBOOT 1
#define SBI_RESET_NO_REASON   0
#define SBI_RESET_FAILURE     1

/* Legacy console: print one byte (works on every OpenSBI). */
void sbi_console_putchar(char c);
/* Program the S-mode timer for absolute time @stime_value (time CSR ticks). */
long sbi_set_timer(uint64_t stime_value);
/* Raise a software interrupt on hart @hartid. */
long sbi_send_ipi(unsigned long hartid);
/* Start hart @hartid at physical @start_addr with a1 = @opaque. */
long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque);
/*
 * Make the harts hart_mask_base + i (bit i of @hart_mask) forget their
 * translations of [@start, @start + @size); size ~0ul: all of them. Returns
 * once they have.
 */
long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size);
/* System reset; returns only on failure. */
long sbi_system_reset(uint32_t type, uint32_t reason);
#endif /* RUX_HAL_RISCV64_SBI_H */
