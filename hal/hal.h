/*
 * hal/hal.h - the contract between the Rux kernel and the machine under it.
 *
 * Everything in core/, fs/, net/ and drivers/ reaches hardware only through the
 * calls below. Two HALs implement all of them: hal/riscv64 (QEMU virt, OpenSBI)
 * and hal/hosted (a Linux process, for unit tests, fuzzing and ruxsim). Nothing
 * here names an architecture register or type. A call that one HAL cannot
 * provide does not belong here.
 *
 * The calls that go the other way, from the HAL into the kernel, are declared
 * at the bottom ("into the kernel").
 */
#ifndef RUX_HAL_H
#define RUX_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/ucontext.h"

/* ---- boot --------------------------------------------------------------- */

#define HAL_MAX_MEM_REGIONS 16
#define HAL_MAX_CPUS        8

struct hal_mem_region {
	uint64_t base; /* physical address */
	uint64_t size; /* bytes */
};

/* What the HAL found about the machine, handed to kernel_main(). */
struct boot_info {
	struct hal_mem_region mem[HAL_MAX_MEM_REGIONS]; /* all RAM the firmware reports */
	unsigned int nr_mem;
	/* Parts of RAM the kernel must never hand out: firmware, the kernel
	 * image, the device tree, the initrd, early page tables. */
	struct hal_mem_region reserved[HAL_MAX_MEM_REGIONS];
	unsigned int nr_reserved;
	const char *cmdline;   /* kernel command line, never NULL ("" if none) */
	uint64_t initrd_base;  /* physical address of the initramfs */
	uint64_t initrd_size;  /* 0 when no initramfs was given */
	unsigned int nr_cpus;  /* CPUs present, numbered 0..nr_cpus-1; 0 boots */
	uint64_t timer_hz;     /* frequency of the clock behind hal_clock_ns() */
	const char *machine;   /* what we run on: "riscv64", "hosted" */
};

/* ---- physical memory ---------------------------------------------------- */

/*
 * All RAM is mapped in the kernel at a fixed offset from its physical address
 * (the direct map). The HAL sets this before kernel_main() runs.
 */
extern uintptr_t hal_dmap_offset;

/* Kernel pointer to the byte at physical address @pa (must be RAM). */
static inline void *hal_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + hal_dmap_offset);
}

/* Physical address of a direct-map pointer @va. */
static inline uint64_t hal_virt_to_phys(const void *va)
{
	return (uint64_t)((uintptr_t)va - hal_dmap_offset);
}

/* ---- cpu ---------------------------------------------------------------- */

/* Logical number of the calling CPU (0 is the boot CPU). */
unsigned int hal_cpu_id(void);
/* The hardware's own number for logical CPU @cpu (the RISC-V hart id). */
unsigned long hal_cpu_hwid(unsigned int cpu);
/* Set the calling CPU's kernel-private pointer (the per-CPU structure). */
void hal_cpu_set_local(void *p);
/* The calling CPU's per-CPU pointer; never NULL once the CPU is up. */
void *hal_cpu_local(void);
/* Disable interrupts on this CPU and return the previous state. */
unsigned long hal_irq_save(void);
/* Restore the interrupt state returned by hal_irq_save(). */
void hal_irq_restore(unsigned long flags);
/* Enable interrupts on this CPU. */
void hal_irq_enable(void);
/* Disable interrupts on this CPU. */
void hal_irq_disable(void);
/* True when interrupts are enabled on this CPU. */
bool hal_irq_enabled(void);
/* Sleep until an interrupt is pending (returns with interrupts as they were). */
void hal_wait_for_interrupt(void);
/* Hint to the CPU that we are spinning on a lock. */
void hal_cpu_relax(void);
/* Interrupt CPU @cpu; it enters trap_ipi(). */
void hal_send_ipi(unsigned int cpu);
/*
 * Start CPU @cpu (1..nr_cpus-1) on the kernel stack whose top is @stack_top;
 * it calls kernel_secondary_main(cpu) with interrupts disabled.
 * Returns 0 or a negative errno.
 */
int hal_cpu_start(unsigned int cpu, void *stack_top);

/* ---- context ------------------------------------------------------------ */

/* A suspended kernel execution context: saved callee-saved registers, stack
 * pointer and resume address. Opaque to the kernel; sized for every HAL. */
struct hal_context {
	uintptr_t opaque[32];
};

/*
 * Prepare @ctx so that the first hal_context_switch() to it runs @fn(@arg) on
 * the stack [@stack, @stack + @stack_size), interrupts disabled. @fn must never
 * return.
 */
void hal_context_init(struct hal_context *ctx, void *stack, size_t stack_size,
		      void (*fn)(void *), void *arg);
/* Save the running context into @from and resume @to. Returns when someone
 * switches back to @from. Interrupts must be disabled. */
void hal_context_switch(struct hal_context *from, struct hal_context *to);

/* ---- user mode --------------------------------------------------------- */

/*
 * User programs are Linux riscv64 programs on every HAL (ruxsim interprets
 * them), so a thread's user state is the riscv64 user ABI: the general
 * registers and pc as in struct linux_user_regs, and the D-extension state.
 */
struct user_cpu_state {
	struct linux_user_regs regs;
	struct linux_riscv_d_state fp;
	/* The HAL's: which load of the CPU's FP registers holds @fp, so that
	 * hal_user_run() can skip reloading them. 0: none (reload). */
	uint64_t fp_loaded;
};

/* Code that writes @state->fp (sigreturn, exec) calls this afterwards. */
static inline void hal_user_fp_changed(struct user_cpu_state *state)
{
	state->fp_loaded = 0;
}

/* Why hal_user_run() came back. */
enum hal_user_exit {
	HAL_USER_SYSCALL,    /* ecall; pc still points at it (the kernel adds 4) */
	HAL_USER_PAGE_FAULT, /* addr, access: a page is missing or forbids the access */
	HAL_USER_ILLEGAL,    /* illegal instruction at pc */
	HAL_USER_BREAKPOINT, /* ebreak at pc */
	HAL_USER_MISALIGNED, /* misaligned access at addr that the HAL does not emulate */
	HAL_USER_BUS_ERROR,  /* access fault at addr (no memory behind it) */
	HAL_USER_INTERRUPT,  /* an interrupt came and was handled; resume when ready */
};

#define HAL_ACCESS_READ  1
#define HAL_ACCESS_WRITE 2
#define HAL_ACCESS_EXEC  4

struct hal_user_trap {
	enum hal_user_exit reason;
	uint64_t addr;       /* faulting address (page fault, misaligned, bus error) */
	unsigned int access; /* HAL_ACCESS_* of the faulting access */
};

/* User addresses are [0, HAL_USER_VA_END): the lower half of Sv39. */
#define HAL_USER_VA_END 0x4000000000ull

/*
 * Run user code from @state in the address space last given to
 * hal_pt_activate() on this CPU, with interrupts enabled, until it traps.
 * When other threads use other address spaces, keep interrupts disabled
 * from that hal_pt_activate() to this call: a thread switched to in between
 * would leave its own space active.
 * Returns with @state holding the user registers at the trap, @trap saying
 * why, and interrupts enabled. Interrupts taken in user mode are handled
 * (trap_timer() etc.) before this returns HAL_USER_INTERRUPT.
 */
void hal_user_run(struct user_cpu_state *state, struct hal_user_trap *trap);

/* ---- page tables (user address spaces) ----------------------------------- */

#define HAL_PROT_READ  1
#define HAL_PROT_WRITE 2
#define HAL_PROT_EXEC  4

struct hal_pt; /* one user address space; the kernel half is shared by all */

/* A new, empty user page table, or NULL when out of memory. */
struct hal_pt *hal_pt_create(void);
/* Free @pt's table pages (not the pages it maps). It must not be active anywhere. */
void hal_pt_destroy(struct hal_pt *pt);
/* Map the 4 KiB user page at @va to physical @pa with HAL_PROT_* @prot,
 * replacing any mapping. 0, or -ENOMEM. The caller flushes TLBs if replacing.
 * @prot 0 keeps the page recorded but inaccessible (PROT_NONE); hal_pt_query
 * still reports it. */
int hal_pt_map(struct hal_pt *pt, uintptr_t va, uint64_t pa, unsigned int prot);
/* Remove the mapping of @va, if any. The caller flushes TLBs. */
void hal_pt_unmap(struct hal_pt *pt, uintptr_t va);
/* True when @va is mapped; then *@pa and *@prot (either may be NULL) are set. */
bool hal_pt_query(struct hal_pt *pt, uintptr_t va, uint64_t *pa, unsigned int *prot);
/* Use @pt for user addresses on this CPU (NULL: none). */
void hal_pt_activate(struct hal_pt *pt);
/* Make every CPU forget cached translations of [@va, @va + @len) in @pt. */
void hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len);

/* ---- time --------------------------------------------------------------- */

/* Monotonic nanoseconds since boot. */
uint64_t hal_clock_ns(void);
/* Wall-clock nanoseconds since the Unix epoch (0 if the machine has no RTC). */
uint64_t hal_wall_clock_ns(void);
/* Ask for trap_timer() on this CPU once hal_clock_ns() >= @deadline_ns. */
void hal_timer_arm(uint64_t deadline_ns);

/* ---- console ------------------------------------------------------------ */

/* Write @len bytes to the system console; usable from the first instruction
 * of kernel_main() and from any context, including panics. */
void hal_console_write(const char *buf, size_t len);

/* ---- devices ------------------------------------------------------------ */

/*
 * Devices are virtio devices, found by the HAL (device tree, PCI scan) and
 * driven by drivers/virtio through registers the HAL maps for it. The HAL
 * knows where a device is and how its interrupt is wired; the virtio
 * protocol itself (registers, queues, features) is the driver's.
 */
enum hal_virtio_transport {
	HAL_VIRTIO_MMIO, /* virtio-mmio: one register window */
	HAL_VIRTIO_PCI,	 /* modern virtio-pci: config space plus memory BARs */
};

#define HAL_PCI_NR_BARS 6

struct hal_virtio_device {
	enum hal_virtio_transport transport;
	uint32_t device_id; /* virtio device type: 2 block, 1 network ... */
	unsigned int irq;   /* for hal_irq_register(); may be shared (PCI INTx) */
	/* MMIO: physical address of the register window. PCI: physical address
	 * of the function's 4 KiB configuration space (ECAM). */
	uint64_t regs;
	/* PCI: physical address of each memory BAR, assigned and enabled
	 * (memory decoding and bus mastering on); 0 for absent or I/O BARs. */
	uint64_t bar[HAL_PCI_NR_BARS];
	char name[24]; /* where it is, for messages: "mmio@10008000", "pci 00:01.0" */
};

/*
 * Virtio device number @index (0, 1, ... in a stable order: MMIO slots in
 * device-tree order, then PCI functions by bus, device, function) into
 * *@dev: 0, or -ENODEV past the last one.
 */
int hal_virtio_device(unsigned int index, struct hal_virtio_device *dev);

/*
 * Device registers at physical address @pa, reached through the direct map.
 * Accesses are single, untorn and in program order with each other and with
 * ordinary memory accesses (a write is issued after earlier memory writes,
 * so a device sees the data before the doorbell; a read completes before
 * later memory reads). @pa must be naturally aligned.
 */
uint8_t hal_mmio_read8(uint64_t pa);
uint16_t hal_mmio_read16(uint64_t pa);
uint32_t hal_mmio_read32(uint64_t pa);
uint64_t hal_mmio_read64(uint64_t pa);
void hal_mmio_write8(uint64_t pa, uint8_t value);
void hal_mmio_write16(uint64_t pa, uint16_t value);
void hal_mmio_write32(uint64_t pa, uint32_t value);
void hal_mmio_write64(uint64_t pa, uint64_t value);

/*
 * Call @handler(@arg) in interrupt context, interrupts disabled, whenever
 * device interrupt @irq (from struct hal_virtio_device) is raised, and
 * enable that interrupt. An irq may have several handlers (shared lines):
 * each must check its device and return quickly. Interrupts are delivered
 * to CPU 0. 0, -EINVAL for an irq the machine does not have, -ENOSPC when
 * the handler table is full. Handlers stay registered for good.
 */
int hal_irq_register(unsigned int irq, void (*handler)(void *arg), void *arg);

/* DMA: devices read and write RAM by physical address (hal_virt_to_phys()
 * of kmalloc or page-allocator memory) and are cache coherent. */

/* ---- power -------------------------------------------------------------- */

/* Power the machine off; the host sees @exit_code (QEMU's exit status). */
__attribute__((noreturn)) void hal_poweroff(int exit_code);
/* Reset the machine. */
__attribute__((noreturn)) void hal_reboot(void);

/* ---- misc --------------------------------------------------------------- */

/* 64 bits of boot-time entropy (varies per boot where the machine allows). */
uint64_t hal_random_seed(void);
/* Print the calling context's call chain, one symbolized frame per line. */
void hal_panic_backtrace(void);

/* ---- into the kernel: called by the HAL, implemented by core ------------ */

/* A zeroed page for page tables (direct-map address), or NULL. */
void *kernel_pt_page_alloc(void);
/* Give back a page from kernel_pt_page_alloc(). */
void kernel_pt_page_free(void *page);
/* Boot CPU entry, with interrupts disabled, on the boot stack. */
__attribute__((noreturn)) void kernel_main(const struct boot_info *bi);
/* Secondary CPU entry, with interrupts disabled. */
__attribute__((noreturn)) void kernel_secondary_main(unsigned int cpu);
/* The timer armed with hal_timer_arm() expired on this CPU. */
void trap_timer(void);
/* An interrupt was handled in code that had interrupts enabled; the kernel
 * may switch threads here. */
void sched_preempt_point(void);
/* Another CPU called hal_send_ipi() for this one. */
void trap_ipi(void);
/* Bytes arrived on the console (interrupt context). */
void console_receive(const char *buf, size_t len);
/*
 * A fault happened in kernel mode that nothing handles. @what describes it
 * ("load page fault at 0x10"); the HAL has already printed the registers.
 */
__attribute__((noreturn)) void trap_kernel_fault(const char *what);

#endif /* RUX_HAL_H */
