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
#define SSTATUS_SIE (1ul << 1)

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

static inline void rv_wfi(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

#endif /* RUX_HAL_RISCV64_RISCV_H */
