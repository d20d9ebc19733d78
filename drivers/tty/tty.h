/*
 * drivers/tty/tty.h - terminals: a struct tty is one terminal device with
 * its line discipline (N_TTY, n_tty.c), its termios settings and the job
 * control state (its session and foreground process group).
 *
 * Data flow:
 *
 *	driver input --tty_receive()--> line discipline: input processing
 *		(ICRNL...), signal characters (^C ^\ ^Z -> ops->signal), editing
 *		(erase, kill, werase in canonical mode), echo --> input buffer
 *	read(2) --tty_read()--> complete lines (canonical) or bytes (VMIN/VTIME)
 *	write(2) --tty_write()--> output processing (ONLCR...) --> ops->write
 *
 * The line discipline runs in thread context (the console's interrupt
 * handler only queues bytes; a kernel thread feeds them in, console.c).
 * Locking: tty->lock (irqsave) protects the termios, the input buffer and
 * the output column; ops->write is called with it held (it must not
 * sleep), ops->signal without it.
 */
#ifndef RUX_TTY_TTY_H
#define RUX_TTY_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "sched/wait.h"
#include "uapi/termios.h"

#define TTY_BUF_SIZE 4096 /* input bytes buffered; a canonical line is at most 4095 */

struct tty;

struct tty_ops {
	/* Put @len processed bytes on the device. tty->lock held; no sleeping. */
	void (*write)(struct tty *tty, const char *buf, size_t len);
	/* Send @sig to the foreground process group (a signal character). */
	void (*signal)(struct tty *tty, int sig);
};

struct tty {
	struct spinlock lock;
	const struct tty_ops *ops;
	void *driver_data;
	struct linux_termios termios;
	struct linux_winsize winsize;

	/*
	 * Input: bytes [tail, head) of buf (free-running indices, modulo the
	 * size). In canonical mode [tail, canon_head) are complete lines that
	 * read() may return, [canon_head, head) the line being edited.
	 * delim marks the bytes that end a line (newline, EOL, EOF), eof the
	 * EOF characters, which end a line but are never returned.
	 */
	char buf[TTY_BUF_SIZE];
	uint8_t delim[TTY_BUF_SIZE];
	size_t head, tail, canon_head;
	unsigned int column;	   /* output cursor column, for tabs and erase */
	unsigned int canon_column; /* column where the edited line started */
	bool lnext;		   /* the next byte is literal (after ^V) */

	/* Job control: the session it controls (0: none) and its foreground
	 * process group. Changed under lock. */
	int session;
	int pgrp;

	struct wait_queue read_wq; /* readers waiting for input */
};

/* Linux's defaults for a console: ICRNL IXON, OPOST ONLCR, B38400 CS8
 * CREAD HUPCL, ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN, 80x24. */
void tty_init(struct tty *tty, const struct tty_ops *ops, void *driver_data);
/* Feed typed bytes through the line discipline (thread context). */
void tty_receive(struct tty *tty, const char *buf, size_t len);
/*
 * Read up to @len bytes into kernel buffer @buf: one line at most in
 * canonical mode (0 at end of file), else per VMIN/VTIME. -EAGAIN when
 * @nonblock and nothing is there, -ERESTARTSYS when a signal came.
 */
long tty_read(struct tty *tty, char *buf, size_t len, bool nonblock);
/* Write @len bytes with output processing; returns @len. */
long tty_write(struct tty *tty, const char *buf, size_t len);
/* Bytes a read would find now (FIONREAD). */
size_t tty_input_available(struct tty *tty);
/* True when a read would not block (poll). */
bool tty_readable(struct tty *tty);
/* Throw away the typed input (TCFLSH, TCSETSF). */
void tty_flush_input(struct tty *tty);
void tty_get_termios(struct tty *tty, struct linux_termios *t);
void tty_set_termios(struct tty *tty, const struct linux_termios *t);

#endif /* RUX_TTY_TTY_H */
