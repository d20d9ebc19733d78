/* hal/hosted/internal.h - shared between the hosted HAL's own files. */
#ifndef RUX_HAL_HOSTED_INTERNAL_H
#define RUX_HAL_HOSTED_INTERNAL_H

#include <stdbool.h>

/* Deliver the simulated timer interrupt if it is due and interrupts are on. */
void hosted_deliver_interrupts(void);
/* Console input (console.c): is any waiting? Waits up to @timeout_ms
 * (-1: for ever); false at once when the input is off or closed. */
bool hosted_console_pending(int timeout_ms);
/* Hand what is waiting (a chunk) to console_receive(); interrupts are off. */
void hosted_console_take(void);
/* True while console input is on and not at end of file. */
bool hosted_console_input_open(void);

#endif /* RUX_HAL_HOSTED_INTERNAL_H */
