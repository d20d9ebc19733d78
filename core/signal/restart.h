/*
 * core/signal/restart.h - the kernel-internal error numbers of interrupted
 * system calls (the values are Linux's). Any blocking call may return them;
 * they never reach user space (see signal_syscall_return()).
 */
#ifndef RUX_SIGNAL_RESTART_H
#define RUX_SIGNAL_RESTART_H

/*
 * Returned by system calls that a signal interrupted; signal_syscall_return()
 * turns them into a restart of the call or into -EINTR:
 *
 *	ERESTARTSYS		restart if the handler has SA_RESTART (or if
 *				no handler runs), else -EINTR
 *	ERESTARTNOINTR		always restart
 *	ERESTARTNOHAND		restart only if no handler runs, else -EINTR
 *	ERESTART_RESTARTBLOCK	as ERESTARTNOHAND; the restart continues
 *				with task->sig.restart_block.fn (set by the
 *				call: nanosleep's remaining time) if there
 *				is one, else with the original arguments
 *	ENOIOCTLCMD		a driver does not know an ioctl (-> -ENOTTY)
 */
#define ERESTARTSYS	      512
#define ERESTARTNOINTR	      513
#define ERESTARTNOHAND	      514
#define ENOIOCTLCMD	      515
#define ERESTART_RESTARTBLOCK 516

#endif /* RUX_SIGNAL_RESTART_H */
