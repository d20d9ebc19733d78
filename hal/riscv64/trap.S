/*
 * hal/riscv64/trap.S - the trap vector (stvec, direct mode), and the way
 * into and out of user mode.
 *
 * sscratch tells where a trap came from: 0 while the hart runs the kernel
 * (boot.S sets it), the address of the hart's struct rv_hart (hart.h) while
 * it runs user code. The entry swaps tp and sscratch: a non-zero tp then
 * means a user trap, and tp already points at the hart block.
 *
 * Kernel traps: save all 31 general registers and sepc/sstatus/scause/stval
 * in a struct hal_trapframe (trap.h) on the current kernel stack, call
 * rv_trap(tf) and restore everything but tp on the way out (tp stays the
 * hart's: a preempted thread may resume on another hart). The entry parks t0 in
 * the hart block (scratch_t0) for a few instructions and leaves sscratch 0
 * all along, so a nested trap is still recognised as a kernel trap.
 *
 * Kernel stack overflow: a load/store page fault whose address lies within
 * 8 KiB of sp would fault again when the frame is pushed, so such traps switch
 * to the hart's emergency stack (rv_hart.overflow_sp) first; rv_trap() then
 * reports the overflow.
 *
 * User mode: rv_user_enter(state) (called by hal_user_run() in user.c with
 * interrupts disabled and sstatus prepared) pushes the kernel's callee-saved
 * registers, records sp and @state in the hart block, sets sscratch, loads
 * every user register from @state and srets. A trap from user mode stores
 * the 31 registers and pc into that state, scause/stval/sstatus into the
 * hart block, clears sscratch, and returns from rv_user_enter() on the
 * saved kernel stack - still with interrupts disabled.
 */
#include "hal/riscv64/hart.h"
#include "hal/riscv64/trap.h"

	.section .text
	.balign 4
	.globl rv_trap_entry
rv_trap_entry:
	csrrw	tp, sscratch, tp           /* tp = 0 (kernel) or the hart block */
	bnez	tp, .Luser_trap
	csrrw	tp, sscratch, zero         /* the kernel's tp back; sscratch = 0 */
	sd	t0, RV_HART_SCRATCH_T0(tp)
	csrr	t0, scause
	addi	t0, t0, -EXC_LOAD_PAGE_FAULT
	beqz	t0, 1f
	addi	t0, t0, EXC_LOAD_PAGE_FAULT - EXC_STORE_PAGE_FAULT
	bnez	t0, .Lsame_stack
1:	csrr	t0, stval
	sub	t0, t0, sp
	srai	t0, t0, 13                 /* -1 or 0 when |stval - sp| ~< 8 KiB */
	addi	t0, t0, 1
	sltiu	t0, t0, 2
	beqz	t0, .Lsame_stack
	mv	t0, sp
	ld	sp, RV_HART_OVERFLOW_SP(tp)
	j	.Lsave
.Lsame_stack:
	mv	t0, sp
.Lsave:
	addi	sp, sp, -TF_SIZE
	sd	t0, TF_X(2)(sp)            /* the interrupted sp */
	ld	t0, RV_HART_SCRATCH_T0(tp) /* the interrupted t0 */
	sd	t0, TF_X(5)(sp)
	sd	x1, TF_X(1)(sp)
	sd	x3, TF_X(3)(sp)
	sd	x4, TF_X(4)(sp)
	sd	x6, TF_X(6)(sp)
	sd	x7, TF_X(7)(sp)
	sd	x8, TF_X(8)(sp)
	sd	x9, TF_X(9)(sp)
	sd	x10, TF_X(10)(sp)
	sd	x11, TF_X(11)(sp)
	sd	x12, TF_X(12)(sp)
	sd	x13, TF_X(13)(sp)
	sd	x14, TF_X(14)(sp)
	sd	x15, TF_X(15)(sp)
	sd	x16, TF_X(16)(sp)
	sd	x17, TF_X(17)(sp)
	sd	x18, TF_X(18)(sp)
	sd	x19, TF_X(19)(sp)
	sd	x20, TF_X(20)(sp)
	sd	x21, TF_X(21)(sp)
	sd	x22, TF_X(22)(sp)
	sd	x23, TF_X(23)(sp)
	sd	x24, TF_X(24)(sp)
	sd	x25, TF_X(25)(sp)
	sd	x26, TF_X(26)(sp)
	sd	x27, TF_X(27)(sp)
	sd	x28, TF_X(28)(sp)
	sd	x29, TF_X(29)(sp)
	sd	x30, TF_X(30)(sp)
	sd	x31, TF_X(31)(sp)
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	csrr	t3, stval
	sd	t0, TF_SEPC(sp)
	sd	t1, TF_SSTATUS(sp)
	sd	t2, TF_SCAUSE(sp)
	sd	t3, TF_STVAL(sp)
	/* Frame record so backtraces continue into the interrupted code. */
	sd	s0, TF_REC_FP(sp)
	sd	t0, TF_REC_RA(sp)
	addi	s0, sp, TF_SIZE

	mv	a0, sp
	call	rv_trap

	ld	t0, TF_SEPC(sp)
	ld	t1, TF_SSTATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	ld	x1, TF_X(1)(sp)
	ld	x3, TF_X(3)(sp)
	/* Not x4 (tp): it is the hart's, and the thread may have been
	 * preempted here and resumed on another hart. */
	ld	x5, TF_X(5)(sp)
	ld	x6, TF_X(6)(sp)
	ld	x7, TF_X(7)(sp)
	ld	x8, TF_X(8)(sp)
	ld	x9, TF_X(9)(sp)
	ld	x10, TF_X(10)(sp)
	ld	x11, TF_X(11)(sp)
	ld	x12, TF_X(12)(sp)
	ld	x13, TF_X(13)(sp)
	ld	x14, TF_X(14)(sp)
	ld	x15, TF_X(15)(sp)
	ld	x16, TF_X(16)(sp)
	ld	x17, TF_X(17)(sp)
	ld	x18, TF_X(18)(sp)
	ld	x19, TF_X(19)(sp)
	ld	x20, TF_X(20)(sp)
	ld	x21, TF_X(21)(sp)
	ld	x22, TF_X(22)(sp)
	ld	x23, TF_X(23)(sp)
	ld	x24, TF_X(24)(sp)
	ld	x25, TF_X(25)(sp)
	ld	x26, TF_X(26)(sp)
	ld	x27, TF_X(27)(sp)
	ld	x28, TF_X(28)(sp)
	ld	x29, TF_X(29)(sp)
	ld	x30, TF_X(30)(sp)
	ld	x31, TF_X(31)(sp)
	ld	x2, TF_X(2)(sp)            /* last: sp itself */
	sret

/*
 * A trap from user mode: tp = the hart block, sscratch = the user's tp.
 * Save the user registers into the state rv_user_enter() was given, then
 * return from rv_user_enter() with the trap CSRs in the hart block.
 */
.Luser_trap:
	sd	t0, RV_HART_SCRATCH_T0(tp)
	csrrw	t0, sscratch, zero         /* back to "in the kernel" first */
	sd	t0, RV_HART_SCRATCH_TP(tp)
	ld	t0, RV_HART_USER_STATE(tp)
	sd	x1, UR_X(1)(t0)
	sd	x2, UR_X(2)(t0)
	sd	x3, UR_X(3)(t0)
	sd	x6, UR_X(6)(t0)
	sd	x7, UR_X(7)(t0)
	sd	x8, UR_X(8)(t0)
	sd	x9, UR_X(9)(t0)
	sd	x10, UR_X(10)(t0)
	sd	x11, UR_X(11)(t0)
	sd	x12, UR_X(12)(t0)
	sd	x13, UR_X(13)(t0)
	sd	x14, UR_X(14)(t0)
	sd	x15, UR_X(15)(t0)
	sd	x16, UR_X(16)(t0)
	sd	x17, UR_X(17)(t0)
	sd	x18, UR_X(18)(t0)
	sd	x19, UR_X(19)(t0)
	sd	x20, UR_X(20)(t0)
	sd	x21, UR_X(21)(t0)
	sd	x22, UR_X(22)(t0)
	sd	x23, UR_X(23)(t0)
	sd	x24, UR_X(24)(t0)
	sd	x25, UR_X(25)(t0)
	sd	x26, UR_X(26)(t0)
	sd	x27, UR_X(27)(t0)
	sd	x28, UR_X(28)(t0)
	sd	x29, UR_X(29)(t0)
	sd	x30, UR_X(30)(t0)
	sd	x31, UR_X(31)(t0)
	ld	t1, RV_HART_SCRATCH_T0(tp)
	sd	t1, UR_X(5)(t0)
	ld	t1, RV_HART_SCRATCH_TP(tp)
	sd	t1, UR_X(4)(t0)
	csrr	t1, sepc
	sd	t1, UR_PC(t0)
	csrr	t1, scause
	csrr	t2, stval
	csrr	t3, sstatus
	sd	t1, RV_HART_TRAP_CAUSE(tp)
	sd	t2, RV_HART_TRAP_TVAL(tp)
	sd	t3, RV_HART_TRAP_STATUS(tp)

	/* Back onto hal_user_run()'s stack, as if rv_user_enter() returned. */
	ld	sp, RV_HART_KERNEL_SP(tp)
	ld	ra, UF_RA(sp)
	ld	gp, UF_GP(sp)
	ld	s0, UF_S(0)(sp)
	ld	s1, UF_S(1)(sp)
	ld	s2, UF_S(2)(sp)
	ld	s3, UF_S(3)(sp)
	ld	s4, UF_S(4)(sp)
	ld	s5, UF_S(5)(sp)
	ld	s6, UF_S(6)(sp)
	ld	s7, UF_S(7)(sp)
	ld	s8, UF_S(8)(sp)
	ld	s9, UF_S(9)(sp)
	ld	s10, UF_S(10)(sp)
	ld	s11, UF_S(11)(sp)
	addi	sp, sp, UF_SIZE
	ret

/*
 * void rv_user_enter(struct user_cpu_state *state)
 *
 * Interrupts disabled; sstatus already says SPP = user, SPIE = 1 and the FP
 * state is loaded (user.c). Returns when the user code traps.
 */
	.globl rv_user_enter
	.type rv_user_enter, @function
rv_user_enter:
	addi	sp, sp, -UF_SIZE
	sd	ra, UF_RA(sp)
	sd	gp, UF_GP(sp)
	sd	s0, UF_S(0)(sp)
	sd	s1, UF_S(1)(sp)
	sd	s2, UF_S(2)(sp)
	sd	s3, UF_S(3)(sp)
	sd	s4, UF_S(4)(sp)
	sd	s5, UF_S(5)(sp)
	sd	s6, UF_S(6)(sp)
	sd	s7, UF_S(7)(sp)
	sd	s8, UF_S(8)(sp)
	sd	s9, UF_S(9)(sp)
	sd	s10, UF_S(10)(sp)
	sd	s11, UF_S(11)(sp)
	sd	sp, RV_HART_KERNEL_SP(tp)
	sd	a0, RV_HART_USER_STATE(tp)
	ld	t0, UR_PC(a0)
	csrw	sepc, t0
	ld	x1, UR_X(1)(a0)
	ld	x2, UR_X(2)(a0)
	ld	x3, UR_X(3)(a0)
	ld	x5, UR_X(5)(a0)
	ld	x6, UR_X(6)(a0)
	ld	x7, UR_X(7)(a0)
	ld	x8, UR_X(8)(a0)
	ld	x9, UR_X(9)(a0)
	ld	x11, UR_X(11)(a0)
	ld	x12, UR_X(12)(a0)
	ld	x13, UR_X(13)(a0)
	ld	x14, UR_X(14)(a0)
	ld	x15, UR_X(15)(a0)
	ld	x16, UR_X(16)(a0)
	ld	x17, UR_X(17)(a0)
	ld	x18, UR_X(18)(a0)
	ld	x19, UR_X(19)(a0)
	ld	x20, UR_X(20)(a0)
	ld	x21, UR_X(21)(a0)
	ld	x22, UR_X(22)(a0)
	ld	x23, UR_X(23)(a0)
	ld	x24, UR_X(24)(a0)
	ld	x25, UR_X(25)(a0)
	ld	x26, UR_X(26)(a0)
	ld	x27, UR_X(27)(a0)
	ld	x28, UR_X(28)(a0)
	ld	x29, UR_X(29)(a0)
	ld	x30, UR_X(30)(a0)
	ld	x31, UR_X(31)(a0)
	csrw	sscratch, tp               /* from here on a trap is a user trap */
	ld	x4, UR_X(4)(a0)
	ld	x10, UR_X(10)(a0)          /* last: a0 itself */
	sret
	.size rv_user_enter, . - rv_user_enter
