/*
 * hal/hosted/context.c - kernel threads (of every simulated CPU) on one host
 * thread.
 *
 * hal_context_switch() saves the callee-saved registers of the running
 * context on its own stack, stores the stack pointer in @from and loads the
 * one in @to: a handful of instructions of assembly (x86_64 or aarch64) at
 * the bottom of this file. Everything else here keeps the host's checkers
 * informed, because they cannot see such a switch by themselves:
 *
 *  - AddressSanitizer is told about every switch with its fiber hooks
 *    (__sanitizer_start_switch_fiber before, ..._finish_... after), so it
 *    knows which stack is current. The boot stack's bounds are learned from
 *    the first switch away from it.
 *  - Valgrind gets every new stack registered (VALGRIND_STACK_REGISTER), or
 *    it would take a switch between two stacks in the RAM arena for a huge
 *    stack frame. A registration is dropped when its memory becomes another
 *    stack. After each switch the part of the old stack below its saved
 *    stack pointer is made addressable again: memcheck marked it unusable
 *    when frames were popped, and the memory may become a slab page once
 *    the thread is gone.
 *
 * The same switch also moves the host thread between simulated CPUs
 * (hal/hosted/cpu.c): each CPU's suspended execution is a context too.
 *
 * Single host thread: the "previous context" is a plain static variable.
 */
#include <stdlib.h>

#include "hal/hal.h"

#if defined(__SANITIZE_ADDRESS__)
#define HOSTED_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTED_ASAN 1
#endif
#endif

#ifdef HOSTED_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HOSTED_VALGRIND 1
#endif
#endif

/* The hosted layout of the opaque struct hal_context. */
struct hosted_context {
	void *sp;	    /* saved stack pointer, while suspended */
	void (*fn)(void *); /* first run: what to call */
	void *arg;
	const void *stack; /* lowest byte of the stack (NULL: not known yet) */
	size_t stack_size;
	void *fake_stack; /* ASan's fake stack of this context, if any */
};
_Static_assert(sizeof(struct hosted_context) <= sizeof(struct hal_context),
	       "struct hal_context is too small for the hosted context");

/* Save callee-saved registers and sp into *@save_sp, continue on @new_sp. */
void hosted_ctx_swap(void **save_sp, void *new_sp);
/* Where a new context starts (assembly); calls hosted_context_entry(). */
void hosted_ctx_start(void);
__attribute__((noreturn, used)) void hosted_context_entry(struct hosted_context *self);

static struct hosted_context *switching_from;

static struct hosted_context *hctx(struct hal_context *ctx)
{
	return (struct hosted_context *)ctx->opaque;
}

#ifdef HOSTED_VALGRIND
struct vg_stack {
	uintptr_t lo, hi;
	unsigned int id;
};

/* Registered stacks (host memory; reachable through this pointer). */
static struct vg_stack *vg_stacks;
static size_t vg_nr, vg_cap;

static void vg_forget_overlapping(uintptr_t lo, uintptr_t hi)
{
	for (size_t i = 0; i < vg_nr;) {
		if (vg_stacks[i].lo < hi && lo < vg_stacks[i].hi) {
			VALGRIND_STACK_DEREGISTER(vg_stacks[i].id);
			vg_stacks[i] = vg_stacks[--vg_nr];
		} else {
			i++;
		}
	}
}

static void vg_register_stack(const void *stack, size_t size)
{
	uintptr_t lo = (uintptr_t)stack, hi = lo + size;

	if (!RUNNING_ON_VALGRIND)
		return;
	vg_forget_overlapping(lo, hi);
	if (vg_nr == vg_cap) {
		size_t cap = vg_cap ? vg_cap * 2 : 64;
		struct vg_stack *n = realloc(vg_stacks, cap * sizeof(*n));

		if (!n)
			abort();
		vg_stacks = n;
		vg_cap = cap;
	}
	vg_stacks[vg_nr].lo = lo;
	vg_stacks[vg_nr].hi = hi;
	vg_stacks[vg_nr].id = VALGRIND_STACK_REGISTER(lo, hi);
	vg_nr++;
}

/*
 * The suspended @c's stack below its saved sp is dead: make it addressable.
 * Only when sp is on the stack @c was made with: a simulated CPU's context
 * (cpu.c) is saved wherever that CPU happened to run.
 */
static void vg_release_below_sp(const struct hosted_context *c)
{
	uintptr_t lo = (uintptr_t)c->stack, sp = (uintptr_t)c->sp;

	if (c->stack && sp > lo && sp <= lo + c->stack_size)
		VALGRIND_MAKE_MEM_UNDEFINED(c->stack, sp - lo);
}
#else
static void vg_register_stack(const void *stack, size_t size)
{
	(void)stack;
	(void)size;
}

static void vg_release_below_sp(const struct hosted_context *c)
{
	(void)c;
}
#endif

/* Run first thing on the stack we switched to; @fake_stack is ours. */
static void after_switch(void *fake_stack)
{
	struct hosted_context *prev = switching_from;

#ifdef HOSTED_ASAN
	__sanitizer_finish_switch_fiber(fake_stack, &prev->stack, &prev->stack_size);
#else
	(void)fake_stack;
#endif
	vg_release_below_sp(prev);
}

void hal_context_switch(struct hal_context *from, struct hal_context *to)
{
	struct hosted_context *f = hctx(from), *t = hctx(to);

#ifdef HOSTED_ASAN
	__sanitizer_start_switch_fiber(&f->fake_stack, t->stack, t->stack_size);
#endif
	switching_from = f;
	hosted_ctx_swap(&f->sp, t->sp);
	after_switch(f->fake_stack);
}

void hosted_context_entry(struct hosted_context *self)
{
	after_switch(NULL);
	self->fn(self->arg);
	abort(); /* hal.h: @fn must never return */
}

#if defined(__x86_64__)
/*
 * The frame hosted_ctx_swap() pops: r15 r14 r13 r12 rbx rbp, then the
 * return address. A new context "returns" into hosted_ctx_start with the
 * stack 16-byte aligned for its call, and rbx holding the context.
 */
#define FRAME_WORDS 9 /* 6 registers, return address, 2 words of padding */
#define FRAME_CTX   4
#define FRAME_RET   6

__asm__(".text\n"
	".globl hosted_ctx_swap\n"
	".type hosted_ctx_swap, @function\n"
	"hosted_ctx_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size hosted_ctx_swap, . - hosted_ctx_swap\n"
	".globl hosted_ctx_start\n"
	".type hosted_ctx_start, @function\n"
	"hosted_ctx_start:\n"
	"	movq %rbx, %rdi\n"
	"	call hosted_context_entry\n"
	"	ud2\n"
	".size hosted_ctx_start, . - hosted_ctx_start\n");
#elif defined(__aarch64__)
/*
 * The frame hosted_ctx_swap() pops: x19..x30 (x29 frame pointer, x30 return
 * address), then d8..d15. A new context returns into hosted_ctx_start with
 * x19 holding the context.
 */
#define FRAME_WORDS 22
#define FRAME_CTX   0  /* x19 */
#define FRAME_RET   11 /* x30 */

__asm__(".text\n"
	".globl hosted_ctx_swap\n"
	".type hosted_ctx_swap, %function\n"
	"hosted_ctx_swap:\n"
	"	sub sp, sp, #176\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #176\n"
	"	ret\n"
	".size hosted_ctx_swap, . - hosted_ctx_swap\n"
	".globl hosted_ctx_start\n"
	".type hosted_ctx_start, %function\n"
	"hosted_ctx_start:\n"
	"	mov x0, x19\n"
	"	bl hosted_context_entry\n"
	"	brk #0\n"
	".size hosted_ctx_start, . - hosted_ctx_start\n");
#else
#error "hal/hosted/context.c: no context switch for this host architecture"
#endif

void hal_context_init(struct hal_context *ctx, void *stack, size_t stack_size, void (*fn)(void *),
		      void *arg)
{
	struct hosted_context *c = hctx(ctx);
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15;
	uintptr_t *frame = (uintptr_t *)(top - FRAME_WORDS * sizeof(uintptr_t));

	for (unsigned int i = 0; i < FRAME_WORDS; i++)
		frame[i] = 0;
	frame[FRAME_CTX] = (uintptr_t)c;
	frame[FRAME_RET] = (uintptr_t)hosted_ctx_start;
	*c = (struct hosted_context){
	    .sp = frame,
	    .fn = fn,
	    .arg = arg,
	    .stack = stack,
	    .stack_size = stack_size,
	};
	vg_register_stack(stack, stack_size);
}
