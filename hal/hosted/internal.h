/* hal/hosted/internal.h - shared between the hosted HAL's own files. */
#ifndef RUX_HAL_HOSTED_INTERNAL_H
#define RUX_HAL_HOSTED_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/* Deliver what waits for the calling CPU (due timer, IPI, console input on
 * CPU 0) if interrupts are on, then offer the scheduler a preemption point. */
void hosted_deliver_interrupts(void);
/* Does something wait for CPU @cpu: its due timer, an IPI, console or
 * device input (CPU 0)? */
bool hosted_interrupt_pending(unsigned int cpu);
/* Kernel code ran for @ns (a spinning CPU); interrupts are not taken here. */
void hosted_kernel_time_passed(uint64_t ns);

/* ---- the simulated CPUs (cpu.c) ----------------------------------------- */

/* CPUs the machine has (hosted_set_nr_cpus()). */
unsigned int hosted_nr_cpus(void);
/* True for the boot CPU and the CPUs hal_cpu_start() started. */
bool hosted_cpu_started(unsigned int cpu);
/* CPU @cpu's interrupt flag. */
bool hosted_cpu_irqs_on(unsigned int cpu);
/* The calling CPU waits for an interrupt (true) or runs again (false). */
void hosted_cpu_set_idle(bool idle);
/* Give the host thread to the next CPU that wants it. False when none
 * does; otherwise returns once some CPU switches back to this one. */
bool hosted_cpu_yield(void);
/* Is an IPI pending for @cpu? */
bool hosted_ipi_pending(unsigned int cpu);
/* Clear the calling CPU's pending IPI; true when there was one. */
bool hosted_ipi_take(void);
/* When the running CPU's turn in user mode ends (UINT64_MAX: one CPU). */
uint64_t hosted_turn_end_ns(void);

/* ---- devices -------------------------------------------------------------- */

/* Console input (console.c): is any waiting? Waits up to @timeout_ms
 * (-1: for ever); false at once when the input is off or closed. */
bool hosted_console_pending(int timeout_ms);
/* Hand what is waiting (a chunk) to console_receive(); interrupts are off. */
void hosted_console_take(void);
/* True while console input is on and not at end of file. */
bool hosted_console_input_open(void);

/* boot.c: is [@pa, @pa + @len) all RAM? (for device models' DMA) */
bool hosted_ram_contains(uint64_t pa, uint64_t len);
/* devices.c: some device raised its interrupt line and its handlers have
 * not run yet (they run on CPU 0, clock.c). */
bool hosted_device_irq_pending(void);
/* devices.c: call the handlers of every raised line, until none is left
 * raised; interrupts are off. */
void hosted_device_irqs_take(void);

#endif /* RUX_HAL_HOSTED_INTERNAL_H */
