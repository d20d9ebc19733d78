/*
 * hal/riscv64/context.S - switching between kernel execution contexts.
 *
 * A suspended context is the callee-saved registers ra, sp and s0-s11 in
 * struct hal_context (words 0..13); everything else is dead across the call
 * by the calling convention. tp (this hart's data) and gp belong to the
 * hart, not the context, and are left alone. The kernel has no FP state.
 *
 * hal_context_init() fills a context so that switching to it "returns" into
 * context_start with s1 = arg, s2 = fn and sp at the top of the new stack.
 */
	.section .text
	.option norvc

#define CTX_RA  (0 * 8)
#define CTX_SP  (1 * 8)
#define CTX_S(n) ((2 + (n)) * 8)

/* void hal_context_switch(struct hal_context *from, struct hal_context *to) */
	.globl hal_context_switch
	.type hal_context_switch, @function
hal_context_switch:
	sd	ra, CTX_RA(a0)
	sd	sp, CTX_SP(a0)
	sd	s0, CTX_S(0)(a0)
	sd	s1, CTX_S(1)(a0)
	sd	s2, CTX_S(2)(a0)
	sd	s3, CTX_S(3)(a0)
	sd	s4, CTX_S(4)(a0)
	sd	s5, CTX_S(5)(a0)
	sd	s6, CTX_S(6)(a0)
	sd	s7, CTX_S(7)(a0)
	sd	s8, CTX_S(8)(a0)
	sd	s9, CTX_S(9)(a0)
	sd	s10, CTX_S(10)(a0)
	sd	s11, CTX_S(11)(a0)

	ld	ra, CTX_RA(a1)
	ld	sp, CTX_SP(a1)
	ld	s0, CTX_S(0)(a1)
	ld	s1, CTX_S(1)(a1)
	ld	s2, CTX_S(2)(a1)
	ld	s3, CTX_S(3)(a1)
	ld	s4, CTX_S(4)(a1)
	ld	s5, CTX_S(5)(a1)
	ld	s6, CTX_S(6)(a1)
	ld	s7, CTX_S(7)(a1)
	ld	s8, CTX_S(8)(a1)
	ld	s9, CTX_S(9)(a1)
	ld	s10, CTX_S(10)(a1)
	ld	s11, CTX_S(11)(a1)
	ret
	.size hal_context_switch, . - hal_context_switch

/* First code of a new context: fn(arg), which never returns. ra = 0 and
 * fp (s0) = 0 end backtraces here. */
	.type context_start, @function
context_start:
	mv	a0, s1
	li	ra, 0
	li	s0, 0
	jr	s2
	.size context_start, . - context_start

/*
 * void hal_context_init(struct hal_context *ctx, void *stack, size_t size,
 *                       void (*fn)(void *), void *arg)
 */
	.globl hal_context_init
	.type hal_context_init, @function
hal_context_init:
	/* Clear all 32 words, so unused registers start as zero. */
	mv	t0, a0
	addi	t1, a0, 32 * 8
1:	sd	zero, 0(t0)
	addi	t0, t0, 8
	bltu	t0, t1, 1b

	add	t0, a1, a2		/* stack top, 16-byte aligned */
	andi	t0, t0, -16
	sd	t0, CTX_SP(a0)
	la	t1, context_start
	sd	t1, CTX_RA(a0)
	sd	a4, CTX_S(1)(a0)	/* s1 = arg */
	sd	a3, CTX_S(2)(a0)	/* s2 = fn */
	ret
	.size hal_context_init, . - hal_context_init
