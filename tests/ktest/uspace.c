/*
 * tests/ktest/uspace.c - user page tables (hal_pt_*) and user mode
 * (hal_user_run), below any process or VM code.
 *
 * pt_* tests use only hal.h and run on both HALs. The others run real RV64
 * user code, so they exist on riscv64 only (hosted has no user-mode CPU;
 * ruxsim brings its own): tiny programs, assembled below into .rodata, are
 * copied into a page mapped at CODE_VA and run until they trap; each test
 * checks the trap, fixes up the state the way the kernel's user loop will,
 * and resumes. Every test frees what it allocated (nr_free_pages() is
 * compared before and after).
 */
#include "hal/hal.h"
#include "lib/compiler.h"
#include "lib/ktest.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "sched/cpu.h"
#include "sched/thread.h"

#define PG	4096ul
#define CODE_VA 0x10000ul /* R|X: the program */
#define DATA_VA 0x20000ul /* R|W: data and stack */
#define RO_VA	0x30000ul /* R: read-only data */

/* ---- page tables (both HALs) ------------------------------------------- */

KTEST(uspace, pt_map_query_unmap)
{
	unsigned long before = nr_free_pages();
	struct hal_pt *pt = hal_pt_create();
	void *page = get_free_page(GFP_KERNEL);
	uint64_t pa = hal_virt_to_phys(page), got_pa = 0;
	unsigned int prot = 0;

	KT_ASSERT_NOT_NULL(pt);
	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT(!hal_pt_query(pt, DATA_VA, NULL, NULL));
	KT_ASSERT_EQ(hal_pt_map(pt, DATA_VA, pa, HAL_PROT_READ | HAL_PROT_WRITE), 0);
	KT_ASSERT(hal_pt_query(pt, DATA_VA, &got_pa, &prot));
	KT_ASSERT_EQ(got_pa, pa);
	KT_ASSERT_EQ(prot, HAL_PROT_READ | HAL_PROT_WRITE);
	KT_ASSERT(!hal_pt_query(pt, DATA_VA + PG, NULL, NULL));
	/* Replacing a mapping; the last user page; a far-away one. */
	KT_ASSERT_EQ(hal_pt_map(pt, DATA_VA, pa, HAL_PROT_READ | HAL_PROT_EXEC), 0);
	KT_ASSERT(hal_pt_query(pt, DATA_VA, NULL, &prot));
	KT_ASSERT_EQ(prot, HAL_PROT_READ | HAL_PROT_EXEC);
	KT_ASSERT_EQ(hal_pt_map(pt, HAL_USER_VA_END - PG, pa, HAL_PROT_READ), 0);
	KT_ASSERT(hal_pt_query(pt, HAL_USER_VA_END - PG, &got_pa, NULL));
	KT_ASSERT_EQ(got_pa, pa);
	KT_ASSERT_EQ(hal_pt_map(pt, 0x12345000ul, pa, HAL_PROT_READ), 0);
	KT_ASSERT(hal_pt_query(pt, 0x12345000ul, NULL, NULL));
	/* A page with no access at all is still a mapping. */
	KT_ASSERT_EQ(hal_pt_map(pt, RO_VA, pa, 0), 0);
	KT_ASSERT(hal_pt_query(pt, RO_VA, &got_pa, &prot));
	KT_ASSERT_EQ(got_pa, pa);
	KT_ASSERT_EQ(prot, 0);
	hal_pt_unmap(pt, DATA_VA);
	hal_pt_unmap(pt, RO_VA);
	hal_pt_unmap(pt, DATA_VA + 64 * PG); /* never mapped */
	KT_ASSERT(!hal_pt_query(pt, DATA_VA, NULL, NULL));
	KT_ASSERT(!hal_pt_query(pt, RO_VA, NULL, NULL));
	KT_ASSERT(hal_pt_query(pt, 0x12345000ul, NULL, NULL));
	hal_tlb_flush(pt, DATA_VA, PG);
	hal_pt_destroy(pt); /* frees the tables still holding two pages */
	free_page(page);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

#ifdef RUX_RISCV64

/* ---- the user programs -------------------------------------------------- */

/* .irp list of every FP register number */
#define ALL_FREGS                                                                                  \
	"0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"

/*
 * All position-independent; no compressed instructions, so every trap
 * address is a label below. The tests set the registers the programs use
 * as inputs (s1, s2, a0...) in the state before the first run.
 */
__asm__(".pushsection .rodata.uspace, \"a\", @progbits\n"
	".option push\n"
	".option norvc\n"
	".option arch, +d\n"
	".balign 4\n"
	/* basic: s1 = RO_VA, s2 = DATA_VA */
	"up_basic:\n"
	"	li	a7, 172\n"
	"up_basic_ecall:\n"
	"	ecall\n"
	"	addi	a1, a0, 1\n"
	"up_basic_load0:\n"
	"	ld	a2, 0(zero)\n"
	"up_basic_store_ro:\n"
	"	sd	a1, 0(s1)\n"
	"up_basic_unimp:\n"
	"	unimp\n"
	"up_basic_ebreak:\n"
	"	ebreak\n"
	"	ld	a3, 0(s2)\n"
	"	sd	a1, 8(s2)\n"
	"	li	a7, 93\n"
	"up_basic_exit:\n"
	"	ecall\n"
	"up_basic_end:\n"
	/* null: an ecall loop, for timing */
	"up_null:\n"
	"	ecall\n"
	"	j	up_null\n"
	"up_null_end:\n"
	/* spin: loads from s2 forever; only interrupts and faults stop it */
	"up_spin:\n"
	"	ld	a0, 0(s2)\n"
	"	j	up_spin\n"
	"up_spin_end:\n"
	/*
	 * fp: f<n> = a0 + n, fcsr = a1; then a1 times: ecall (a7 = 1), check
	 * every f register and fcsr (a7 = 2 ecall on a mismatch, with the
	 * register number in a2); finally fadd.d of 1.5 and 2.25 into a3
	 * and ecall with a7 = 93.
	 */
	"up_fp:\n"
	"	mv	t1, a0\n"
	"	.irp n, " ALL_FREGS "\n"
	"	fmv.d.x	f\\n, t1\n"
	"	addi	t1, t1, 1\n"
	"	.endr\n"
	"	fscsr	a1\n"
	"	mv	s3, a1\n"
	"	li	s4, 5\n"
	"1:	li	a7, 1\n"
	"	ecall\n"
	"	mv	t1, a0\n"
	"	.irp n, " ALL_FREGS "\n"
	"	li	a2, \\n\n"
	"	fmv.x.d	t2, f\\n\n"
	"	bne	t2, t1, 2f\n"
	"	addi	t1, t1, 1\n"
	"	.endr\n"
	"	li	a2, 32\n"
	"	frcsr	t2\n"
	"	bne	t2, s3, 2f\n"
	"	addi	s4, s4, -1\n"
	"	bnez	s4, 1b\n"
	"	li	t1, 0x3ff8000000000000\n" /* 1.5 */
	"	fmv.d.x	f1, t1\n"
	"	li	t1, 0x4002000000000000\n" /* 2.25 */
	"	fmv.d.x	f2, t1\n"
	"	fadd.d	f3, f1, f2\n"
	"	fmv.x.d	a3, f3\n"
	"	li	a7, 93\n"
	"	ecall\n"
	"2:	li	a7, 2\n"
	"	ecall\n"
	"up_fp_end:\n"
	".option pop\n"
	".popsection\n");

extern const char up_basic[], up_basic_ecall[], up_basic_load0[], up_basic_store_ro[],
    up_basic_unimp[], up_basic_ebreak[], up_basic_exit[], up_basic_end[];
extern const char up_null[], up_null_end[];
extern const char up_spin[], up_spin_end[];
extern const char up_fp[], up_fp_end[];

#define FP_1_5_PLUS_2_25 0x400e000000000000ull /* 3.75 */

/* ---- an address space for the programs --------------------------------- */

struct uspace {
	struct hal_pt *pt;
	void *code, *data, *ro; /* the pages at CODE_VA, DATA_VA, RO_VA */
};

static uint64_t user_addr(const char *label, const char *prog)
{
	return CODE_VA + (uint64_t)(label - prog);
}

static void uspace_teardown(struct uspace *u)
{
	hal_pt_activate(NULL);
	if (u->pt)
		hal_pt_destroy(u->pt);
	free_page(u->code);
	free_page(u->data);
	free_page(u->ro);
}

/* Map @prog..@end at CODE_VA, a data page and a read-only page; on failure
 * free everything and return false. */
static bool uspace_setup(struct uspace *u, const char *prog, const char *end)
{
	memset(u, 0, sizeof(*u));
	u->pt = hal_pt_create();
	u->code = get_free_page(GFP_KERNEL | __GFP_ZERO);
	u->data = get_free_page(GFP_KERNEL | __GFP_ZERO);
	u->ro = get_free_page(GFP_KERNEL | __GFP_ZERO);
	if (u->pt && u->code && u->data && u->ro && end - prog <= (long)PG) {
		memcpy(u->code, prog, (size_t)(end - prog));
		if (hal_pt_map(u->pt, CODE_VA, hal_virt_to_phys(u->code),
			       HAL_PROT_READ | HAL_PROT_EXEC) == 0 &&
		    hal_pt_map(u->pt, DATA_VA, hal_virt_to_phys(u->data),
			       HAL_PROT_READ | HAL_PROT_WRITE) == 0 &&
		    hal_pt_map(u->pt, RO_VA, hal_virt_to_phys(u->ro), HAL_PROT_READ) == 0)
			return true;
	}
	uspace_teardown(u);
	return false;
}

static void state_init(struct user_cpu_state *st, const char *entry, const char *prog)
{
	memset(st, 0, sizeof(*st));
	st->regs.pc = user_addr(entry, prog);
	st->regs.sp = DATA_VA + PG;
	st->regs.s1 = RO_VA;
	st->regs.s2 = DATA_VA;
}

/* What the user loop does after an interrupt: give the CPU away if asked. */
static void user_resched(void)
{
	if (READ_ONCE(current_thread()->need_resched))
		schedule();
}

/*
 * One run in @pt. Every context switch puts the kernel's table back (and the
 * thread may run on another CPU after one), so @pt is activated before each
 * run, with interrupts off so that no switch comes in between.
 */
static void run_in(struct hal_pt *pt, struct user_cpu_state *st, struct hal_user_trap *trap)
{
	hal_irq_disable();
	hal_pt_activate(pt);
	hal_user_run(st, trap);
}

/* Run in @pt until something other than an interrupt happens. */
static void run_until_trap(struct hal_pt *pt, struct user_cpu_state *st, struct hal_user_trap *trap)
{
	for (;;) {
		run_in(pt, st, trap);
		if (trap->reason != HAL_USER_INTERRUPT)
			return;
		user_resched();
	}
}

/* ---- traps, one of each kind ------------------------------------------- */

KTEST(uspace, traps_and_registers)
{
	unsigned long before = nr_free_pages();
	struct user_cpu_state st, saved;
	struct hal_user_trap trap;
	struct uspace u;

	KT_ASSERT(uspace_setup(&u, up_basic, up_basic_end));
	*(uint64_t *)u.data = 0x1122334455667788ull;
	state_init(&st, up_basic, up_basic);
	/* Every register the program leaves alone must come back unchanged. */
	for (unsigned int i = 1; i < 32; i++)
		if (i != 2 && i != 9 && i != 18 && i != 17)
			((uint64_t *)&st.regs)[i] = 0xabcd000000000000ull + i;
	saved = st;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_SYSCALL);
	KT_ASSERT_EQ(st.regs.a7, 172);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_ecall, up_basic));
	for (unsigned int i = 1; i < 32; i++)
		if (i != 17)
			KT_ASSERT_EQ(((uint64_t *)&st.regs)[i], ((uint64_t *)&saved.regs)[i]);
	st.regs.a0 = 41;
	st.regs.pc += 4;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_PAGE_FAULT);
	KT_ASSERT_EQ(trap.addr, 0);
	KT_ASSERT_EQ(trap.access, HAL_ACCESS_READ);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_load0, up_basic));
	KT_ASSERT_EQ(st.regs.a1, 42);
	st.regs.pc += 4;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_PAGE_FAULT);
	KT_ASSERT_EQ(trap.addr, RO_VA);
	KT_ASSERT_EQ(trap.access, HAL_ACCESS_WRITE);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_store_ro, up_basic));
	st.regs.pc += 4;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_ILLEGAL);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_unimp, up_basic));
	st.regs.pc += 4;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_BREAKPOINT);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_ebreak, up_basic));
	st.regs.pc += 4;

	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_SYSCALL);
	KT_ASSERT_EQ(st.regs.a7, 93);
	KT_ASSERT_EQ(st.regs.pc, user_addr(up_basic_exit, up_basic));
	KT_ASSERT_EQ(st.regs.a3, 0x1122334455667788ull);
	KT_ASSERT_EQ(((uint64_t *)u.data)[1], 42);

	/* Kernel addresses are not user addresses. */
	st.regs.pc = (uint64_t)(uintptr_t)up_basic;
	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_PAGE_FAULT);
	KT_ASSERT_EQ(trap.access, HAL_ACCESS_EXEC);
	KT_ASSERT_EQ(trap.addr, (uint64_t)(uintptr_t)up_basic);
	KT_ASSERT(hal_irq_enabled());

	uspace_teardown(&u);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- interrupts while in user mode; unmapping --------------------------- */

KTEST(uspace, timer_interrupt_and_unmap)
{
	unsigned long before = nr_free_pages();
	struct user_cpu_state st;
	struct hal_user_trap trap;
	struct uspace u;
	uint64_t ticks;

	KT_ASSERT(uspace_setup(&u, up_spin, up_spin_end));
	state_init(&st, up_spin, up_spin);
	ticks = this_cpu()->ticks;
	for (unsigned int i = 0; i < 3; i++) {
		run_in(u.pt, &st, &trap);
		KT_ASSERT_EQ(trap.reason, HAL_USER_INTERRUPT);
		KT_ASSERT(st.regs.pc >= CODE_VA && st.regs.pc < CODE_VA + 8);
		KT_ASSERT(hal_irq_enabled());
	}
	KT_ASSERT(this_cpu()->ticks > ticks);

	hal_pt_unmap(u.pt, DATA_VA);
	hal_tlb_flush(u.pt, DATA_VA, PG);
	run_until_trap(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_PAGE_FAULT);
	KT_ASSERT_EQ(trap.addr, DATA_VA);
	KT_ASSERT_EQ(trap.access, HAL_ACCESS_READ);
	KT_ASSERT_EQ(st.regs.pc, CODE_VA);

	/* Mapped again (read-only now): the load works, and the loop runs. */
	KT_ASSERT_EQ(hal_pt_map(u.pt, DATA_VA, hal_virt_to_phys(u.data), HAL_PROT_READ), 0);
	run_in(u.pt, &st, &trap);
	KT_ASSERT_EQ(trap.reason, HAL_USER_INTERRUPT);

	uspace_teardown(&u);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- TLB shoot-down: another CPU running the same address space --------- */

struct spinner {
	struct uspace *u;
	int running; /* set once its user loop took an interrupt */
	int stop;    /* asks it to return */
	int faulted; /* its user code took the expected page fault */
	uint64_t fault_addr;
};

static void spinner_thread(void *arg)
{
	struct spinner *s = arg;
	struct user_cpu_state st;
	struct hal_user_trap trap;

	state_init(&st, up_spin, up_spin);
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		run_in(s->u->pt, &st, &trap);
		if (trap.reason == HAL_USER_INTERRUPT) {
			__atomic_store_n(&s->running, 1, __ATOMIC_RELEASE);
			user_resched();
			continue;
		}
		s->fault_addr = trap.addr;
		__atomic_store_n(&s->faulted, trap.reason == HAL_USER_PAGE_FAULT ? 1 : -1,
				 __ATOMIC_RELEASE);
		break;
	}
	hal_pt_activate(NULL);
}

static bool wait_for(int *flag, uint64_t timeout_ns)
{
	uint64_t end = hal_clock_ns() + timeout_ns;

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (hal_clock_ns() > end)
			return false;
		sched_yield_current();
	}
	return true;
}

KTEST(uspace, tlb_flush_reaches_other_cpus)
{
	unsigned long before = nr_free_pages();
	static struct spinner s;
	struct thread *t;
	struct uspace u;
	bool ran, faulted;

	KT_ASSERT(uspace_setup(&u, up_spin, up_spin_end));
	memset(&s, 0, sizeof(s));
	s.u = &u;
	t = kthread_run(spinner_thread, &s, "uspace-spin");
	KT_ASSERT_NOT_NULL(t);
	ran = wait_for(&s.running, 2000000000ull);
	hal_pt_unmap(u.pt, DATA_VA);
	hal_tlb_flush(u.pt, DATA_VA, PG);
	faulted = wait_for(&s.faulted, 2000000000ull);
	__atomic_store_n(&s.stop, 1, __ATOMIC_RELEASE);
	thread_join(t);
	KT_ASSERT(ran);
	KT_ASSERT(faulted);
	KT_ASSERT_EQ(s.faulted, 1);
	KT_ASSERT_EQ(s.fault_addr, DATA_VA);
	uspace_teardown(&u);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- FP registers survive traps and switches ---------------------------- */

#define FP_THREADS 9

struct fp_runner {
	struct hal_pt *pt;
	unsigned int id;
	int result; /* 1 passed, else the failing step */
	uint64_t bad_reg;
};

static void fp_thread(void *arg)
{
	struct fp_runner *r = arg;
	struct user_cpu_state st;
	struct hal_user_trap trap;

	state_init(&st, up_fp, up_fp);
	st.regs.a0 = 0x4000000000000000ull + ((uint64_t)r->id << 32);
	st.regs.a1 = (r->id * 7) & 0xff; /* fcsr: frm and fflags */
	for (;;) {
		run_until_trap(r->pt, &st, &trap);
		if (trap.reason != HAL_USER_SYSCALL) {
			r->result = -1;
			r->bad_reg = trap.reason << 16 | (st.regs.pc - CODE_VA);
			break;
		}
		st.regs.pc += 4;
		if (st.regs.a7 == 93) {
			r->result = st.regs.a3 == FP_1_5_PLUS_2_25 ? 1 : -3;
			break;
		}
		if (st.regs.a7 != 1) {
			r->result = -2;
			r->bad_reg = st.regs.a2;
			break;
		}
		/* Dirty FP state was saved at the trap: the state is the truth. */
		if (st.fp.f[5] != st.regs.a0 + 5 || st.fp.fcsr != st.regs.a1) {
			r->result = -4;
			break;
		}
		sched_yield_current(); /* let the others run their FP values here */
	}
	hal_pt_activate(NULL);
}

KTEST(uspace, fp_survives_traps_and_switches)
{
	unsigned long before = nr_free_pages();
	static struct fp_runner r[FP_THREADS];
	struct thread *t[FP_THREADS];
	struct uspace u;

	KT_ASSERT(uspace_setup(&u, up_fp, up_fp_end));
	for (unsigned int i = 0; i < FP_THREADS; i++) {
		r[i] = (struct fp_runner){.pt = u.pt, .id = i + 1};
		t[i] = kthread_run(fp_thread, &r[i], "uspace-fp");
	}
	for (unsigned int i = 0; i < FP_THREADS; i++)
		if (t[i])
			thread_join(t[i]);
	for (unsigned int i = 0; i < FP_THREADS; i++) {
		KT_ASSERT_NOT_NULL(t[i]);
		if (r[i].result != 1)
			printk("uspace: fp thread %u: result %d (register %llu)\n", i, r[i].result,
			       (unsigned long long)r[i].bad_reg);
		KT_ASSERT_EQ(r[i].result, 1);
	}
	uspace_teardown(&u);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- kernel code is preempted by the tick -------------------------------- */

/*
 * More threads than CPUs spin in kernel mode, interrupts on, never yielding.
 * Only preemption from the timer interrupt (trap.c -> sched_preempt_point)
 * lets the ones sharing a CPU - and this sleeping thread - run at all.
 */
struct busy {
	int *stop;
	unsigned long count;
};

static void busy_thread(void *arg)
{
	struct busy *b = arg;

	while (!__atomic_load_n(b->stop, __ATOMIC_ACQUIRE))
		WRITE_ONCE(b->count, b->count + 1);
}

KTEST(uspace, kernel_code_is_preempted)
{
	static struct busy b[2 * HAL_MAX_CPUS + 1];
	static int stop;
	unsigned int n = 2 * cpus_online() + 1;
	struct thread *t[2 * HAL_MAX_CPUS + 1];

	stop = 0;
	for (unsigned int i = 0; i < n; i++) {
		b[i] = (struct busy){.stop = &stop};
		t[i] = kthread_run(busy_thread, &b[i], "uspace-busy");
	}
	thread_sleep_ns(300000000ull);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < n; i++)
		if (t[i])
			thread_join(t[i]);
	for (unsigned int i = 0; i < n; i++) {
		KT_ASSERT_NOT_NULL(t[i]);
		KT_ASSERT(b[i].count > 0);
	}
}

/* ---- cost of a null system call ----------------------------------------- */

#define NULL_CALLS 20000

static uint64_t rdcycle(void)
{
	uint64_t c;

	__asm__ __volatile__("rdcycle %0" : "=r"(c));
	return c;
}

KTEST(uspace, null_syscall_round_trip)
{
	unsigned long before = nr_free_pages();
	struct user_cpu_state st;
	struct hal_user_trap trap;
	struct uspace u;
	uint64_t c0, t0, cycles, ns;
	unsigned int n = 0;

	KT_ASSERT(uspace_setup(&u, up_null, up_null_end));
	state_init(&st, up_null, up_null);
	c0 = rdcycle();
	t0 = hal_clock_ns();
	while (n < NULL_CALLS) {
		run_in(u.pt, &st, &trap);
		if (trap.reason == HAL_USER_SYSCALL) {
			st.regs.pc += 4;
			n++;
		} else if (trap.reason == HAL_USER_INTERRUPT) {
			user_resched();
		} else {
			break;
		}
	}
	cycles = rdcycle() - c0;
	ns = hal_clock_ns() - t0;
	KT_ASSERT_EQ(n, NULL_CALLS);
	printk("uspace: null ecall round trip: %llu cycles, %llu ns (%u calls)\n",
	       (unsigned long long)(cycles / NULL_CALLS), (unsigned long long)(ns / NULL_CALLS),
	       NULL_CALLS);
	uspace_teardown(&u);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

#endif /* RUX_RISCV64 */
