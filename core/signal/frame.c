/*
 * core/signal/frame.c - the riscv64 signal frame, exactly as Linux lays it
 * out, built from and restored into struct user_cpu_state.
 *
 * The frame (struct linux_rt_sigframe: siginfo, then ucontext) goes below
 * the interrupted sp, or at the top of the alternate stack for SA_ONSTACK
 * handlers when the thread is not already on it, 16-byte aligned. The
 * handler starts with a0 = signal, a1 = &frame->info, a2 = &frame->uc,
 * sp = frame and ra = the vDSO's sigreturn trampoline.
 *
 * These functions only compute: the caller copies the frame to user
 * memory and updates masks. No locks.
 */
#include "lib/string.h"
#include "signal/signal.h"

/* Is @sp inside the alternate stack (which grows down from ss_sp + ss_size)? */
static bool on_altstack(uint64_t ss_sp, uint64_t ss_size, uint32_t ss_flags, uint64_t sp)
{
	if (ss_flags & SS_AUTODISARM)
		return false;
	return sp > ss_sp && sp - ss_sp <= ss_size;
}

int signal_altstack_flags(uint64_t ss_sp, uint64_t ss_size, uint32_t ss_flags, uint64_t sp)
{
	if (ss_size == 0)
		return SS_DISABLE;
	return on_altstack(ss_sp, ss_size, ss_flags, sp) ? SS_ONSTACK : 0;
}

static void save_regs(struct linux_sigcontext *sc, const struct user_cpu_state *u)
{
	sc->sc_regs = u->regs;
	memcpy(sc->sc_fpregs.d.f, u->fp.f, sizeof(u->fp.f));
	sc->sc_fpregs.d.fcsr = u->fp.fcsr;
}

uint64_t signal_frame_setup(const struct user_cpu_state *u, const struct signal_frame_args *a,
			    struct linux_rt_sigframe *frame)
{
	uint64_t size = (sizeof(*frame) + 15) & ~15ull;
	uint64_t sp = u->regs.sp;
	uint64_t addr;

	if (on_altstack(a->ss_sp, a->ss_size, a->ss_flags, sp) &&
	    !on_altstack(a->ss_sp, a->ss_size, a->ss_flags, sp - size))
		return 0; /* the alternate stack overflows */
	if ((a->action->sa_flags & SA_ONSTACK) &&
	    signal_altstack_flags(a->ss_sp, a->ss_size, a->ss_flags, sp) == 0)
		sp = a->ss_sp + a->ss_size;
	if (sp < size)
		return 0;
	addr = (sp - size) & ~15ull;

	memset(frame, 0, sizeof(*frame));
	frame->info = *a->info;
	frame->uc.uc_flags = 0;
	frame->uc.uc_link = 0;
	frame->uc.uc_stack.ss_sp = a->ss_sp;
	frame->uc.uc_stack.ss_size = a->ss_size;
	frame->uc.uc_stack.ss_flags =
	    signal_altstack_flags(a->ss_sp, a->ss_size, a->ss_flags, u->regs.sp) |
	    (int32_t)a->ss_flags;
	frame->uc.uc_sigmask = a->old_mask;
	save_regs(&frame->uc.uc_mcontext, u);
	return addr;
}

void signal_frame_enter(struct user_cpu_state *u, const struct signal_frame_args *a, uint64_t addr)
{
	u->regs.pc = a->action->sa_handler;
	u->regs.sp = addr;
	u->regs.ra = a->trampoline;
	u->regs.a0 = (uint64_t)a->sig;
	u->regs.a1 = addr + __builtin_offsetof(struct linux_rt_sigframe, info);
	u->regs.a2 = addr + __builtin_offsetof(struct linux_rt_sigframe, uc);
}

void signal_frame_restore(struct user_cpu_state *u, const struct linux_rt_sigframe *frame)
{
	const struct linux_sigcontext *sc = &frame->uc.uc_mcontext;

	u->regs = sc->sc_regs;
	memcpy(u->fp.f, sc->sc_fpregs.d.f, sizeof(u->fp.f));
	u->fp.fcsr = sc->sc_fpregs.d.fcsr;
	hal_user_fp_changed(u);
}

static const uint32_t trampoline[] = {
    0x08b00893, /* li a7, 139 (__NR_rt_sigreturn) */
    0x00000073, /* ecall */
};

const void *signal_trampoline_code(size_t *len)
{
	*len = sizeof(trampoline);
	return trampoline;
}
