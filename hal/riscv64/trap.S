/*
 * hal/riscv64/trap.S - the trap vector (stvec, direct mode).
 *
 * Every trap taken in the kernel lands in rv_trap_entry, which saves all 31
 * general registers and sepc/sstatus/scause/stval in a struct hal_trapframe
 * (trap.h) on the current kernel stack, calls rv_trap(tf) and restores
 * everything on the way out.
 *
 * sscratch is 0 while a hart runs in the kernel (boot.S sets it); a later
 * user-mode entry will keep the hart's kernel stack there while in user mode
 * and swap it with sp on entry. The entry borrows sscratch for one register
 * and gives it back as 0.
 *
 * Kernel stack overflow: a load/store page fault whose address lies within
 * 8 KiB of sp would fault again when the frame is pushed, so such traps switch
 * to the hart's emergency stack (rv_hart.overflow_sp) first; rv_trap() then
 * reports the overflow.
 */
#include "hal/riscv64/hart.h"
#include "hal/riscv64/trap.h"

	.section .text
	.balign 4
	.globl rv_trap_entry
rv_trap_entry:
	csrw	sscratch, t0
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
	csrrw	t0, sscratch, zero         /* the interrupted t0; sscratch = 0 */
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
	ld	x4, TF_X(4)(sp)
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
