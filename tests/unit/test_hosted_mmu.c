/*
 * tests/unit/test_hosted_mmu.c - what the hosted software MMU tells a CPU
 * that caches translations and decoded code (ruxsim's interpreter): the TLB
 * generation moves whenever a translation it may hold becomes wrong, the
 * code generation whenever an executable page leaves a table, and neither
 * moves for changes that invalidate nothing (new mappings, the same
 * executable page mapped again as fork does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include "hal/hal.h"
#include "hal/hosted/hosted.h"

#define VA     0x10000ull
#define PAGE_A (HOSTED_RAM_BASE + 0x100000)
#define PAGE_B (HOSTED_RAM_BASE + 0x101000)
#define RX     (HAL_PROT_READ | HAL_PROT_EXEC)
#define RW     (HAL_PROT_READ | HAL_PROT_WRITE)

static unsigned long tlb0, code0;

static void mark(void)
{
	tlb0 = hosted_tlb_generation();
	code0 = hosted_code_generation();
}

static void expect(bool tlb_moved, bool code_moved)
{
	assert_int_equal(hosted_tlb_generation() != tlb0, tlb_moved);
	assert_int_equal(hosted_code_generation() != code0, code_moved);
}

static void test_new_and_identical_mappings_invalidate_nothing(void **state)
{
	struct hal_pt *pt = hal_pt_create();

	(void)state;
	assert_non_null(pt);
	mark();
	assert_int_equal(hal_pt_map(pt, VA, PAGE_A, RX), 0);
	assert_int_equal(hal_pt_map(pt, VA + 0x1000, PAGE_B, RW), 0);
	expect(false, false);
	assert_int_equal(hal_pt_map(pt, VA, PAGE_A, RX), 0); /* fork re-mapping text */
	expect(false, false);
	hal_pt_destroy(pt);
}

static void test_lost_rights_move_the_tlb_only(void **state)
{
	struct hal_pt *pt = hal_pt_create();

	(void)state;
	assert_int_equal(hal_pt_map(pt, VA, PAGE_B, RW), 0);
	mark();
	assert_int_equal(hal_pt_map(pt, VA, PAGE_B, HAL_PROT_READ), 0); /* COW */
	expect(true, false);
	mark();
	hal_pt_unmap(pt, VA);
	expect(true, false);
	hal_pt_destroy(pt);
}

static void test_executable_page_leaving_moves_the_code(void **state)
{
	struct hal_pt *pt = hal_pt_create();

	(void)state;
	assert_int_equal(hal_pt_map(pt, VA, PAGE_A, RX), 0);
	mark();
	assert_int_equal(hal_pt_map(pt, VA, PAGE_A, RW), 0); /* mprotect: no longer code */
	expect(true, true);

	assert_int_equal(hal_pt_map(pt, VA, PAGE_A, RX), 0);
	mark();
	assert_int_equal(hal_pt_map(pt, VA, PAGE_B, RX), 0); /* another page */
	expect(true, true);

	mark();
	hal_pt_unmap(pt, VA);
	expect(true, true);
	hal_pt_destroy(pt);
}

static void test_flush_and_destroy(void **state)
{
	struct hal_pt *pt = hal_pt_create();

	(void)state;
	mark();
	hal_tlb_flush(pt, VA, 0x1000);
	expect(true, false);
	mark();
	hal_pt_destroy(pt); /* its address may be the next table's */
	expect(true, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_and_identical_mappings_invalidate_nothing),
	    cmocka_unit_test(test_lost_rights_move_the_tlb_only),
	    cmocka_unit_test(test_executable_page_leaving_moves_the_code),
	    cmocka_unit_test(test_flush_and_destroy),
	};

	hosted_boot(16ull << 20, "");
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	hosted_shutdown();
	return failed;
}
