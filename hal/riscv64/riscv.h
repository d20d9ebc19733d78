/*
 * hal/riscv64/riscv.h - RISC-V supervisor-mode registers and instructions.
 *
 * Private to hal/riscv64: CSR numbers and bits, and one-line wrappers around
 * the few instructions the HAL needs. Nothing outside hal/riscv64 includes it.
 */
#ifndef RUX_HAL_RISCV64_RISCV_H
#define RUX_HAL_RISCV64_RISCV_H

#include <stdint.h>

/* sstatus */
#define SSTATUS_SIE	   (1ul << 1)
#define SSTATUS_SPIE	   (1ul << 5)
#define SSTATUS_SPP	   (1ul << 8)
#define SSTATUS_FS	   (3ul << 13) /* FP state: off, initial, clean, dirty */
#define SSTATUS_FS_INITIAL (1ul << 13)
#define SSTATUS_FS_CLEAN   (2ul << 13)
#define SSTATUS_FS_DIRTY   (3ul << 13)
#define SSTATUS_SUM	   (1ul << 18)

/* sie / sip: software, timer and external interrupt bits. */
#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)

/* scause */
#define SCAUSE_INTERRUPT (1ul << 63)
#define IRQ_S_SOFT	 1
#define IRQ_S_TIMER	 5
#define IRQ_S_EXT	 9

/* satp */
#define SATP_MODE_SV39 (8ul << 60)

/* Sv39 page-table entries: 512 per 4 KiB table, three levels. */
#define PT_ENTRIES    512
#define PT_PAGE_SHIFT 12
#define PTE_PPN_SHIFT 10
#define PTE_V	      (1ul << 0)
#define PTE_R	      (1ul << 1)
#define PTE_W	      (1ul << 2)
#define PTE_X	      (1ul << 3)
#define PTE_U	      (1ul << 4)
#define PTE_G	      (1ul << 5)
#define PTE_A	      (1ul << 6)
#define PTE_D	      (1ul << 7)
#define PTE_LEAF      (PTE_R | PTE_W | PTE_X)

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ __volatile__("csrr %0, " #csr : "=r"(__v)::"memory");                      \
		__v;                                                                               \
	})

#define csr_write(csr, val) __asm__ __volatile__("csrw " #csr ", %0" ::"rK"(val) : "memory")

#define csr_set(csr, bits) __asm__ __volatile__("csrs " #csr ", %0" ::"rK"(bits) : "memory")

#define csr_clear(csr, bits) __asm__ __volatile__("csrc " #csr ", %0" ::"rK"(bits) : "memory")

/* Clear @bits in @csr and return its old value. */
#define csr_read_clear(csr, bits)                                                                  \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ __volatile__("csrrc %0, " #csr ", %1"                                      \
				     : "=r"(__v)                                                   \
				     : "rK"(bits)                                                  \
				     : "memory");                                                  \
		__v;                                                                               \
	})

static inline uint64_t rv_rdtime(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

static inline void rv_sfence_vma(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

/* Order page-table stores before later translations of @va on this hart,
 * and drop its cached translations of @va (all address spaces). */
static inline void rv_sfence_vma_addr(uintptr_t va)
{
	__asm__ __volatile__("sfence.vma %0" ::"r"(va) : "memory");
}

static inline void rv_wfi(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

#endif /* RUX_HAL_RISCV64_RISCV_H */
