/*
 * core/ipc/pipe.c - pipes and FIFOs (see pipe.h for the semantics).
 *
 * The ring: PIPE_PAGES chunks of 4 KiB, each kmalloc'ed the first time a
 * write reaches it and freed with the pipe. @head is the offset of the
 * oldest byte, @len the bytes buffered; offsets wrap at PIPE_SIZE.
 *
 * Locking: pipe->lock (a mutex) protects the ring and the counts. Readers
 * and writers sleep on pipe->wait without it, re-checking with READ_ONCE.
 * fifo_lock (a mutex) protects the list of open FIFOs and is taken before
 * a pipe's lock. Every change that could make a poller ready also calls
 * poll_notify().
 *
 * Lifetime: a pipe lives while some file has it open (readers + writers >
 * 0). Anonymous pipes' inodes come from the internal pipefs mount, made on
 * the first pipe2(); named FIFOs find their pipe by inode in fifo_list.
 *
 * FIFO opens: the VFS calls open with its name-space lock held, so an open
 * must not sleep waiting for the other side. A blocking open that finds no
 * peer returns at once and remembers the peer's open count; its first read
 * or write then waits until the peer has opened (fifo_wait_peer). What a
 * program sees is the same as a blocking open, except for when it blocks.
 */
#include "ipc/pipe.h"
#include "fs/fd/poll.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "proc/cred.h"
#include "proc/task.h"
#include "sched/mutex.h"
#include "sched/wait.h"
#include "signal/restart.h"
#include "signal/signal.h"
#include "sys/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/poll.h"
#include "uapi/signal.h"
#include "uapi/termios.h"

#define CHUNK 4096u

struct pipe {
	struct mutex lock;
	struct wait_queue wait; /* readers and writers */
	char *chunks[PIPE_PAGES];
	size_t head; /* oldest byte */
	size_t len;  /* bytes buffered */
	unsigned int readers, writers;
	unsigned int r_opens, w_opens; /* FIFO opens ever made (for the rendezvous) */
	struct inode *fifo_inode;      /* named FIFO: its inode; NULL: anonymous */
	struct list_head fifo_link;    /* in fifo_list (named FIFOs) */
};

/* A FIFO file's own state (anonymous pipe files point at the pipe). */
struct fifo_end {
	struct pipe *pipe;
	bool waiting;	   /* a blocking open found no peer: first use waits */
	unsigned int seen; /* the peer's open count at our open */
};

static struct mutex fifo_lock = MUTEX_INIT(fifo_lock, "fifo");
static LIST_HEAD(fifo_list);

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	mutex_init(&p->lock, "pipe");
	wait_queue_init(&p->wait, "pipe");
	list_init(&p->fifo_link);
	return p;
}

static void pipe_free(struct pipe *p)
{
	for (unsigned int i = 0; i < PIPE_PAGES; i++)
		kfree(p->chunks[i]);
	kfree(p);
}

static void pipe_wake(struct pipe *p)
{
	wake_up_all(&p->wait);
	poll_notify();
}

static struct pipe *file_pipe(struct file *file)
{
	if (file->f_op == &pipe_fifo_fops)
		return ((struct fifo_end *)file->private_data)->pipe;
	return file->private_data;
}

/* True while @file's blocking FIFO open still waits for its peer. */
static bool peer_missing(struct file *file, struct pipe *p)
{
	struct fifo_end *end;
	const unsigned int *opens;

	if (file->f_op != &pipe_fifo_fops)
		return false;
	end = file->private_data;
	if (!READ_ONCE(end->waiting))
		return false;
	opens = (file->f_mode & FMODE_READ) ? &p->w_opens : &p->r_opens;
	if (READ_ONCE(*opens) != end->seen) {
		WRITE_ONCE(end->waiting, false);
		return false;
	}
	return true;
}

/* Finish a blocking FIFO open on first use: wait for the peer. */
static int fifo_wait_peer(struct file *file, struct pipe *p)
{
	if (wait_event_interruptible(p->wait, !peer_missing(file, p)))
		return -ERESTARTSYS;
	return 0;
}

/* ----- reading and writing ----- */

static bool can_read(struct pipe *p)
{
	return READ_ONCE(p->len) > 0 || READ_ONCE(p->writers) == 0;
}

static long pipe_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct pipe *p = file_pipe(file);
	size_t n, off, chunk_left;

	if (to->left == 0)
		return 0;
	if (fifo_wait_peer(file, p))
		return -ERESTARTSYS;
	mutex_lock(&p->lock);
	while (p->len == 0) {
		if (p->writers == 0) {
			mutex_unlock(&p->lock);
			return 0;
		}
		mutex_unlock(&p->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(p->wait, can_read(p)))
			return -ERESTARTSYS;
		mutex_lock(&p->lock);
	}
	while (p->len > 0 && to->left > 0) {
		off = p->head % CHUNK;
		chunk_left = MIN((size_t)CHUNK - off, p->len);
		n = vfs_iter_copy_to(to, p->chunks[p->head / CHUNK] + off, chunk_left);
		p->head = (p->head + n) % PIPE_SIZE;
		p->len -= n;
	}
	if (p->len == 0)
		p->head = 0; /* keep writes in the chunks already allocated */
	mutex_unlock(&p->lock);
	pipe_wake(p);
	return (long)to->done;
}

/* Copy from @from into the free space of the ring, at most @max bytes.
 * Caller holds p->lock. Returns bytes copied or -ENOMEM. */
static long ring_fill(struct pipe *p, struct vfs_iter *from, size_t max)
{
	size_t done = 0;

	while (done < max) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t idx = tail / CHUNK, off = tail % CHUNK;
		size_t n = MIN((size_t)CHUNK - off, max - done);

		if (!p->chunks[idx]) {
			p->chunks[idx] = kmalloc(CHUNK, GFP_KERNEL);
			if (!p->chunks[idx])
				return done ? (long)done : -ENOMEM;
		}
		n = vfs_iter_copy_from(from, p->chunks[idx] + off, n);
		p->len += n;
		done += n;
	}
	return (long)done;
}

static bool can_write(struct pipe *p, size_t need)
{
	return PIPE_SIZE - READ_ONCE(p->len) >= need || READ_ONCE(p->readers) == 0;
}

/* A write found no reader: SIGPIPE to the writing thread (as Linux's
 * send_sig: SI_USER from itself), then -EPIPE. Kernel threads get none. */
static long epipe(void)
{
	struct task *t = current_task();
	struct linux_siginfo info;

	if (t) {
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGPIPE;
		info.si_code = SI_USER;
		info.fields.kill.pid = t->proc->pid;
		info.fields.kill.uid = t->proc->cred.uid;
		signal_send_task(t, &info);
	}
	return -EPIPE;
}

static long pipe_write(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	struct pipe *p = file_pipe(file);
	bool atomic = from->left <= PIPE_BUF;
	size_t written = 0, space, need;
	long n;

	if (from->left == 0)
		return 0;
	if (fifo_wait_peer(file, p))
		return -ERESTARTSYS;
	mutex_lock(&p->lock);
	while (from->left > 0) {
		if (p->readers == 0) {
			mutex_unlock(&p->lock);
			return written ? (long)written : epipe();
		}
		space = PIPE_SIZE - p->len;
		need = atomic ? from->left : 1;
		if (space >= need) {
			n = ring_fill(p, from, MIN(space, from->left));
			if (n < 0) {
				mutex_unlock(&p->lock);
				return written ? (long)written : n;
			}
			written += (size_t)n;
			pipe_wake(p);
			continue;
		}
		mutex_unlock(&p->lock);
		if (file->f_flags & O_NONBLOCK)
			return written ? (long)written : -EAGAIN;
		if (wait_event_interruptible(p->wait, can_write(p, need)))
			return written ? (long)written : -ERESTARTSYS;
		mutex_lock(&p->lock);
	}
	mutex_unlock(&p->lock);
	return (long)written;
}

static unsigned int pipe_poll(struct file *file)
{
	struct pipe *p = file_pipe(file);
	bool waiting = peer_missing(file, p);
	unsigned int mask = 0;

	mutex_lock(&p->lock);
	if (file->f_mode & FMODE_READ) {
		if (p->len > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && !waiting)
			mask |= POLLHUP;
	}
	if ((file->f_mode & FMODE_WRITE) && !waiting) {
		if (PIPE_SIZE - p->len >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	mutex_unlock(&p->lock);
	return mask;
}

long pipe_bytes_buffered(struct file *file)
{
	struct pipe *p;
	long n;

	if (!file_is_pipe(file))
		return -EINVAL;
	p = file_pipe(file);
	mutex_lock(&p->lock);
	n = (long)p->len;
	mutex_unlock(&p->lock);
	return n;
}

static long pipe_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	n = (int)pipe_bytes_buffered(file);
	return copy_to_user(arg, &n, sizeof(n));
}

static int64_t pipe_llseek(struct file *file, int64_t offset, int whence)
{
	return -ESPIPE;
}

/* Drop this file's reader/writer share; the last one frees the pipe. */
static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe *p = file_pipe(file);
	bool last;

	mutex_lock(&fifo_lock);
	mutex_lock(&p->lock);
	if (file->f_mode & FMODE_READ)
		p->readers--;
	if (file->f_mode & FMODE_WRITE)
		p->writers--;
	last = p->readers == 0 && p->writers == 0;
	if (last && p->fifo_inode)
		list_del(&p->fifo_link);
	/* Under the lock: once it is dropped, the other end's release (on
	 * another CPU) may be the last one and free the pipe. */
	if (!last)
		pipe_wake(p);
	mutex_unlock(&p->lock);
	mutex_unlock(&fifo_lock);
	if (file->f_op == &pipe_fifo_fops)
		kfree(file->private_data);
	if (last)
		pipe_free(p);
	return 0;
}

static const struct file_operations pipe_anon_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .llseek = pipe_llseek,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};

bool file_is_pipe(struct file *file)
{
	return file->f_op == &pipe_anon_fops || file->f_op == &pipe_fifo_fops;
}

/* ----- named FIFOs ----- */

/* The pipe of FIFO @inode, made if none is open. Caller holds fifo_lock. */
static struct pipe *fifo_pipe(struct inode *inode)
{
	struct pipe *p;

	list_for_each_entry(p, &fifo_list, fifo_link)
	{
		if (p->fifo_inode == inode)
			return p;
	}
	p = pipe_alloc();
	if (!p)
		return NULL;
	p->fifo_inode = inode;
	list_add(&p->fifo_link, &fifo_list);
	return p;
}

static int fifo_open(struct inode *inode, struct file *file)
{
	bool nonblock = file->f_flags & O_NONBLOCK;
	bool rd = file->f_mode & FMODE_READ, wr = file->f_mode & FMODE_WRITE;
	struct fifo_end *end = kzalloc(sizeof(*end), GFP_KERNEL);
	struct pipe *p;
	int err = 0;

	if (!end)
		return -ENOMEM;
	mutex_lock(&fifo_lock);
	p = fifo_pipe(inode);
	if (!p) {
		mutex_unlock(&fifo_lock);
		kfree(end);
		return -ENOMEM;
	}
	mutex_lock(&p->lock);
	if (wr && !rd && nonblock && p->readers == 0) {
		err = -ENXIO;
	} else {
		end->pipe = p;
		if (!nonblock && rd && !wr && p->writers == 0) {
			end->waiting = true;
			end->seen = p->w_opens;
		} else if (!nonblock && wr && !rd && p->readers == 0) {
			end->waiting = true;
			end->seen = p->r_opens;
		}
		p->readers += rd;
		p->r_opens += rd;
		p->writers += wr;
		p->w_opens += wr;
		file->private_data = end;
	}
	/* A pipe made just now for an -ENXIO open goes again. */
	if (err && p->readers == 0 && p->writers == 0) {
		list_del(&p->fifo_link);
		mutex_unlock(&p->lock);
		mutex_unlock(&fifo_lock);
		pipe_free(p);
		kfree(end);
		return err;
	}
	mutex_unlock(&p->lock);
	mutex_unlock(&fifo_lock);
	if (err) {
		kfree(end);
		return err;
	}
	pipe_wake(p); /* a waiting peer may go on now */
	return 0;
}

const struct file_operations pipe_fifo_fops = {
    .open = fifo_open,
    .read = pipe_read,
    .write = pipe_write,
    .llseek = pipe_llseek,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};

/* ----- anonymous pipes: pipefs ----- */

static struct inode *pipefs_alloc_inode(struct super_block *sb)
{
	return kzalloc(sizeof(struct inode), GFP_KERNEL);
}

static void pipefs_destroy_inode(struct inode *inode)
{
	kfree(inode);
}

static int pipefs_statfs(struct super_block *sb, struct linux_statfs *st)
{
	st->f_type = PIPEFS_MAGIC;
	st->f_bsize = CHUNK;
	st->f_namelen = NAME_MAX;
	return 0;
}

static const struct super_operations pipefs_sops = {
    .alloc_inode = pipefs_alloc_inode,
    .destroy_inode = pipefs_destroy_inode,
    .statfs = pipefs_statfs,
};

static const struct inode_operations pipefs_iops;

static int pipefs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root;

	sb->s_op = &pipefs_sops;
	sb->s_magic = PIPEFS_MAGIC;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0500;
	root->i_op = &pipefs_iops;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type pipefs_type = {
    .name = "pipefs",
    .fill_super = pipefs_fill_super,
};

static struct mutex pipefs_lock = MUTEX_INIT(pipefs_lock, "pipefs");
static struct vfsmount *pipefs_mnt;
static uint64_t pipefs_next_ino = 2;

/* The pipefs mount, made on first use. */
static int pipefs_get(struct vfsmount **out)
{
	int err = 0;

	mutex_lock(&pipefs_lock);
	if (!pipefs_mnt) {
		err = register_filesystem(&pipefs_type);
		if (!err)
			err = vfs_kern_mount("pipefs", 0, "pipefs", NULL, &pipefs_mnt);
	}
	*out = pipefs_mnt;
	mutex_unlock(&pipefs_lock);
	return err;
}

/* A path to a new nameless S_IFIFO inode of pipefs. */
static int pipe_path(struct path *out)
{
	struct vfsmount *mnt;
	struct inode *inode;
	int err = pipefs_get(&mnt);

	if (err)
		return err;
	inode = new_inode(mnt->mnt_sb);
	if (!inode)
		return -ENOMEM;
	inode->i_ino = __atomic_fetch_add(&pipefs_next_ino, 1, __ATOMIC_RELAXED);
	inode->i_mode = S_IFIFO | 0600;
	inode->i_nlink = 0; /* nameless: freed with the last file */
	inode->i_op = &pipefs_iops;
	inode->i_fop = &pipe_anon_fops;
	out->dentry = d_make_root(inode);
	if (!out->dentry)
		return -ENOMEM;
	out->mnt = mntget(mnt);
	return 0;
}

int pipe_create(unsigned int flags, struct file *files[2])
{
	static const struct cred kernel_cred = CRED_ROOT_INIT;
	struct vfs_ctx ctx = {.cred = &kernel_cred};
	unsigned int fl = flags & O_NONBLOCK;
	struct path path;
	struct pipe *p;
	int err;

	p = pipe_alloc();
	if (!p)
		return -ENOMEM;
	err = pipe_path(&path);
	if (err) {
		pipe_free(p);
		return err;
	}
	err = vfs_open_path(&ctx, &path, O_RDONLY | fl, &files[0]);
	if (err) {
		path_put(&path);
		pipe_free(p);
		return err;
	}
	p->readers = 1;
	files[0]->private_data = p;
	err = vfs_open_path(&ctx, &path, O_WRONLY | fl, &files[1]);
	path_put(&path);
	if (err) {
		file_put(files[0]); /* frees the pipe */
		return err;
	}
	p->writers = 1;
	files[1]->private_data = p;
	return 0;
}
