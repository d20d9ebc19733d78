/*
 * sim/cpu/internal.h - what the interpreter's files share: the decoded
 * instruction format, the list of operations, and the helpers of the
 * floating-point, atomic and CSR units (each returns 0, or a negative
 * RV64_TRAP_* for a trap the dispatch loop turns into an exit).
 */
#ifndef RUX_SIM_CPU_INTERNAL_H
#define RUX_SIM_CPU_INTERNAL_H

#include "sim/cpu/rv64.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter needs a little-endian host"
#endif

#define RV64_SINK 32 /* register index that stands for x0 as a destination */

/* Every operation the dispatch loop knows; one label each in run.c. */
#define RV64_OPS(X)                                                            \
	X(DECODE) X(CROSS) X(PAGE_END) X(ILLEGAL)                                          \
	X(LUI) X(AUIPC) X(JAL) X(JALR)                                         \
	X(BEQ) X(BNE) X(BLT) X(BGE) X(BLTU) X(BGEU)                            \
	X(LB) X(LH) X(LW) X(LD) X(LBU) X(LHU) X(LWU)                           \
	X(SB) X(SH) X(SW) X(SD)                                                \
	X(ADDI) X(SLTI) X(SLTIU) X(XORI) X(ORI) X(ANDI)                        \
	X(SLLI) X(SRLI) X(SRAI)                                                \
	X(ADD) X(SUB) X(SLL) X(SLT) X(SLTU) X(XOR) X(SRL) X(SRA) X(OR) X(AND)  \
	X(ADDIW) X(SLLIW) X(SRLIW) X(SRAIW)                                    \
	X(ADDW) X(SUBW) X(SLLW) X(SRLW) X(SRAW)                                \
	X(MUL) X(MULH) X(MULHSU) X(MULHU) X(DIV) X(DIVU) X(REM) X(REMU)        \
	X(MULW) X(DIVW) X(DIVUW) X(REMW) X(REMUW)                              \
	X(FENCE) X(FENCE_I) X(ECALL) X(EBREAK)                                 \
	X(CSR) X(AMO) X(FLW) X(FLD) X(FSW) X(FSD) X(FP)                        \
	X(SH1ADD) X(SH2ADD) X(SH3ADD) X(ADD_UW) X(SH1ADD_UW) X(SH2ADD_UW)      \
	X(SH3ADD_UW) X(SLLI_UW)                                                \
	X(ANDN) X(ORN) X(XNOR) X(CLZ) X(CLZW) X(CTZ) X(CTZW) X(CPOP) X(CPOPW)  \
	X(MAX) X(MAXU) X(MIN) X(MINU) X(SEXT_B) X(SEXT_H) X(ZEXT_H)            \
	X(ROL) X(ROLW) X(ROR) X(RORI) X(RORIW) X(RORW) X(ORC_B) X(REV8)

#define RV64_OP_ENUM(name) RV64_OP_##name,
enum rv64_op { RV64_OPS(RV64_OP_ENUM) RV64_NR_OPS };
#undef RV64_OP_ENUM

/*
 * One decoded instruction. Integer destinations equal to x0 are decoded as
 * RV64_SINK. Operations that decode further at run time (CSR, AMO, FP) keep
 * the raw bits in @raw (a compressed FP load/store is expanded first).
 */
struct rv64_insn {
	uint8_t op;
	uint8_t rd, rs1, rs2;
	uint8_t len; /* 2 or 4 */
	uint8_t pad[3];
	uint32_t raw;
	int32_t imm;
};

#define RV64_SLOTS (RV64_PAGE_SIZE / 2)

/*
 * The decoded instructions of one host page; slot i starts at byte 2*i. The
 * extra last slot is a PAGE_END sentinel that straight-line execution runs
 * into when it leaves the page.
 */
struct rv64_code_page {
	uint8_t *host; /* the page decoded, or NULL when the entry is free */
	uint64_t used; /* cpu->code_clock when last looked up */
	struct rv64_insn insn[RV64_SLOTS + 1];
};

/* Trap codes of the helper units. */
#define RV64_TRAP_ILLEGAL    (-1)
#define RV64_TRAP_FAULT      (-2) /* fault_addr/fault_access set */
#define RV64_TRAP_MISALIGNED (-3) /* fault_addr set */

/* decode.c: decode @raw (a 16-bit or 32-bit instruction) into @d. */
void rv64_decode(uint32_t raw, struct rv64_insn *d);

/* fpu.c: execute the FP operation (not a load/store) in @raw. */
int rv64_fp_exec(struct rv64_cpu *cpu, uint32_t raw);

/* amo.c: execute the LR/SC/AMO in @raw. */
int rv64_amo_exec(struct rv64_cpu *cpu, uint32_t raw);

/* csr.c: execute the CSR instruction in @raw; @retired is the instructions
 * retired so far in this run (not yet added to cpu->instret). */
int rv64_csr_exec(struct rv64_cpu *cpu, uint32_t raw, uint64_t retired);

/* run.c: translate through the TLB; NULL (fault_* set) on a fault. The
 * result is valid for the bytes up to the end of the page. */
uint8_t *rv64_translate(struct rv64_cpu *cpu, uint64_t va, unsigned int access);

#endif /* RUX_SIM_CPU_INTERNAL_H */
