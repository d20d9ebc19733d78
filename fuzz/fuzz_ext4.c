/*
 * fuzz/fuzz_ext4.c - libFuzzer target: the input is an ext4 image.
 *
 * Each input becomes a 4 MiB RAM disk (a private copy, zeros after the
 * input) that is mounted read-write (read-only when ext4 refuses that),
 * walked completely (fuzz/walk.h), changed a little when writable (create,
 * write, mkdir, rename, truncate, symlink, unlink) and unmounted; then all
 * of it once more, so that what ext4 wrote on top of a corrupt image is
 * read back and changed again.
 * Mount errors are fine; a crash, a sanitizer report, a mount that cannot
 * be unmounted, buffers left referenced or pages not given back are bugs.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fs/ext4/ext4.h"
#include "fuzz/fuzz_kernel.h"
#include "fuzz/ramdisk.h"
#include "fuzz/walk.h"
#include "uapi/errno.h"
#include "uapi/mount.h"

/*
 * Every input is a disk of this size: the image, then zeros. So the seeds
 * (fuzz/make-seeds) leave out the zeros an image ends with, and inputs
 * stay small where mutations matter.
 */
#define FUZZ_EXT4_DISK (4u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_kernel_boot(256);
	if (ext4_register() != 0)
		fuzz_fail("ext4_register failed", 0);
	return 0;
}

static void write_some(struct fuzz_world *w, const char *name, int64_t pos, size_t len)
{
	static char data[8192];
	struct file *f;

	memset(data, 'x', sizeof(data));
	if (vfs_openat(&w->ctx, NULL, name, O_WRONLY | O_CREAT, 0644, &f) != 0)
		return;
	vfs_write(f, data, len < sizeof(data) ? len : sizeof(data), &pos);
	vfs_close(f);
}

/* A few changes of every kind; each may fail on a corrupt image. */
static void change_tree(struct fuzz_world *w, const struct fuzz_walk *walk)
{
	char path[FUZZ_WALK_PATH_MAX + 16];
	struct file *f;

	write_some(w, "fuzz.new", 0, 5000);
	write_some(w, "fuzz.new", 70000, 100); /* a hole, then blocks further on */
	vfs_mkdirat(&w->ctx, NULL, "fuzz.dir", 0755);
	vfs_renameat2(&w->ctx, NULL, "fuzz.new", NULL, "fuzz.dir/moved", 0);
	vfs_symlinkat(&w->ctx, "moved", NULL, "fuzz.dir/link");
	if (walk->file[0]) {
		write_some(w, walk->file, 100, 3000);
		if (vfs_openat(&w->ctx, NULL, walk->file, O_WRONLY, 0, &f) == 0) {
			vfs_ftruncate(f, 10);
			vfs_close(f);
		}
		vfs_unlinkat(&w->ctx, NULL, walk->file, 0);
	}
	if (walk->dir[0]) {
		snprintf(path, sizeof(path), "%s/fuzz.sub", walk->dir);
		vfs_mkdirat(&w->ctx, NULL, path, 0700);
		vfs_renameat2(&w->ctx, NULL, "fuzz.dir/link", NULL, path, RENAME_EXCHANGE);
		vfs_unlinkat(&w->ctx, NULL, walk->dir, AT_REMOVEDIR);
	}
	vfs_unlinkat(&w->ctx, NULL, "fuzz.dir/moved", 0);
}

/* Mount (read-write if ext4 agrees), walk, change, unmount: false when not mounted. */
static bool mount_and_use(struct ramdisk *rd)
{
	struct fuzz_world w;
	struct fuzz_walk walk;
	bool writable = true;
	int err = fuzz_world_mount(&w, "ext4", 0, rd->bdev.name);

	if (err) {
		writable = false;
		if (fuzz_world_mount(&w, "ext4", MS_RDONLY, rd->bdev.name) != 0)
			return false;
	}
	fuzz_walk_tree(&w, &walk);
	if (writable)
		change_tree(&w, &walk);
	err = fuzz_world_umount(&w);
	if (err)
		fuzz_fail("ext4 could not be unmounted", err);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long pages = fuzz_pages_in_use();
	struct ramdisk *rd;
	unsigned int busy;

	if (size > FUZZ_EXT4_DISK)
		return -1; /* not added to the corpus */
	rd = ramdisk_create(data, size, FUZZ_EXT4_DISK);
	if (!rd)
		return 0;
	if (mount_and_use(rd))
		mount_and_use(rd);
	busy = ramdisk_destroy(rd);
	if (busy)
		fuzz_fail("buffers still referenced after unmount", busy);
	fuzz_check_pages(pages);
	return 0;
}
