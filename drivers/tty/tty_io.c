/*
 * drivers/tty/tty_io.c - a tty as an open file: read, write, poll and the
 * tty ioctls, with job control.
 *
 * Job control as POSIX has it: a tty may be the controlling terminal of
 * one session (tty->session), which a session leader acquires by opening
 * it without O_NOCTTY or with TIOCSCTTY. Of that session's process groups
 * one is in the foreground (tty->pgrp). A background process that reads
 * gets SIGTTIN; one that writes with TOSTOP set, or changes the settings,
 * gets SIGTTOU - unless it ignores or blocks the signal (then reads fail
 * with -EIO and the rest is allowed) or its process group is orphaned
 * (-EIO). The signal code restarts the call after SIGCONT.
 *
 * Locking: tty->lock for session and pgrp; no lock is held while user
 * memory is copied or signals are sent.
 */
#include "drivers/tty/tty_io.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "proc/task.h"
#include "signal/signal.h"
#include "sys/uaccess.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/poll.h"
#include "uapi/termios.h"

#define TTY_CHUNK		 512 /* bytes written per pass through a kernel buffer */
#define TIOCGSERIAL		 0x541E
#define LINUX_SERIAL_STRUCT_SIZE 72 /* struct serial_struct on 64-bit Linux */

static void tty_ids(struct tty *tty, int *session, int *pgrp)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	*session = tty->session;
	*pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
}

/* Is @tty the controlling terminal of the caller's session? */
static bool is_ctty(struct tty *tty, struct process *p)
{
	int session, pgrp;

	tty_ids(tty, &session, &pgrp);
	return p && session && session == READ_ONCE(p->sid);
}

/*
 * May the caller, if it is in a background group of @tty's session, go
 * on? @sig is SIGTTIN (reads) or SIGTTOU (writes, settings). 0, -EIO, or
 * -ERESTARTSYS after sending @sig to its group.
 */
static int job_control(struct tty *tty, int sig)
{
	struct process *p = current_process();
	int session, pgrp, own;

	if (!p)
		return 0;
	tty_ids(tty, &session, &pgrp);
	own = READ_ONCE(p->pgid);
	if (!session || session != READ_ONCE(p->sid) || !pgrp || own == pgrp)
		return 0;
	if (signal_ignored_or_blocked(current_task(), sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (signal_pgrp_orphaned(own))
		return -EIO;
	signal_kill_pgrp(own, sig);
	return -ERESTARTSYS;
}

/* Make @tty the controlling terminal of the caller's session. */
static void set_ctty(struct tty *tty, struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->session = p->sid;
	tty->pgrp = p->pgid;
	spin_unlock_irqrestore(&tty->lock, flags);
}

int tty_file_open(struct tty *tty, struct file *file, bool noctty)
{
	struct process *p = current_process();
	int session, pgrp;

	file->f_op = &tty_file_fops;
	file->private_data = tty;
	if (!p || noctty || (file->f_flags & O_NOCTTY) || p->pid != p->sid)
		return 0;
	tty_ids(tty, &session, &pgrp);
	if (!session)
		set_ctty(tty, p);
	return 0;
}

bool tty_is_ctty_of_current(struct tty *tty)
{
	return is_ctty(tty, current_process());
}

void tty_session_exit(struct tty *tty, int sid)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	int pgrp = tty->pgrp;
	bool ours = tty->session == sid;

	if (ours) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	if (ours && pgrp > 0) {
		signal_kill_pgrp(pgrp, SIGHUP);
		signal_kill_pgrp(pgrp, SIGCONT);
	}
}

static struct tty *file_tty(struct file *file)
{
	return file->private_data;
}

static long tty_file_read(struct file *file, struct vfs_iter *to, int64_t *pos)
{
	struct tty *tty = file_tty(file);
	size_t len = to->left < TTY_BUF_SIZE ? to->left : TTY_BUF_SIZE;
	char *buf;
	long n;

	n = job_control(tty, SIGTTIN);
	if (n)
		return n;
	if (len == 0)
		return 0;
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = tty_read(tty, buf, len, file->f_flags & O_NONBLOCK);
	if (n > 0)
		n = (long)vfs_iter_copy_to(to, buf, (size_t)n);
	kfree(buf);
	return n;
}

static long tty_file_write(struct file *file, struct vfs_iter *from, int64_t *pos)
{
	struct tty *tty = file_tty(file);
	char buf[TTY_CHUNK];
	size_t n, done = 0;
	long err;

	if (tty->termios.c_lflag & TOSTOP) {
		err = job_control(tty, SIGTTOU);
		if (err)
			return err;
	}
	while ((n = vfs_iter_copy_from(from, buf, sizeof(buf))) > 0) {
		tty_write(tty, buf, n);
		done += n;
	}
	return (long)done;
}

static int64_t tty_file_llseek(struct file *file, int64_t offset, int whence)
{
	return -ESPIPE;
}

static unsigned int tty_file_poll(struct file *file)
{
	unsigned int events = POLLOUT | POLLWRNORM;

	if (tty_readable(file_tty(file)))
		events |= POLLIN | POLLRDNORM;
	return events;
}

/* ---- ioctls ------------------------------------------------------------ */

static long put_int(unsigned long arg, int v)
{
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long set_termios(struct tty *tty, unsigned int cmd, unsigned long arg)
{
	struct linux_termios2 t2;
	struct linux_termios t;
	bool two = cmd == TCSETS2 || cmd == TCSETSW2 || cmd == TCSETSF2;
	long err = job_control(tty, SIGTTOU);

	if (err)
		return err;
	if (two) {
		if (copy_from_user(&t2, arg, sizeof(t2)))
			return -EFAULT;
		memcpy(&t, &t2, sizeof(t));
	} else if (copy_from_user(&t, arg, sizeof(t))) {
		return -EFAULT;
	}
	if (cmd == TCSETSF || cmd == TCSETSF2)
		tty_flush_input(tty);
	tty_set_termios(tty, &t);
	return 0;
}

static long get_termios2(struct tty *tty, unsigned long arg)
{
	struct linux_termios2 t2;
	struct linux_termios t;

	tty_get_termios(tty, &t);
	memset(&t2, 0, sizeof(t2));
	memcpy(&t2, &t, sizeof(t));
	t2.c_ispeed = 38400;
	t2.c_ospeed = 38400;
	return copy_to_user(arg, &t2, sizeof(t2)) ? -EFAULT : 0;
}

static long get_winsize(struct tty *tty, unsigned long arg)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	struct linux_winsize ws = tty->winsize;

	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}

static long set_winsize(struct tty *tty, unsigned long arg)
{
	struct linux_winsize ws;
	unsigned long flags;
	bool changed;
	int pgrp;

	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	flags = spin_lock_irqsave(&tty->lock);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (changed && pgrp > 0)
		signal_kill_pgrp(pgrp, SIGWINCH);
	return 0;
}

static long set_pgrp(struct tty *tty, unsigned long arg)
{
	struct process *p = current_process();
	unsigned long flags;
	int pgrp, sid;
	long err = job_control(tty, SIGTTOU);

	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	if (!is_ctty(tty, p))
		return -ENOTTY;
	if (copy_from_user(&pgrp, arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	sid = signal_pgrp_session(pgrp);
	if (sid < 0)
		return -ESRCH;
	if (sid != p->sid)
		return -EPERM;
	flags = spin_lock_irqsave(&tty->lock);
	tty->pgrp = pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static long set_ctty_ioctl(struct tty *tty, struct file *file, unsigned long arg)
{
	struct process *p = current_process();
	int session, pgrp;

	if (!p)
		return -EPERM;
	tty_ids(tty, &session, &pgrp);
	if (p->pid == p->sid && session == p->sid)
		return 0;
	if (p->pid != p->sid)
		return -EPERM;
	if (session && !(arg == 1 && current_cred()->euid == 0))
		return -EPERM;
	if (!(file->f_mode & FMODE_READ) && current_cred()->euid != 0)
		return -EPERM;
	set_ctty(tty, p);
	return 0;
}

static long drop_ctty(struct tty *tty)
{
	struct process *p = current_process();

	if (!is_ctty(tty, p))
		return -ENOTTY;
	if (p->pid == p->sid)
		tty_session_exit(tty, p->sid);
	return 0;
}

/* TIOCGSERIAL: a 16550A on line 0 (busybox cttyhack looks for /dev/ttyS<line>). */
static long get_serial(unsigned long arg)
{
	int32_t serial[LINUX_SERIAL_STRUCT_SIZE / 4];

	memset(serial, 0, sizeof(serial));
	serial[0] = 4;	    /* type: PORT_16550A */
	serial[1] = 0;	    /* line */
	serial[7] = 115200; /* baud_base */
	return copy_to_user(arg, serial, sizeof(serial)) ? -EFAULT : 0;
}

static long tty_file_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tty *tty = file_tty(file);
	struct linux_termios t;
	int session, pgrp;
	long err;

	switch (cmd) {
	case TCGETS:
		tty_get_termios(tty, &t);
		return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCGETS2:
		return get_termios2(tty, arg);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return set_termios(tty, cmd, arg);
	case TIOCGWINSZ:
		return get_winsize(tty, arg);
	case TIOCSWINSZ:
		return set_winsize(tty, arg);
	case TIOCGPGRP:
		if (!is_ctty(tty, current_process()))
			return -ENOTTY;
		tty_ids(tty, &session, &pgrp);
		return put_int(arg, pgrp);
	case TIOCSPGRP:
		return set_pgrp(tty, arg);
	case TIOCGSID:
		if (!is_ctty(tty, current_process()))
			return -ENOTTY;
		tty_ids(tty, &session, &pgrp);
		return put_int(arg, session);
	case TIOCSCTTY:
		return set_ctty_ioctl(tty, file, arg);
	case TIOCNOTTY:
		return drop_ctty(tty);
	case FIONREAD:
		return put_int(arg, (int)tty_input_available(tty));
	case TIOCOUTQ:
		return put_int(arg, 0);
	case TIOCGETD:
		return put_int(arg, N_TTY);
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		err = job_control(tty, SIGTTOU);
		if (err)
			return err;
		if (arg != TCOFLUSH)
			tty_flush_input(tty);
		return 0;
	case TCXONC:
		if (arg > TCION)
			return -EINVAL;
		return job_control(tty, SIGTTOU);
	case TCSBRK:
	case TCSBRKP:
		return 0;
	case TIOCGSERIAL:
		return get_serial(arg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations tty_file_fops = {
    .read = tty_file_read,
    .write = tty_file_write,
    .llseek = tty_file_llseek,
    .poll = tty_file_poll,
    .ioctl = tty_file_ioctl,
};
