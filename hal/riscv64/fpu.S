/*
 * hal/riscv64/fpu.S - saving and loading the user's D-extension registers.
 *
 * The kernel itself is soft-float and runs with sstatus.FS = Off; user.c
 * turns FS on around these two calls and around user mode. The state is the
 * fp part of struct user_cpu_state (hal.h): f0..f31 as 64-bit values, then
 * fcsr (offsets in trap.h).
 */
#include "hal/riscv64/trap.h"

	.section .text
	.option push
	.option arch, +d

/* void rv_fp_save(struct user_cpu_state *state): FS must not be Off. */
	.globl rv_fp_save
	.type rv_fp_save, @function
rv_fp_save:
	fsd	f0, UR_F(0)(a0)
	fsd	f1, UR_F(1)(a0)
	fsd	f2, UR_F(2)(a0)
	fsd	f3, UR_F(3)(a0)
	fsd	f4, UR_F(4)(a0)
	fsd	f5, UR_F(5)(a0)
	fsd	f6, UR_F(6)(a0)
	fsd	f7, UR_F(7)(a0)
	fsd	f8, UR_F(8)(a0)
	fsd	f9, UR_F(9)(a0)
	fsd	f10, UR_F(10)(a0)
	fsd	f11, UR_F(11)(a0)
	fsd	f12, UR_F(12)(a0)
	fsd	f13, UR_F(13)(a0)
	fsd	f14, UR_F(14)(a0)
	fsd	f15, UR_F(15)(a0)
	fsd	f16, UR_F(16)(a0)
	fsd	f17, UR_F(17)(a0)
	fsd	f18, UR_F(18)(a0)
	fsd	f19, UR_F(19)(a0)
	fsd	f20, UR_F(20)(a0)
	fsd	f21, UR_F(21)(a0)
	fsd	f22, UR_F(22)(a0)
	fsd	f23, UR_F(23)(a0)
	fsd	f24, UR_F(24)(a0)
	fsd	f25, UR_F(25)(a0)
	fsd	f26, UR_F(26)(a0)
	fsd	f27, UR_F(27)(a0)
	fsd	f28, UR_F(28)(a0)
	fsd	f29, UR_F(29)(a0)
	fsd	f30, UR_F(30)(a0)
	fsd	f31, UR_F(31)(a0)
	frcsr	t0
	sw	t0, UR_FCSR(a0)
	ret
	.size rv_fp_save, . - rv_fp_save

/* void rv_fp_restore(const struct user_cpu_state *state): FS must not be Off. */
	.globl rv_fp_restore
	.type rv_fp_restore, @function
rv_fp_restore:
	fld	f0, UR_F(0)(a0)
	fld	f1, UR_F(1)(a0)
	fld	f2, UR_F(2)(a0)
	fld	f3, UR_F(3)(a0)
	fld	f4, UR_F(4)(a0)
	fld	f5, UR_F(5)(a0)
	fld	f6, UR_F(6)(a0)
	fld	f7, UR_F(7)(a0)
	fld	f8, UR_F(8)(a0)
	fld	f9, UR_F(9)(a0)
	fld	f10, UR_F(10)(a0)
	fld	f11, UR_F(11)(a0)
	fld	f12, UR_F(12)(a0)
	fld	f13, UR_F(13)(a0)
	fld	f14, UR_F(14)(a0)
	fld	f15, UR_F(15)(a0)
	fld	f16, UR_F(16)(a0)
	fld	f17, UR_F(17)(a0)
	fld	f18, UR_F(18)(a0)
	fld	f19, UR_F(19)(a0)
	fld	f20, UR_F(20)(a0)
	fld	f21, UR_F(21)(a0)
	fld	f22, UR_F(22)(a0)
	fld	f23, UR_F(23)(a0)
	fld	f24, UR_F(24)(a0)
	fld	f25, UR_F(25)(a0)
	fld	f26, UR_F(26)(a0)
	fld	f27, UR_F(27)(a0)
	fld	f28, UR_F(28)(a0)
	fld	f29, UR_F(29)(a0)
	fld	f30, UR_F(30)(a0)
	fld	f31, UR_F(31)(a0)
	lw	t0, UR_FCSR(a0)
	fscsr	t0
	ret
	.size rv_fp_restore, . - rv_fp_restore

	.option pop
