/*
 * core/lib/vsnprintf.c - the kernel's printf formatter.
 *
 * One pass over the format string. Output goes through struct out, which
 * stores characters while there is room and keeps counting after that, so
 * the C99 return value (the untruncated length) falls out for free. The
 * supported conversions are listed in printk.h. This file has no state and
 * takes no locks; it is safe in any context.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/printk.h"

/* Where formatted characters go: @buf[0..@size-1], @len counts them all. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

/* One conversion specification, as parsed from "%-08.3lx". */
struct spec {
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros */
	bool plus;     /* '+': always print a sign */
	bool space;    /* ' ': a space where a '+' would go */
	bool alt;      /* '#': 0x / 0 prefix */
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
	int length;    /* size in bytes of the integer argument */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse a decimal number or '*' at *@fmt; advances *@fmt past it. */
static int parse_count(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (is_digit(**fmt)) {
		if (n < 100000000)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

static void parse_flags(const char **fmt, struct spec *sp)
{
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': sp->left = true; break;
		case '0': sp->zero = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		case '#': sp->alt = true; break;
		default: return;
		}
	}
}

static void parse_length(const char **fmt, struct spec *sp)
{
	const char *f = *fmt;

	sp->length = sizeof(int);
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = sizeof(char);
		f += 2;
	} else if (f[0] == 'l' && f[1] == 'l') {
		sp->length = sizeof(long long);
		f += 2;
	} else if (*f == 'h') {
		sp->length = sizeof(short);
		f++;
	} else if (*f == 'l') {
		sp->length = sizeof(long);
		f++;
	} else if (*f == 'z') {
		sp->length = sizeof(size_t);
		f++;
	} else if (*f == 't') {
		sp->length = sizeof(ptrdiff_t);
		f++;
	} else if (*f == 'j') {
		sp->length = sizeof(intmax_t);
		f++;
	}
	*fmt = f;
}

/* Parse everything between '%' and the conversion character. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
	*sp = (struct spec){ .precision = -1 };
	parse_flags(fmt, sp);
	sp->width = parse_count(fmt, ap);
	if (sp->width < 0) {
		/* A negative '*' width means '-' and its absolute value. */
		sp->left = true;
		sp->width = sp->width == INT32_MIN ? INT32_MAX : -sp->width;
	}
	if (**fmt == '.') {
		(*fmt)++;
		sp->precision = parse_count(fmt, ap);
		if (sp->precision < 0)
			sp->precision = -1;
	}
	parse_length(fmt, sp);
}

static unsigned long long get_unsigned(va_list *ap, int length)
{
	if (length == sizeof(long long))
		return va_arg(*ap, unsigned long long);
	if (length == sizeof(long))
		return va_arg(*ap, unsigned long);

	unsigned int v = va_arg(*ap, unsigned int);

	if (length == sizeof(short))
		return (unsigned short)v;
	if (length == sizeof(char))
		return (unsigned char)v;
	return v;
}

static long long get_signed(va_list *ap, int length)
{
	if (length == sizeof(long long))
		return va_arg(*ap, long long);
	if (length == sizeof(long))
		return va_arg(*ap, long);

	int v = va_arg(*ap, int);

	if (length == sizeof(short))
		return (short)v;
	if (length == sizeof(char))
		return (signed char)v;
	return v;
}

/*
 * Print @v in @base. @sign is the sign character ('-', '+', ' ') or 0,
 * @prefix is "0x", "0X", "0" or "". Layout:
 *	[spaces][sign][prefix][zeros][digits][spaces]
 */
static void put_number(struct out *o, const struct spec *sp, unsigned long long v,
		       unsigned int base, bool upper, char sign, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 22 octal digits cover 64 bits */
	int n = 0, prefix_len = 0, zeros, pad;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	/* An explicit precision of 0 prints no digits for 0; otherwise "0". */
	if (n == 0 && sp->precision != 0)
		tmp[n++] = '0';
	while (prefix[prefix_len])
		prefix_len++;
	/* "%#o" needs a leading 0 only if the digits do not start with one. */
	if (base == 8 && prefix_len && n && tmp[n - 1] == '0')
		prefix_len = 0;
	if (base == 8 && prefix_len && sp->precision > n)
		prefix_len = 0;
	zeros = sp->precision > n ? sp->precision - n : 0;
	pad = sp->width - n - zeros - prefix_len - (sign ? 1 : 0);
	if (pad > 0 && sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		out_repeat(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	out_mem(o, prefix, (size_t)prefix_len);
	out_repeat(o, '0', zeros);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	size_t n = 0;
	int pad;

	if (!s)
		s = "(null)";
	/* Never read past the precision: the string need not be terminated. */
	while ((sp->precision < 0 || n < (size_t)sp->precision) && s[n])
		n++;
	pad = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!sp->left)
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

static void put_char(struct out *o, const struct spec *sp, char c)
{
	if (!sp->left)
		out_repeat(o, ' ', sp->width - 1);
	out_char(o, c);
	if (sp->left)
		out_repeat(o, ' ', sp->width - 1);
}

static void put_signed(struct out *o, const struct spec *sp, long long v)
{
	unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	put_number(o, sp, mag, 10, false, sign, "");
}

/* Convert one argument for conversion character @c. Returns false if unknown. */
static bool convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
	unsigned long long u;

	switch (c) {
	case 'd':
	case 'i':
		put_signed(o, sp, get_signed(ap, sp->length));
		return true;
	case 'u':
		put_number(o, sp, get_unsigned(ap, sp->length), 10, false, 0, "");
		return true;
	case 'o':
		put_number(o, sp, get_unsigned(ap, sp->length), 8, false, 0,
			   sp->alt ? "0" : "");
		return true;
	case 'x':
	case 'X':
		u = get_unsigned(ap, sp->length);
		put_number(o, sp, u, 16, c == 'X', 0,
			   sp->alt && u ? (c == 'X' ? "0X" : "0x") : "");
		return true;
	case 'p':
		u = (uintptr_t)va_arg(*ap, void *);
		put_number(o, sp, u, 16, false, 0, "0x");
		return true;
	case 's':
		put_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'c':
		put_char(o, sp, (char)va_arg(*ap, int));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	struct spec sp;
	va_list args;

	/* A copy, so that helpers can take its address portably. */
	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &args, &sp);
		if (*fmt && convert(&o, &sp, *fmt, &args)) {
			fmt++;
			continue;
		}
		/* Unknown or cut-off conversion: show it as written. */
		out_mem(&o, start, (size_t)(fmt - start));
		if (*fmt)
			out_char(&o, *fmt++);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int kvscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = kvsnprintf(buf, size, fmt, ap);

	if (size == 0)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int kscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
