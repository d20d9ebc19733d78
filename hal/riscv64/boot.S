/*
 * hal/riscv64/boot.S - the first instructions of Rux, and of every secondary hart.
 *
 * OpenSBI (fw_dynamic) enters _start in S-mode at the image's physical load
 * address (0x80200000) with the MMU off, a0 = hart id, a1 = DTB physical
 * address. We build an early Sv39 table of 1 GiB pages - the gigapage holding
 * the image mapped both at its physical address (identity, for the switch)
 * and at the high link address, plus the direct map of the first 4 GiB and of
 * the DTB's gigapage - turn the MMU on and jump to the high half. C (setup.c)
 * then builds the final table. See docs/boot.md.
 */
#include "hal/riscv64/hart.h"

#define PTE_LEAF_RWX 0xef          /* V R W X G A D */
#define SATP_SV39    (8 << 60)
#define DMAP_INDEX   0x100         /* root index of 0xffffffc000000000 */
#define KIMG_INDEX   0x1fe         /* root index of 0xffffffff80000000 */

	.section .text.boot, "ax", @progbits
	.globl _start
_start:
	csrw	sie, zero
	csrci	sstatus, 2                 /* SIE off */
	mv	s1, a0                     /* hart id */
	mv	s2, a1                     /* DTB physical address */

	/*
	 * Only the first hart here boots. OpenSBI 1.1 marks a hart START_PENDING
	 * before it stores the hart_start address, so a secondary hart that
	 * wakes in that window comes here, to the cold-boot address, with the
	 * DTB in a1. It is a secondary all the same: find its start block
	 * (filled before hart_start was called) and take the secondary path.
	 */
	lla	t0, rv_boot_claimed
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, .Llate_secondary

	/* Clear .bss through its physical address (PC-relative). */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/* Early root table: rv_boot_pt (in .bss, now zero). */
	lla	s3, rv_boot_pt
	lla	t0, _start
	srli	t0, t0, 30                 /* gigapage number of the image */
	slli	t1, t0, 28                 /* its PTE: (pa >> 12) << 10 */
	ori	t1, t1, PTE_LEAF_RWX
	andi	t2, t0, 0x1ff              /* identity entry */
	slli	t2, t2, 3
	add	t2, t2, s3
	sd	t1, 0(t2)
	li	t2, KIMG_INDEX * 8         /* high-half image entry */
	add	t2, t2, s3
	sd	t1, 0(t2)

	/* Direct map of physical 0..4 GiB (devices and low RAM). */
	li	t0, 0
	li	t3, 4
3:	slli	t1, t0, 28
	ori	t1, t1, PTE_LEAF_RWX
	addi	t2, t0, DMAP_INDEX
	slli	t2, t2, 3
	add	t2, t2, s3
	sd	t1, 0(t2)
	addi	t0, t0, 1
	bltu	t0, t3, 3b
	/* ... and of the gigapage holding the DTB, wherever it is. */
	srli	t0, s2, 30
	slli	t1, t0, 28
	ori	t1, t1, PTE_LEAF_RWX
	addi	t2, t0, DMAP_INDEX
	slli	t2, t2, 3
	add	t2, t2, s3
	sd	t1, 0(t2)

	/* MMU on, then jump to the link (high) address. */
	srli	t0, s3, 12
	li	t1, SATP_SV39
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	ld	t0, .Lhigh_boot
	jr	t0

	.balign 8
.Lhigh_boot:
	.quad	.Lboot_high

.Lboot_high:
	lla	sp, rv_boot_stack_top
	lla	tp, rv_harts               /* CPU 0's block */
	lla	t0, rv_trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	li	s0, 0                      /* ends the frame-pointer chain */
	li	ra, 0
	mv	a0, s1
	mv	a1, s2
	mv	a2, s3                     /* physical address of rv_boot_pt */
	call	rv_boot
	/* rv_boot does not return. */
4:	wfi
	j	4b

/* A secondary hart that entered at _start: a0 = hart id. */
.Llate_secondary:
	lla	t0, rv_harts
	li	t1, RV_MAX_HARTS
6:	fence	rw, rw
	ld	t2, RV_HART_HARTID(t0)
	ld	t3, RV_HART_START_ENTRY(t0)
	bne	t2, a0, 7f
	beqz	t3, 7f
	mv	a1, t0
	j	rv_secondary_entry
7:	addi	t0, t0, RV_HART_SIZE
	addi	t1, t1, -1
	bnez	t1, 6b
	lla	t0, rv_harts               /* not started yet: look again */
	li	t1, RV_MAX_HARTS
	j	6b

/*
 * Secondary harts: SBI HSM hart_start enters here at the physical address,
 * MMU off, a0 = hart id, a1 = physical address of the hart's struct rv_hart,
 * filled in by hal_cpu_start().
 */
	.globl rv_secondary_entry
rv_secondary_entry:
	csrw	sie, zero
	csrci	sstatus, 2
	ld	t0, RV_HART_BOOT_SATP(a1)
	ld	t1, RV_HART_KERNEL_SATP(a1)
	ld	t2, RV_HART_START_ENTRY(a1)
	ld	sp, RV_HART_STACK_TOP(a1)
	/* tp = high address of the block: satp of the kernel table is set
	 * only after the jump, so compute it from the entry's offset. */
	lla	t3, rv_secondary_entry     /* physical */
	ld	t4, .Lhigh_secondary       /* virtual */
	sub	t4, t4, t3
	add	tp, a1, t4
	sfence.vma
	csrw	satp, t0
	sfence.vma
	jr	t2

	.balign 8
.Lhigh_secondary:
	.quad	rv_secondary_entry

	.globl rv_secondary_high
rv_secondary_high:
	csrw	satp, t1                   /* final table: no identity map */
	sfence.vma
	lla	t0, rv_trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	li	s0, 0
	li	ra, 0
	call	rv_secondary_boot
5:	wfi
	j	5b

	.section .data
	.balign 4
rv_boot_claimed:                           /* 0 until the boot hart arrives */
	.word	0

/* The boot CPU's stack, with an unmapped guard page below it. */
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl rv_boot_stack_guard
rv_boot_stack_guard:
	.skip	4096
	.skip	RV_BOOT_STACK_SIZE
	.globl rv_boot_stack_top
rv_boot_stack_top:

/* The early page table (boot.S fills it; secondaries pass through it). */
	.section .bss.pt, "aw", @nobits
	.balign 4096
	.globl rv_boot_pt
rv_boot_pt:
	.skip	4096
