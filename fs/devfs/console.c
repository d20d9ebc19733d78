/*
 * fs/devfs/console.c - the terminal device nodes: /dev/console (5, 1),
 * /dev/tty (5, 0) and /dev/ttyS0 (4, 64), all the system console's tty
 * (drivers/tty). What each open does is described in drivers/tty/tty_io.h.
 */
#include "drivers/tty/tty_io.h"
#include "fs/devfs/devfs.h"

#define TTY_MAJOR	  4
#define TTYAUX_MAJOR	  5
#define SERIAL_MINOR_BASE 64

int devfs_console_init(void)
{
	int err = chrdev_register(TTYAUX_MAJOR, 0, "tty", 0666, &console_ctty_fops);

	if (!err)
		err = chrdev_register(TTYAUX_MAJOR, 1, "console", 0600, &console_tty_fops);
	if (!err)
		err = chrdev_register(TTY_MAJOR, SERIAL_MINOR_BASE, "ttyS0", 0660,
				      &console_serial_fops);
	return err;
}
