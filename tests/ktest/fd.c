/*
 * tests/ktest/fd.c - file descriptor tables: lowest-free allocation,
 * close, dup into a slot, close-on-exec, fork copies, growth and limits.
 */
#include "fs/fd/fdtable.h"
#include "lib/ktest.h"
#include "tests/ktest/vfs_helpers.h"

/* A fresh open file of the test tmpfs. */
static struct file *open_file(struct vt *w)
{
	struct file *f = NULL;

	vfs_openat(&w->ctx, NULL, "f", O_RDWR | O_CREAT, 0644, &f);
	return f;
}

KTEST(fd, lowest_free_descriptor_is_used)
{
	struct fd_table *t = fd_table_create();
	struct vt w;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 1);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 2);
	KT_ASSERT_EQ(fd_close(t, 1), 0);
	KT_ASSERT_EQ(fd_close(t, 1), -EBADF);
	KT_ASSERT_EQ(fd_close(t, -1), -EBADF);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 1);
	KT_ASSERT_EQ(fd_count(t), 3);
	KT_ASSERT_NULL(fd_get_file(t, 3));
	KT_ASSERT_NULL(fd_get_file(t, -5));
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, get_file_takes_a_reference)
{
	struct fd_table *t = fd_table_create();
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 0);
	f = fd_get_file(t, 0);
	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_EQ(fd_close(t, 0), 0);
	/* Still usable through our reference. */
	KT_ASSERT_EQ(vfs_write(f, "x", 1, &f->f_pos), 1);
	file_put(f);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, min_fd_and_limit)
{
	struct fd_table *t = fd_table_create();
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	f = open_file(&w);
	KT_ASSERT_EQ(fd_alloc(t, f, 10, 0, 16), 10);
	KT_ASSERT_EQ(fd_alloc(t, file_get(f), 10, 0, 16), 11);
	KT_ASSERT_EQ(fd_alloc(t, file_get(f), 16, 0, 16), -EINVAL);
	for (int i = 12; i < 16; i++)
		KT_ASSERT_EQ(fd_alloc(t, file_get(f), 10, 0, 16), i);
	KT_ASSERT_EQ(fd_alloc(t, file_get(f), 10, 0, 16), -EMFILE);
	file_put(f); /* the reference the failed calls did not take */
	file_put(f);
	KT_ASSERT_EQ(fd_replace(t, 16, file_get(f), 0, 16), -EBADF);
	file_put(f);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, table_grows_past_its_first_size)
{
	struct fd_table *t = fd_table_create();
	struct file *f;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	f = open_file(&w);
	KT_ASSERT_EQ(fd_replace(t, 500, f, O_CLOEXEC, 1024), 0);
	KT_ASSERT(fd_table_size(t) > 500);
	KT_ASSERT_EQ(fd_get_cloexec(t, 500), FD_CLOEXEC);
	KT_ASSERT_EQ(fd_install(t, file_get(f), 0), 0);
	KT_ASSERT_EQ(fd_count(t), 2);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, replace_closes_the_old_file)
{
	struct fd_table *t = fd_table_create();
	struct file *a, *b, *got;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	a = open_file(&w);
	b = open_file(&w);
	KT_ASSERT_EQ(fd_install(t, a, 0), 0);
	KT_ASSERT_EQ(fd_install(t, b, O_CLOEXEC), 1);
	KT_ASSERT_EQ(fd_replace(t, 1, file_get(a), 0, 1024), 0);
	got = fd_get_file(t, 1);
	KT_ASSERT(got == a);
	file_put(got);
	KT_ASSERT_EQ(fd_get_cloexec(t, 1), 0);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, cloexec_flags_and_exec)
{
	struct fd_table *t = fd_table_create();
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), O_CLOEXEC), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 1);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 2);
	KT_ASSERT_EQ(fd_get_cloexec(t, 0), FD_CLOEXEC);
	KT_ASSERT_EQ(fd_get_cloexec(t, 1), 0);
	KT_ASSERT_EQ(fd_set_cloexec(t, 2, true), 0);
	KT_ASSERT_EQ(fd_set_cloexec(t, 7, true), -EBADF);
	KT_ASSERT_EQ(fd_get_cloexec(t, 7), -EBADF);
	fd_table_close_on_exec(t);
	KT_ASSERT_EQ(fd_count(t), 1);
	KT_ASSERT_EQ(fd_close(t, 1), 0);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, dup_for_fork_shares_files_not_slots)
{
	struct fd_table *t = fd_table_create(), *c;
	struct file *a, *b;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), O_CLOEXEC), 0);
	KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), 1);
	c = fd_table_dup(t);
	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(fd_get_cloexec(c, 0), FD_CLOEXEC);
	a = fd_get_file(t, 1);
	b = fd_get_file(c, 1);
	KT_ASSERT(a == b);
	file_put(a);
	file_put(b);
	KT_ASSERT_EQ(fd_close(c, 1), 0);
	KT_ASSERT_EQ(fd_count(t), 2);
	KT_ASSERT_EQ(fd_count(c), 1);
	fd_table_put(c);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(fd, close_range_closes_or_marks)
{
	struct fd_table *t = fd_table_create(), *shared;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	for (int i = 0; i < 6; i++)
		KT_ASSERT_EQ(fd_install(t, open_file(&w), 0), i);
	fd_close_range(t, 4, ~0u, true);
	KT_ASSERT_EQ(fd_get_cloexec(t, 5), FD_CLOEXEC);
	fd_close_range(t, 1, 2, false);
	KT_ASSERT_EQ(fd_count(t), 4);
	shared = fd_table_get(t);
	fd_table_put(shared);
	KT_ASSERT_EQ(fd_count(t), 4);
	fd_table_put(t);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}
