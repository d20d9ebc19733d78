/*
 * tests/abi/abi_linux.c - the reference side of the abi.layout test: the
 * checks of abi_kernel.h evaluated with Debian's Linux uapi headers.
 * Compiled for riscv64 with -S only (see abi_emit.h).
 */
#define ABI_SIDE_LINUX
#include "abi_emit.h"

#include <stddef.h> /* size_t, which <linux/fs.h>'s BLKBSZGET/BLKGETSIZE64 use */

#include <asm/ioctls.h>
#include <asm/param.h>
#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/ucontext.h>
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/falloc.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/poll.h>
#include <linux/posix_types.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/reboot.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/termios.h>
#include <linux/time.h>
#include <linux/times.h>
#include <linux/tty.h>
#include <linux/uio.h>
#include <linux/utsname.h>
#include <linux/wait.h>
#include <linux/xattr.h>

/*
 * Kernel-internal layouts that user space still depends on, written from
 * their documentation: riscv64's signal frame (arch/riscv/kernel/signal.c,
 * what a handler's a1/a2 point into) and pselect6's sixth argument
 * (select(2), "The Linux pselect6() system call").
 */
struct abi_ref_rt_sigframe {
	siginfo_t info;
	struct ucontext uc;
};

struct abi_ref_pselect6_sigmask {
	const sigset_t *ss;
	__kernel_size_t ss_len;
};

void abi_kernel(void);

void abi_kernel(void)
{
#include "abi_kernel.h"
}
