/*
 * fuzz/fuzz_kernel.h - what every fuzz target shares: the hosted kernel,
 * booted once per process, and a private world of the VFS (a context
 * rooted at one mount) for each input.
 */
#ifndef RUX_FUZZ_KERNEL_H
#define RUX_FUZZ_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/vfs.h"

/*
 * Boot the hosted kernel with @ram_mib MiB of RAM. Kernel messages (the
 * console is standard output) are thrown away unless the environment sets
 * RUX_FUZZ_LOG, so that corrupt inputs do not flood the fuzzer's output.
 */
void fuzz_kernel_boot(unsigned int ram_mib);

/* A mount and a root context on it, with root's credentials. */
struct fuzz_world {
	struct vfsmount *mnt;
	struct vfs_ctx ctx;
	struct cred cred;
};

/* vfs_kern_mount(@fstype...) and a context rooted there; 0 or its error. */
int fuzz_world_mount(struct fuzz_world *w, const char *fstype, unsigned long flags,
		     const char *source);
/* The same with mount options @data (a tmpfs's "size=..."). */
int fuzz_world_mount_data(struct fuzz_world *w, const char *fstype, unsigned long flags,
			  const char *source, const char *data);
/* Drop the context and unmount; 0, or the unmount's error (-EBUSY: a leak). */
int fuzz_world_umount(struct fuzz_world *w);

/*
 * Pages in use outside the slab caches (which keep empty slabs around):
 * the same before and after an input, or something leaked.
 */
unsigned long fuzz_pages_in_use(void);
/* Fail the run (abort) when more pages are in use than @pages, the count
 * taken before the input ran. */
void fuzz_check_pages(unsigned long pages);
/* Unmount the tmpfs world @w and fuzz_check_pages(@pages): the end of a
 * tmpfs-only input. */
void fuzz_tmpfs_end(struct fuzz_world *w, unsigned long pages);

/* Stop the process the way libFuzzer reports as a crash, with a reason. */
void fuzz_fail(const char *what, long value) __attribute__((noreturn));

#endif /* RUX_FUZZ_KERNEL_H */
