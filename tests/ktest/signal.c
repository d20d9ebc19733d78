/*
 * tests/ktest/signal.c - the parts of the signal code that need no
 * process: pending sets and the order of delivery, default actions, the
 * riscv64 signal frame (layout against the Linux ABI, stack choice,
 * handler entry, sigreturn round trip) and the wait status words.
 */
#include "signal/signal.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "uapi/wait.h"

static struct linux_siginfo make_info(int sig, int code, int pid)
{
	struct linux_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.fields.kill.pid = pid;
	return info;
}

KTEST(signal, default_actions)
{
	KT_ASSERT_EQ(sig_default_action(SIGINT), SIG_DEFAULT_TERM);
	KT_ASSERT_EQ(sig_default_action(SIGKILL), SIG_DEFAULT_TERM);
	KT_ASSERT_EQ(sig_default_action(SIGSEGV), SIG_DEFAULT_CORE);
	KT_ASSERT_EQ(sig_default_action(SIGQUIT), SIG_DEFAULT_CORE);
	KT_ASSERT_EQ(sig_default_action(SIGTSTP), SIG_DEFAULT_STOP);
	KT_ASSERT_EQ(sig_default_action(SIGSTOP), SIG_DEFAULT_STOP);
	KT_ASSERT_EQ(sig_default_action(SIGCONT), SIG_DEFAULT_CONT);
	KT_ASSERT_EQ(sig_default_action(SIGCHLD), SIG_DEFAULT_IGNORE);
	KT_ASSERT_EQ(sig_default_action(SIGURG), SIG_DEFAULT_IGNORE);
	KT_ASSERT_EQ(sig_default_action(SIGWINCH), SIG_DEFAULT_IGNORE);
	KT_ASSERT_EQ(sig_default_action(SIGRTMIN + 3), SIG_DEFAULT_TERM);
	KT_ASSERT_EQ(sig_bit(SIGHUP), 1);
	KT_ASSERT_EQ(sig_bit(SIGRTMAX), 1ull << 63);
}

KTEST(signal, lowest_number_first_faults_before_all)
{
	struct sigpending p;
	struct linux_siginfo info;

	sigpending_init(&p);
	KT_ASSERT_EQ(sigpending_next(&p, 0), 0);
	KT_ASSERT_EQ(sigpending_add(&p, &(struct linux_siginfo){.si_signo = SIGTERM}), 0);
	KT_ASSERT_EQ(sigpending_add(&p, &(struct linux_siginfo){.si_signo = SIGHUP}), 0);
	KT_ASSERT_EQ(sigpending_add(&p, &(struct linux_siginfo){.si_signo = SIGSEGV}), 0);
	KT_ASSERT_EQ(sigpending_next(&p, 0), SIGSEGV);
	KT_ASSERT_EQ(sigpending_next(&p, sig_bit(SIGSEGV)), SIGHUP);
	KT_ASSERT_EQ(sigpending_next(&p, sig_bit(SIGSEGV) | sig_bit(SIGHUP)), SIGTERM);
	KT_ASSERT_EQ(sigpending_next(&p, ~0ull), 0);
	sigpending_take(&p, SIGSEGV, &info);
	KT_ASSERT_EQ(info.si_signo, SIGSEGV);
	KT_ASSERT_EQ(sigpending_next(&p, 0), SIGHUP);
	sigpending_flush_mask(&p, ~0ull);
	KT_ASSERT_EQ(p.set, 0);
	KT_ASSERT(list_empty(&p.queue));
}

KTEST(signal, standard_signals_merge_realtime_queue)
{
	struct sigpending p;
	struct linux_siginfo a = make_info(SIGUSR1, SI_USER, 10);
	struct linux_siginfo b = make_info(SIGUSR1, SI_USER, 11);
	struct linux_siginfo r1 = make_info(SIGRTMIN + 1, SI_QUEUE, 20);
	struct linux_siginfo r2 = make_info(SIGRTMIN + 1, SI_QUEUE, 21);
	struct linux_siginfo out;

	sigpending_init(&p);
	sigpending_add(&p, &a);
	sigpending_add(&p, &b);
	sigpending_add(&p, &r1);
	sigpending_add(&p, &r2);
	sigpending_take(&p, SIGUSR1, &out);
	KT_ASSERT_EQ(out.fields.kill.pid, 10); /* the first send's siginfo */
	KT_ASSERT(!(p.set & sig_bit(SIGUSR1)));
	sigpending_take(&p, SIGRTMIN + 1, &out);
	KT_ASSERT_EQ(out.fields.kill.pid, 20);
	KT_ASSERT(p.set & sig_bit(SIGRTMIN + 1)); /* one more queued */
	sigpending_take(&p, SIGRTMIN + 1, &out);
	KT_ASSERT_EQ(out.fields.kill.pid, 21);
	KT_ASSERT_EQ(p.set, 0);
	/* A signal pending without a queued siginfo reads as SI_KERNEL. */
	p.set = sig_bit(SIGALRM);
	sigpending_take(&p, SIGALRM, &out);
	KT_ASSERT_EQ(out.si_signo, SIGALRM);
	KT_ASSERT_EQ(out.si_code, SI_KERNEL);
	KT_ASSERT_EQ(p.set, 0);
}

KTEST(signal, frame_layout_is_linux_riscv64)
{
	KT_ASSERT_EQ(sizeof(struct linux_siginfo), 128);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_siginfo, fields), 16);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_siginfo, fields.fault.addr), 16);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_siginfo, fields.chld.status), 24);
	KT_ASSERT_EQ(sizeof(struct linux_sigaction), 24);
	KT_ASSERT_EQ(sizeof(struct linux_stack_t), 24);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_ucontext, uc_stack), 16);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_ucontext, uc_sigmask), 40);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_ucontext, uc_mcontext), 176);
	KT_ASSERT_EQ(sizeof(struct linux_sigcontext), 784);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_sigcontext, sc_fpregs), 256);
	KT_ASSERT_EQ(sizeof(struct linux_ucontext), 960);
	KT_ASSERT_EQ(__builtin_offsetof(struct linux_rt_sigframe, uc), 128);
	KT_ASSERT_EQ(sizeof(struct linux_rt_sigframe), 1088);
}

KTEST(signal, wait_status_words)
{
	KT_ASSERT_EQ(LINUX_W_STOPCODE(SIGTSTP), 0x147f);
	KT_ASSERT_EQ(LINUX_W_STOPCODE(SIGSTOP), 0x137f);
	KT_ASSERT_EQ(LINUX_W_CONTINUED, 0xffff);
	KT_ASSERT_EQ(LINUX_W_SIGNALED(SIGSEGV, true), 0x8b);
	KT_ASSERT_EQ(LINUX_W_SIGNALED(SIGKILL, false), 9);
	KT_ASSERT_EQ(LINUX_W_EXITCODE(3), 0x300);
}

static void fill_regs(struct user_cpu_state *u)
{
	uint64_t *r = (uint64_t *)&u->regs;

	memset(u, 0, sizeof(*u)); /* the padding too: the test compares whole structs */
	for (unsigned int i = 0; i < sizeof(u->regs) / 8; i++)
		r[i] = 0x1000 + i;
	for (unsigned int i = 0; i < 32; i++)
		u->fp.f[i] = 0xf000 + i;
	u->fp.fcsr = 0x42;
	u->regs.pc = 0x10078;
	u->regs.sp = 0x7ffff123;
}

KTEST(signal, frame_setup_and_handler_entry)
{
	struct linux_rt_sigframe *f = kmalloc(sizeof(*f), GFP_KERNEL);
	struct user_cpu_state u, saved;
	struct linux_siginfo info = make_info(SIGUSR1, SI_USER, 7);
	struct linux_sigaction act = {.sa_handler = 0x20000, .sa_flags = SA_SIGINFO};
	struct signal_frame_args a = {
	    .sig = SIGUSR1,
	    .info = &info,
	    .action = &act,
	    .old_mask = sig_bit(SIGINT),
	    .trampoline = 0x3ffffff000,
	};
	uint64_t addr;

	KT_ASSERT_NOT_NULL(f);
	fill_regs(&u);
	saved = u;
	addr = signal_frame_setup(&u, &a, f);
	KT_ASSERT_EQ(addr % 16, 0);
	KT_ASSERT(addr + sizeof(*f) <= 0x7ffff123);
	KT_ASSERT(addr + sizeof(*f) + 16 > 0x7ffff123);
	KT_ASSERT_EQ(f->info.fields.kill.pid, 7);
	KT_ASSERT_EQ(f->uc.uc_flags, 0);
	KT_ASSERT_EQ(f->uc.uc_link, 0);
	KT_ASSERT_EQ(f->uc.uc_stack.ss_flags, SS_DISABLE);
	KT_ASSERT_EQ(f->uc.uc_sigmask, sig_bit(SIGINT));
	KT_ASSERT_EQ(f->uc.uc_mcontext.sc_regs.pc, 0x10078);
	KT_ASSERT_EQ(f->uc.uc_mcontext.sc_regs.a0, saved.regs.a0);
	KT_ASSERT_EQ(f->uc.uc_mcontext.sc_regs.t6, saved.regs.t6);
	KT_ASSERT_EQ(f->uc.uc_mcontext.sc_fpregs.d.f[31], 0xf000 + 31);
	KT_ASSERT_EQ(f->uc.uc_mcontext.sc_fpregs.d.fcsr, 0x42);

	signal_frame_enter(&u, &a, addr);
	KT_ASSERT_EQ(u.regs.pc, 0x20000);
	KT_ASSERT_EQ(u.regs.sp, addr);
	KT_ASSERT_EQ(u.regs.ra, 0x3ffffff000);
	KT_ASSERT_EQ(u.regs.a0, SIGUSR1);
	KT_ASSERT_EQ(u.regs.a1, addr);
	KT_ASSERT_EQ(u.regs.a2, addr + 128);

	/* rt_sigreturn gives every register back, pc and FP included. */
	signal_frame_restore(&u, f);
	KT_ASSERT(memcmp(&u, &saved, sizeof(u)) == 0);
	kfree(f);
}

KTEST(signal, alternate_stack_choice)
{
	struct linux_rt_sigframe *f = kmalloc(sizeof(*f), GFP_KERNEL);
	struct user_cpu_state u;
	struct linux_siginfo info = make_info(SIGSEGV, SEGV_MAPERR, 0);
	struct linux_sigaction act = {.sa_handler = 0x20000, .sa_flags = SA_ONSTACK};
	struct signal_frame_args a = {
	    .sig = SIGSEGV,
	    .info = &info,
	    .action = &act,
	    .ss_sp = 0x50000,
	    .ss_size = 0x4000,
	};
	uint64_t addr;

	KT_ASSERT_NOT_NULL(f);
	fill_regs(&u);
	/* Not on it yet: the frame goes to the top of the alternate stack. */
	addr = signal_frame_setup(&u, &a, f);
	KT_ASSERT_EQ(addr, (0x54000 - sizeof(*f)) & ~15ull);
	KT_ASSERT_EQ(f->uc.uc_stack.ss_sp, 0x50000);
	KT_ASSERT_EQ(f->uc.uc_stack.ss_size, 0x4000);
	KT_ASSERT_EQ(f->uc.uc_stack.ss_flags, 0);
	/* Already on it: nested frames go below, flagged SS_ONSTACK. */
	u.regs.sp = 0x53000;
	addr = signal_frame_setup(&u, &a, f);
	KT_ASSERT_EQ(addr, (0x53000 - sizeof(*f)) & ~15ull);
	KT_ASSERT_EQ(f->uc.uc_stack.ss_flags, SS_ONSTACK);
	KT_ASSERT_EQ(signal_altstack_flags(0x50000, 0x4000, 0, 0x53000), SS_ONSTACK);
	/* Near its bottom: it would overflow, so no frame (SIGSEGV). */
	u.regs.sp = 0x50100;
	KT_ASSERT_EQ(signal_frame_setup(&u, &a, f), 0);
	/* Without SA_ONSTACK the normal stack is used. */
	act.sa_flags = 0;
	u.regs.sp = 0x7fff0000;
	KT_ASSERT_EQ(signal_frame_setup(&u, &a, f), 0x7fff0000 - sizeof(*f));
	KT_ASSERT_EQ(signal_altstack_flags(0, 0, 0, 0x1234), SS_DISABLE);
	kfree(f);
}

KTEST(signal, trampoline_is_li_a7_139_ecall)
{
	size_t len;
	const uint8_t *code = signal_trampoline_code(&len);
	static const uint8_t expect[8] = {0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00};

	KT_ASSERT_EQ(len, 8);
	KT_ASSERT(memcmp(code, expect, 8) == 0);
}
