/*
 * sim/cpu/csr.c - Zicsr for user mode: the FP CSRs (fflags, frm, fcsr) and
 * the read-only counters cycle, time and instret (cycle counts instructions,
 * time comes from the embedder's time() callback). Any other CSR, or a write
 * to a counter, is an illegal instruction.
 */
#include "sim/cpu/internal.h"

#define CSR_FFLAGS  0x001
#define CSR_FRM     0x002
#define CSR_FCSR    0x003
#define CSR_CYCLE   0xc00
#define CSR_TIME    0xc01
#define CSR_INSTRET 0xc02

static int csr_read(struct rv64_cpu *cpu, unsigned int csr, uint64_t retired, uint64_t *v)
{
	switch (csr) {
	case CSR_FFLAGS: *v = cpu->fcsr & 0x1f; return 0;
	case CSR_FRM:    *v = (cpu->fcsr >> 5) & 7; return 0;
	case CSR_FCSR:   *v = cpu->fcsr & 0xff; return 0;
	case CSR_CYCLE:
	case CSR_INSTRET:
		*v = cpu->instret + retired;
		return 0;
	case CSR_TIME:
		*v = cpu->env.time ? cpu->env.time(cpu->env.ctx) : 0;
		return 0;
	}
	return RV64_TRAP_ILLEGAL;
}

static int csr_write(struct rv64_cpu *cpu, unsigned int csr, uint64_t v)
{
	switch (csr) {
	case CSR_FFLAGS: cpu->fcsr = (cpu->fcsr & ~0x1fu) | (v & 0x1f); return 0;
	case CSR_FRM:    cpu->fcsr = (cpu->fcsr & 0x1f) | (uint32_t)(v & 7) << 5; return 0;
	case CSR_FCSR:   cpu->fcsr = v & 0xff; return 0;
	}
	return RV64_TRAP_ILLEGAL;
}

int rv64_csr_exec(struct rv64_cpu *cpu, uint32_t raw, uint64_t retired)
{
	unsigned int csr = raw >> 20, f3 = (raw >> 12) & 7;
	unsigned int rd = (raw >> 7) & 31, rs1 = (raw >> 15) & 31;
	uint64_t src = f3 & 4 ? rs1 : cpu->x[rs1], old, new;
	bool write = (f3 & 3) == 1 || rs1 != 0;
	int err = csr_read(cpu, csr, retired, &old);

	if (err)
		return err;
	switch (f3 & 3) {
	case 1: new = src; break;
	case 2: new = old | src; break;
	default: new = old & ~src; break;
	}
	if (write) {
		err = csr_write(cpu, csr, new);
		if (err)
			return err;
	}
	if (rd)
		cpu->x[rd] = old;
	return 0;
}
