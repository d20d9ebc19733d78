/*
 * core/uapi/ucontext.h - what riscv64 Linux puts on the user stack when it
 * delivers a signal, and what rt_sigreturn(2) reads back.
 *
 * The frame is struct linux_rt_sigframe at the new (16-byte aligned) stack
 * pointer: the siginfo, then the ucontext holding the interrupted registers.
 * The handler gets a0 = signal, a1 = &frame->info, a2 = &frame->uc, and
 * returns through ra to the sigreturn trampoline.
 *
 * The 16-byte alignment of the FP state leaves an 8-byte hole before
 * uc_mcontext: zero the frame before filling it in, as it is copied out whole.
 */
#ifndef RUX_UAPI_UCONTEXT_H
#define RUX_UAPI_UCONTEXT_H

#include "uapi/signal.h"
#include "uapi/types.h"

/* The integer registers, in ptrace / core dump order (pc instead of x0). */
struct linux_user_regs {
	uint64_t pc;
	uint64_t ra;
	uint64_t sp;
	uint64_t gp;
	uint64_t tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
};

/* Floating-point state: which member is used depends on the F/D/Q extension. */
struct linux_riscv_f_state {
	uint32_t f[32];
	uint32_t fcsr;
};

struct linux_riscv_d_state {
	uint64_t f[32];
	uint32_t fcsr;
};

struct linux_riscv_q_state {
	uint64_t f[64] __attribute__((aligned(16)));
	uint32_t fcsr;
	uint32_t reserved[3];
};

union linux_riscv_fp_state {
	struct linux_riscv_f_state f;
	struct linux_riscv_d_state d;
	struct linux_riscv_q_state q;
};

struct linux_sigcontext {
	struct linux_user_regs sc_regs;
	union linux_riscv_fp_state sc_fpregs;
};

/* The signal mask has room for 1024 signals; only the first 64 exist. */
#define LINUX_UC_SIGMASK_BYTES	(1024 / 8)

struct linux_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;		/* user address, unused by the kernel */
	struct linux_stack_t uc_stack;
	linux_sigset_t uc_sigmask;
	uint8_t uc_sigmask_pad[LINUX_UC_SIGMASK_BYTES - sizeof(linux_sigset_t)];
	struct linux_sigcontext uc_mcontext;
};

struct linux_rt_sigframe {
	struct linux_siginfo info;
	struct linux_ucontext uc;
};

#endif /* RUX_UAPI_UCONTEXT_H */
