/*
 * tests/ktest/pipe.c - pipe semantics: data order, partial reads, EOF when
 * the writers are gone, EPIPE without readers, O_NONBLOCK, atomic writes
 * of PIPE_BUF bytes, wrap-around of the ring, blocking with two threads.
 */
#include "ipc/pipe.h"
#include "fs/devfs/devfs.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/thread.h"
#include "tests/ktest/vfs_helpers.h"
#include "uapi/poll.h"

static long rd(struct file *f, void *buf, size_t n)
{
	return vfs_read(f, buf, n, &f->f_pos);
}

static long wr(struct file *f, const void *buf, size_t n)
{
	return vfs_write(f, buf, n, &f->f_pos);
}

KTEST(pipe, data_comes_out_in_order_and_partially)
{
	struct file *p[2];
	char buf[8];

	KT_ASSERT_EQ(pipe_create(0, p), 0);
	KT_ASSERT_EQ(wr(p[1], "hello", 5), 5);
	KT_ASSERT_EQ(pipe_bytes_buffered(p[0]), 5);
	KT_ASSERT_EQ(rd(p[0], buf, 2), 2);
	KT_ASSERT(memcmp(buf, "he", 2) == 0);
	KT_ASSERT_EQ(rd(p[0], buf, 8), 3);
	KT_ASSERT(memcmp(buf, "llo", 3) == 0);
	KT_ASSERT_EQ(vfs_lseek(p[0], 0, SEEK_SET), -ESPIPE);
	KT_ASSERT_EQ(rd(p[1], buf, 1), -EBADF);
	KT_ASSERT_EQ(wr(p[0], "x", 1), -EBADF);
	file_put(p[0]);
	file_put(p[1]);
}

KTEST(pipe, eof_after_last_writer)
{
	struct file *p[2];
	char buf[4];

	KT_ASSERT_EQ(pipe_create(0, p), 0);
	KT_ASSERT_EQ(wr(p[1], "ab", 2), 2);
	file_put(p[1]);
	KT_ASSERT_EQ(rd(p[0], buf, 4), 2);
	KT_ASSERT_EQ(rd(p[0], buf, 4), 0);
	KT_ASSERT_EQ(p[0]->f_op->poll(p[0]) & POLLHUP, POLLHUP);
	file_put(p[0]);
}

KTEST(pipe, epipe_without_readers)
{
	struct file *p[2];

	KT_ASSERT_EQ(pipe_create(0, p), 0);
	file_put(p[0]);
	KT_ASSERT_EQ(wr(p[1], "x", 1), -EPIPE);
	KT_ASSERT_EQ(p[1]->f_op->poll(p[1]) & POLLERR, POLLERR);
	file_put(p[1]);
}

KTEST(pipe, nonblocking_empty_and_full)
{
	char *big = kzalloc(PIPE_SIZE, GFP_KERNEL);
	struct file *p[2];
	char c;

	KT_ASSERT_NOT_NULL(big);
	KT_ASSERT_EQ(pipe_create(O_NONBLOCK, p), 0);
	KT_ASSERT_EQ(rd(p[0], &c, 1), -EAGAIN);
	KT_ASSERT_EQ(p[1]->f_op->poll(p[1]) & POLLOUT, POLLOUT);
	KT_ASSERT_EQ(wr(p[1], big, PIPE_SIZE - 100), PIPE_SIZE - 100);
	/* 100 bytes free: an atomic write of 200 does not fit at all ... */
	KT_ASSERT_EQ(wr(p[1], big, 200), -EAGAIN);
	KT_ASSERT_EQ(p[1]->f_op->poll(p[1]) & POLLOUT, 0);
	/* ... a write over PIPE_BUF takes what fits. */
	KT_ASSERT_EQ(wr(p[1], big, PIPE_BUF + 1), 100);
	KT_ASSERT_EQ(wr(p[1], big, 1), -EAGAIN);
	KT_ASSERT_EQ(pipe_bytes_buffered(p[0]), PIPE_SIZE);
	KT_ASSERT_EQ(p[0]->f_op->poll(p[0]) & POLLIN, POLLIN);
	file_put(p[0]);
	file_put(p[1]);
	kfree(big);
}

KTEST(pipe, ring_wraps_around)
{
	char *buf = kmalloc(PIPE_SIZE, GFP_KERNEL), *out = kmalloc(PIPE_SIZE, GFP_KERNEL);
	struct file *p[2];
	size_t done = 0;

	KT_ASSERT(buf && out);
	for (size_t i = 0; i < PIPE_SIZE; i++)
		buf[i] = (char)(i * 7 + 3);
	KT_ASSERT_EQ(pipe_create(O_NONBLOCK, p), 0);
	/* Move 5 * PIPE_SIZE bytes in odd-sized steps so offsets wrap everywhere. */
	for (int round = 0; round < 40; round++) {
		size_t n = 3000 + (size_t)round * 911 % 9000;

		KT_ASSERT_EQ(wr(p[1], buf + done % 4096, n), (long)n);
		KT_ASSERT_EQ(rd(p[0], out, n), (long)n);
		KT_ASSERT(memcmp(out, buf + done % 4096, n) == 0);
		done += n;
	}
	KT_ASSERT(done > 4 * PIPE_SIZE);
	file_put(p[0]);
	file_put(p[1]);
	kfree(buf);
	kfree(out);
}

/* ----- blocking, with a second thread ----- */

struct blocker {
	struct file *f;
	long result;
	size_t len;
	char buf[PIPE_BUF];
};

static void reader_thread(void *arg)
{
	struct blocker *b = arg;

	b->result = rd(b->f, b->buf, b->len);
}

static void writer_thread(void *arg)
{
	struct blocker *b = arg;

	b->result = wr(b->f, b->buf, b->len);
}

KTEST(pipe, reader_blocks_until_data)
{
	struct blocker *b = kzalloc(sizeof(*b), GFP_KERNEL);
	struct file *p[2];
	struct thread *t;

	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_EQ(pipe_create(0, p), 0);
	b->f = p[0];
	b->len = 10;
	b->result = -1000;
	t = kthread_run(reader_thread, b, "pipe-reader");
	KT_ASSERT_NOT_NULL(t);
	thread_sleep_ns(2000000);
	KT_ASSERT_EQ(b->result, -1000); /* still waiting */
	KT_ASSERT_EQ(wr(p[1], "data", 4), 4);
	thread_join(t);
	KT_ASSERT_EQ(b->result, 4);
	KT_ASSERT(memcmp(b->buf, "data", 4) == 0);
	file_put(p[0]);
	file_put(p[1]);
	kfree(b);
}

KTEST(pipe, reader_wakes_with_eof)
{
	struct blocker *b = kzalloc(sizeof(*b), GFP_KERNEL);
	struct file *p[2];
	struct thread *t;

	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_EQ(pipe_create(0, p), 0);
	b->f = p[0];
	b->len = 10;
	t = kthread_run(reader_thread, b, "pipe-reader");
	KT_ASSERT_NOT_NULL(t);
	thread_sleep_ns(1000000);
	file_put(p[1]);
	thread_join(t);
	KT_ASSERT_EQ(b->result, 0);
	file_put(p[0]);
	kfree(b);
}

KTEST(pipe, full_pipe_blocks_an_atomic_write)
{
	struct blocker *b = kzalloc(sizeof(*b), GFP_KERNEL);
	char *big = kzalloc(PIPE_SIZE, GFP_KERNEL);
	struct file *p[2];
	struct thread *t;

	KT_ASSERT(b && big);
	KT_ASSERT_EQ(pipe_create(0, p), 0);
	KT_ASSERT_EQ(wr(p[1], big, PIPE_SIZE - 10), PIPE_SIZE - 10);
	memset(b->buf, 'z', PIPE_BUF);
	b->f = p[1];
	b->len = PIPE_BUF;
	b->result = -1000;
	t = kthread_run(writer_thread, b, "pipe-writer");
	KT_ASSERT_NOT_NULL(t);
	thread_sleep_ns(2000000);
	/* Only 10 bytes free: the atomic write waits without writing any. */
	KT_ASSERT_EQ(b->result, -1000);
	KT_ASSERT_EQ(pipe_bytes_buffered(p[0]), PIPE_SIZE - 10);
	KT_ASSERT_EQ(rd(p[0], big, PIPE_SIZE), PIPE_SIZE - 10);
	thread_join(t);
	KT_ASSERT_EQ(b->result, PIPE_BUF);
	KT_ASSERT_EQ(rd(p[0], big, PIPE_SIZE), PIPE_BUF);
	KT_ASSERT_EQ(big[0], 'z');
	file_put(p[0]);
	file_put(p[1]);
	kfree(big);
	kfree(b);
}

/* ----- named FIFOs ----- */

/* Make FIFO @name in the test tmpfs and give it the FIFO operations, as
 * the file system does with special_inode_init(). */
static int make_fifo(struct vt *w, const char *name)
{
	struct path p;
	int err = vfs_mknodat(&w->ctx, NULL, name, S_IFIFO | 0644, 0);

	if (err)
		return err;
	err = vfs_lookup(&w->ctx, NULL, name, 0, &p);
	if (err)
		return err;
	special_inode_init(p.dentry->d_inode, S_IFIFO, 0);
	path_put(&p);
	return 0;
}

KTEST(pipe, fifo_nonblocking_opens)
{
	struct file *r, *wf;
	struct vt w;
	char buf[4];

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(make_fifo(&w, "fifo"), 0);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_WRONLY | O_NONBLOCK, 0, &wf), -ENXIO);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_RDONLY | O_NONBLOCK, 0, &r), 0);
	KT_ASSERT_EQ(rd(r, buf, 4), 0); /* no writer: end of file */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_WRONLY | O_NONBLOCK, 0, &wf), 0);
	KT_ASSERT(file_is_pipe(wf));
	KT_ASSERT_EQ(wr(wf, "abc", 3), 3);
	KT_ASSERT_EQ(rd(r, buf, 4), 3);
	KT_ASSERT_EQ(rd(r, buf, 4), -EAGAIN);
	vfs_close(wf);
	vfs_close(r);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

struct fifo_reader {
	struct vt *w;
	long n;
	char buf[8];
};

/* Open the FIFO for reading (blocking) and read once. */
static void fifo_reader(void *arg)
{
	struct fifo_reader *o = arg;
	struct file *f;
	int err = vfs_openat(&o->w->ctx, NULL, "fifo", O_RDONLY, 0, &f);

	if (err) {
		o->n = err;
		return;
	}
	o->n = rd(f, o->buf, sizeof(o->buf));
	vfs_close(f);
}

KTEST(pipe, fifo_reader_waits_for_a_writer)
{
	struct fifo_reader o = {.n = 1000};
	struct thread *t;
	struct file *wf;
	struct vt w;

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(make_fifo(&w, "fifo"), 0);
	o.w = &w;
	t = kthread_run(fifo_reader, &o, "fifo-reader");
	KT_ASSERT_NOT_NULL(t);
	thread_sleep_ns(2000000);
	/* No writer has opened yet: no end of file, the reader still waits. */
	KT_ASSERT_EQ(o.n, 1000);
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_WRONLY, 0, &wf), 0);
	KT_ASSERT_EQ(wr(wf, "hi", 2), 2);
	thread_join(t);
	KT_ASSERT_EQ(o.n, 2);
	KT_ASSERT(memcmp(o.buf, "hi", 2) == 0);
	/* The reader is gone: writing now fails. */
	KT_ASSERT_EQ(wr(wf, "x", 1), -EPIPE);
	vfs_close(wf);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}

KTEST(pipe, fifo_writer_waits_for_a_reader)
{
	struct file *wf, *r;
	struct vt w;
	char buf[4];

	KT_ASSERT_EQ(vt_setup(&w, NULL), 0);
	KT_ASSERT_EQ(make_fifo(&w, "fifo"), 0);
	/* A blocking write-only open without a reader succeeds at once ... */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_WRONLY, 0, &wf), 0);
	KT_ASSERT_EQ(wf->f_op->poll(wf), 0);
	/* ... and once a reader came, writing works (no EPIPE). */
	KT_ASSERT_EQ(vfs_openat(&w.ctx, NULL, "fifo", O_RDONLY | O_NONBLOCK, 0, &r), 0);
	KT_ASSERT_EQ(wr(wf, "ok", 2), 2);
	KT_ASSERT_EQ(rd(r, buf, 4), 2);
	vfs_close(wf);
	vfs_close(r);
	KT_ASSERT_EQ(vt_teardown(&w), 0);
}
