/*
 * sim/hal_user.c - hal_user_run() for ruxsim: user code runs on the RV64
 * interpreter (sim/cpu) instead of a hart. Linked into the ruxsim program
 * only, in place of hal/hosted/user.c.
 *
 * Memory: the interpreter translates user addresses through the page table
 * the kernel made active (hal/hosted/pt.c), checking the page's rights
 * against the access; a refused access comes back as a page fault with its
 * address and kind, so vm_fault() and the retry work as on riscv64. The
 * interpreter's TLB and decoded code are dropped when the hosted MMU's
 * generation counters say they may be stale, or the table changed.
 *
 * Time: every retired instruction is one nanosecond of simulated time, and
 * every trap into the kernel TRAP_NS more (the kernel's own code runs on the
 * host and is not counted; this stands for it, about what a system call
 * costs on a RISC-V board). The instruction budget of a run ends exactly at
 * the armed timer deadline, so the timer interrupt is taken at the same
 * instruction on every run: that is what makes ruxsim deterministic.
 *
 * Interrupts stay off (the kernel's flag) while user code runs; they are
 * taken between two runs of the interpreter, as a trap from user mode:
 * hal_user_run() then returns HAL_USER_INTERRUPT and the user loop
 * reschedules when asked to.
 *
 * One simulated CPU, so one struct rv64_cpu. The registers live in the
 * kernel's struct user_cpu_state between two calls (the kernel rewrites
 * them for signals and exec); they are copied in and out every time.
 */
#include <stddef.h>
#include <string.h>

#include "hal/hal.h"
#include "hal/hosted/hosted.h"
#include "sim/cpu/rv64.h"
#include "sim/stats.h"
#include "sim/trace.h"

#define NS_PER_INSN 1
#define TRAP_NS	    200
/* Instructions between two looks at the clock when no timer is armed. */
#define MAX_BUDGET 10000000ull

_Static_assert(HAL_ACCESS_READ == RV64_ACCESS_READ && HAL_ACCESS_WRITE == RV64_ACCESS_WRITE &&
		   HAL_ACCESS_EXEC == RV64_ACCESS_EXEC,
	       "the interpreter's access kinds are the HAL's");
_Static_assert(HAL_PROT_READ == RV64_ACCESS_READ && HAL_PROT_WRITE == RV64_ACCESS_WRITE &&
		   HAL_PROT_EXEC == RV64_ACCESS_EXEC,
	       "a page's HAL_PROT_* rights are checked against RV64_ACCESS_*");
/* struct linux_user_regs is pc, then x1..x31 in order. */
_Static_assert(offsetof(struct linux_user_regs, ra) == 8 &&
		   offsetof(struct linux_user_regs, t6) == 31 * 8,
	       "linux_user_regs holds x1..x31 after pc");

static struct rv64_cpu cpu;
static bool cpu_ready;
static struct hal_pt *cached_pt;
static unsigned long cached_tlb_generation, cached_code_generation;
static uint64_t run_start_instret;
static uint64_t nr_traps;

static void *translate(void *ctx, uint64_t va, unsigned int access)
{
	struct hal_pt *pt = hosted_pt_active();
	unsigned int prot;
	uint64_t pa;

	(void)ctx;
	if (!pt || !hal_pt_query(pt, va, &pa, &prot) || !(prot & access))
		return NULL;
	return (uint8_t *)hal_phys_to_virt(pa) + (va & (RV64_PAGE_SIZE - 1));
}

/* The time CSR: the clock (1 GHz) plus what this run executed so far. */
static uint64_t csr_time(void *ctx)
{
	(void)ctx;
	return hal_clock_ns() + (cpu.instret - run_start_instret) * NS_PER_INSN;
}

/* Forget what the MMU or the kernel changed since the last run. */
static void sync_caches(void)
{
	struct hal_pt *pt = hosted_pt_active();

	if (!cpu_ready) {
		struct rv64_env env = {.translate = translate, .time = csr_time};

		rv64_init(&cpu, &env);
		cpu_ready = true;
	}
	if (pt != cached_pt || hosted_tlb_generation() != cached_tlb_generation) {
		rv64_flush_tlb(&cpu);
		cached_pt = pt;
		cached_tlb_generation = hosted_tlb_generation();
	}
	if (hosted_code_generation() != cached_code_generation) {
		rv64_flush_code(&cpu);
		cached_code_generation = hosted_code_generation();
	}
}

static void load_state(const struct user_cpu_state *state)
{
	cpu.pc = state->regs.pc;
	memcpy(&cpu.x[1], &state->regs.ra, 31 * sizeof(uint64_t));
	memcpy(cpu.f, state->fp.f, sizeof(cpu.f));
	cpu.fcsr = state->fp.fcsr;
}

static void save_state(struct user_cpu_state *state)
{
	state->regs.pc = cpu.pc;
	memcpy(&state->regs.ra, &cpu.x[1], 31 * sizeof(uint64_t));
	memcpy(state->fp.f, cpu.f, sizeof(cpu.f));
	state->fp.fcsr = cpu.fcsr;
}

/* Instructions until the timer is due (at least one). */
static uint64_t budget(void)
{
	uint64_t deadline = hosted_timer_deadline(), now = hal_clock_ns(), n;

	if (deadline <= now)
		return 1;
	n = (deadline - now + NS_PER_INSN - 1) / NS_PER_INSN;
	return n < MAX_BUDGET ? n : MAX_BUDGET;
}

static void set_trap(struct hal_user_trap *trap, enum hal_user_exit reason, uint64_t addr,
		     unsigned int access)
{
	trap->reason = reason;
	trap->addr = addr;
	trap->access = access;
}

/* The trap for an exit of the interpreter other than the budget. */
static void exit_to_trap(enum rv64_exit why, struct hal_user_trap *trap)
{
	switch (why) {
	case RV64_EXIT_ECALL:
		set_trap(trap, HAL_USER_SYSCALL, 0, 0);
		break;
	case RV64_EXIT_EBREAK:
		set_trap(trap, HAL_USER_BREAKPOINT, cpu.pc, 0);
		break;
	case RV64_EXIT_PAGE_FAULT:
		set_trap(trap, HAL_USER_PAGE_FAULT, cpu.fault_addr, cpu.fault_access);
		break;
	case RV64_EXIT_MISALIGNED:
		set_trap(trap, HAL_USER_MISALIGNED, cpu.fault_addr, cpu.fault_access);
		break;
	case RV64_EXIT_ILLEGAL:
	default:
		set_trap(trap, HAL_USER_ILLEGAL, cpu.fault_insn, 0);
		break;
	}
}

/* Run user code until it traps, or an interrupt is taken at a budget's end. */
static void run_until_trap(struct hal_user_trap *trap)
{
	for (;;) {
		enum rv64_exit why;
		uint64_t ns;

		run_start_instret = cpu.instret;
		why = rv64_run(&cpu, budget());
		ns = (cpu.instret - run_start_instret) * NS_PER_INSN;
		if (why != RV64_EXIT_BUDGET) {
			/* An interrupt that comes due here is taken now; the
			 * kernel sees its effects (need_resched) after the trap. */
			hosted_user_time_passed(ns + TRAP_NS);
			nr_traps++;
			exit_to_trap(why, trap);
			return;
		}
		if (hosted_user_time_passed(ns)) {
			set_trap(trap, HAL_USER_INTERRUPT, 0, 0);
			return;
		}
	}
}

void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap)
{
	hal_irq_disable();
	sync_caches();
	trace_user_entry(state);
	if (hosted_user_time_passed(0)) { /* came due in the kernel, interrupts off */
		set_trap(trap, HAL_USER_INTERRUPT, 0, 0);
		hal_irq_enable();
		return;
	}
	load_state(state);
	run_until_trap(trap);
	save_state(state);
	if (trap->reason == HAL_USER_SYSCALL)
		trace_syscall(state);
	hal_irq_enable();
}

void sim_cpu_stats(uint64_t *instructions, uint64_t *traps)
{
	*instructions = cpu.instret;
	*traps = nr_traps;
}
