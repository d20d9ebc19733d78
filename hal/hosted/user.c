/*
 * hal/hosted/user.c - user mode on the hosted HAL. A plain host process has
 * no RV64 CPU to run user code on: anything that tries to enter user mode
 * is a bug. ruxsim defines its own hal_user_run() (sim/hal_user.c, the
 * interpreter) in an object linked before the hosted library, so the
 * linker never takes this file's object out of the archive there; a second
 * definition could only be a link error, never a silent choice.
 */
#include "hal/hal.h"
#include "lib/panic.h"

void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap)
{
	(void)state;
	(void)trap;
	panic("hosted: this program has no user-mode CPU (ruxsim provides one)");
}
