/*
 * tests/ktest/proc_host.c - proc_run_as_process(): a kernel function runs
 * as a process that makes system calls through the dispatcher, with its
 * own files, address space and context, all released when it returns.
 */
#include "lib/ktest.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "sys/syscall.h"
#include "sys/uaccess.h"
#include "tests/ktest/vfs_helpers.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/mman.h"
#include "uapi/unistd.h"

struct host_probe {
	int pid;       /* getpid() */
	int fd;	       /* openat() of "f" through a user pointer */
	long written;  /* write() of 3 bytes to it */
	long bad_path; /* openat() with a pointer to nothing */
	bool has_mm;
};

static long call(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		 unsigned long a3)
{
	const unsigned long a[SYSCALL_MAX_ARGS] = {a0, a1, a2, a3};

	return syscall_dispatch(nr, a);
}

static int probe(void *arg)
{
	struct host_probe *r = arg;
	long page = vm_mmap(current_mm(), 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);

	r->has_mm = current_process() && current_mm();
	r->pid = (int)call(__NR_getpid, 0, 0, 0, 0);
	if (page < 0 || copy_to_user((unsigned long)page, "f\0abc", 6))
		return -1;
	r->fd = (int)call(__NR_openat, (unsigned long)AT_FDCWD, (unsigned long)page,
			  O_RDWR | O_CREAT, 0644);
	r->written = call(__NR_write, (unsigned long)r->fd, (unsigned long)page + 2, 3, 0);
	r->bad_path = call(__NR_openat, (unsigned long)AT_FDCWD, 0x1000, O_RDONLY, 0);
	return 42; /* the descriptor and the mapping are left for exit */
}

KTEST(proc_host, a_function_runs_as_a_process_and_everything_goes_with_it)
{
	struct host_probe r = {0};
	unsigned int before = proc_count();
	struct vt w;
	struct file *f;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_NULL(current_process());
	KT_ASSERT_EQ(proc_run_as_process(&w.ctx, probe, &r), 42);
	KT_ASSERT(r.has_mm);
	KT_ASSERT(r.pid > 1);
	KT_ASSERT_EQ(r.fd, 0);
	KT_ASSERT_EQ(r.written, 3);
	KT_ASSERT_EQ(r.bad_path, -EFAULT);
	KT_ASSERT_EQ(proc_count(), before);
	/* The file exists with what was written; the process's descriptor
	 * was closed, or the unmount below would be -EBUSY. */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "f", O_RDONLY, 0, &f), 0);
	KT_ASSERT_EQ(f->f_inode->i_size, 3);
	vfs_close(f);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

static int nothing(void *arg)
{
	*(int *)arg = (int)call(__NR_getpid, 0, 0, 0, 0);
	return 0;
}

KTEST(proc_host, pids_are_freed_and_never_one)
{
	int first = 0, second = 0;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(proc_run_as_process(&w.ctx, nothing, &first), 0);
	KT_ASSERT_EQ(proc_run_as_process(&w.ctx, nothing, &second), 0);
	KT_ASSERT(first > 1 && second > 1);
	KT_ASSERT_NULL(proc_find(first));
	KT_ASSERT_NULL(proc_find(second));
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}
