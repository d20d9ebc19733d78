/*
 * hal/riscv64/trap.c - what to do with a trap trap.S has saved.
 *
 * Interrupts: supervisor timer -> trap_timer() (the timer is disarmed first;
 * the kernel re-arms it), supervisor software (IPI) -> trap_ipi(), external
 * -> the PLIC; then sched_preempt_point(), as the interrupted kernel code had
 * interrupts enabled. The same handlers serve interrupts taken in user mode
 * (user.c). Any exception in kernel mode is fatal: print a decoded report
 * and the registers, then trap_kernel_fault(), which panics.
 */
#include "hal/riscv64/trap.h"
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/kallsyms.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/riscv.h"
#include "lib/compiler.h"
#include "lib/printk.h"

static const char *const exception_names[] = {
    [0] = "instruction address misaligned",
    [1] = "instruction access fault",
    [2] = "illegal instruction",
    [3] = "breakpoint",
    [4] = "load address misaligned",
    [5] = "load access fault",
    [6] = "store address misaligned",
    [7] = "store access fault",
    [8] = "environment call from user mode",
    [9] = "environment call from supervisor mode",
    [12] = "instruction page fault",
    [13] = "load page fault",
    [15] = "store page fault",
};

static const char *const reg_names[31] = {
    "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0", "a1",
    "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5", "s6",
    "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *trap_name(uint64_t scause)
{
	if (scause & SCAUSE_INTERRUPT)
		return "unexpected interrupt";
	if (scause < ARRAY_SIZE(exception_names) && exception_names[scause])
		return exception_names[scause];
	return "unknown exception";
}

/* trap.S moved to the emergency stack: the fault was a stack overflow. */
static bool on_overflow_stack(const struct hal_trapframe *tf)
{
	uintptr_t top = rv_this_hart()->overflow_sp;

	return (uintptr_t)tf < top && (uintptr_t)tf >= top - RV_OVERFLOW_STACK_SIZE;
}

static void dump_regs(const struct hal_trapframe *tf)
{
	for (int i = 0; i < 31; i += 3) {
		char line[96];
		int n = 0;

		for (int j = i; j < i + 3 && j < 31; j++)
			n += kscnprintf(line + n, sizeof(line) - n, " %3s %016llx", reg_names[j],
					(unsigned long long)tf->x[j]);
		printk("%s\n", line);
	}
	printk(" sepc %016llx sstatus %016llx\n", (unsigned long long)tf->sepc,
	       (unsigned long long)tf->sstatus);
}

static __noreturn void kernel_fault(const struct hal_trapframe *tf)
{
	const char *name = trap_name(tf->scause);
	const char *sym;
	uintptr_t off;
	char what[96];

	sym = kallsyms_lookup(tf->sepc, &off);
	printk("trap: %s (scause 0x%llx) at sepc 0x%llx <%s+0x%lx> stval 0x%llx\n", name,
	       (unsigned long long)tf->scause, (unsigned long long)tf->sepc, sym ? sym : "?",
	       (unsigned long)off, (unsigned long long)tf->stval);
	if (on_overflow_stack(tf))
		printk("trap: kernel stack overflow (sp 0x%llx)\n",
		       (unsigned long long)tf->x[TF_REG_SP - 1]);
	dump_regs(tf);
	rv_this_hart()->fault_tf = tf;
	ksnprintf(what, sizeof(what), "%s%s at 0x%llx",
		  on_overflow_stack(tf) ? "kernel stack overflow: " : "", name,
		  (unsigned long long)tf->stval);
	trap_kernel_fault(what);
}

bool rv_interrupt(uint64_t cause)
{
	switch (cause) {
	case IRQ_S_TIMER:
		rv_timer_disarm();
		trap_timer();
		return true;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		trap_ipi();
		return true;
	case IRQ_S_EXT:
		rv_plic_interrupt();
		return true;
	default:
		return false;
	}
}

void rv_trap(struct hal_trapframe *tf)
{
	if (!(tf->scause & SCAUSE_INTERRUPT) || !rv_interrupt(tf->scause & ~SCAUSE_INTERRUPT))
		kernel_fault(tf);
	/*
	 * The interrupted thread had interrupts enabled (else no interrupt
	 * could come), so it may be switched away from here; the frame stays
	 * on its stack until it runs again.
	 */
	if (tf->sstatus & SSTATUS_SPIE)
		sched_preempt_point();
}
