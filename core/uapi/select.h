/*
 * core/uapi/select.h - pselect6(2): fd sets and the packed signal-mask
 * argument.
 *
 * An fd set is an array of 64-bit words, bit (fd % 64) of word fd / 64;
 * the kernel reads only the words covering the nfds argument.
 */
#ifndef RUX_UAPI_SELECT_H
#define RUX_UAPI_SELECT_H

#include "uapi/types.h"

#define LINUX_FD_SETSIZE	1024

struct linux_fd_set {
	uint64_t fds_bits[LINUX_FD_SETSIZE / 64];
};

/* pselect6's sixth argument points to this pair. */
struct linux_pselect6_sigmask {
	uint64_t ss;			/* user address of a linux_sigset_t, or 0 */
	uint64_t ss_len;		/* sizeof(linux_sigset_t) */
};

#endif /* RUX_UAPI_SELECT_H */
