/*
 * fuzz/fuzz_cpio.c - libFuzzer target: the initramfs unpacker
 * (fs/initramfs) on any bytes, into a fresh tmpfs each time.
 *
 * The archive is unpacked, the resulting tree walked (fuzz/walk.h) and the
 * tmpfs unmounted. Errors are fine; a crash, a sanitizer report, an error
 * that is not a negative errno, a tmpfs that cannot be unmounted (a
 * reference the unpacker forgot) or pages not given back are bugs.
 */
#include <stdint.h>

#include "fs/initramfs/initramfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "fuzz/fuzz_kernel.h"
#include "fuzz/walk.h"
#include "lib/err.h"
#include "uapi/errno.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_kernel_boot(128);
	if (tmpfs_register() != 0)
		fuzz_fail("tmpfs_register failed", 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long pages = fuzz_pages_in_use();
	struct fuzz_world w;
	struct fuzz_walk walk;
	int err = fuzz_world_mount(&w, "tmpfs", 0, "fuzz");

	if (err)
		fuzz_fail("cannot mount a tmpfs", err);
	err = initramfs_unpack_at(&w.ctx, data, size);
	if (err > 0 || err < -MAX_ERRNO)
		fuzz_fail("initramfs: not an errno", err);
	fuzz_walk_tree(&w, &walk);
	fuzz_tmpfs_end(&w, pages);
	return 0;
}
