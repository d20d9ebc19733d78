/*
 * hal/riscv64/user.c - running user code: hal_user_run().
 *
 * With interrupts disabled, load the user's FP registers from the state,
 * set up sstatus for the way down (previous mode user, interrupts on after
 * sret, no supervisor access to user pages, FP clean) and let
 * rv_user_enter() (trap.S) load the integer registers and sret. When the
 * user code traps, trap.S has stored its registers and pc in the state and
 * scause/stval/sstatus in the hart block, and we are back here with
 * interrupts still disabled: save the FP registers if the user wrote them
 * (sstatus.FS = Dirty), turn FP off again, handle an interrupt with the same
 * handlers as in kernel mode, translate an exception into struct
 * hal_user_trap, and return with interrupts enabled.
 *
 * FP: the kernel never touches the FP registers (it is built soft-float and
 * runs with FS = Off), so they hold the user's values from the sret until the
 * next trap, and after a trap (saved if dirty) they still equal state->fp.
 * The state is the truth between two hal_user_run() calls: another thread
 * may run user code on this CPU in between, and the kernel may rewrite
 * state->fp (signal frames, execve; it then calls hal_user_fp_changed()).
 * Reloading all 32 registers on every entry would cost a tenth of a system
 * call, so each load gets a tag (this hart's load count and its number),
 * kept in the hart and in state->fp_loaded: when they match, nothing else
 * was loaded here since and the registers still hold exactly state->fp.
 * A forked child copies the tag with the values; so that the copy cannot
 * match registers the parent has changed since, saving dirty registers
 * tags them anew.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/riscv.h"
#include "hal/riscv64/trap.h"

static void user_fault(struct hal_user_trap *trap, enum hal_user_exit reason, uint64_t addr,
		       unsigned int access)
{
	trap->reason = reason;
	trap->addr = addr;
	trap->access = access;
}

/* An exception from user mode, as the kernel sees it. */
static void user_exception(struct hal_user_trap *trap, uint64_t cause, uint64_t tval)
{
	switch (cause) {
	case EXC_ECALL_U:
		user_fault(trap, HAL_USER_SYSCALL, 0, 0);
		break;
	case EXC_INST_PAGE_FAULT:
		user_fault(trap, HAL_USER_PAGE_FAULT, tval, HAL_ACCESS_EXEC);
		break;
	case EXC_LOAD_PAGE_FAULT:
		user_fault(trap, HAL_USER_PAGE_FAULT, tval, HAL_ACCESS_READ);
		break;
	case EXC_STORE_PAGE_FAULT: /* stores and AMOs */
		user_fault(trap, HAL_USER_PAGE_FAULT, tval, HAL_ACCESS_WRITE);
		break;
	case EXC_BREAKPOINT:
		user_fault(trap, HAL_USER_BREAKPOINT, tval, 0);
		break;
	case EXC_INST_MISALIGNED:
		user_fault(trap, HAL_USER_MISALIGNED, tval, HAL_ACCESS_EXEC);
		break;
	case EXC_LOAD_MISALIGNED:
		user_fault(trap, HAL_USER_MISALIGNED, tval, HAL_ACCESS_READ);
		break;
	case EXC_STORE_MISALIGNED:
		user_fault(trap, HAL_USER_MISALIGNED, tval, HAL_ACCESS_WRITE);
		break;
	case EXC_INST_ACCESS:
		user_fault(trap, HAL_USER_BUS_ERROR, tval, HAL_ACCESS_EXEC);
		break;
	case EXC_LOAD_ACCESS:
		user_fault(trap, HAL_USER_BUS_ERROR, tval, HAL_ACCESS_READ);
		break;
	case EXC_STORE_ACCESS:
		user_fault(trap, HAL_USER_BUS_ERROR, tval, HAL_ACCESS_WRITE);
		break;
	default: /* illegal instruction, and anything newer than this HAL */
		user_fault(trap, HAL_USER_ILLEGAL, tval, 0);
		break;
	}
}

/* A new tag: the registers now hold @state->fp, and no older copy of it. */
static void tag_fp(struct rv_hart *h, struct user_cpu_state *state)
{
	h->fp_loads++;
	h->fp_loaded = h->fp_loads << 16 | (h->cpu + 1);
	state->fp_loaded = h->fp_loaded;
}

/* Load @state's FP registers, tag the load, and leave FS = Clean. */
static void load_fp(struct rv_hart *h, struct user_cpu_state *state)
{
	rv_fp_restore(state);
	csr_clear(sstatus, SSTATUS_FS);
	csr_set(sstatus, SSTATUS_FS_CLEAN);
	tag_fp(h, state);
}

void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap)
{
	struct rv_hart *h = rv_this_hart();
	uint64_t cause;

	hal_irq_disable();
	csr_clear(sstatus, SSTATUS_SPP | SSTATUS_SUM | SSTATUS_FS);
	csr_set(sstatus, SSTATUS_SPIE | SSTATUS_FS_CLEAN);
	if (state->fp_loaded == 0 || state->fp_loaded != h->fp_loaded)
		load_fp(h, state);

	rv_user_enter(state);

	if ((h->trap_status & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		rv_fp_save(state);
		/* A forked child may hold a copy of the old values and tag. */
		tag_fp(h, state);
	}
	csr_clear(sstatus, SSTATUS_FS);
	cause = h->trap_cause;
	if (cause & SCAUSE_INTERRUPT) {
		rv_interrupt(cause & ~SCAUSE_INTERRUPT);
		user_fault(trap, HAL_USER_INTERRUPT, 0, 0);
	} else {
		user_exception(trap, cause, h->trap_tval);
	}
	hal_irq_enable();
}
