/*
 * core/init/main.c - from the HAL's first call to a running machine.
 *
 * The boot CPU runs kernel_main(): banner, allocators, secondary CPUs, the
 * timer, the virtio devices (disks), the root file system (the initramfs, or
 * the disk root= names: root.c), then the init process (proc_boot_init();
 * without one the kernel reports that there is none and powers off). Every other CPU
 * runs kernel_secondary_main() and idles.
 */
#include "drivers/block/buffer.h"
#include "drivers/tty/console.h"
#include "drivers/virtio/virtio.h"
#include "fs/devfs/devfs.h"
#include "fs/ext4/ext4.h"
#include "fs/initramfs/initramfs.h"
#include "fs/procfs/procfs.h"
#include "fs/sysfs/sysfs.h"
#include "fs/vfs/vfs.h"
#include "init/cmdline.h"
#include "init/init.h"
#include "lib/compiler.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/mm.h"
#include "proc/task.h"
#include "sched/cpu.h"
#include "sched/thread.h"

#define KERNEL_STACK_ORDER 2       /* 16 KiB kernel stacks */
#define CPU_START_TIMEOUT_NS 2000000000ull
#define TICKS_TO_SEE 3             /* per CPU, before we call the timer working */

void kernel_early_init(const struct boot_info *bi)
{
	cpu_init_local(0);
	if (cmdline_parse(bi->cmdline) < 0)
		printk("cmdline: too long, extra parameters ignored\n");
	mm_init(bi);
	sched_init();
}

static void report_initrd(const struct boot_info *bi)
{
	if (bi->initrd_size == 0)
		printk("initrd: none\n");
	else
		printk("initrd: %llu bytes at 0x%llx\n", (unsigned long long)bi->initrd_size,
		       (unsigned long long)bi->initrd_base);
}

/* The root tmpfs, filled from the initramfs when there is one; then the
 * disk named by root= unless the initramfs has an init (root.c). */
static void mount_root(const struct boot_info *bi)
{
	int err = vfs_init();

	if (err)
		panic("vfs: cannot mount the root file system (%d)", err);
	/* File system types and devices, for mount(2) and /dev. */
	if (devfs_init() || procfs_init() || sysfs_init())
		panic("vfs: cannot register devfs, procfs or sysfs");
	if (ext4_register())
		printk("ext4: cannot register the file system type\n");
	if (bi->initrd_size) {
		err = initramfs_unpack(hal_phys_to_virt(bi->initrd_base), bi->initrd_size);
		if (err)
			printk("initramfs: unpacked with errors (%d), going on\n", err);
		/* Everything is in tmpfs now; nothing points into the archive. */
		mm_release_boot_range(bi->initrd_base, bi->initrd_size, "initrd");
	}
	root_mount(bi->initrd_size != 0);
}

static void wait_until(bool (*done)(unsigned int), unsigned int arg, uint64_t timeout_ns)
{
	uint64_t end = hal_clock_ns() + timeout_ns;

	while (!done(arg) && hal_clock_ns() < end)
		hal_cpu_relax();
}

static bool all_online(unsigned int n)
{
	return cpus_online() >= n;
}

static void start_secondary_cpus(unsigned int nr_cpus)
{
	for (unsigned int cpu = 1; cpu < nr_cpus && cpu < HAL_MAX_CPUS; cpu++) {
		struct page *stack = alloc_pages(KERNEL_STACK_ORDER, 0);
		int err;

		if (!stack) {
			printk("smp: no memory for the stack of cpu %u\n", cpu);
			continue;
		}
		char *top = (char *)page_address(stack) + (PAGE_SIZE << KERNEL_STACK_ORDER);
		err = hal_cpu_start(cpu, top);
		if (err) {
			printk("smp: cpu %u failed to start (%d)\n", cpu, err);
			free_pages(stack, KERNEL_STACK_ORDER);
			continue;
		}
		wait_until(all_online, cpu + 1, CPU_START_TIMEOUT_NS);
	}
	printk("smp: %u cpus online\n", cpus_online());
}

static bool every_cpu_ticked(unsigned int n)
{
	for (unsigned int i = 0; i < HAL_MAX_CPUS; i++)
		if (READ_ONCE(cpus[i].online) && READ_ONCE(cpus[i].ticks) < n)
			return false;
	return true;
}

static void check_timer(void)
{
	while (!every_cpu_ticked(TICKS_TO_SEE))
		hal_wait_for_interrupt();
	printk("timer: %u ticks on each cpu\n", TICKS_TO_SEE);
}

__noreturn void kernel_main(const struct boot_info *bi)
{
	printk("rux: version %s %s\n", RUX_VERSION, bi->machine);
	kernel_early_init(bi);
	printk("cmdline: %s\n", cmdline_raw());
	report_initrd(bi);
	printk("smp: cpu 0 (hart %lu) up\n", hal_cpu_hwid(0));

	tick_start();
	hal_irq_enable();
	start_secondary_cpus(bi->nr_cpus);
	check_timer();
	virtio_init();
	mount_root(bi);

	selftest_main();
	/* After the self-tests: they check when dirty buffers get written. */
	if (buffer_start_flusher())
		printk("buffer: cannot start the flusher thread\n");
	if (pagecache_start_flusher())
		printk("pagecache: cannot start the flusher thread\n");
	proc_boot_init(bi);
}

__noreturn void kernel_secondary_main(unsigned int cpu)
{
	cpu_init_local(cpu);
	printk("smp: cpu %u (hart %lu) up\n", cpu, hal_cpu_hwid(cpu));
	sched_init_cpu();
	tick_start();
	hal_irq_enable();
	sched_idle_loop();
}

__noreturn void trap_kernel_fault(const char *what)
{
	panic("%s", what);
}
