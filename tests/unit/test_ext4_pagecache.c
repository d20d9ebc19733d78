/*
 * tests/unit/test_ext4_pagecache.c - ext4 file data through the page
 * cache, against a model: random writes (partial pages, holes, past the
 * end), truncations down and up, reads and fsyncs on two files, with the
 * cache squeezed to a few pages (eviction) and a tiny dirty limit (writers
 * write back their own pages), for 1 KiB, 4 KiB and 64 KiB blocks. Every read is
 * compared with the model; at the end the image is unmounted, judged by
 * e2fsck, read by debugfs and remounted, and both must hold the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hosted/hosted.h"
#include "tests/unit/ext4_test.h"

#define MODEL_MAX (768u << 10)
#define NFILES	  2
#define STEPS	  500

struct model {
	uint8_t *data;
	size_t size;
};

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static const char *names[NFILES] = {"a", "b"};

static void step_write(struct e4 *t, struct model *m, const char *name, unsigned int step)
{
	size_t pos = next_rand() % (MODEL_MAX - 1);
	size_t len = 1 + next_rand() % (next_rand() % 4 ? 5000 : 70000);
	uint8_t *buf;

	if (pos + len > MODEL_MAX)
		len = MODEL_MAX - pos;
	buf = malloc(len);
	assert_non_null(buf);
	e4_fill(buf, len, step, pos);
	assert_int_equal(e4_write_at(t, name, 0, buf, len, (int64_t)pos), (long)len);
	if (pos > m->size)
		memset(m->data + m->size, 0, pos - m->size);
	memcpy(m->data + pos, buf, len);
	if (pos + len > m->size)
		m->size = pos + len;
	free(buf);
}

static void step_truncate(struct e4 *t, struct model *m, const char *name)
{
	size_t size = next_rand() % MODEL_MAX;
	struct file *f;

	assert_int_equal(vfs_openat(&t->ctx, NULL, name, O_WRONLY, 0, &f), 0);
	assert_int_equal(vfs_ftruncate(f, (int64_t)size), 0);
	vfs_close(f);
	if (size > m->size)
		memset(m->data + m->size, 0, size - m->size);
	m->size = size;
}

static void check_read(struct e4 *t, const struct model *m, const char *name, size_t pos,
		       size_t len)
{
	uint8_t *buf = malloc(len + 1);
	size_t want = pos >= m->size ? 0 : (pos + len > m->size ? m->size - pos : len);

	assert_non_null(buf);
	assert_int_equal(e4_read_at(t, name, buf, len, (int64_t)pos), (long)want);
	assert_memory_equal(buf, m->data + pos, want);
	free(buf);
}

static void step_fsync(struct e4 *t, const char *name)
{
	struct file *f;

	assert_int_equal(vfs_openat(&t->ctx, NULL, name, O_RDONLY, 0, &f), 0);
	assert_int_equal(vfs_fsync(f), 0);
	vfs_close(f);
}

static void run_model(unsigned int bs)
{
	char img[48];
	struct model m[NFILES];
	struct e4 t;
	uint8_t *disk = NULL;

	snprintf(img, sizeof(img), "ext4_pagecache_%u.img", bs);
	rng = bs;
	assert_int_equal(e4_mkfs(img, bs, "32M", ""), 0);
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int i = 0; i < NFILES; i++) {
		m[i].data = calloc(1, MODEL_MAX);
		m[i].size = 0;
		assert_non_null(m[i].data);
		assert_int_equal(e4_write_file(&t, names[i], "", 0), 0);
	}
	/* A few dozen pages at most, and write-back after 64 KiB. */
	pagecache_set_limit(48);
	pagecache_set_dirty_limit(64 << 10);
	for (unsigned int step = 0; step < STEPS; step++) {
		unsigned int i = next_rand() % NFILES, what = next_rand() % 10;

		if (what < 5)
			step_write(&t, &m[i], names[i], step);
		else if (what < 7)
			step_truncate(&t, &m[i], names[i]);
		else if (what < 9)
			check_read(&t, &m[i], names[i], next_rand() % MODEL_MAX,
				   1 + next_rand() % 40000);
		else
			step_fsync(&t, names[i]);
	}
	for (int i = 0; i < NFILES; i++)
		check_read(&t, &m[i], names[i], 0, MODEL_MAX);
	pagecache_set_limit(0);
	pagecache_set_dirty_limit(16 << 20);
	assert_int_equal(e4_umount(&t), 0);
	assert_int_equal(e4_fsck(img), 0);

	for (int i = 0; i < NFILES; i++) {
		char path[8];

		snprintf(path, sizeof(path), "/%s", names[i]);
		assert_int_equal(e4_debugfs_cat(img, path, &disk), (long)m[i].size);
		assert_memory_equal(disk, m[i].data, m[i].size);
		free(disk);
	}
	assert_int_equal(e4_mount(&t, img, 0), 0);
	for (int i = 0; i < NFILES; i++) {
		check_read(&t, &m[i], names[i], 0, MODEL_MAX);
		free(m[i].data);
	}
	assert_int_equal(e4_umount(&t), 0);
}

static void test_model_1k(void **state)
{
	(void)state;
	run_model(1024);
}

static void test_model_4k(void **state)
{
	(void)state;
	run_model(4096);
}

/* Blocks larger than a page: new blocks are zeroed on disk. */
static void test_model_64k(void **state)
{
	(void)state;
	run_model(65536);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_model_1k),
	    cmocka_unit_test(test_model_4k),
	    cmocka_unit_test(test_model_64k),
	};
	int failed;

	hosted_boot(128ull << 20, "");
	e4_workdir_enter("test_ext4_pagecache");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	e4_workdir_leave();
	hosted_shutdown();
	return failed;
}
