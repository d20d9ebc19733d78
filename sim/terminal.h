/*
 * sim/terminal.h - ruxsim's standard input as a console: raw input when it
 * is a terminal, so every key (Ctrl-C, Ctrl-Z, arrows) goes to the guest's
 * tty layer, which does its own echo and line editing. Output processing
 * stays on: the host terminal still turns "\n" into "\r\n".
 */
#ifndef RUX_SIM_TERMINAL_H
#define RUX_SIM_TERMINAL_H

#include <stdbool.h>

/* Put a terminal on standard input into raw input mode until the process
 * ends (exit, or a signal that ends it). True when it is a terminal. */
bool terminal_raw_input(void);

#endif /* RUX_SIM_TERMINAL_H */
