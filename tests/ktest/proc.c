/*
 * tests/ktest/proc.c - process bookkeeping that needs no user mode: pid
 * allocation and reuse, the wait status words, resource limit and
 * credential rules, "#!" parsing, the random generator's block function.
 */
#include "lib/ktest.h"
#include "lib/string.h"
#include "proc/cred.h"
#include "proc/exec.h"
#include "proc/internal.h"
#include "proc/rlimit.h"
#include "uapi/errno.h"
#include "uapi/wait.h"

/* Run @fn with an empty pid map, and leave the map empty again. */
static int pid_alloc_one(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int pid = pid_alloc_locked();

	spin_unlock_irqrestore(&proc_lock, flags);
	return pid;
}

static void pid_free_one(int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	pid_free_locked(pid);
	spin_unlock_irqrestore(&proc_lock, flags);
}

static void pid_reset(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	pid_reset_for_test();
	spin_unlock_irqrestore(&proc_lock, flags);
}

KTEST(proc, pid_first_is_one_and_ids_continue_after_frees)
{
	pid_reset();
	KT_ASSERT_EQ(pid_alloc_one(), 1);
	KT_ASSERT_EQ(pid_alloc_one(), 2);
	KT_ASSERT_EQ(pid_alloc_one(), 3);
	pid_free_one(2);
	/* A freed id is not reused at once: allocation goes on after 3. */
	KT_ASSERT_EQ(pid_alloc_one(), 4);
	pid_reset();
}

KTEST(proc, pid_wraps_to_lowest_free_and_never_zero)
{
	unsigned long flags;

	pid_reset();
	KT_ASSERT_EQ(pid_alloc_one(), 1);
	KT_ASSERT_EQ(pid_alloc_one(), 2);
	KT_ASSERT_EQ(pid_alloc_one(), 3);
	pid_free_one(2);
	flags = spin_lock_irqsave(&proc_lock);
	pid_set_last_for_test(PID_MAX - 2);
	spin_unlock_irqrestore(&proc_lock, flags);
	KT_ASSERT_EQ(pid_alloc_one(), PID_MAX - 1);
	KT_ASSERT_EQ(pid_alloc_one(), 2); /* wrapped: lowest free, not 0 */
	KT_ASSERT_EQ(pid_alloc_one(), 4);
	pid_reset();
}

KTEST(proc, pid_exhaustion_is_eagain)
{
	int pid = 0;

	pid_reset();
	for (int i = 1; i < PID_MAX; i++) {
		pid = pid_alloc_one();
		if (pid != i)
			break;
	}
	KT_ASSERT_EQ(pid, PID_MAX - 1);
	KT_ASSERT_EQ(pid_alloc_one(), -EAGAIN);
	pid_free_one(77);
	KT_ASSERT_EQ(pid_alloc_one(), 77);
	pid_reset();
}

KTEST(proc, wait_status_words_match_linux)
{
	struct linux_siginfo si;

	KT_ASSERT_EQ(LINUX_W_EXITCODE(0), 0);
	KT_ASSERT_EQ(LINUX_W_EXITCODE(3), 0x300);
	KT_ASSERT_EQ(LINUX_W_EXITCODE(256 + 7), 0x700);
	KT_ASSERT_EQ(LINUX_W_SIGNALED(SIGSEGV, 0), 11);
	KT_ASSERT_EQ(LINUX_W_SIGNALED(SIGABRT, 1), 0x86);
	KT_ASSERT_EQ(LINUX_W_STOPCODE(SIGTSTP), 0x147f);
	KT_ASSERT_EQ(proc_status_for_shell(LINUX_W_EXITCODE(42)), 42);
	KT_ASSERT_EQ(proc_status_for_shell(LINUX_W_SIGNALED(SIGKILL, 0)), 137);

	proc_waitid_info(&si, 5, 1000, LINUX_W_EXITCODE(2));
	KT_ASSERT_EQ(si.si_signo, SIGCHLD);
	KT_ASSERT_EQ(si.si_code, CLD_EXITED);
	KT_ASSERT_EQ(si.fields.chld.pid, 5);
	KT_ASSERT_EQ(si.fields.chld.uid, 1000);
	KT_ASSERT_EQ(si.fields.chld.status, 2);
	proc_waitid_info(&si, 5, 0, LINUX_W_SIGNALED(SIGTERM, 0));
	KT_ASSERT_EQ(si.si_code, CLD_KILLED);
	KT_ASSERT_EQ(si.fields.chld.status, SIGTERM);
	proc_waitid_info(&si, 5, 0, LINUX_W_SIGNALED(SIGQUIT, 1));
	KT_ASSERT_EQ(si.si_code, CLD_DUMPED);
	proc_waitid_info(&si, 5, 0, LINUX_W_STOPCODE(SIGSTOP));
	KT_ASSERT_EQ(si.si_code, CLD_STOPPED);
	KT_ASSERT_EQ(si.fields.chld.status, SIGSTOP);
	proc_waitid_info(&si, 5, 0, LINUX_W_CONTINUED);
	KT_ASSERT_EQ(si.si_code, CLD_CONTINUED);
	KT_ASSERT_EQ(si.fields.chld.status, SIGCONT);
}

KTEST(proc, rlimit_rules)
{
	struct linux_rlimit old = {1024, 4096}, r;

	r = (struct linux_rlimit){2048, 4096};
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, false), 0);
	r = (struct linux_rlimit){4097, 4096};
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, true), -EINVAL);
	r = (struct linux_rlimit){1024, 8192};
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, false), -EPERM);
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, true), 0);
	r = (struct linux_rlimit){1024, 2048}; /* lowering is always allowed */
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, false), 0);
	r = (struct linux_rlimit){1024, 1ull << 40};
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIMIT_NOFILE, true), -EPERM); /* past nr_open */
	KT_ASSERT_EQ(rlimit_check(&old, &r, RLIM_NLIMITS, true), -EINVAL);
	KT_ASSERT_EQ(rlimit_check(&old, &r, -1, true), -EINVAL);
}

static struct cred user_cred(uint32_t uid, uint32_t gid)
{
	struct cred c;

	memset(&c, 0, sizeof(c));
	c.uid = c.euid = c.suid = c.fsuid = uid;
	c.gid = c.egid = c.sgid = c.fsgid = gid;
	return c;
}

KTEST(proc, setuid_family_rules)
{
	struct cred c = user_cred(0, 0);

	KT_ASSERT_EQ(cred_setuid(&c, 1000), 0); /* root: all three change */
	KT_ASSERT_EQ(c.uid, 1000);
	KT_ASSERT_EQ(c.euid, 1000);
	KT_ASSERT_EQ(c.suid, 1000);
	KT_ASSERT_EQ(c.fsuid, 1000);
	KT_ASSERT_EQ(cred_setuid(&c, 0), -EPERM); /* no way back */
	KT_ASSERT_EQ(cred_setuid(&c, CRED_ID_NONE), -EINVAL);

	c = user_cred(1000, 1000);
	c.suid = 2000;
	KT_ASSERT_EQ(cred_setuid(&c, 2000), 0); /* to the saved id: euid only */
	KT_ASSERT_EQ(c.uid, 1000);
	KT_ASSERT_EQ(c.euid, 2000);
	KT_ASSERT_EQ(c.fsuid, 2000);
	KT_ASSERT_EQ(cred_setuid(&c, 3000), -EPERM);

	c = user_cred(1000, 1000);
	KT_ASSERT_EQ(cred_setreuid(&c, CRED_ID_NONE, 1000), 0);
	KT_ASSERT_EQ(cred_setreuid(&c, 0, CRED_ID_NONE), -EPERM);
	KT_ASSERT_EQ(cred_setresuid(&c, 1000, 1000, 1000), 0);
	KT_ASSERT_EQ(cred_setresuid(&c, 1000, 5, 1000), -EPERM);

	c = user_cred(0, 0);
	KT_ASSERT_EQ(cred_setreuid(&c, 1000, 2000), 0);
	KT_ASSERT_EQ(c.uid, 1000);
	KT_ASSERT_EQ(c.euid, 2000);
	KT_ASSERT_EQ(c.suid, 2000); /* ruid set: saved follows euid */
	/* now unprivileged: swapping real and effective is allowed */
	KT_ASSERT_EQ(cred_setreuid(&c, 2000, 1000), 0);
	KT_ASSERT_EQ(c.uid, 2000);
	KT_ASSERT_EQ(c.euid, 1000);

	c = user_cred(1000, 1000);
	KT_ASSERT_EQ(cred_setfsuid(&c, 0), 1000); /* returns the old one ... */
	KT_ASSERT_EQ(c.fsuid, 1000);		  /* ... and refuses */
	KT_ASSERT_EQ(cred_setfsuid(&c, CRED_ID_NONE), 1000);
}

KTEST(proc, setgid_family_and_groups_rules)
{
	struct cred c = user_cred(1000, 100);
	const uint32_t groups[3] = {1, 2, 3};

	KT_ASSERT_EQ(cred_setgid(&c, 0), -EPERM);
	KT_ASSERT_EQ(cred_setregid(&c, 100, 100), 0);
	KT_ASSERT_EQ(cred_setresgid(&c, CRED_ID_NONE, 7, CRED_ID_NONE), -EPERM);
	KT_ASSERT_EQ(cred_setgroups(&c, groups, 3), -EPERM);
	KT_ASSERT_EQ(cred_setfsgid(&c, 100), 100);

	c = user_cred(0, 0);
	KT_ASSERT_EQ(cred_setgroups(&c, groups, 3), 0);
	KT_ASSERT_EQ(c.ngroups, 3);
	KT_ASSERT(cred_in_group(&c, 2));
	KT_ASSERT_EQ(cred_setgroups(&c, groups, CRED_NGROUPS_MAX + 1), -EINVAL);
	KT_ASSERT_EQ(cred_setresgid(&c, 5, 6, 7), 0);
	KT_ASSERT_EQ(c.gid, 5);
	KT_ASSERT_EQ(c.egid, 6);
	KT_ASSERT_EQ(c.sgid, 7);
	KT_ASSERT_EQ(c.fsgid, 6);
}

KTEST(proc, shebang_lines)
{
	char interp[64], arg[64];

	KT_ASSERT_EQ(
	    exec_parse_shebang("#!/bin/sh\necho", 14, interp, sizeof(interp), arg, sizeof(arg)), 0);
	KT_ASSERT_STR_EQ(interp, "/bin/sh");
	KT_ASSERT_STR_EQ(arg, "");
	KT_ASSERT_EQ(exec_parse_shebang("#! \t/usr/bin/awk  -f -x  \r\nBEGIN", 33, interp,
					sizeof(interp), arg, sizeof(arg)),
		     0);
	KT_ASSERT_STR_EQ(interp, "/usr/bin/awk");
	KT_ASSERT_STR_EQ(arg, "-f -x"); /* one argument: the rest of the line */
	KT_ASSERT_EQ(exec_parse_shebang("#!   \n", 6, interp, sizeof(interp), arg, sizeof(arg)),
		     -ENOEXEC);
	KT_ASSERT_EQ(exec_parse_shebang("#/bin/sh\n", 9, interp, sizeof(interp), arg, sizeof(arg)),
		     -ENOEXEC);
	KT_ASSERT_EQ(exec_parse_shebang("#!/a/very/long/interpreter/name\n", 32, interp, 8, arg,
					sizeof(arg)),
		     -ENOEXEC);
}

KTEST(proc, exec_args_limits)
{
	struct exec_args a;
	static char big[128 * 1024 + 1];

	exec_args_init(&a, 4096);
	KT_ASSERT_EQ(exec_args_push(&a, "sh", 2, false), 0);
	KT_ASSERT_EQ(exec_args_push(&a, "PATH=/bin", 9, true), 0);
	KT_ASSERT_EQ(a.argc, 1);
	KT_ASSERT_EQ(a.envc, 1);
	KT_ASSERT_EQ(a.len, 3 + 10);
	KT_ASSERT_EQ(exec_args_push(&a, big, 5000, false), -E2BIG); /* over the total */
	exec_args_free(&a);

	exec_args_init(&a, 1 << 22);
	memset(big, 'x', sizeof(big) - 1);
	KT_ASSERT_EQ(exec_args_push(&a, big, sizeof(big) - 1, false),
		     -E2BIG); /* > MAX_ARG_STRLEN */
	KT_ASSERT_EQ(exec_args_push(&a, big, 1000, false), 0);
	exec_args_free(&a);
}

KTEST(proc, chacha20_block_rfc8439)
{
	/* RFC 8439, 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1. */
	static const uint8_t want[16] = {0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
					 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4};
	uint32_t key[8], nonce[3] = {0x09000000, 0x4a000000, 0};
	uint8_t out[64];

	for (int i = 0; i < 8; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	KT_ASSERT_EQ(memcmp(out, want, sizeof(want)), 0);
}

KTEST(proc, random_bytes_differ)
{
	uint8_t a[32], b[32];

	random_bytes(a, sizeof(a));
	random_bytes(b, sizeof(b));
	KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
}
