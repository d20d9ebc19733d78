/*
 * hal/hosted/user.c - user mode on the hosted HAL. A plain host process has
 * no RV64 CPU to run user code on; ruxsim (sim/) links its interpreter in
 * place of this file. Anything else that tries to enter user mode is a bug.
 */
#include "hal/hal.h"
#include "lib/panic.h"

void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap)
{
	(void)state;
	(void)trap;
	panic("hosted: this program has no user-mode CPU (ruxsim provides one)");
}
