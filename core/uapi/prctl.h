/* core/uapi/prctl.h - the prctl(2) operations Rux knows about. */
#ifndef RUX_UAPI_PRCTL_H
#define RUX_UAPI_PRCTL_H

#define PR_SET_PDEATHSIG	1
#define PR_GET_PDEATHSIG	2
#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_SET_NAME		15	/* name: at most 16 bytes with the NUL */
#define PR_GET_NAME		16
#define PR_SET_CHILD_SUBREAPER	36
#define PR_GET_CHILD_SUBREAPER	37
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39

#endif /* RUX_UAPI_PRCTL_H */
