/*
 * drivers/tty/n_tty.c - the N_TTY line discipline: what happens to bytes
 * between a terminal device and read(2)/write(2), as termios(3) describes.
 *
 * Input (tty_receive): ISTRIP, IXON (^S/^Q are swallowed; output is not
 * actually stopped), the signal characters with ISIG (the input is flushed
 * unless NOFLSH), IGNCR/ICRNL/INLCR, then in canonical mode line editing
 * (ERASE, KILL, and with IEXTEN WERASE, LNEXT, REPRINT) and the line ends
 * (newline, EOL, EOL2, EOF); echo with ECHO, ECHOE, ECHOK, ECHOKE,
 * ECHOCTL (control characters as ^X) and ECHONL.
 * Output (tty_write and echo): OPOST with ONLCR and OCRNL; the column is
 * tracked so that erasing a tab or ^X takes back the right width.
 *
 * Locking: see tty.h. Reads sleep on tty->read_wq; tty_receive wakes it.
 */
#include "drivers/tty/tty.h"
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "sched/thread.h"
#include "signal/restart.h"
#include "uapi/errno.h"
#include "uapi/signal.h"

#define CTRL(c)	      ((c)&0x1f)
#define DISABLED_CHAR 0		   /* a c_cc value that matches nothing */
#define VTIME_NS      100000000ull /* VTIME counts tenths of a second */
#define POLL_NS	      10000000ull  /* how often a timed read looks again */

static const uint8_t default_cc[NCCS] = {
    [VINTR] = CTRL('C'),
    [VQUIT] = CTRL('\\'),
    [VERASE] = 0x7f,
    [VKILL] = CTRL('U'),
    [VEOF] = CTRL('D'),
    [VTIME] = 0,
    [VMIN] = 1,
    [VSTART] = CTRL('Q'),
    [VSTOP] = CTRL('S'),
    [VSUSP] = CTRL('Z'),
    [VREPRINT] = CTRL('R'),
    [VDISCARD] = CTRL('O'),
    [VWERASE] = CTRL('W'),
    [VLNEXT] = CTRL('V'),
};

void tty_init(struct tty *tty, const struct tty_ops *ops, void *driver_data)
{
	memset(tty, 0, sizeof(*tty));
	spin_lock_init(&tty->lock, "tty");
	wait_queue_init(&tty->read_wq, "tty read");
	tty->ops = ops;
	tty->driver_data = driver_data;
	tty->termios.c_iflag = ICRNL | IXON;
	tty->termios.c_oflag = OPOST | ONLCR;
	tty->termios.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	tty->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(tty->termios.c_cc, default_cc, sizeof(default_cc));
	tty->winsize.ws_row = 24;
	tty->winsize.ws_col = 80;
}

static bool lflag(const struct tty *tty, uint32_t f)
{
	return tty->termios.c_lflag & f;
}

static bool iflag(const struct tty *tty, uint32_t f)
{
	return tty->termios.c_iflag & f;
}

/* Is @c the (enabled) control character @idx? */
static bool is_cc(const struct tty *tty, unsigned char c, int idx)
{
	unsigned char v = tty->termios.c_cc[idx];

	return v != DISABLED_CHAR && c == v;
}

/* ---- output ------------------------------------------------------------ */

/* One byte out with output processing; tty->lock held. */
static void output_char(struct tty *tty, unsigned char c)
{
	const struct linux_termios *t = &tty->termios;
	char crlf[2] = {'\r', '\n'};
	char ch = (char)c;

	if (!(t->c_oflag & OPOST)) {
		tty->ops->write(tty, &ch, 1);
		return;
	}
	switch (c) {
	case '\n':
		if (t->c_oflag & ONLCR) {
			tty->ops->write(tty, crlf, 2);
			tty->column = 0;
			return;
		}
		if (t->c_oflag & ONLRET)
			tty->column = 0;
		break;
	case '\r':
		if (t->c_oflag & OCRNL) {
			ch = '\n';
			if (t->c_oflag & ONLRET)
				tty->column = 0;
		} else {
			tty->column = 0;
		}
		break;
	case '\t':
		tty->column = (tty->column | 7) + 1;
		break;
	case '\b':
		if (tty->column > 0)
			tty->column--;
		break;
	default:
		if (c >= 0x20 && c != 0x7f)
			tty->column++;
		break;
	}
	tty->ops->write(tty, &ch, 1);
}

static void output_str(struct tty *tty, const char *s)
{
	while (*s)
		output_char(tty, (unsigned char)*s++);
}

long tty_write(struct tty *tty, const char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	for (size_t i = 0; i < len; i++)
		output_char(tty, (unsigned char)buf[i]);
	spin_unlock_irqrestore(&tty->lock, flags);
	return (long)len;
}

/* Is @c echoed as ^X? */
static bool echoes_as_ctl(const struct tty *tty, unsigned char c)
{
	return lflag(tty, ECHOCTL) && (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n';
}

static void echo_char(struct tty *tty, unsigned char c)
{
	char ctl[3] = {'^', (char)(c == 0x7f ? '?' : c ^ 0x40), 0};

	if (echoes_as_ctl(tty, c))
		output_str(tty, ctl);
	else
		output_char(tty, c);
}

/* ---- the input buffer -------------------------------------------------- */

static size_t idx(size_t i)
{
	return i % TTY_BUF_SIZE;
}

static void put_char(struct tty *tty, unsigned char c, uint8_t delim)
{
	tty->buf[idx(tty->head)] = (char)c;
	tty->delim[idx(tty->head)] = delim;
	tty->head++;
}

#define DELIM_LINE 1 /* ends a line and is read */
#define DELIM_EOF  2 /* ends a line and is not read */

/* Column where byte @end of the edited line would start. */
static unsigned int line_column(struct tty *tty, size_t end)
{
	unsigned int col = tty->canon_column;

	for (size_t i = tty->canon_head; i < end; i++) {
		unsigned char c = (unsigned char)tty->buf[idx(i)];

		if (c == '\t')
			col = (col | 7) + 1;
		else if (echoes_as_ctl(tty, c))
			col += 2;
		else
			col++;
	}
	return col;
}

/* Take back the last byte of the edited line, on the screen too. */
static void erase_one(struct tty *tty, bool visual)
{
	unsigned char c = (unsigned char)tty->buf[idx(tty->head - 1)];
	unsigned int from = tty->column, to;

	tty->head--;
	if (!lflag(tty, ECHO))
		return;
	if (!visual) {
		echo_char(tty, tty->termios.c_cc[VERASE]);
		return;
	}
	to = c == '\t' ? line_column(tty, tty->head) : from - (echoes_as_ctl(tty, c) ? 2 : 1);
	for (unsigned int n = from > to ? from - to : 0; n > 0; n--)
		output_str(tty, "\b \b");
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

static void erase(struct tty *tty, enum erase_kind kind, unsigned char c)
{
	bool visual = lflag(tty, ECHOE);

	if (tty->head == tty->canon_head)
		return;
	if (kind == ERASE_LINE) {
		if (lflag(tty, ECHO) && !(lflag(tty, ECHOKE) && visual)) {
			tty->head = tty->canon_head;
			echo_char(tty, c);
			if (lflag(tty, ECHOK))
				output_char(tty, '\n');
			tty->canon_column = tty->column;
			return;
		}
		while (tty->head != tty->canon_head)
			erase_one(tty, true);
		return;
	}
	if (kind == ERASE_CHAR) {
		erase_one(tty, visual);
		return;
	}
	while (tty->head != tty->canon_head &&
	       is_space((unsigned char)tty->buf[idx(tty->head - 1)]))
		erase_one(tty, true);
	while (tty->head != tty->canon_head &&
	       !is_space((unsigned char)tty->buf[idx(tty->head - 1)]))
		erase_one(tty, true);
}

/* End the edited line with @c (kept in the buffer unless it is EOF). */
static void end_line(struct tty *tty, unsigned char c, uint8_t delim)
{
	if (tty->head - tty->tail >= TTY_BUF_SIZE)
		return;
	put_char(tty, c, delim);
	tty->canon_head = tty->head;
	tty->canon_column = tty->column;
}

static void reprint(struct tty *tty, unsigned char c)
{
	echo_char(tty, c);
	output_char(tty, '\n');
	tty->canon_column = tty->column;
	for (size_t i = tty->canon_head; i < tty->head; i++)
		echo_char(tty, (unsigned char)tty->buf[idx(i)]);
}

/* Room for an ordinary byte: one place stays free for the line end. */
static bool room_for_char(const struct tty *tty)
{
	size_t limit = lflag(tty, ICANON) ? TTY_BUF_SIZE - 1 : TTY_BUF_SIZE;

	return tty->head - tty->tail < limit;
}

static void receive_plain(struct tty *tty, unsigned char c)
{
	if (!room_for_char(tty))
		return;
	if (lflag(tty, ECHO))
		echo_char(tty, c);
	put_char(tty, c, 0);
	if (!lflag(tty, ICANON))
		tty->canon_head = tty->head;
}

/* The canonical-mode characters; true if @c was one. */
static bool receive_canon(struct tty *tty, unsigned char c)
{
	bool ext = lflag(tty, IEXTEN);

	if (is_cc(tty, c, VERASE)) {
		erase(tty, ERASE_CHAR, c);
	} else if (is_cc(tty, c, VKILL)) {
		erase(tty, ERASE_LINE, c);
	} else if (ext && is_cc(tty, c, VWERASE)) {
		erase(tty, ERASE_WORD, c);
	} else if (ext && is_cc(tty, c, VLNEXT)) {
		tty->lnext = true;
		if (lflag(tty, ECHO) && lflag(tty, ECHOCTL))
			output_str(tty, "^\b");
	} else if (ext && is_cc(tty, c, VREPRINT)) {
		if (lflag(tty, ECHO))
			reprint(tty, c);
	} else if (c == '\n') {
		if (lflag(tty, ECHO) || lflag(tty, ECHONL))
			output_char(tty, '\n');
		end_line(tty, c, DELIM_LINE);
	} else if (is_cc(tty, c, VEOF)) {
		end_line(tty, c, DELIM_EOF);
	} else if (is_cc(tty, c, VEOL) || is_cc(tty, c, VEOL2)) {
		if (lflag(tty, ECHO))
			echo_char(tty, c);
		end_line(tty, c, DELIM_LINE);
	} else {
		return false;
	}
	return true;
}

static void flush_input_locked(struct tty *tty)
{
	tty->tail = tty->head = tty->canon_head = 0;
	tty->canon_column = tty->column;
	tty->lnext = false;
}

/* One received byte; returns the signal it raises, or 0. tty->lock held. */
static int receive_char(struct tty *tty, unsigned char c)
{
	if (iflag(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) {
		tty->lnext = false;
		if (lflag(tty, ECHO) && lflag(tty, ECHOCTL))
			output_str(tty, "\b");
		receive_plain(tty, c);
		return 0;
	}
	if (iflag(tty, IXON) && (is_cc(tty, c, VSTOP) || is_cc(tty, c, VSTART)))
		return 0;
	if (lflag(tty, ISIG)) {
		int sig = is_cc(tty, c, VINTR)	 ? SIGINT
			  : is_cc(tty, c, VQUIT) ? SIGQUIT
			  : is_cc(tty, c, VSUSP) ? SIGTSTP
						 : 0;
		if (sig) {
			if (!lflag(tty, NOFLSH))
				flush_input_locked(tty);
			if (lflag(tty, ECHO))
				echo_char(tty, c);
			tty->canon_column = tty->column;
			return sig;
		}
	}
	if (c == '\r') {
		if (iflag(tty, IGNCR))
			return 0;
		if (iflag(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(tty, INLCR)) {
		c = '\r';
	}
	if (lflag(tty, ICANON) && receive_canon(tty, c))
		return 0;
	receive_plain(tty, c);
	return 0;
}

void tty_receive(struct tty *tty, const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned long flags = spin_lock_irqsave(&tty->lock);
		int sig = 0;

		while (i < len && !sig)
			sig = receive_char(tty, (unsigned char)buf[i++]);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (sig && tty->ops->signal)
			tty->ops->signal(tty, sig);
	}
	wake_up(&tty->read_wq);
}

/* ---- reading ----------------------------------------------------------- */

static size_t available_locked(const struct tty *tty)
{
	return tty->canon_head - tty->tail;
}

size_t tty_input_available(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	size_t n = available_locked(tty);

	/* EOF marks are not data. */
	for (size_t i = tty->tail; i < tty->canon_head; i++)
		if (tty->delim[idx(i)] == DELIM_EOF)
			n--;
	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
}

bool tty_readable(struct tty *tty)
{
	return READ_ONCE(tty->canon_head) != READ_ONCE(tty->tail);
}

/* Copy one line (or its first @len bytes); tty->lock held. */
static size_t read_canon_locked(struct tty *tty, char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && tty->tail != tty->canon_head) {
		size_t i = idx(tty->tail++);

		if (tty->delim[i] == DELIM_EOF)
			break;
		buf[n++] = tty->buf[i];
		if (tty->delim[i] == DELIM_LINE)
			break;
	}
	return n;
}

static size_t read_raw_locked(struct tty *tty, char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && tty->tail != tty->canon_head)
		buf[n++] = tty->buf[idx(tty->tail++)];
	return n;
}

static bool has_bytes(struct tty *tty, size_t want)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool ok = available_locked(tty) >= want;

	spin_unlock_irqrestore(&tty->lock, flags);
	return ok;
}

/*
 * Wait until @want bytes are there, a signal comes (-ERESTARTSYS) or
 * @deadline_ns passes (0: never). Timed waits look again every POLL_NS.
 */
static int wait_bytes(struct tty *tty, size_t want, uint64_t deadline_ns)
{
	if (!deadline_ns) {
		if (wait_event_interruptible(tty->read_wq, has_bytes(tty, want)))
			return -ERESTARTSYS;
		return 0;
	}
	while (!has_bytes(tty, want)) {
		uint64_t now = hal_clock_ns();

		if (wait_signal_pending())
			return -ERESTARTSYS;
		if (now >= deadline_ns)
			break;
		thread_sleep_ns(deadline_ns - now < POLL_NS ? deadline_ns - now : POLL_NS);
	}
	return 0;
}

static long read_raw(struct tty *tty, char *buf, size_t len, bool nonblock)
{
	unsigned int vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];
	size_t want = vmin == 0 ? 1 : vmin < len ? vmin : len, n = 0;
	unsigned long flags;
	int err;

	for (;;) {
		flags = spin_lock_irqsave(&tty->lock);
		n += read_raw_locked(tty, buf + n, len - n);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (n >= want || (vmin == 0 && vtime == 0))
			break;
		if (nonblock)
			return n ? (long)n : -EAGAIN;
		/* VTIME is an overall timer with VMIN 0, an inter-byte one after
		 * the first byte otherwise. */
		if (vtime == 0 || (vmin > 0 && n == 0))
			err = wait_bytes(tty, 1, 0);
		else
			err = wait_bytes(tty, 1, hal_clock_ns() + vtime * VTIME_NS);
		if (err)
			return n ? (long)n : err;
		if (vtime && !has_bytes(tty, 1))
			break; /* the timer ran out */
	}
	return (long)n;
}

long tty_read(struct tty *tty, char *buf, size_t len, bool nonblock)
{
	unsigned long flags;
	size_t n;
	int err;

	if (len == 0)
		return 0;
	if (!lflag(tty, ICANON))
		return read_raw(tty, buf, len, nonblock);
	for (;;) {
		flags = spin_lock_irqsave(&tty->lock);
		if (tty->tail != tty->canon_head) {
			n = read_canon_locked(tty, buf, len);
			spin_unlock_irqrestore(&tty->lock, flags);
			return (long)n;
		}
		spin_unlock_irqrestore(&tty->lock, flags);
		if (nonblock)
			return -EAGAIN;
		err = wait_bytes(tty, 1, 0);
		if (err)
			return err;
	}
}

/* ---- settings ------------------------------------------------------------ */

void tty_flush_input(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	flush_input_locked(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
}

void tty_get_termios(struct tty *tty, struct linux_termios *t)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	*t = tty->termios;
	spin_unlock_irqrestore(&tty->lock, flags);
}

void tty_set_termios(struct tty *tty, const struct linux_termios *t)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool was_canon = lflag(tty, ICANON);

	tty->termios = *t;
	tty->termios.c_line = N_TTY;
	/* Leaving canonical mode makes the edited line readable. */
	if (was_canon && !lflag(tty, ICANON))
		tty->canon_head = tty->head;
	if (!was_canon && lflag(tty, ICANON))
		tty->canon_column = tty->column;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wq);
}
