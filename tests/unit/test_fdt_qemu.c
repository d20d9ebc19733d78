/*
 * tests/unit/test_fdt_qemu.c - core/lib/fdt.c on the device trees QEMU's
 * virt machine really hands the kernel (dumped at build time by
 * tests/unit/fdt.cmake), checking every fact the riscv64 HAL relies on:
 * memory, CPUs, timebase, UART, virtio-mmio slots, PLIC, PCI host, chosen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fdt.h"
#include "uapi/errno.h"

/* Set by tests/unit/fdt.cmake; the fallback is relative to the build dir. */
#ifndef RUX_FDT_QEMU_DIR
#define RUX_FDT_QEMU_DIR "fdt-qemu"
#endif

struct machine {
	const char *file;
	unsigned int cpus;
	uint64_t ram;
};

static const struct machine smp4 = { "virt-smp4-1g.dtb", 4, 1ull << 30 };
static const struct machine smp1 = { "virt-smp1-512m.dtb", 1, 512ull << 20 };

/* Read the whole dtb into a buffer of exactly its size (ASan sees overruns). */
static uint8_t *load(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", RUX_FDT_QEMU_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (made by tests/unit/fdt.cmake)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 40);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int count_compatible(const struct fdt *fdt, const char *compat)
{
	int n = 0;

	for (int node = fdt_next_compatible(fdt, -1, compat); node >= 0;
	     node = fdt_next_compatible(fdt, node, compat))
		n++;
	return n;
}

static void check_machine(const struct machine *m)
{
	struct fdt fdt;
	uint64_t addr, size;
	uint32_t tb;
	size_t len;
	uint8_t *blob = load(m->file, &len);
	int node, cpus = 0;

	assert_true(fdt_total_size(blob) <= len);
	assert_int_equal(fdt_init(&fdt, blob), 0);

	node = fdt_path_offset(&fdt, "/memory");
	assert_true(node >= 0);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_int_equal(addr, 0x80000000ull);
	assert_int_equal(size, m->ram);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), -ENOENT);

	node = fdt_path_offset(&fdt, "/cpus");
	assert_true(node >= 0);
	assert_true(fdt_prop_u32(&fdt, node, "timebase-frequency", &tb));
	assert_int_equal(tb, 10000000);
	for (int cpu = fdt_first_child(&fdt, node); cpu >= 0;
	     cpu = fdt_next_sibling(&fdt, cpu)) {
		const char *type = fdt_getprop(&fdt, cpu, "device_type", NULL);

		if (!type || strcmp(type, "cpu") != 0)
			continue; /* cpu-map */
		assert_true(fdt_is_compatible(&fdt, cpu, "riscv"));
		assert_int_equal(fdt_reg(&fdt, cpu, 0, &addr, &size), 0);
		assert_int_equal(addr, (uint64_t)cpus);
		cpus++;
	}
	assert_int_equal(cpus, m->cpus);

	node = fdt_next_compatible(&fdt, -1, "ns16550a");
	assert_true(node >= 0);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_int_equal(addr, 0x10000000);
	assert_int_equal(count_compatible(&fdt, "ns16550a"), 1);

	assert_int_equal(count_compatible(&fdt, "virtio,mmio"), 8);
	node = fdt_path_offset(&fdt, "/soc/virtio_mmio@10001000");
	assert_true(node >= 0);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_int_equal(addr, 0x10001000);
	assert_int_equal(size, 0x1000);

	node = fdt_next_compatible(&fdt, -1, "riscv,plic0");
	assert_true(node >= 0);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_int_equal(addr, 0xc000000);

	node = fdt_next_compatible(&fdt, -1, "pci-host-ecam-generic");
	assert_true(node >= 0);
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_int_equal(addr, 0x30000000);
	assert_int_equal(size, 0x10000000);

	assert_true(fdt_path_offset(&fdt, "/chosen") >= 0);
	assert_int_equal(fdt_parent(&fdt, fdt_path_offset(&fdt, "/soc")),
			 fdt_path_offset(&fdt, "/"));
	free(blob);
}

static void test_virt_smp4_1g(void **state)
{
	check_machine(&smp4);
}

static void test_virt_smp1_512m(void **state)
{
	check_machine(&smp1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_smp4_1g),
		cmocka_unit_test(test_virt_smp1_512m),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
