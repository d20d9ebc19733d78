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
 * Several simulated CPUs (ruxsim --smp): each has its own struct rv64_cpu,
 * so its own TLB, decode cache and LR/SC reservation, as each hart has. A
 * run also stops where another CPU's timer comes due or this CPU's turn
 * ends; the other CPUs may then run (hosted_user_yield()), and when this
 * one resumes it looks at the MMU's generations again before the next
 * instruction - that is how a TLB shootdown from another CPU reaches it -
 * and takes the interrupts (an IPI) that came meanwhile. The reservation
 * does not survive a stop (rv64_run() clears it on entry), so an SC after
 * another CPU ran fails, as it may on hardware.
 *
 * The registers live in the kernel's struct user_cpu_state between two
 * calls (the kernel rewrites them for signals and exec); they are copied
 * in and out every time.
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

/* One simulated CPU's interpreter and what it remembers between runs. */
struct sim_cpu {
	struct rv64_cpu rv;
	bool ready;
	struct hal_pt *cached_pt;
	unsigned long cached_tlb_generation, cached_code_generation;
	uint64_t run_start_instret;
	uint64_t nr_traps;
};

static struct sim_cpu sim_cpus[HAL_MAX_CPUS];

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
	struct sim_cpu *sc = ctx;

	return hal_clock_ns() + (sc->rv.instret - sc->run_start_instret) * NS_PER_INSN;
}

/* The calling CPU's interpreter, set up on first use. */
static struct sim_cpu *this_sim_cpu(void)
{
	struct sim_cpu *sc = &sim_cpus[hal_cpu_id()];

	if (!sc->ready) {
		struct rv64_env env = {.translate = translate, .time = csr_time, .ctx = sc};

		rv64_init(&sc->rv, &env);
		sc->ready = true;
	}
	return sc;
}

/* Forget what the MMU or the kernel changed since @sc last looked. */
static void sync_caches(struct sim_cpu *sc)
{
	struct hal_pt *pt = hosted_pt_active();

	if (pt != sc->cached_pt || hosted_tlb_generation() != sc->cached_tlb_generation) {
		rv64_flush_tlb(&sc->rv);
		sc->cached_pt = pt;
		sc->cached_tlb_generation = hosted_tlb_generation();
	}
	if (hosted_code_generation() != sc->cached_code_generation) {
		rv64_flush_code(&sc->rv);
		sc->cached_code_generation = hosted_code_generation();
	}
}

static void load_state(struct rv64_cpu *cpu, const struct user_cpu_state *state)
{
	cpu->pc = state->regs.pc;
	memcpy(&cpu->x[1], &state->regs.ra, 31 * sizeof(uint64_t));
	memcpy(cpu->f, state->fp.f, sizeof(cpu->f));
	cpu->fcsr = state->fp.fcsr;
}

static void save_state(const struct rv64_cpu *cpu, struct user_cpu_state *state)
{
	state->regs.pc = cpu->pc;
	memcpy(&state->regs.ra, &cpu->x[1], 31 * sizeof(uint64_t));
	memcpy(state->fp.f, cpu->f, sizeof(cpu->f));
	state->fp.fcsr = cpu->fcsr;
}

/* Instructions until the next stop: a timer or the end of the turn (at least one). */
static uint64_t budget(void)
{
	uint64_t stop = hosted_next_stop_ns(), now = hal_clock_ns(), n;

	if (stop <= now)
		return 1;
	n = (stop - now + NS_PER_INSN - 1) / NS_PER_INSN;
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
static void exit_to_trap(const struct rv64_cpu *cpu, enum rv64_exit why,
			 struct hal_user_trap *trap)
{
	switch (why) {
	case RV64_EXIT_ECALL:
		set_trap(trap, HAL_USER_SYSCALL, 0, 0);
		break;
	case RV64_EXIT_EBREAK:
		set_trap(trap, HAL_USER_BREAKPOINT, cpu->pc, 0);
		break;
	case RV64_EXIT_PAGE_FAULT:
		set_trap(trap, HAL_USER_PAGE_FAULT, cpu->fault_addr, cpu->fault_access);
		break;
	case RV64_EXIT_MISALIGNED:
		set_trap(trap, HAL_USER_MISALIGNED, cpu->fault_addr, cpu->fault_access);
		break;
	case RV64_EXIT_ILLEGAL:
	default:
		set_trap(trap, HAL_USER_ILLEGAL, cpu->fault_insn, 0);
		break;
	}
}

/*
 * Run user code until it traps, or an interrupt is taken at a stop. At a
 * stop the other CPUs may run; back from them, this CPU forgets what they
 * changed and takes the interrupts they sent it.
 */
static void run_until_trap(struct sim_cpu *sc, struct hal_user_trap *trap)
{
	for (;;) {
		enum rv64_exit why;
		uint64_t ns;

		sc->run_start_instret = sc->rv.instret;
		why = rv64_run(&sc->rv, budget());
		ns = (sc->rv.instret - sc->run_start_instret) * NS_PER_INSN;
		if (why != RV64_EXIT_BUDGET) {
			/* An interrupt that comes due here is taken now; the
			 * kernel sees its effects (need_resched) after the trap. */
			hosted_user_time_passed(ns + TRAP_NS);
			sc->nr_traps++;
			exit_to_trap(&sc->rv, why, trap);
			return;
		}
		if (hosted_user_time_passed(ns)) {
			set_trap(trap, HAL_USER_INTERRUPT, 0, 0);
			return;
		}
		if (hosted_user_yield()) {
			sync_caches(sc);
			if (hosted_user_time_passed(0)) {
				set_trap(trap, HAL_USER_INTERRUPT, 0, 0);
				return;
			}
		}
	}
}

void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap)
{
	struct sim_cpu *sc;

	hal_irq_disable();
	sc = this_sim_cpu();
	sync_caches(sc);
	trace_user_entry(state);
	if (hosted_user_time_passed(0)) { /* came due in the kernel, interrupts off */
		set_trap(trap, HAL_USER_INTERRUPT, 0, 0);
		hal_irq_enable();
		return;
	}
	load_state(&sc->rv, state);
	run_until_trap(sc, trap);
	save_state(&sc->rv, state);
	if (trap->reason == HAL_USER_SYSCALL)
		trace_syscall(state);
	hal_irq_enable();
}

void sim_cpu_stats(uint64_t *instructions, uint64_t *traps)
{
	*instructions = *traps = 0;
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++) {
		*instructions += sim_cpus[i].rv.instret;
		*traps += sim_cpus[i].nr_traps;
	}
}
