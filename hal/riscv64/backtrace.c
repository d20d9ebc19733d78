/*
 * hal/riscv64/backtrace.c - hal_panic_backtrace(): walk the frame-pointer
 * chain and print one symbolized line per return address.
 *
 * With -fno-omit-frame-pointer, s0 points just above each frame's record:
 * the return address at s0 - 8 and the caller's s0 at s0 - 16. A function
 * that calls nothing saves at most s0 (at s0 - 8); that can only be the
 * function a trap interrupted, so it is handled at the trap frame (trap.h),
 * where the interrupted ra is known. Every frame pointer must lie above the last
 * one and inside the current stack, so a corrupt chain stops the walk
 * instead of faulting.
 */
#include "hal/hal.h"
#include "hal/riscv64/hart.h"
#include "hal/riscv64/kallsyms.h"
#include "hal/riscv64/platform.h"
#include "hal/riscv64/trap.h"
#include "lib/compiler.h"
#include "lib/printk.h"

#define MAX_FRAMES 32
/* Kernel stacks are 16 KiB and 16 KiB aligned (buddy order 2 or boot.S). */
#define KSTACK_SIZE (16 * KiB)

struct walk {
	uintptr_t fp;
	uintptr_t lo; /* frames lie in (lo, hi] */
	uintptr_t hi;
};

/* Top of the stack holding @sp. */
static uintptr_t stack_top_of(uintptr_t sp)
{
	const struct rv_hart *h = rv_this_hart();

	if (sp < h->stack_top && sp >= h->stack_top - KSTACK_SIZE)
		return h->stack_top;
	if (sp < h->overflow_sp && sp >= h->overflow_sp - RV_OVERFLOW_STACK_SIZE)
		return h->overflow_sp;
	return ALIGN_UP(sp + 1, KSTACK_SIZE);
}

static bool fp_valid(const struct walk *w, uintptr_t fp)
{
	return fp > w->lo && fp <= w->hi && fp - w->lo >= 16 && IS_ALIGNED(fp, 8);
}

/* @pc is a return address unless @exact: look up the call, not what follows. */
static void print_frame(uintptr_t pc, bool exact)
{
	uintptr_t off;
	const char *name = kallsyms_lookup(exact ? pc : pc - 1, &off);

	if (name)
		printk("  [<%016lx>] %s+0x%lx\n", (unsigned long)pc, name,
		       (unsigned long)(exact ? off : off + 1));
	else
		printk("  [<%016lx>] ?\n", (unsigned long)pc);
}

static bool same_function(uintptr_t a, uintptr_t b)
{
	uintptr_t off;
	const char *name = kallsyms_lookup(a, &off);

	return name && name == kallsyms_lookup(b, &off);
}

/*
 * The record at w->fp is the one trap.S built in @tf: go on in the
 * interrupted function, whose stack may be another one. If that function
 * calls nothing it may have no record of its own, or one holding only s0;
 * either way its caller's pc is the interrupted ra.
 */
static void cross_trap(struct walk *w, const struct hal_trapframe *tf, int *frames)
{
	uintptr_t sp = tf->x[TF_REG_SP - 1], fp = tf->rec_fp, ra = tf->x[0];

	print_frame(tf->sepc, true);
	(*frames)++;
	w->lo = sp;
	w->hi = stack_top_of(sp);
	if (fp_valid(w, fp)) {
		uintptr_t slot = ((uintptr_t *)fp)[-1];

		if (fp_valid(w, slot) && slot > fp) {
			/* Leaf with a frame: it saved s0 at fp - 8, no ra. */
			print_frame(ra, false);
			(*frames)++;
			w->lo = fp;
			fp = slot;
		} else if (slot != ra && !same_function(ra - 1, tf->sepc) &&
			   kallsyms_lookup(ra - 1, &slot)) {
			/* Leaf without a frame: s0 is still its caller's. */
			print_frame(ra, false);
			(*frames)++;
		}
	}
	w->fp = fp;
}

static void backtrace_from(uintptr_t fp, uintptr_t stack_lo)
{
	const struct hal_trapframe *tf = rv_this_hart()->fault_tf;
	struct walk w = {.fp = fp, .lo = stack_lo, .hi = stack_top_of(stack_lo)};
	int frames = 0;

	printk("backtrace:\n");
	while (frames < MAX_FRAMES && fp_valid(&w, w.fp)) {
		uintptr_t *rec = (uintptr_t *)w.fp;

		if (tf && w.fp == (uintptr_t)tf + TF_SIZE) {
			cross_trap(&w, tf, &frames);
			continue;
		}
		if (rec[-1] == 0)
			break;
		print_frame(rec[-1], false);
		frames++;
		w.lo = w.fp;
		w.fp = rec[-2];
	}
}

void hal_panic_backtrace(void)
{
	uintptr_t sp;

	__asm__ __volatile__("mv %0, sp" : "=r"(sp));
	backtrace_from((uintptr_t)__builtin_frame_address(0), sp);
}
