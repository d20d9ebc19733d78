/*
 * sim/cpu/rv64.h - an RV64GC (+Zba/Zbb) user-mode interpreter, the CPU of ruxsim.
 *
 * The interpreter runs one hart's user code until something the embedder must
 * handle: a system call, a breakpoint, an illegal instruction, a page fault or
 * the end of an instruction budget. It knows nothing of the kernel: memory is
 * reached through a translate() callback, time through a time() callback, and
 * the embedder owns everything else (system calls, signals, scheduling).
 *
 * Supported: RV64I, M, A (LR/SC with one reservation, AMOs), F, D (IEEE 754
 * exact, all rounding modes and flags), C, Zicsr (fflags, frm, fcsr, cycle,
 * time, instret), Zifencei, Zba, Zbb. Misaligned loads and stores succeed (as
 * under Linux and QEMU user mode); misaligned LR/SC/AMOs trap.
 *
 * Not thread-safe: one struct rv64_cpu is used by one host thread at a time.
 * Host requirements: little-endian, IEEE 754 float/double.
 */
#ifndef RUX_SIM_RV64_H
#define RUX_SIM_RV64_H

#include <stdbool.h>
#include <stdint.h>

#define RV64_PAGE_SIZE 4096u

/* The access a translation is for (same values as HAL_ACCESS_*). */
#define RV64_ACCESS_READ  1u
#define RV64_ACCESS_WRITE 2u
#define RV64_ACCESS_EXEC  4u

/* Why rv64_run() returned. The pc is that of the instruction that trapped. */
enum rv64_exit {
	RV64_EXIT_ECALL,      /* ecall at pc; the embedder advances pc by 4 */
	RV64_EXIT_EBREAK,     /* ebreak or c.ebreak at pc */
	RV64_EXIT_ILLEGAL,    /* illegal instruction at pc (raw bits in fault_insn) */
	RV64_EXIT_PAGE_FAULT, /* fault_addr/fault_access could not be translated */
	RV64_EXIT_MISALIGNED, /* LR/SC/AMO at misaligned fault_addr */
	RV64_EXIT_BUDGET,     /* the instruction budget is used up; pc is the next one */
};

struct rv64_cpu;

/* How the interpreter reaches the world outside the hart. */
struct rv64_env {
	/*
	 * The host address of the byte at user virtual address @va if the page
	 * holding it allows @access (one RV64_ACCESS_*), else NULL. The whole
	 * 4 KiB page around @va must be contiguous in host memory; the result is
	 * cached until rv64_flush_tlb().
	 */
	void *(*translate)(void *ctx, uint64_t va, unsigned int access);
	/* The value of the time CSR (ticks of the platform timer). */
	uint64_t (*time)(void *ctx);
	void *ctx;
};

#define RV64_TLB_SIZE  256u /* entries per access type, direct mapped */
#define RV64_CODE_SETS 64u  /* decoded pages cached */

struct rv64_tlb_entry {
	uint64_t vpn;  /* va >> 12, or ~0 when empty */
	uint8_t *host; /* host address of the page */
};

struct rv64_code_page;

struct rv64_cpu {
	/* Architectural state. x[0] reads as 0; x[32] absorbs writes to x0. */
	uint64_t x[33];
	uint64_t f[32]; /* singles are NaN-boxed */
	uint64_t pc;
	uint32_t fcsr;  /* fflags in bits 0-4, frm in bits 5-7 */
	uint64_t instret; /* retired instructions; the cycle CSR reads this too */

	/* LR/SC reservation: address and size (4, 8), valid while reserved. */
	bool reserved;
	uint64_t reservation;
	unsigned int reservation_size;

	/* Details of the last trap. */
	uint64_t fault_addr;
	unsigned int fault_access; /* RV64_ACCESS_* */
	uint32_t fault_insn;

	struct rv64_env env;

	/* Caches, private to the interpreter. */
	struct rv64_tlb_entry tlb[3][RV64_TLB_SIZE]; /* read, write, exec */
	struct rv64_code_page *code[RV64_CODE_SETS];
	uint64_t code_clock; /* counts decode-cache lookups, for its LRU */
	bool code_dirty; /* a decoded page was dropped during this run */
};

/* Set up @cpu with all registers zero and the caches empty. */
void rv64_init(struct rv64_cpu *cpu, const struct rv64_env *env);
/* Free the decode cache of @cpu. */
void rv64_destroy(struct rv64_cpu *cpu);
/*
 * Run from cpu->pc until a trap or until @budget instructions retired
 * (@budget > 0). Clears the LR/SC reservation on entry, as a trap return does.
 */
enum rv64_exit rv64_run(struct rv64_cpu *cpu, uint64_t budget);
/* Forget cached translations (after unmapping, protecting, switching spaces). */
void rv64_flush_tlb(struct rv64_cpu *cpu);
/* Forget decoded instructions (after code in memory changed behind the CPU). */
void rv64_flush_code(struct rv64_cpu *cpu);

#endif /* RUX_SIM_RV64_H */
