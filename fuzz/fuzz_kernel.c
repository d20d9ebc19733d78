/*
 * fuzz/fuzz_kernel.c - the hosted kernel for the fuzz targets (see
 * fuzz_kernel.h).
 */
#include "fuzz/fuzz_kernel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal/hosted/hosted.h"
#include "mm/mm.h"

void fuzz_kernel_boot(unsigned int ram_mib)
{
	hosted_boot((uint64_t)ram_mib << 20, "");
	/* The console writes to descriptor 1: freopen() keeps that number.
	 * (<fcntl.h>'s open() and its O_ flags clash with fs/vfs/vfs.h.) */
	if (!getenv("RUX_FUZZ_LOG") && !freopen("/dev/null", "w", stdout))
		fuzz_fail("cannot silence the console", 0);
}

int fuzz_world_mount(struct fuzz_world *w, const char *fstype, unsigned long flags,
		     const char *source)
{
	return fuzz_world_mount_data(w, fstype, flags, source, NULL);
}

int fuzz_world_mount_data(struct fuzz_world *w, const char *fstype, unsigned long flags,
			  const char *source, const char *data)
{
	int err;

	memset(w, 0, sizeof(*w));
	err = vfs_kern_mount(fstype, flags, source, data, &w->mnt);
	if (err)
		return err;
	w->ctx.root.mnt = mntget(w->mnt);
	w->ctx.root.dentry = dget(w->mnt->mnt_root);
	w->ctx.cwd = w->ctx.root;
	path_get(&w->ctx.cwd);
	w->ctx.cred = &w->cred;
	w->ctx.umask = 022;
	return 0;
}

int fuzz_world_umount(struct fuzz_world *w)
{
	vfs_ctx_put(&w->ctx);
	return vfs_kern_umount(w->mnt);
}

unsigned long fuzz_pages_in_use(void)
{
	struct mm_stats st;

	mm_stats_get(&st);
	return st.total_pages - st.reserved_pages - st.free_pages - st.slab_pages;
}

void fuzz_check_pages(unsigned long pages)
{
	if (fuzz_pages_in_use() != pages)
		fuzz_fail("pages leaked", (long)(fuzz_pages_in_use() - pages));
}

void fuzz_tmpfs_end(struct fuzz_world *w, unsigned long pages)
{
	int err = fuzz_world_umount(w);

	if (err)
		fuzz_fail("tmpfs could not be unmounted", err);
	fuzz_check_pages(pages);
}

void fuzz_fail(const char *what, long value)
{
	fprintf(stderr, "fuzz: %s (%ld)\n", what, value);
	abort();
}
