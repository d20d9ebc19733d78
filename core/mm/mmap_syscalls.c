/*
 * core/mm/mmap_syscalls.c - the system call handlers of the VM: brk, mmap,
 * munmap, mprotect, madvise, msync, mremap. Each fetches its arguments,
 * turns a file descriptor into a file reference, and calls the vm_*
 * function on the calling process's address space (vm.h says what they do).
 */
#include "fs/fd/fdtable.h"
#include "fs/vfs/vfs.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "sys/syscalls.h"
#include "uapi/errno.h"
#include "uapi/mman.h"

long sys_brk(unsigned long brk)
{
	struct mm *mm = current_mm();

	return mm ? (long)vm_brk(mm, brk) : 0;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off)
{
	struct file *file = NULL;
	long ret;

	if (!(flags & MAP_ANONYMOUS)) {
		struct fd_table *files = current_files();

		file = files ? fd_get_file(files, (int)fd) : NULL;
		if (!file)
			return -EBADF;
	}
	ret = vm_mmap(current_mm(), addr, len, (unsigned int)prot, (unsigned int)flags, file, off);
	if (file)
		file_put(file);
	return ret;
}

long sys_munmap(unsigned long addr, unsigned long len)
{
	return vm_munmap(current_mm(), addr, len);
}

long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	return vm_mprotect(current_mm(), addr, len, (unsigned int)prot);
}

long sys_madvise(unsigned long addr, unsigned long len, unsigned long advice)
{
	return vm_madvise(current_mm(), addr, len, (int)advice);
}

long sys_msync(unsigned long addr, unsigned long len, unsigned long flags)
{
	return vm_msync(current_mm(), addr, len, (int)flags);
}

long sys_mremap(unsigned long old, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	return vm_mremap(current_mm(), old, old_len, new_len, (unsigned int)flags, new_addr);
}
