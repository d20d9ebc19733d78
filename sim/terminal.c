/*
 * sim/terminal.c - raw input on a terminal, restored at exit (see terminal.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "sim/terminal.h"

static struct termios saved;

static void restore(void)
{
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

/* A signal that ends the process: restore the terminal, then die of it. */
static void restore_and_die(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

bool terminal_raw_input(void)
{
	static const int fatal[] = {SIGHUP, SIGTERM, SIGQUIT, SIGINT};
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
		return false;
	raw = saved;
	raw.c_iflag &=
	    ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	raw.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0)
		return false;
	atexit(restore);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], restore_and_die);
	return true;
}
