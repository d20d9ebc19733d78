/*
 * hal/hosted/console.c - console input: bytes read from a host file
 * descriptor (ruxsim's standard input) and handed to console_receive(), as
 * the riscv64 UART interrupt hands over its receive FIFO.
 *
 * Off until a host program calls hosted_console_input(): unit tests never
 * read their standard input. The descriptor is polled, never read blindly,
 * at the machine's safe points: after each timer interrupt and while every
 * CPU idles (hal/hosted/clock.c). At most CONSOLE_CHUNK bytes go in per
 * poll, so a file on standard input trickles in instead of overflowing the
 * kernel's buffer. End of file closes the input for good.
 *
 * With @escape (a terminal in raw mode), Ctrl-A x ends the machine and
 * Ctrl-A Ctrl-A types one Ctrl-A, as with QEMU's -serial mon:stdio.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "hal/hosted/internal.h"

#define CONSOLE_CHUNK 64
#define CTRL_A	      0x01

static int input_fd = -1;
static bool escape_enabled, escape_pending;

void hosted_console_input(int fd, bool escape)
{
	input_fd = fd;
	escape_enabled = escape;
}

bool hosted_console_input_open(void)
{
	return input_fd >= 0;
}

bool hosted_console_pending(int timeout_ms)
{
	struct pollfd p = {.fd = input_fd, .events = POLLIN};

	if (input_fd < 0)
		return false;
	while (poll(&p, 1, timeout_ms) < 0)
		if (errno != EINTR)
			return false;
	return (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

/* Drop the Ctrl-A sequences from @buf; returns the bytes left. */
static size_t filter_escapes(char *buf, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		if (escape_pending) {
			escape_pending = false;
			if (buf[i] == 'x') {
				fprintf(stderr, "\r\nhosted: terminated (Ctrl-A x)\r\n");
				exit(1);
			}
			if (buf[i] != CTRL_A)
				continue;
		} else if (buf[i] == CTRL_A) {
			escape_pending = true;
			continue;
		}
		buf[out++] = buf[i];
	}
	return out;
}

void hosted_console_take(void)
{
	char buf[CONSOLE_CHUNK];
	ssize_t n;

	if (input_fd < 0)
		return;
	n = read(input_fd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		input_fd = -1; /* end of file, or an error that will not go away */
		return;
	}
	if (escape_enabled)
		n = (ssize_t)filter_escapes(buf, (size_t)n);
	if (n > 0)
		console_receive(buf, (size_t)n);
}
