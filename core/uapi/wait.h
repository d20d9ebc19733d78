/*
 * core/uapi/wait.h - wait4(2) / waitid(2) options and id types, and the
 * encoding of the status word wait4 returns.
 *
 * The option values are spelled exactly as glibc's <stdlib.h> spells them,
 * so the two may meet in one hosted translation unit.
 */
#ifndef RUX_UAPI_WAIT_H
#define RUX_UAPI_WAIT_H

#define WNOHANG		1
#define WUNTRACED	2
#define WSTOPPED	2
#define WEXITED		4
#define WCONTINUED	8
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* waitid(2) idtype */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

/*
 * The status word: exit code in bits 8-15 with the low byte 0; or the
 * killing signal in bits 0-6 and a core dump flag in bit 7; or 0x7f with
 * the stopping signal in bits 8-15; or 0xffff after SIGCONT.
 */
#define LINUX_WCOREFLAG			0x80
#define LINUX_W_EXITCODE(code)		(((code) & 0xff) << 8)
#define LINUX_W_SIGNALED(sig, core)	(((sig) & 0x7f) | ((core) ? LINUX_WCOREFLAG : 0))
#define LINUX_W_STOPCODE(sig)		((((sig) & 0xff) << 8) | 0x7f)
#define LINUX_W_CONTINUED		0xffff

#endif /* RUX_UAPI_WAIT_H */
