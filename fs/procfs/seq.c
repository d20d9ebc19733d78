/*
 * fs/procfs/seq.c - the growing text buffer procfs files are generated
 * into. It doubles as needed up to SEQ_MAX; an append that cannot fit
 * sets s->err to -ENOMEM and later appends do nothing.
 */
#include "fs/procfs/internal.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define SEQ_FIRST 1024
#define SEQ_MAX	  (1024 * 1024)

/* Room for @more bytes plus a NUL; false (and s->err) if none. */
static bool seq_reserve(struct seq *s, size_t more)
{
	size_t size = s->size ? s->size : SEQ_FIRST;
	char *buf;

	if (s->err)
		return false;
	if (s->len + more + 1 <= s->size)
		return true;
	while (size < s->len + more + 1)
		size *= 2;
	if (size > SEQ_MAX) {
		s->err = -ENOMEM;
		return false;
	}
	buf = krealloc(s->buf, size, GFP_KERNEL);
	if (!buf) {
		s->err = -ENOMEM;
		return false;
	}
	s->buf = buf;
	s->size = size;
	return true;
}

void seq_write(struct seq *s, const void *data, size_t len)
{
	if (!seq_reserve(s, len))
		return;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
}

void seq_puts(struct seq *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

void seq_putc(struct seq *s, char c)
{
	seq_write(s, &c, 1);
}

void seq_printf(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !seq_reserve(s, (size_t)n))
		return;
	va_start(ap, fmt);
	kvsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	s->len += (size_t)n;
}
