/*
 * drivers/tty/tty_io.h - ttys as open files (tty_io.c) and the system
 * console's tty (console.c), for the device files in fs/devfs.
 */
#ifndef RUX_TTY_TTY_IO_H
#define RUX_TTY_TTY_IO_H

#include <stdbool.h>

#include "drivers/tty/tty.h"
#include "fs/vfs/vfs.h"

/* read/write/poll/ioctl of an open tty (file->private_data is the tty). */
extern const struct file_operations tty_file_fops;
/*
 * Open @file on @tty (sets f_op and private_data): unless @noctty, a
 * session leader opening it without O_NOCTTY makes it its session's
 * controlling terminal if it is nobody's. Returns 0.
 */
int tty_file_open(struct tty *tty, struct file *file, bool noctty);
/* Is @tty the controlling terminal of the running process's session? */
bool tty_is_ctty_of_current(struct tty *tty);
/*
 * The leader of session @sid exits (or gives up the tty): if @tty is that
 * session's controlling terminal it becomes free, and its foreground
 * group gets SIGHUP and SIGCONT.
 */
void tty_session_exit(struct tty *tty, int sid);

/* /dev/console (5, 1): the system console as a tty; as in Linux, opening
 * it never makes it a controlling terminal (TIOCSCTTY does). */
extern const struct file_operations console_tty_fops;
/* /dev/ttyS0 (4, 64): the same tty under its device name. */
extern const struct file_operations console_serial_fops;
/* /dev/tty (5, 0): the caller's controlling terminal, -ENXIO if none. */
extern const struct file_operations console_ctty_fops;
/* The console tty, e.g. for tty_session_exit(). */
struct tty *console_tty(void);

#endif /* RUX_TTY_TTY_IO_H */
