/*
 * core/uapi/types.h - scalar types of the Linux riscv64 ABI, with their widths.
 *
 * Naming scheme of core/uapi (it keeps these headers usable in the hosted
 * build, where the host C library is linked in too):
 *   - structures user space sees are prefixed: struct linux_stat,
 *     struct linux_timespec, ... so they never clash with libc's types;
 *   - constants keep their Linux names (O_RDONLY, SIGINT, TCGETS, ...);
 *   - user-space addresses inside ABI structures are uint64_t, never
 *     pointers: the kernel must not dereference them.
 * Because the constants keep their names, a host-side translation unit must
 * not include both libc's <fcntl.h>, <sys/stat.h>, <signal.h>, <termios.h>,
 * <sys/mman.h>, <sys/wait.h>, <elf.h>... and the matching core/uapi header.
 *
 * Every structure and constant in core/uapi is compared with Debian's Linux
 * headers by the abi.* tests (tests/abi/).
 */
#ifndef RUX_UAPI_TYPES_H
#define RUX_UAPI_TYPES_H

#include <stdint.h>

typedef uint32_t umode_t;		/* file type and permission bits */
typedef int32_t linux_pid_t;		/* process, thread, group, session ids */
typedef uint32_t linux_uid_t;
typedef uint32_t linux_gid_t;
typedef int64_t linux_off_t;		/* file offsets and sizes */
typedef int64_t linux_time_t;		/* seconds since the epoch */
typedef int64_t linux_clock_t;		/* clock ticks (USER_HZ) */
typedef uint64_t linux_sigset_t;	/* bit (n - 1) is signal n */

#endif /* RUX_UAPI_TYPES_H */
