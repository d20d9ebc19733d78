/*
 * tests/unit/test_ext4_mmap_shared.c - writes through MAP_SHARED mappings
 * of ext4 files: into holes, an unwritten (fallocated) extent and
 * written blocks, with 1 KiB and 4 KiB blocks. The stores must be what
 * read() sees at once; the write faults must allocate the blocks (the
 * page cache's write-back never does); msync(MS_SYNC) writes the pages
 * yet leaves them dirty while they stay mapped, so a store after it
 * reaches the disk at the next msync (checked on a copy of the image, as
 * after a power cut) and at munmap + unmount. e2fsck judges the image,
 * debugfs reads the file back. On a full file system a write fault into
 * a hole is SIGBUS (-EIO).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "tests/unit/ext4_test.h"
#include "uapi/falloc.h"
#include "uapi/mman.h"

#define PG	  4096u
#define NPAGES	  6
#define FILE_SIZE (5 * PG + 100) /* the last page is mapped in part */
#define MAP_LEN	  (7 * PG)	 /* one page past the file's last */
#define VA	  0x10000000ul

static struct file *open_rw(struct e4 *t, const char *name)
{
	struct file *f;

	assert_int_equal(vfs_openat(&t->ctx, NULL, name, O_RDWR | O_CREAT, 0644, &f), 0);
	return f;
}

static long map_shared(struct mm *mm, struct file *f, size_t len)
{
	return vm_mmap(mm, VA, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, f, 0);
}

/* A sparse file: page 1 written, pages 2-3 fallocated (unwritten), the
 * rest holes. */
static void make_file(struct e4 *t, uint8_t *model)
{
	struct file *f = open_rw(t, "f");
	int64_t pos = PG;

	memset(model, 0, NPAGES * PG);
	memset(model + PG, 'w', PG);
	assert_int_equal(vfs_ftruncate(f, FILE_SIZE), 0);
	assert_int_equal(vfs_write(f, model + PG, PG, &pos), (long)PG);
	assert_int_equal(vfs_fallocate(f, FALLOC_FL_KEEP_SIZE, 2 * PG, 2 * PG), 0);
	vfs_close(f);
}

static void check_file(struct e4 *t, const uint8_t *model)
{
	uint8_t buf[NPAGES * PG];

	assert_int_equal(e4_read_at(t, "f", buf, sizeof(buf), 0), (long)FILE_SIZE);
	assert_memory_equal(buf, model, FILE_SIZE);
}

static void run(unsigned int bs)
{
	static uint8_t model[NPAGES * PG], *disk;
	uint8_t bytes[PG];
	char img[40];
	struct file *f;
	struct mm *mm;
	struct e4 t;

	snprintf(img, sizeof(img), "mmap_shared_%u.img", bs);
	assert_int_equal(e4_mkfs(img, bs, "16M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	make_file(&t, model);
	f = open_rw(&t, "f");
	mm = mm_create();
	assert_non_null(mm);
	assert_int_equal(map_shared(mm, f, MAP_LEN), (long)VA);
	/* A read fault first: the page is mapped read-only, and the write
	 * after it must still dirty it. */
	assert_int_equal(mm_copy_from_user(mm, bytes, VA + PG, 1), 0);
	assert_int_equal(bytes[0], 'w');
	for (unsigned int i = 0; i < NPAGES; i++) {
		size_t len = i == NPAGES - 1 ? 100 : PG;

		e4_fill(bytes, len, bs, i * PG);
		assert_int_equal(mm_copy_to_user(mm, VA + i * PG, bytes, len), 0);
		memcpy(model + i * PG, bytes, len);
		check_file(&t, model); /* read() sees each store at once */
	}
	/* Past the end of the file in the last page: mapped, never written. */
	assert_int_equal(mm_copy_to_user(mm, VA + FILE_SIZE, "past", 4), 0);
	/* The page after the file's last: SIGBUS. */
	assert_int_equal(vm_fault(mm, VA + NPAGES * PG, HAL_ACCESS_WRITE), -EIO);
	assert_int_equal(vm_msync(mm, VA, MAP_LEN, MS_SYNC), 0);
	/* Still mapped writable: a store after the sync is written by the
	 * next one, as a power cut right after it shows (the journal of a
	 * copy of the image replayed by e2fsck). */
	assert_int_equal(mm_copy_to_user(mm, VA + 10, "again", 5), 0);
	memcpy(model + 10, "again", 5);
	assert_int_equal(vm_msync(mm, VA, PG, MS_SYNC), 0);
	assert_int_equal(e4_sh("cp %s cut.img && e2fsck -fy cut.img >/dev/null 2>&1; true", img),
			 0);
	assert_int_equal(e4_fsck("cut.img"), 0);
	assert_int_equal(e4_debugfs_cat("cut.img", "/f", &disk), (long)FILE_SIZE);
	assert_memory_equal(disk, model, FILE_SIZE);
	free(disk);
	assert_int_equal(vm_munmap(mm, VA, MAP_LEN), 0);
	mm_put(mm);
	vfs_close(f);
	check_file(&t, model);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);

	assert_int_equal(e4_debugfs_cat(img, "/f", &disk), (long)FILE_SIZE);
	assert_memory_equal(disk, model, FILE_SIZE);
	free(disk);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	check_file(&t, model);
	assert_int_equal(e4_umount(&t), 0);
}

static void test_holes_1k(void **state)
{
	(void)state;
	run(1024);
}

static void test_holes_4k(void **state)
{
	(void)state;
	run(4096);
}

/* No block left for a hole: the write fault fails as SIGBUS, nothing leaks. */
static void test_enospc_is_sigbus(void **state)
{
	static uint8_t chunk[64 << 10];
	struct file *f, *fill;
	struct mm *mm;
	struct e4 t;
	int64_t pos = 0;
	long n;

	(void)state;
	assert_int_equal(e4_mkfs("mmap_full.img", 4096, "8M", ""), 0);
	assert_int_equal(e4_mount(&t, "mmap_full.img", 0), 0);
	f = open_rw(&t, "sparse");
	assert_int_equal(vfs_ftruncate(f, 2 * PG), 0);
	fill = open_rw(&t, "fill");
	do
		n = vfs_write(fill, chunk, sizeof(chunk), &pos);
	while (n > 0);
	assert_int_equal(n, -ENOSPC);
	vfs_close(fill);
	mm = mm_create();
	assert_non_null(mm);
	assert_int_equal(map_shared(mm, f, 2 * PG), (long)VA);
	assert_int_equal(vm_fault(mm, VA, HAL_ACCESS_READ), 0); /* a hole reads */
	assert_int_equal(vm_fault(mm, VA, HAL_ACCESS_WRITE), -EIO);
	mm_put(mm);
	vfs_close(f);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck("mmap_full.img"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_holes_1k),
	    cmocka_unit_test(test_holes_4k),
	    cmocka_unit_test(test_enospc_is_sigbus),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_mmap_shared");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
