/* hal/hosted/internal.h - shared between the hosted HAL's own files. */
#ifndef RUX_HAL_HOSTED_INTERNAL_H
#define RUX_HAL_HOSTED_INTERNAL_H

/* Deliver the simulated timer interrupt if it is due and interrupts are on. */
void hosted_deliver_interrupts(void);

#endif /* RUX_HAL_HOSTED_INTERNAL_H */
