/*
 * tests/abi/abi_rux.c - the Rux side of the abi.layout test: every check of
 * abi_kernel.h and abi_libc.h evaluated with core/uapi. Compiled for
 * riscv64 with -S only (see abi_emit.h).
 */
#define ABI_SIDE_RUX
#include "abi_emit.h"

#include "uapi/auxv.h"
#include "uapi/blkdev.h"
#include "uapi/dirent.h"
#include "uapi/elf.h"
#include "uapi/falloc.h"
#include "uapi/fcntl.h"
#include "uapi/futex.h"
#include "uapi/ioctl.h"
#include "uapi/limits.h"
#include "uapi/mman.h"
#include "uapi/mount.h"
#include "uapi/poll.h"
#include "uapi/prctl.h"
#include "uapi/random.h"
#include "uapi/reboot.h"
#include "uapi/resource.h"
#include "uapi/sched.h"
#include "uapi/select.h"
#include "uapi/signal.h"
#include "uapi/stat.h"
#include "uapi/statfs.h"
#include "uapi/sysinfo.h"
#include "uapi/termios.h"
#include "uapi/time.h"
#include "uapi/types.h"
#include "uapi/ucontext.h"
#include "uapi/uio.h"
#include "uapi/utsname.h"
#include "uapi/wait.h"
#include "uapi/xattr.h"

void abi_kernel(void);
void abi_libc(void);

void abi_kernel(void)
{
#include "abi_kernel.h"
}

void abi_libc(void)
{
#include "abi_libc.h"
}
