/*
 * sim/cpu/amo.c - the A extension: LR/SC with one reservation per hart, and
 * the AMOs. The interpreter runs one hart at a time on one host thread, so an
 * AMO is a plain read-modify-write. A reservation is the LR's address and
 * size; an SC succeeds only with the same address and size (like QEMU; the
 * spec leaves a mismatched size to the implementation) and clears it, as does
 * every rv64_run() entry (a trap return). Misaligned addresses trap; an SC
 * that fails does not touch memory and so cannot fault.
 */
#include <string.h>

#include "sim/cpu/internal.h"

#define AMO_LR   0x02
#define AMO_SC   0x03
#define AMO_SWAP 0x01
#define AMO_ADD  0x00
#define AMO_XOR  0x04
#define AMO_AND  0x0c
#define AMO_OR   0x08
#define AMO_MIN  0x10
#define AMO_MAX  0x14
#define AMO_MINU 0x18
#define AMO_MAXU 0x1c

/* The new memory value of AMO @op on @old and @src (both sign-extended
 * from 32 bits for .W, so signed compares work for either width). */
static uint64_t amo_value(unsigned int op, uint64_t old, uint64_t src)
{
	switch (op) {
	case AMO_SWAP: return src;
	case AMO_ADD:  return old + src;
	case AMO_XOR:  return old ^ src;
	case AMO_AND:  return old & src;
	case AMO_OR:   return old | src;
	case AMO_MIN:  return (int64_t)old < (int64_t)src ? old : src;
	case AMO_MAX:  return (int64_t)old > (int64_t)src ? old : src;
	case AMO_MINU: return old < src ? old : src;
	default:       return old > src ? old : src; /* AMO_MAXU */
	}
}

static bool amo_valid(unsigned int op)
{
	switch (op) {
	case AMO_LR: case AMO_SC: case AMO_SWAP: case AMO_ADD: case AMO_XOR:
	case AMO_AND: case AMO_OR: case AMO_MIN: case AMO_MAX: case AMO_MINU:
	case AMO_MAXU:
		return true;
	}
	return false;
}

static uint64_t load_n(const uint8_t *p, unsigned int n)
{
	int32_t w;
	uint64_t d;

	if (n == 4) {
		memcpy(&w, p, 4);
		return (uint64_t)(int64_t)w;
	}
	memcpy(&d, p, 8);
	return d;
}

int rv64_amo_exec(struct rv64_cpu *cpu, uint32_t raw)
{
	unsigned int op = raw >> 27, f3 = (raw >> 12) & 7, rd = (raw >> 7) & 31;
	unsigned int n = f3 == 2 ? 4 : 8;
	uint64_t addr = cpu->x[(raw >> 15) & 31], src = cpu->x[(raw >> 20) & 31];
	uint64_t old, result;
	uint8_t *p;

	if ((f3 != 2 && f3 != 3) || !amo_valid(op) || (op == AMO_LR && ((raw >> 20) & 31)))
		return RV64_TRAP_ILLEGAL;
	if (addr & (n - 1)) {
		cpu->fault_addr = addr;
		cpu->fault_access = op == AMO_LR ? RV64_ACCESS_READ : RV64_ACCESS_WRITE;
		return RV64_TRAP_MISALIGNED;
	}
	if (op == AMO_SC) {
		if (!cpu->reserved || cpu->reservation != addr || cpu->reservation_size != n) {
			result = 1;
		} else {
			p = rv64_translate(cpu, addr, RV64_ACCESS_WRITE);
			if (!p)
				return RV64_TRAP_FAULT;
			memcpy(p, &src, n);
			result = 0;
		}
		cpu->reserved = false;
	} else {
		p = rv64_translate(cpu, addr, op == AMO_LR ? RV64_ACCESS_READ : RV64_ACCESS_WRITE);
		if (!p)
			return RV64_TRAP_FAULT;
		result = old = load_n(p, n);
		if (op == AMO_LR) {
			cpu->reserved = true;
			cpu->reservation = addr;
			cpu->reservation_size = n;
		} else {
			if (n == 4)
				src = (uint64_t)(int64_t)(int32_t)(uint32_t)src;
			old = amo_value(op, old, src);
			memcpy(p, &old, n);
		}
	}
	if (rd)
		cpu->x[rd] = result;
	return 0;
}
