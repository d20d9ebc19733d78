/*
 * core/uapi/signal.h - signal numbers, rt_sigaction(2) and sigaltstack(2)
 * structures, and siginfo as riscv64 Linux delivers it.
 *
 * A signal set is one uint64_t (linux_sigset_t): bit (n - 1) is signal n.
 * User space passes its size (8) to rt_sigprocmask and friends.
 */
#ifndef RUX_UAPI_SIGNAL_H
#define RUX_UAPI_SIGNAL_H

#include "uapi/types.h"

#define _NSIG		64

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define SIGRTMAX	_NSIG

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_UNSUPPORTED	0x00000400
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

/* rt_sigprocmask(2) how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* Special sa_handler values. */
#define SIG_DFL		0ul
#define SIG_IGN		1ul
#define SIG_ERR		(~0ul)

/*
 * rt_sigaction(2) as the kernel sees it on riscv64: there is no sa_restorer
 * (the vDSO provides the return trampoline), and the mask comes last.
 */
struct linux_sigaction {
	uint64_t sa_handler;		/* user address, SIG_DFL or SIG_IGN */
	uint64_t sa_flags;
	linux_sigset_t sa_mask;
};

/* sigaltstack(2) */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1u << 31)
#define MINSIGSTKSZ	2048
#define SIGSTKSZ	8192

struct linux_stack_t {
	uint64_t ss_sp;			/* user address */
	int32_t ss_flags;
	int32_t __pad;
	uint64_t ss_size;
};

/* The value a queued signal carries (sigqueue, timers, mq_notify). */
union linux_sigval {
	int32_t sival_int;
	uint64_t sival_ptr;		/* user address */
};

#define SI_MAX_SIZE	128

/*
 * siginfo: 128 bytes. Which member of @fields is valid depends on si_signo
 * and si_code (kill for SI_USER/SI_TKILL, chld for SIGCHLD, fault for
 * SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP, ...). Some members have holes
 * (chld after status): zero the whole structure before filling it in.
 */
struct linux_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t __pad0;
	union {
		struct {			/* kill, tkill, SI_USER */
			linux_pid_t pid;
			linux_uid_t uid;
		} kill;
		struct {			/* POSIX timers */
			int32_t tid;
			int32_t overrun;
			union linux_sigval sigval;
			int32_t sys_private;
		} timer;
		struct {			/* sigqueue, mq_notify */
			linux_pid_t pid;
			linux_uid_t uid;
			union linux_sigval sigval;
		} rt;
		struct {			/* SIGCHLD */
			linux_pid_t pid;
			linux_uid_t uid;
			int32_t status;		/* exit code or signal */
			linux_clock_t utime;
			linux_clock_t stime;
		} chld;
		struct {			/* hardware faults */
			uint64_t addr;		/* faulting user address */
			union {
				int32_t trapno;
				int16_t addr_lsb;
				struct {
					uint64_t __pad;
					uint64_t lower;
					uint64_t upper;
				} addr_bnd;
				struct {
					uint64_t __pad;
					uint32_t pkey;
				} addr_pkey;
			};
		} fault;
		struct {			/* SIGPOLL / SIGIO */
			int64_t band;
			int32_t fd;
		} poll;
		struct {			/* SIGSYS from seccomp */
			uint64_t call_addr;
			int32_t syscall;
			uint32_t arch;
		} sys;
		uint8_t __raw[SI_MAX_SIZE - 16];
	} fields;
};

/* si_code values for any signal. */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_MESGQ	(-3)
#define SI_ASYNCIO	(-4)
#define SI_SIGIO	(-5)
#define SI_TKILL	(-6)

/* si_code for SIGILL */
#define ILL_ILLOPC	1
#define ILL_ILLOPN	2
#define ILL_ILLADR	3
#define ILL_ILLTRP	4
#define ILL_PRVOPC	5
#define ILL_PRVREG	6
#define ILL_COPROC	7
#define ILL_BADSTK	8

/* si_code for SIGFPE */
#define FPE_INTDIV	1
#define FPE_INTOVF	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define FPE_FLTSUB	8

/* si_code for SIGSEGV */
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2

/* si_code for SIGBUS */
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define BUS_OBJERR	3

/* si_code for SIGTRAP */
#define TRAP_BRKPT	1
#define TRAP_TRACE	2

/* si_code for SIGCHLD */
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* si_code for SIGPOLL */
#define POLL_IN		1
#define POLL_OUT	2
#define POLL_MSG	3
#define POLL_ERR	4
#define POLL_PRI	5
#define POLL_HUP	6

#endif /* RUX_UAPI_SIGNAL_H */
