/*
 * hal/riscv64/trap.h - the trap frame trap.S builds on the kernel stack.
 *
 * trap.S saves all 31 general registers and the trap CSRs here, then calls
 * rv_trap(tf). The frame ends with a frame record {s0, sepc} that s0 points
 * just past, so a frame-pointer walk goes from the handler straight into the
 * interrupted function. A later issue exposes accessors through hal.h.
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

/* scause values trap.S checks for a kernel stack overflow. */
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

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

#define TF_REG_SP 2

/* Called by trap.S with interrupts disabled. */
void rv_trap(struct hal_trapframe *tf);

#endif /* __ASSEMBLER__ */
#endif /* RUX_HAL_RISCV64_TRAP_H */
