/*
 * hal/riscv64/hart.h - the per-hart block that tp points at.
 *
 * While a hart runs kernel code, tp holds the address of its struct rv_hart
 * (set in boot.S before any C runs). The block names the logical CPU, the
 * hart id, the kernel's per-CPU pointer and the stacks the trap entry may
 * need. The same block is the "start block" a secondary hart reads in boot.S
 * (physical address in a1 from SBI HSM).
 *
 * While the hart runs user code, tp is the user's and sscratch holds the
 * block's address instead (0 in the kernel): the trap entry swaps the two and
 * so tells user traps from kernel ones (see trap.S and user.c). The fields
 * from kernel_sp to trap_status belong to the trap entry and user.c and are
 * touched only by their own hart with interrupts disabled.
 *
 * The RV_HART_* offsets are used from assembly; the C struct below is checked
 * against them.
 */
#ifndef RUX_HAL_RISCV64_HART_H
#define RUX_HAL_RISCV64_HART_H

#define RV_HART_HARTID	    8
#define RV_HART_OVERFLOW_SP 24
#define RV_HART_STACK_TOP   32
#define RV_HART_BOOT_SATP   40
#define RV_HART_KERNEL_SATP 48
#define RV_HART_START_ENTRY 56
#define RV_HART_KERNEL_SP   80
#define RV_HART_USER_STATE  88
#define RV_HART_SCRATCH_T0  96
#define RV_HART_SCRATCH_TP  104
#define RV_HART_TRAP_CAUSE  112
#define RV_HART_TRAP_TVAL   120
#define RV_HART_TRAP_STATUS 128
#define RV_HART_SIZE	    160
#define RV_MAX_HARTS	    8 /* HAL_MAX_CPUS, for assembly */

#define RV_BOOT_STACK_SIZE     16384 /* boot CPU stack, with a guard page below */
#define RV_OVERFLOW_STACK_SIZE 4096  /* per-hart stack for kernel stack overflows */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"

struct hal_trapframe;

struct rv_hart {
	uint64_t cpu;	       /* logical CPU number */
	uint64_t hartid;       /* RISC-V hart id (mhartid) */
	void *local;	       /* hal_cpu_local() */
	uintptr_t overflow_sp; /* top of the emergency trap stack */
	uintptr_t stack_top;   /* top of the stack the CPU started on */
	/* Written by the boot CPU before hart_start, read once by boot.S: */
	uint64_t boot_satp;    /* early table with the identity map */
	uint64_t kernel_satp;  /* the final kernel page table */
	uintptr_t start_entry; /* high-half address to continue at */
	/* Set by trap.c just before trap_kernel_fault(), for the backtrace. */
	const struct hal_trapframe *fault_tf;
	uint32_t plic_context; /* PLIC context of this hart's S-mode */
	uint32_t intc_phandle; /* phandle of its interrupt controller */
	/* User mode (trap.S rv_user_enter and the user half of the vector): */
	uintptr_t kernel_sp;		   /* sp of hal_user_run() while in user mode */
	struct user_cpu_state *user_state; /* where the user registers go */
	uint64_t scratch_t0, scratch_tp;   /* the trap entry parks t0 and tp here */
	uint64_t trap_cause;		   /* scause, stval, sstatus of the user trap */
	uint64_t trap_tval;
	uint64_t trap_status;
	/* The user page table in satp (NULL: the kernel's). Written by its own
	 * hart only (pt.c); read by others to direct TLB shoot-downs. */
	struct hal_pt *active_pt;
	/* FP registers (user.c): loads so far, and the tag of the last one. */
	uint64_t fp_loads;
	uint64_t fp_loaded;
};

_Static_assert(offsetof(struct rv_hart, overflow_sp) == RV_HART_OVERFLOW_SP, "hart.h");
_Static_assert(offsetof(struct rv_hart, stack_top) == RV_HART_STACK_TOP, "hart.h");
_Static_assert(offsetof(struct rv_hart, boot_satp) == RV_HART_BOOT_SATP, "hart.h");
_Static_assert(offsetof(struct rv_hart, kernel_satp) == RV_HART_KERNEL_SATP, "hart.h");
_Static_assert(offsetof(struct rv_hart, start_entry) == RV_HART_START_ENTRY, "hart.h");
_Static_assert(offsetof(struct rv_hart, hartid) == RV_HART_HARTID, "hart.h");
_Static_assert(offsetof(struct rv_hart, kernel_sp) == RV_HART_KERNEL_SP, "hart.h");
_Static_assert(offsetof(struct rv_hart, user_state) == RV_HART_USER_STATE, "hart.h");
_Static_assert(offsetof(struct rv_hart, scratch_t0) == RV_HART_SCRATCH_T0, "hart.h");
_Static_assert(offsetof(struct rv_hart, scratch_tp) == RV_HART_SCRATCH_TP, "hart.h");
_Static_assert(offsetof(struct rv_hart, trap_cause) == RV_HART_TRAP_CAUSE, "hart.h");
_Static_assert(offsetof(struct rv_hart, trap_tval) == RV_HART_TRAP_TVAL, "hart.h");
_Static_assert(offsetof(struct rv_hart, trap_status) == RV_HART_TRAP_STATUS, "hart.h");
_Static_assert(sizeof(struct rv_hart) == RV_HART_SIZE, "hart.h");
_Static_assert(RV_MAX_HARTS == HAL_MAX_CPUS, "hart.h");

/* One block per possible CPU, indexed by logical CPU number. */
extern struct rv_hart rv_harts[HAL_MAX_CPUS];

/* The calling hart's block. */
static inline struct rv_hart *rv_this_hart(void)
{
	struct rv_hart *h;

	__asm__ __volatile__("mv %0, tp" : "=r"(h));
	return h;
}

#endif /* __ASSEMBLER__ */
#endif /* RUX_HAL_RISCV64_HART_H */
