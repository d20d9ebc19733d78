/*
 * hal/riscv64/sbi.c - the SBI calling convention: a7 = extension, a6 =
 * function, a0..a5 = arguments; the firmware returns an error code in a0 and
 * a value in a1.
 */
#include "hal/riscv64/sbi.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME	       0x54494d45
#define SBI_EXT_IPI	       0x735049
#define SBI_EXT_HSM	       0x48534d
#define SBI_EXT_SRST	       0x53525354
#define SBI_EXT_RFENCE	       0x52464e43

struct sbiret {
	long error;
	long value;
};

static struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long arg0,
			      unsigned long arg1, unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = eid;

	__asm__ __volatile__("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return (struct sbiret){.error = (long)a0, .value = (long)a1};
}

void sbi_console_putchar(char c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

long sbi_set_timer(uint64_t stime_value)
{
	return sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0).error;
}

long sbi_send_ipi(unsigned long hartid)
{
	/* hart_mask = bit 0, hart_mask_base = hartid */
	return sbi_call(SBI_EXT_IPI, 0, 1, hartid, 0).error;
}

long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_addr, opaque).error;
}

long sbi_system_reset(uint32_t type, uint32_t reason)
{
	return sbi_call(SBI_EXT_SRST, 0, type, reason, 0).error;
}

long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size)
{
	register unsigned long a0 __asm__("a0") = hart_mask;
	register unsigned long a1 __asm__("a1") = hart_mask_base;
	register unsigned long a2 __asm__("a2") = start;
	register unsigned long a3 __asm__("a3") = size;
	register unsigned long a6 __asm__("a6") = 1; /* REMOTE_SFENCE_VMA */
	register unsigned long a7 __asm__("a7") = SBI_EXT_RFENCE;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a3), "r"(a6), "r"(a7)
			     : "memory");
	return (long)a0;
}
