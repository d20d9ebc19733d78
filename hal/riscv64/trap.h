/*
 * hal/riscv64/trap.h - the layouts trap.S and fpu.S share with C.
 *
 * Kernel traps: trap.S saves all 31 general registers and the trap CSRs in a
 * struct hal_trapframe on the kernel stack, then calls rv_trap(tf). The frame
 * ends with a frame record {s0, sepc} that s0 points just past, so a
 * frame-pointer walk goes from the handler straight into the interrupted
 * function.
 *
 * User traps: the registers go into the struct user_cpu_state that
 * rv_user_enter() ran (UR_* offsets), the trap CSRs into the hart block.
 */
#ifndef RUX_HAL_RISCV64_TRAP_H
#define RUX_HAL_RISCV64_TRAP_H

/* Byte offsets, shared with trap.S. x<n> is saved at TF_X(n). */
#define TF_X(n)	   (((n)-1) * 8)
#define TF_SEPC	   248
#define TF_SSTATUS 256
#define TF_SCAUSE  264
#define TF_STVAL   272
#define TF_REC_FP  288
#define TF_REC_RA  296
#define TF_SIZE	   304

/* scause exception codes (trap.S checks the page faults for a kernel stack
 * overflow; user.c turns them all into enum hal_user_exit). */
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS	     1
#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/* struct user_cpu_state (hal.h): x<n> at UR_X(n), pc in place of x0, then
 * the D-extension registers f<n> at UR_F(n) and fcsr. */
#define UR_PC	0
#define UR_X(n) ((n)*8)
#define UR_F(n) (256 + (n)*8)
#define UR_FCSR 512

/* What rv_user_enter() keeps on the kernel stack while user code runs. */
#define UF_RA	0
#define UF_GP	8
#define UF_S(n) (16 + (n)*8)
#define UF_SIZE 112

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"

struct hal_trapframe {
	uint64_t x[31]; /* x1 (ra) .. x31 (t6); x[n - 1] is register xn */
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t pad;
	uint64_t rec_fp; /* frame record: interrupted s0 */
	uint64_t rec_ra; /* frame record: sepc */
};

_Static_assert(offsetof(struct hal_trapframe, sepc) == TF_SEPC, "trap.h");
_Static_assert(offsetof(struct hal_trapframe, stval) == TF_STVAL, "trap.h");
_Static_assert(offsetof(struct hal_trapframe, rec_fp) == TF_REC_FP, "trap.h");
_Static_assert(sizeof(struct hal_trapframe) == TF_SIZE, "trap.h");
_Static_assert(TF_SIZE % 16 == 0, "the stack stays 16-byte aligned");

_Static_assert(offsetof(struct user_cpu_state, regs.ra) == UR_X(1), "trap.h");
_Static_assert(offsetof(struct user_cpu_state, regs.tp) == UR_X(4), "trap.h");
_Static_assert(offsetof(struct user_cpu_state, regs.t6) == UR_X(31), "trap.h");
_Static_assert(offsetof(struct user_cpu_state, fp.f[0]) == UR_F(0), "trap.h");
_Static_assert(offsetof(struct user_cpu_state, fp.fcsr) == UR_FCSR, "trap.h");
_Static_assert(UF_SIZE % 16 == 0 && UF_S(12) <= UF_SIZE, "trap.h");

#define TF_REG_SP 2

/* Called by trap.S with interrupts disabled. */
void rv_trap(struct hal_trapframe *tf);
/* Handle interrupt @cause (scause without its top bit) with interrupts
 * disabled; false if it is not one the HAL enables. */
bool rv_interrupt(uint64_t cause);
/* Run user code from @state until it traps (trap.S; see user.c). */
void rv_user_enter(struct user_cpu_state *state);
/* Save / load the D-extension registers of @state (fpu.S). */
void rv_fp_save(struct user_cpu_state *state);
void rv_fp_restore(const struct user_cpu_state *state);

#endif /* __ASSEMBLER__ */
#endif /* RUX_HAL_RISCV64_TRAP_H */
