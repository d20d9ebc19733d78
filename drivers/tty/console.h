/*
 * drivers/tty/console.h - bytes typed on the system console, buffered from
 * the interrupt that delivers them (console_receive() in hal/hal.h) until a
 * reader takes them. The tty layer will sit on top of this.
 */
#ifndef RUX_TTY_CONSOLE_H
#define RUX_TTY_CONSOLE_H

#include <stddef.h>

#define CONSOLE_INPUT_SIZE 1024 /* bytes buffered; later input is dropped */

/* Take up to @len buffered bytes without waiting; returns how many. */
size_t console_input_take(char *buf, size_t len);
/*
 * Wait (interrupts enabled) until a whole line has arrived, copy it without
 * its newline into @buf (NUL-terminated, cut to @len - 1) and return its
 * length.
 */
size_t console_read_line(char *buf, size_t len);
/* Bytes dropped because the buffer was full. */
size_t console_input_dropped(void);

#endif /* RUX_TTY_CONSOLE_H */
