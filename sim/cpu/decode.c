/*
 * sim/cpu/decode.c - instruction decoder: raw RV64GC (+Zba/Zbb) bits to a
 * struct rv64_insn. Compressed instructions decode to the operation of the
 * 32-bit instruction they expand to, with len 2. Anything not a valid
 * encoding of a supported extension decodes to ILLEGAL. CSR, AMO and FP
 * arithmetic keep their raw bits and are checked when executed.
 */
#include "sim/cpu/internal.h"

/* Sign-extend the low @bits bits of @v. */
static int32_t sext(uint32_t v, unsigned int bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static uint32_t bits(uint32_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static void set(struct rv64_insn *d, enum rv64_op op, unsigned int rd,
		unsigned int rs1, unsigned int rs2, int32_t imm)
{
	d->op = op;
	d->rd = rd ? rd : RV64_SINK;
	d->rs1 = rs1;
	d->rs2 = rs2;
	d->imm = imm;
}

static enum rv64_op op_imm(uint32_t raw)
{
	static const enum rv64_op simple[8] = {
		RV64_OP_ADDI, 0, RV64_OP_SLTI, RV64_OP_SLTIU,
		RV64_OP_XORI, 0, RV64_OP_ORI, RV64_OP_ANDI,
	};
	unsigned int f3 = bits(raw, 14, 12), f6 = raw >> 26, imm12 = raw >> 20;

	if (f3 == 1) {
		if (f6 == 0)
			return RV64_OP_SLLI;
		switch (imm12) {
		case 0x600: return RV64_OP_CLZ;
		case 0x601: return RV64_OP_CTZ;
		case 0x602: return RV64_OP_CPOP;
		case 0x604: return RV64_OP_SEXT_B;
		case 0x605: return RV64_OP_SEXT_H;
		}
		return RV64_OP_ILLEGAL;
	}
	if (f3 == 5) {
		if (f6 == 0)
			return RV64_OP_SRLI;
		if (f6 == 0x10)
			return RV64_OP_SRAI;
		if (f6 == 0x18)
			return RV64_OP_RORI;
		if (imm12 == 0x287)
			return RV64_OP_ORC_B;
		if (imm12 == 0x6b8)
			return RV64_OP_REV8;
		return RV64_OP_ILLEGAL;
	}
	return simple[f3];
}

static enum rv64_op op_imm32(uint32_t raw)
{
	unsigned int f3 = bits(raw, 14, 12), f7 = raw >> 25, imm12 = raw >> 20;

	if (f3 == 0)
		return RV64_OP_ADDIW;
	if (f3 == 1) {
		if (f7 == 0)
			return RV64_OP_SLLIW;
		if ((raw >> 26) == 0x02)
			return RV64_OP_SLLI_UW;
		if (imm12 == 0x600)
			return RV64_OP_CLZW;
		if (imm12 == 0x601)
			return RV64_OP_CTZW;
		if (imm12 == 0x602)
			return RV64_OP_CPOPW;
	}
	if (f3 == 5) {
		if (f7 == 0)
			return RV64_OP_SRLIW;
		if (f7 == 0x20)
			return RV64_OP_SRAIW;
		if (f7 == 0x30)
			return RV64_OP_RORIW;
	}
	return RV64_OP_ILLEGAL;
}

static enum rv64_op op_reg(uint32_t raw)
{
	static const enum rv64_op base[8] = {
		RV64_OP_ADD, RV64_OP_SLL, RV64_OP_SLT, RV64_OP_SLTU,
		RV64_OP_XOR, RV64_OP_SRL, RV64_OP_OR, RV64_OP_AND,
	};
	static const enum rv64_op muldiv[8] = {
		RV64_OP_MUL, RV64_OP_MULH, RV64_OP_MULHSU, RV64_OP_MULHU,
		RV64_OP_DIV, RV64_OP_DIVU, RV64_OP_REM, RV64_OP_REMU,
	};
	static const enum rv64_op alt[8] = {
		RV64_OP_SUB, 0, 0, 0, RV64_OP_XNOR, RV64_OP_SRA, RV64_OP_ORN, RV64_OP_ANDN,
	};
	static const enum rv64_op shadd[8] = {
		0, 0, RV64_OP_SH1ADD, 0, RV64_OP_SH2ADD, 0, RV64_OP_SH3ADD, 0,
	};
	static const enum rv64_op minmax[8] = {
		0, 0, 0, 0, RV64_OP_MIN, RV64_OP_MINU, RV64_OP_MAX, RV64_OP_MAXU,
	};
	unsigned int f3 = bits(raw, 14, 12);
	enum rv64_op op = 0;

	switch (raw >> 25) {
	case 0x00: op = base[f3]; break;
	case 0x01: op = muldiv[f3]; break;
	case 0x20: op = alt[f3]; break;
	case 0x10: op = shadd[f3]; break;
	case 0x05: op = minmax[f3]; break;
	case 0x30:
		op = f3 == 1 ? RV64_OP_ROL : f3 == 5 ? RV64_OP_ROR : 0;
		break;
	}
	return op ? op : RV64_OP_ILLEGAL;
}

static enum rv64_op op_reg32(uint32_t raw)
{
	unsigned int f3 = bits(raw, 14, 12), rs2 = bits(raw, 24, 20);

	switch (raw >> 25) {
	case 0x00:
		if (f3 == 0) return RV64_OP_ADDW;
		if (f3 == 1) return RV64_OP_SLLW;
		if (f3 == 5) return RV64_OP_SRLW;
		break;
	case 0x20:
		if (f3 == 0) return RV64_OP_SUBW;
		if (f3 == 5) return RV64_OP_SRAW;
		break;
	case 0x01:
		if (f3 == 0) return RV64_OP_MULW;
		if (f3 == 4) return RV64_OP_DIVW;
		if (f3 == 5) return RV64_OP_DIVUW;
		if (f3 == 6) return RV64_OP_REMW;
		if (f3 == 7) return RV64_OP_REMUW;
		break;
	case 0x04:
		if (f3 == 0) return RV64_OP_ADD_UW;
		if (f3 == 4 && rs2 == 0) return RV64_OP_ZEXT_H;
		break;
	case 0x10:
		if (f3 == 2) return RV64_OP_SH1ADD_UW;
		if (f3 == 4) return RV64_OP_SH2ADD_UW;
		if (f3 == 6) return RV64_OP_SH3ADD_UW;
		break;
	case 0x30:
		if (f3 == 1) return RV64_OP_ROLW;
		if (f3 == 5) return RV64_OP_RORW;
		break;
	}
	return RV64_OP_ILLEGAL;
}

static void decode32(uint32_t raw, struct rv64_insn *d)
{
	static const enum rv64_op branch[8] = {
		RV64_OP_BEQ, RV64_OP_BNE, 0, 0, RV64_OP_BLT, RV64_OP_BGE, RV64_OP_BLTU, RV64_OP_BGEU,
	};
	static const enum rv64_op load[8] = {
		RV64_OP_LB, RV64_OP_LH, RV64_OP_LW, RV64_OP_LD,
		RV64_OP_LBU, RV64_OP_LHU, RV64_OP_LWU, 0,
	};
	static const enum rv64_op store[8] = { RV64_OP_SB, RV64_OP_SH, RV64_OP_SW, RV64_OP_SD };
	unsigned int rd = bits(raw, 11, 7), f3 = bits(raw, 14, 12);
	unsigned int rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
	int32_t imm_i = sext(raw >> 20, 12);
	int32_t imm_s = sext((bits(raw, 31, 25) << 5) | rd, 12);
	int32_t imm_b = sext((bits(raw, 31, 31) << 12) | (bits(raw, 7, 7) << 11) |
			     (bits(raw, 30, 25) << 5) | (bits(raw, 11, 8) << 1), 13);
	int32_t imm_j = sext((bits(raw, 31, 31) << 20) | (bits(raw, 19, 12) << 12) |
			     (bits(raw, 20, 20) << 11) | (bits(raw, 30, 21) << 1), 21);
	enum rv64_op op = RV64_OP_ILLEGAL;

	d->len = 4;
	d->raw = raw;
	switch (raw & 0x7f) {
	case 0x37: set(d, RV64_OP_LUI, rd, 0, 0, (int32_t)(raw & 0xfffff000u)); return;
	case 0x17: set(d, RV64_OP_AUIPC, rd, 0, 0, (int32_t)(raw & 0xfffff000u)); return;
	case 0x6f: set(d, RV64_OP_JAL, rd, 0, 0, imm_j); return;
	case 0x67:
		set(d, f3 ? RV64_OP_ILLEGAL : RV64_OP_JALR, rd, rs1, 0, imm_i);
		return;
	case 0x63:
		op = branch[f3] ? branch[f3] : RV64_OP_ILLEGAL;
		set(d, op, 0, rs1, rs2, imm_b);
		return;
	case 0x03:
		set(d, load[f3] ? load[f3] : RV64_OP_ILLEGAL, rd, rs1, 0, imm_i);
		return;
	case 0x23:
		set(d, f3 < 4 ? store[f3] : RV64_OP_ILLEGAL, 0, rs1, rs2, imm_s);
		return;
	case 0x13: op = op_imm(raw); break;
	case 0x1b: op = op_imm32(raw); break;
	case 0x33: set(d, op_reg(raw), rd, rs1, rs2, 0); return;
	case 0x3b: set(d, op_reg32(raw), rd, rs1, rs2, 0); return;
	case 0x0f:
		op = f3 == 0 ? RV64_OP_FENCE : f3 == 1 ? RV64_OP_FENCE_I : RV64_OP_ILLEGAL;
		break;
	case 0x73:
		if (raw == 0x00000073)
			op = RV64_OP_ECALL;
		else if (raw == 0x00100073)
			op = RV64_OP_EBREAK;
		else if (f3 != 0 && f3 != 4)
			op = RV64_OP_CSR;
		break;
	case 0x2f: op = RV64_OP_AMO; break;
	case 0x07:
		op = f3 == 2 ? RV64_OP_FLW : f3 == 3 ? RV64_OP_FLD : RV64_OP_ILLEGAL;
		set(d, op, 0, rs1, 0, imm_i);
		d->rd = rd; /* an FP register: no sink */
		return;
	case 0x27:
		op = f3 == 2 ? RV64_OP_FSW : f3 == 3 ? RV64_OP_FSD : RV64_OP_ILLEGAL;
		set(d, op, 0, rs1, rs2, imm_s);
		return;
	case 0x43: case 0x47: case 0x4b: case 0x4f: case 0x53:
		op = RV64_OP_FP;
		break;
	}
	set(d, op, rd, rs1, rs2, imm_i);
}

/* Register x8-x15 from a 3-bit compressed field. */
static unsigned int creg(uint32_t raw, unsigned int lo)
{
	return 8 + bits(raw, lo + 2, lo);
}

static void decode_q0(uint32_t raw, struct rv64_insn *d)
{
	unsigned int rd = creg(raw, 2), rs1 = creg(raw, 7);
	int32_t uimm_d = (bits(raw, 12, 10) << 3) | (bits(raw, 6, 5) << 6);
	int32_t uimm_w = (bits(raw, 12, 10) << 3) | (bits(raw, 6, 6) << 2) | (bits(raw, 5, 5) << 6);
	int32_t nzuimm = (bits(raw, 12, 11) << 4) | (bits(raw, 10, 7) << 6) |
			 (bits(raw, 6, 6) << 2) | (bits(raw, 5, 5) << 3);

	switch (bits(raw, 15, 13)) {
	case 0:
		set(d, nzuimm ? RV64_OP_ADDI : RV64_OP_ILLEGAL, rd, 2, 0, nzuimm);
		return;
	case 1:
		set(d, RV64_OP_FLD, 0, rs1, 0, uimm_d);
		d->rd = rd;
		return;
	case 2: set(d, RV64_OP_LW, rd, rs1, 0, uimm_w); return;
	case 3: set(d, RV64_OP_LD, rd, rs1, 0, uimm_d); return;
	case 5: set(d, RV64_OP_FSD, 0, rs1, rd, uimm_d); return;
	case 6: set(d, RV64_OP_SW, 0, rs1, rd, uimm_w); return;
	case 7: set(d, RV64_OP_SD, 0, rs1, rd, uimm_d); return;
	}
	set(d, RV64_OP_ILLEGAL, 0, 0, 0, 0);
}

static void decode_q1_alu(uint32_t raw, struct rv64_insn *d)
{
	static const enum rv64_op ops[8] = {
		RV64_OP_SUB, RV64_OP_XOR, RV64_OP_OR, RV64_OP_AND,
		RV64_OP_SUBW, RV64_OP_ADDW, RV64_OP_ILLEGAL, RV64_OP_ILLEGAL,
	};
	unsigned int rd = creg(raw, 7), rs2 = creg(raw, 2);
	int32_t shamt = (bits(raw, 12, 12) << 5) | bits(raw, 6, 2);

	switch (bits(raw, 11, 10)) {
	case 0: set(d, RV64_OP_SRLI, rd, rd, 0, shamt); return;
	case 1: set(d, RV64_OP_SRAI, rd, rd, 0, shamt); return;
	case 2: set(d, RV64_OP_ANDI, rd, rd, 0, sext(shamt, 6)); return;
	}
	set(d, ops[(bits(raw, 12, 12) << 2) | bits(raw, 6, 5)], rd, rd, rs2, 0);
}

static void decode_q1(uint32_t raw, struct rv64_insn *d)
{
	unsigned int rd = bits(raw, 11, 7), rs1c = creg(raw, 7);
	int32_t imm6 = sext((bits(raw, 12, 12) << 5) | bits(raw, 6, 2), 6);
	int32_t jimm = sext((bits(raw, 12, 12) << 11) | (bits(raw, 11, 11) << 4) |
			    (bits(raw, 10, 9) << 8) | (bits(raw, 8, 8) << 10) |
			    (bits(raw, 7, 7) << 6) | (bits(raw, 6, 6) << 7) |
			    (bits(raw, 5, 3) << 1) | (bits(raw, 2, 2) << 5), 12);
	int32_t bimm = sext((bits(raw, 12, 12) << 8) | (bits(raw, 11, 10) << 3) |
			    (bits(raw, 6, 5) << 6) | (bits(raw, 4, 3) << 1) |
			    (bits(raw, 2, 2) << 5), 9);
	int32_t imm;

	switch (bits(raw, 15, 13)) {
	case 0: set(d, RV64_OP_ADDI, rd, rd, 0, imm6); return;
	case 1: set(d, rd ? RV64_OP_ADDIW : RV64_OP_ILLEGAL, rd, rd, 0, imm6); return;
	case 2: set(d, RV64_OP_ADDI, rd, 0, 0, imm6); return;
	case 3:
		if (rd == 2) {
			imm = sext((bits(raw, 12, 12) << 9) | (bits(raw, 6, 6) << 4) |
				   (bits(raw, 5, 5) << 6) | (bits(raw, 4, 3) << 7) |
				   (bits(raw, 2, 2) << 5), 10);
			set(d, imm ? RV64_OP_ADDI : RV64_OP_ILLEGAL, 2, 2, 0, imm);
		} else {
			imm = sext((bits(raw, 12, 12) << 17) | (bits(raw, 6, 2) << 12), 18);
			set(d, imm ? RV64_OP_LUI : RV64_OP_ILLEGAL, rd, 0, 0, imm);
		}
		return;
	case 4: decode_q1_alu(raw, d); return;
	case 5: set(d, RV64_OP_JAL, 0, 0, 0, jimm); return;
	case 6: set(d, RV64_OP_BEQ, 0, rs1c, 0, bimm); return;
	case 7: set(d, RV64_OP_BNE, 0, rs1c, 0, bimm); return;
	}
}

static void decode_q2(uint32_t raw, struct rv64_insn *d)
{
	unsigned int rd = bits(raw, 11, 7), rs2 = bits(raw, 6, 2);
	int32_t shamt = (bits(raw, 12, 12) << 5) | rs2;
	int32_t lw = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 4) << 2) | (bits(raw, 3, 2) << 6);
	int32_t ld = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 5) << 3) | (bits(raw, 4, 2) << 6);
	int32_t sw = (bits(raw, 12, 9) << 2) | (bits(raw, 8, 7) << 6);
	int32_t sd = (bits(raw, 12, 10) << 3) | (bits(raw, 9, 7) << 6);

	switch (bits(raw, 15, 13)) {
	case 0: set(d, RV64_OP_SLLI, rd, rd, 0, shamt); return;
	case 1:
		set(d, RV64_OP_FLD, 0, 2, 0, ld);
		d->rd = rd;
		return;
	case 2: set(d, rd ? RV64_OP_LW : RV64_OP_ILLEGAL, rd, 2, 0, lw); return;
	case 3: set(d, rd ? RV64_OP_LD : RV64_OP_ILLEGAL, rd, 2, 0, ld); return;
	case 4:
		if (!bits(raw, 12, 12)) {
			if (rs2)
				set(d, RV64_OP_ADD, rd, 0, rs2, 0);
			else
				set(d, rd ? RV64_OP_JALR : RV64_OP_ILLEGAL, 0, rd, 0, 0);
		} else if (!rs2) {
			set(d, rd ? RV64_OP_JALR : RV64_OP_EBREAK, 1, rd, 0, 0);
		} else {
			set(d, RV64_OP_ADD, rd, rd, rs2, 0);
		}
		return;
	case 5: set(d, RV64_OP_FSD, 0, 2, rs2, sd); return;
	case 6: set(d, RV64_OP_SW, 0, 2, rs2, sw); return;
	case 7: set(d, RV64_OP_SD, 0, 2, rs2, sd); return;
	}
}

void rv64_decode(uint32_t raw, struct rv64_insn *d)
{
	if ((raw & 3) == 3) {
		decode32(raw, d);
		return;
	}
	raw &= 0xffff;
	d->len = 2;
	d->raw = raw;
	switch (raw & 3) {
	case 0: decode_q0(raw, d); break;
	case 1: decode_q1(raw, d); break;
	case 2: decode_q2(raw, d); break;
	}
}
