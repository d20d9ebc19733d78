/*
 * tests/ktest/tty.c - the N_TTY line discipline on a test terminal whose
 * output is captured and whose signals are recorded: canonical editing,
 * echo, signal characters, end of file, raw mode and output processing.
 *
 * Every read here finds its data already typed, so nothing blocks.
 */
#include "drivers/tty/tty.h"
#include "lib/ktest.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "sched/thread.h"
#include "uapi/errno.h"
#include "uapi/signal.h"

struct test_term {
	struct tty tty;
	char out[512];
	size_t out_len;
	int sigs[8];
	unsigned int nr_sigs;
};

static void test_write(struct tty *tty, const char *buf, size_t len)
{
	struct test_term *t = tty->driver_data;

	for (size_t i = 0; i < len && t->out_len + 1 < sizeof(t->out); i++)
		t->out[t->out_len++] = buf[i];
	t->out[t->out_len] = '\0';
}

static void test_signal(struct tty *tty, int sig)
{
	struct test_term *t = tty->driver_data;

	if (t->nr_sigs < 8)
		t->sigs[t->nr_sigs++] = sig;
}

static const struct tty_ops test_ops = {
    .write = test_write,
    .signal = test_signal,
};

static struct test_term *term_new(void)
{
	struct test_term *t = kmalloc(sizeof(*t), GFP_KERNEL | __GFP_ZERO);

	if (t)
		tty_init(&t->tty, &test_ops, t);
	return t;
}

static void type(struct test_term *t, const char *s)
{
	tty_receive(&t->tty, s, strlen(s));
}

/* Read once into @buf (NUL-terminated); returns what tty_read returned. */
static long read_str(struct test_term *t, char *buf, size_t size, bool nonblock)
{
	long n = tty_read(&t->tty, buf, size - 1, nonblock);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static void set_lflag(struct test_term *t, uint32_t clear, uint32_t set)
{
	struct linux_termios tio;

	tty_get_termios(&t->tty, &tio);
	tio.c_lflag = (tio.c_lflag & ~clear) | set;
	tty_set_termios(&t->tty, &tio);
}

KTEST(tty, defaults_are_linux_console)
{
	struct test_term *t = term_new();
	struct linux_termios tio;

	KT_ASSERT_NOT_NULL(t);
	tty_get_termios(&t->tty, &tio);
	KT_ASSERT_EQ(tio.c_iflag, ICRNL | IXON);
	KT_ASSERT_EQ(tio.c_oflag, OPOST | ONLCR);
	KT_ASSERT_EQ(tio.c_cflag, B38400 | CS8 | CREAD | HUPCL);
	KT_ASSERT_EQ(tio.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN);
	KT_ASSERT_EQ(tio.c_cc[VINTR], 3);
	KT_ASSERT_EQ(tio.c_cc[VERASE], 0x7f);
	KT_ASSERT_EQ(tio.c_cc[VMIN], 1);
	KT_ASSERT_EQ(t->tty.winsize.ws_col, 80);
	KT_ASSERT_EQ(t->tty.winsize.ws_row, 24);
	kfree(t);
}

KTEST(tty, canonical_line_with_cr_and_echo)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "hel");
	KT_ASSERT_EQ(tty_read(&t->tty, buf, sizeof(buf), true), -EAGAIN);
	type(t, "lo\r");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 6);
	KT_ASSERT_STR_EQ(buf, "hello\n");
	KT_ASSERT_STR_EQ(t->out, "hello\r\n");
	kfree(t);
}

KTEST(tty, one_line_per_read_and_partial_reads)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "ab\ncdef\n");
	KT_ASSERT_EQ(tty_input_available(&t->tty), 8);
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 3);
	KT_ASSERT_STR_EQ(buf, "ab\n");
	KT_ASSERT_EQ(read_str(t, buf, 3, false), 2);
	KT_ASSERT_STR_EQ(buf, "cd");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 3);
	KT_ASSERT_STR_EQ(buf, "ef\n");
	kfree(t);
}

KTEST(tty, erase_kill_werase)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "abc\x7f\x7f"
		"d\n");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 3);
	KT_ASSERT_STR_EQ(buf, "ad\n");
	KT_ASSERT_STR_EQ(t->out, "abc\b \b\b \bd\r\n");

	t->out_len = 0;
	type(t, "junk\x15ok\n");
	read_str(t, buf, sizeof(buf), false);
	KT_ASSERT_STR_EQ(buf, "ok\n");
	KT_ASSERT_STR_EQ(t->out, "junk\b \b\b \b\b \b\b \bok\r\n");

	type(t, "foo bar  \x17"
		"baz\n");
	read_str(t, buf, sizeof(buf), false);
	KT_ASSERT_STR_EQ(buf, "foo baz\n");

	/* Nothing to erase: nothing happens. */
	t->out_len = 0;
	type(t, "\x7f\x15x\n");
	read_str(t, buf, sizeof(buf), false);
	KT_ASSERT_STR_EQ(buf, "x\n");
	KT_ASSERT_STR_EQ(t->out, "x\r\n");
	kfree(t);
}

KTEST(tty, erase_takes_back_control_echo_and_tabs)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "\x01");
	KT_ASSERT_STR_EQ(t->out, "^A");
	type(t, "\x7f");
	KT_ASSERT_STR_EQ(t->out, "^A\b \b\b \b");
	t->out_len = 0;
	type(t, "ab\t\x7f\n");
	read_str(t, buf, sizeof(buf), false);
	KT_ASSERT_STR_EQ(buf, "ab\n");
	/* The tab went from column 2 to 8: six steps back. */
	KT_ASSERT_STR_EQ(t->out, "ab\t\b \b\b \b\b \b\b \b\b \b\b \b\r\n");
	kfree(t);
}

KTEST(tty, echo_off_and_echonl)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	set_lflag(t, ECHO, ECHONL);
	type(t, "secret\n");
	read_str(t, buf, sizeof(buf), false);
	KT_ASSERT_STR_EQ(buf, "secret\n");
	KT_ASSERT_STR_EQ(t->out, "\r\n");
	kfree(t);
}

KTEST(tty, eof_ends_line_without_data)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "ab\x04");
	KT_ASSERT_EQ(tty_input_available(&t->tty), 2);
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 2);
	KT_ASSERT_STR_EQ(buf, "ab");
	type(t, "\x04");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 0);
	KT_ASSERT_EQ(tty_read(&t->tty, buf, sizeof(buf), true), -EAGAIN);
	KT_ASSERT_STR_EQ(t->out, "ab");
	kfree(t);
}

KTEST(tty, signal_characters_flush_and_signal)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "ab\x03");
	KT_ASSERT_EQ(t->nr_sigs, 1);
	KT_ASSERT_EQ(t->sigs[0], SIGINT);
	KT_ASSERT_STR_EQ(t->out, "ab^C");
	KT_ASSERT_EQ(tty_input_available(&t->tty), 0);
	type(t, "\x1a\x1c");
	KT_ASSERT_EQ(t->nr_sigs, 3);
	KT_ASSERT_EQ(t->sigs[1], SIGTSTP);
	KT_ASSERT_EQ(t->sigs[2], SIGQUIT);

	set_lflag(t, 0, NOFLSH);
	type(t, "xy\n"
		"z\x03");
	KT_ASSERT_EQ(t->nr_sigs, 4);
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 3);
	KT_ASSERT_STR_EQ(buf, "xy\n");

	/* Without ISIG ^C is a byte like any other. */
	set_lflag(t, ISIG | ICANON | ECHO, 0);
	tty_flush_input(&t->tty);
	type(t, "\x03");
	KT_ASSERT_EQ(t->nr_sigs, 4);
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 1);
	KT_ASSERT_EQ(buf[0], 3);
	kfree(t);
}

KTEST(tty, raw_mode_vmin_vtime)
{
	struct test_term *t = term_new();
	struct linux_termios tio;
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	set_lflag(t, ICANON | ECHO, 0);
	type(t, "q");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 1);
	KT_ASSERT_STR_EQ(buf, "q");
	KT_ASSERT_STR_EQ(t->out, "");
	KT_ASSERT_EQ(tty_read(&t->tty, buf, sizeof(buf), true), -EAGAIN);
	/* Arrow keys arrive as one escape sequence; \r stays \r without ICRNL. */
	tty_get_termios(&t->tty, &tio);
	tio.c_iflag &= ~ICRNL;
	tio.c_cc[VMIN] = 3;
	tty_set_termios(&t->tty, &tio);
	type(t, "\x1b[A\r");
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 4);
	KT_ASSERT_STR_EQ(buf, "\x1b[A\r");
	/* VMIN = VTIME = 0: a poll that returns 0 at once. */
	tio.c_cc[VMIN] = 0;
	tty_set_termios(&t->tty, &tio);
	KT_ASSERT_EQ(tty_read(&t->tty, buf, sizeof(buf), false), 0);
	kfree(t);
}

KTEST(tty, leaving_canonical_mode_releases_edited_line)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "par");
	KT_ASSERT(!tty_readable(&t->tty));
	set_lflag(t, ICANON, 0);
	KT_ASSERT(tty_readable(&t->tty));
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 3);
	KT_ASSERT_STR_EQ(buf, "par");
	kfree(t);
}

KTEST(tty, output_processing)
{
	struct test_term *t = term_new();
	struct linux_termios tio;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(tty_write(&t->tty, "a\nb\n", 4), 4);
	KT_ASSERT_STR_EQ(t->out, "a\r\nb\r\n");
	t->out_len = 0;
	tty_get_termios(&t->tty, &tio);
	tio.c_oflag &= ~OPOST;
	tty_set_termios(&t->tty, &tio);
	tty_write(&t->tty, "a\nb", 3);
	KT_ASSERT_STR_EQ(t->out, "a\nb");
	kfree(t);
}

KTEST(tty, lnext_quotes_a_special_character)
{
	struct test_term *t = term_new();
	char buf[64];

	KT_ASSERT_NOT_NULL(t);
	type(t, "\x16\x03\n");
	KT_ASSERT_EQ(t->nr_sigs, 0);
	KT_ASSERT_EQ(read_str(t, buf, sizeof(buf), false), 2);
	KT_ASSERT_EQ(buf[0], 3);
	KT_ASSERT_EQ(buf[1], '\n');
	kfree(t);
}

/* ---- blocking reads, from a kernel thread ------------------------------- */

struct reader {
	struct test_term *term;
	char buf[16];
	long n;
};

static void reader_fn(void *arg)
{
	struct reader *r = arg;

	r->n = tty_read(&r->term->tty, r->buf, sizeof(r->buf), false);
}

KTEST(tty, blocked_reader_wakes_for_a_whole_line)
{
	struct reader r = {.term = term_new(), .n = -1};
	struct thread *th;

	KT_ASSERT_NOT_NULL(r.term);
	th = kthread_run(reader_fn, &r, "tty reader");
	KT_ASSERT_NOT_NULL(th);
	for (int i = 0; i < 5; i++)
		sched_yield_current();
	type(r.term, "par");
	for (int i = 0; i < 5; i++)
		sched_yield_current();
	KT_ASSERT_EQ(r.n, -1); /* half a line: still waiting */
	type(r.term, "tial\n");
	thread_join(th);
	KT_ASSERT_EQ(r.n, 8);
	KT_ASSERT(memcmp(r.buf, "partial\n", 8) == 0);
	kfree(r.term);
}

KTEST(tty, vtime_read_times_out_empty)
{
	struct reader r = {.term = term_new(), .n = -1};
	struct linux_termios tio;
	struct thread *th;
	uint64_t start;

	KT_ASSERT_NOT_NULL(r.term);
	tty_get_termios(&r.term->tty, &tio);
	tio.c_lflag &= ~ICANON;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 2; /* 0.2 s */
	tty_set_termios(&r.term->tty, &tio);
	start = hal_clock_ns();
	th = kthread_run(reader_fn, &r, "tty reader");
	KT_ASSERT_NOT_NULL(th);
	thread_join(th);
	KT_ASSERT_EQ(r.n, 0);
	KT_ASSERT(hal_clock_ns() - start >= 200000000ull);
	kfree(r.term);
}
