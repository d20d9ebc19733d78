/*
 * tests/sim/test_rv64.c - what the QEMU comparison cannot check: traps and
 * their reporting, the instruction budget, the counters, self-modifying code,
 * page-crossing fetches and accesses, the LR/SC reservation across runs, the
 * decode cache's associativity. Programs are hand-encoded into a simulated
 * memory of NPAGES pages at BASE, each with its own permissions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/cpu/rv64.h"

#define BASE   0x10000ull
#define NPAGES (RV64_CODE_SETS + 1) /* the first and last share a decode-cache slot */
#define RWX    (RV64_ACCESS_READ | RV64_ACCESS_WRITE | RV64_ACCESS_EXEC)

static uint8_t mem[NPAGES][RV64_PAGE_SIZE];
static unsigned int prot[NPAGES];
static uint64_t now;

static void *translate(void *ctx, uint64_t va, unsigned int access)
{
	uint64_t page = (va - BASE) / RV64_PAGE_SIZE;

	if (va < BASE || page >= NPAGES || !(prot[page] & access))
		return NULL;
	return &mem[page][va % RV64_PAGE_SIZE];
}

static uint64_t timer(void *ctx)
{
	return now;
}

static struct rv64_cpu cpu;

static int setup(void **state)
{
	struct rv64_env env = { .translate = translate, .time = timer };

	memset(mem, 0, sizeof(mem));
	for (unsigned int i = 0; i < NPAGES; i++)
		prot[i] = RWX;
	rv64_init(&cpu, &env);
	cpu.pc = BASE;
	return 0;
}

static int teardown(void **state)
{
	rv64_destroy(&cpu);
	return 0;
}

/* ---- encoders --------------------------------------------------------------- */

static uint32_t itype(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t stype(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
	return ((uint32_t)imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       ((uint32_t)imm & 31) << 7 | 0x23;
}

static uint32_t rtype(uint32_t op, uint32_t f7, uint32_t f3, uint32_t rd, uint32_t rs1,
		      uint32_t rs2)
{
	return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

#define ADDI(rd, rs1, imm) itype(0x13, 0, rd, rs1, imm)
#define LD(rd, rs1, imm)   itype(0x03, 3, rd, rs1, imm)
#define SW(rs1, rs2, imm)  stype(2, rs1, rs2, imm)
#define SD(rs1, rs2, imm)  stype(3, rs1, rs2, imm)
#define CSRR(rd, csr)      itype(0x73, 2, rd, 0, csr)
#define ECALL              0x00000073u
#define EBREAK             0x00100073u
#define FENCE_I            0x0000100fu

/* Put 32-bit words at @va. */
static void put(uint64_t va, unsigned int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t w = va_arg(ap, uint32_t);

		memcpy(translate(NULL, va + 4 * i, RV64_ACCESS_READ), &w, 4);
	}
	va_end(ap);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_ecall_leaves_pc_on_the_ecall(void **state)
{
	put(BASE, 3, ADDI(10, 0, 7), ADDI(17, 0, 93), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.pc, BASE + 8);
	assert_int_equal(cpu.x[10], 7);
	assert_int_equal(cpu.x[17], 93);
	assert_int_equal(cpu.instret, 2);
}

static void test_illegal_instruction_reports_its_bits(void **state)
{
	put(BASE, 2, ADDI(1, 0, 1), 0xffffffffu);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ILLEGAL);
	assert_int_equal(cpu.pc, BASE + 4);
	assert_int_equal(cpu.fault_insn, 0xffffffffu);
}

static void test_all_zero_halfword_is_illegal(void **state)
{
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ILLEGAL);
	assert_int_equal(cpu.pc, BASE);
	assert_int_equal(cpu.fault_insn, 0);
}

static void test_ebreak_and_c_ebreak(void **state)
{
	put(BASE, 2, EBREAK, 0x00019002u); /* ebreak; c.ebreak */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_EBREAK);
	assert_int_equal(cpu.pc, BASE);
	cpu.pc += 4;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_EBREAK);
	assert_int_equal(cpu.pc, BASE + 4);
}

static void test_load_fault_reports_address_and_access(void **state)
{
	prot[3] = 0;
	cpu.x[5] = BASE + 3 * RV64_PAGE_SIZE + 16;
	put(BASE, 1, LD(6, 5, 8));
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_PAGE_FAULT);
	assert_int_equal(cpu.pc, BASE);
	assert_int_equal(cpu.fault_addr, BASE + 3 * RV64_PAGE_SIZE + 24);
	assert_int_equal(cpu.fault_access, RV64_ACCESS_READ);
	assert_int_equal(cpu.instret, 0);
}

static void test_store_to_read_only_page_faults_as_write(void **state)
{
	prot[2] = RV64_ACCESS_READ;
	cpu.x[5] = BASE + 2 * RV64_PAGE_SIZE;
	cpu.x[6] = 0x1122334455667788ull;
	put(BASE, 2, SD(5, 6, 0), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_PAGE_FAULT);
	assert_int_equal(cpu.fault_access, RV64_ACCESS_WRITE);
	assert_int_equal(cpu.pc, BASE);
	/* The kernel fixes the page, flushes, and the store goes through. */
	prot[2] = RWX;
	rv64_flush_tlb(&cpu);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(mem[2][0], 0x88);
}

static void test_page_crossing_store_is_all_or_nothing(void **state)
{
	prot[2] = RV64_ACCESS_READ;
	cpu.x[5] = BASE + 2 * RV64_PAGE_SIZE - 4;
	cpu.x[6] = ~0ull;
	put(BASE, 1, SD(5, 6, 0));
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_PAGE_FAULT);
	assert_int_equal(cpu.fault_addr, BASE + 2 * RV64_PAGE_SIZE + 3);
	assert_int_equal(mem[1][RV64_PAGE_SIZE - 4], 0);
}

static void test_misaligned_load_across_pages_succeeds(void **state)
{
	mem[1][RV64_PAGE_SIZE - 1] = 0xaa;
	mem[2][0] = 0xbb;
	cpu.x[5] = BASE + 2 * RV64_PAGE_SIZE - 1;
	put(BASE, 2, itype(0x03, 5, 6, 5, 0), ECALL); /* lhu */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[6], 0xbbaa);
}

static void test_misaligned_amo_traps(void **state)
{
	cpu.x[5] = BASE + RV64_PAGE_SIZE + 2;
	put(BASE, 1, rtype(0x2f, 0, 2, 6, 5, 7)); /* amoadd.w x6, x7, (x5) */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_MISALIGNED);
	assert_int_equal(cpu.fault_addr, BASE + RV64_PAGE_SIZE + 2);
}

static void test_fetch_from_no_exec_page_faults(void **state)
{
	prot[0] = RV64_ACCESS_READ | RV64_ACCESS_WRITE;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_PAGE_FAULT);
	assert_int_equal(cpu.fault_addr, BASE);
	assert_int_equal(cpu.fault_access, RV64_ACCESS_EXEC);
}

/* A 4-byte addi in the last halfword of page 0 and the first of page 1. */
static void put_split_addi(void)
{
	uint32_t w = ADDI(10, 0, 42);

	memcpy(&mem[0][RV64_PAGE_SIZE - 2], &w, 2);
	memcpy(&mem[1][0], (uint8_t *)&w + 2, 2);
}

static void test_instruction_across_page_boundary(void **state)
{
	uint32_t off = RV64_PAGE_SIZE - 2; /* jal x0, off */
	uint32_t jal = ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 | 0x6f;

	put(BASE, 1, jal);
	put_split_addi();
	put(BASE + RV64_PAGE_SIZE + 2, 1, ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[10], 42);
}

static void test_fetch_fault_in_second_half_of_instruction(void **state)
{
	put_split_addi();
	prot[1] = 0;
	cpu.pc = BASE + RV64_PAGE_SIZE - 2;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_PAGE_FAULT);
	assert_int_equal(cpu.fault_addr, BASE + RV64_PAGE_SIZE);
	assert_int_equal(cpu.fault_access, RV64_ACCESS_EXEC);
	assert_int_equal(cpu.pc, BASE + RV64_PAGE_SIZE - 2);
}

static void test_self_modifying_code_without_fence_i(void **state)
{
	/* x5 = address of insn 3; store "addi x10, x0, 2" over "addi x10, x0, 1" */
	cpu.x[5] = BASE + 12;
	cpu.x[6] = ADDI(10, 0, 2);
	put(BASE, 5, ADDI(10, 0, 9), SW(5, 6, 0), ADDI(0, 0, 0), ADDI(10, 0, 1), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[10], 2);
}

static void test_code_rewritten_behind_the_cpu_needs_flush(void **state)
{
	put(BASE, 2, ADDI(10, 0, 1), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	put(BASE, 1, ADDI(10, 0, 5)); /* the "kernel" writes, not the hart */
	rv64_flush_code(&cpu);
	cpu.pc = BASE;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[10], 5);
}

/*
 * Host pages RV64_CODE_SETS apart fall on the same decode-cache slot; a loop
 * that alternates between two such pages must not re-decode them each time.
 * Seen from outside: code rewritten behind the CPU's back without a flush
 * still runs as first decoded, on both pages.
 */
static void test_two_code_pages_on_one_slot_both_stay_decoded(void **state)
{
	uint64_t far = BASE + (NPAGES - 1) * RV64_PAGE_SIZE;

	put(BASE, 2, ADDI(10, 0, 1), ECALL);
	put(far, 2, ADDI(11, 0, 2), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	cpu.pc = far;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	put(BASE, 1, ADDI(10, 0, 5));
	put(far, 1, ADDI(11, 0, 6));
	cpu.pc = BASE;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	cpu.pc = far;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[10], 1);
	assert_int_equal(cpu.x[11], 2);
}

static void test_fence_i_after_store(void **state)
{
	cpu.x[5] = BASE + 12;
	cpu.x[6] = ADDI(11, 0, 3);
	put(BASE, 5, SW(5, 6, 0), FENCE_I, ADDI(0, 0, 0), ADDI(11, 0, 1), ECALL);
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[11], 3);
}

static void test_budget_stops_at_an_instruction_boundary(void **state)
{
	/* loop: addi x10, x10, 1; jal x0, loop */
	put(BASE, 2, ADDI(10, 10, 1), 0xffdff06fu);
	assert_int_equal(rv64_run(&cpu, 11), RV64_EXIT_BUDGET);
	assert_int_equal(cpu.x[10], 6);
	assert_int_equal(cpu.pc, BASE + 4);
	assert_int_equal(cpu.instret, 11);
	assert_int_equal(rv64_run(&cpu, 1), RV64_EXIT_BUDGET);
	assert_int_equal(cpu.pc, BASE);
}

static void test_counters_and_time(void **state)
{
	now = 123456;
	put(BASE, 5, ADDI(0, 0, 0), CSRR(10, 0xc02), CSRR(11, 0xc00), CSRR(12, 0xc01), ECALL);
	cpu.instret = 1000;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[10], 1001);
	assert_int_equal(cpu.x[11], 1002);
	assert_int_equal(cpu.x[12], 123456);
}

static void test_writing_a_counter_is_illegal(void **state)
{
	put(BASE, 1, itype(0x73, 1, 0, 5, 0xc00)); /* csrrw x0, cycle, x5 */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ILLEGAL);
}

static void test_reservation_does_not_survive_a_trap(void **state)
{
	cpu.x[5] = BASE + RV64_PAGE_SIZE;
	cpu.x[7] = 77;
	put(BASE, 4, rtype(0x2f, 0x02 << 2, 3, 6, 5, 0), ECALL, /* lr.d x6, (x5) */
	    rtype(0x2f, 0x03 << 2, 3, 8, 5, 7), ECALL);       /* sc.d x8, x7, (x5) */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	cpu.pc += 4;
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[8], 1);
	assert_int_equal(mem[1][0], 0);
}

static void test_sc_of_another_size_than_lr_fails_without_storing(void **state)
{
	cpu.x[5] = BASE + RV64_PAGE_SIZE;
	cpu.x[7] = 77;
	put(BASE, 3, rtype(0x2f, 0x02 << 2, 3, 6, 5, 0),  /* lr.d x6, (x5) */
	    rtype(0x2f, 0x03 << 2, 2, 8, 5, 7), ECALL); /* sc.w x8, x7, (x5) */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[8], 1);
	assert_int_equal(mem[1][0], 0);
}

static void test_ctzw_of_zero_low_half_is_32(void **state)
{
	cpu.x[5] = 0x100000000ull;
	put(BASE, 2, itype(0x1b, 1, 6, 5, 0x601), ECALL); /* ctzw x6, x5 */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ECALL);
	assert_int_equal(cpu.x[6], 32);
}

static void test_bad_dynamic_rounding_mode_is_illegal(void **state)
{
	cpu.fcsr = 5 << 5;
	put(BASE, 1, rtype(0x53, 0x01, 7, 1, 2, 3)); /* fadd.d f1, f2, f3, dyn */
	assert_int_equal(rv64_run(&cpu, 100), RV64_EXIT_ILLEGAL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_ecall_leaves_pc_on_the_ecall),
		T(test_illegal_instruction_reports_its_bits),
		T(test_all_zero_halfword_is_illegal),
		T(test_ebreak_and_c_ebreak),
		T(test_load_fault_reports_address_and_access),
		T(test_store_to_read_only_page_faults_as_write),
		T(test_page_crossing_store_is_all_or_nothing),
		T(test_misaligned_load_across_pages_succeeds),
		T(test_misaligned_amo_traps),
		T(test_fetch_from_no_exec_page_faults),
		T(test_instruction_across_page_boundary),
		T(test_fetch_fault_in_second_half_of_instruction),
		T(test_self_modifying_code_without_fence_i),
		T(test_code_rewritten_behind_the_cpu_needs_flush),
		T(test_two_code_pages_on_one_slot_both_stay_decoded),
		T(test_fence_i_after_store),
		T(test_budget_stops_at_an_instruction_boundary),
		T(test_counters_and_time),
		T(test_writing_a_counter_is_illegal),
		T(test_reservation_does_not_survive_a_trap),
		T(test_sc_of_another_size_than_lr_fails_without_storing),
		T(test_ctzw_of_zero_low_half_is_32),
		T(test_bad_dynamic_rounding_mode_is_illegal),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
