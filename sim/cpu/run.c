/*
 * sim/cpu/run.c - the dispatch loop, the software TLB and the decode cache.
 *
 * Fetch: the exec TLB maps the pc's page to a host page, the decode cache
 * (two-way set associative, keyed by host page) holds its decoded
 * instructions, decoded lazily slot by slot. The loop keeps the current code
 * page in locals and only looks it up again when the pc leaves the page, so a
 * straight-line instruction costs one table jump (computed goto, "threaded"
 * dispatch).
 *
 * Self-modifying code: a page with decoded code is never in the write TLB, so
 * every store to it takes the slow path, which drops the decoded page; the
 * loop notices through cpu->code_dirty. fence.i drops all decoded pages.
 *
 * Memory: loads and stores within a page use the TLB's host page directly
 * (memcpy, so misaligned accesses just work); accesses that cross a page or
 * miss the TLB go byte-range by byte-range through translate().
 */
#include <stdlib.h>
#include <string.h>

#include "lib/compiler.h"
#include "sim/cpu/internal.h"

#define PAGE_MASK ((uint64_t)RV64_PAGE_SIZE - 1)
#define NO_PAGE   (~(uint64_t)0)

enum { TLB_R, TLB_W, TLB_X };

static const unsigned int tlb_access[3] = {
	RV64_ACCESS_READ, RV64_ACCESS_WRITE, RV64_ACCESS_EXEC,
};

void rv64_flush_tlb(struct rv64_cpu *cpu)
{
	for (unsigned int t = 0; t < 3; t++)
		for (unsigned int i = 0; i < RV64_TLB_SIZE; i++)
			cpu->tlb[t][i].vpn = NO_PAGE;
}

void rv64_flush_code(struct rv64_cpu *cpu)
{
	for (unsigned int i = 0; i < RV64_CODE_SETS; i++)
		if (cpu->code[i])
			cpu->code[i]->host = NULL;
	cpu->code_dirty = true;
}

void rv64_init(struct rv64_cpu *cpu, const struct rv64_env *env)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->env = *env;
	rv64_flush_tlb(cpu);
}

void rv64_destroy(struct rv64_cpu *cpu)
{
	for (unsigned int i = 0; i < RV64_CODE_SETS; i++) {
		free(cpu->code[i]);
		cpu->code[i] = NULL;
	}
}

/*
 * The decode cache is two-way set associative: @host's decoded page may be in
 * slot code_set() or in its partner, code_set() ^ CODE_WAY. Two hot pages
 * that fall on the same slot (a loop calling a function 256 KiB away) then
 * both stay decoded instead of evicting each other on every call.
 */
#define CODE_WAY (RV64_CODE_SETS / 2)

static unsigned int code_set(const uint8_t *host)
{
	return ((uintptr_t)host / RV64_PAGE_SIZE) % RV64_CODE_SETS;
}

static struct rv64_code_page *code_find(struct rv64_cpu *cpu, const uint8_t *host)
{
	unsigned int set = code_set(host);
	struct rv64_code_page *cp = cpu->code[set], *other = cpu->code[set ^ CODE_WAY];

	if (cp && cp->host == host)
		return cp;
	return other && other->host == host ? other : NULL;
}

/* The slot to decode @host into: a free one of its two, else the one
 * whose page was used less recently. */
static unsigned int code_victim(struct rv64_cpu *cpu, const uint8_t *host)
{
	unsigned int set = code_set(host), other = set ^ CODE_WAY;
	struct rv64_code_page *a = cpu->code[set], *b = cpu->code[other];

	if (!a || !a->host)
		return set;
	if (!b || !b->host)
		return other;
	return a->used <= b->used ? set : other;
}

/* A store is about to change @host: drop its decoded instructions. */
static void code_invalidate(struct rv64_cpu *cpu, const uint8_t *host)
{
	struct rv64_code_page *cp = code_find(cpu, host);

	if (cp) {
		cp->host = NULL;
		cpu->code_dirty = true;
	}
}

uint8_t *rv64_translate(struct rv64_cpu *cpu, uint64_t va, unsigned int access)
{
	unsigned int t = access == RV64_ACCESS_WRITE ? TLB_W :
			 access == RV64_ACCESS_EXEC ? TLB_X : TLB_R;
	struct rv64_tlb_entry *e = &cpu->tlb[t][(va / RV64_PAGE_SIZE) % RV64_TLB_SIZE];
	uint8_t *p;

	if (e->vpn == va / RV64_PAGE_SIZE)
		return e->host + (va & PAGE_MASK);
	p = cpu->env.translate(cpu->env.ctx, va, tlb_access[t]);
	if (!p) {
		cpu->fault_addr = va;
		cpu->fault_access = tlb_access[t];
		return NULL;
	}
	e->vpn = va / RV64_PAGE_SIZE;
	e->host = p - (va & PAGE_MASK);
	if (t == TLB_W)
		code_invalidate(cpu, e->host);
	return p;
}

/* The decoded page for the page at host address @host (page aligned). */
static struct rv64_code_page *code_get(struct rv64_cpu *cpu, uint8_t *host)
{
	struct rv64_code_page *cp = code_find(cpu, host);
	unsigned int slot;

	if (cp) {
		cp->used = ++cpu->code_clock;
		return cp;
	}
	slot = code_victim(cpu, host);
	cp = cpu->code[slot];
	if (!cp) {
		cp = malloc(sizeof(*cp));
		if (!cp)
			abort();
		cpu->code[slot] = cp;
	}
	cp->used = ++cpu->code_clock;
	memset(cp->insn, 0, sizeof(cp->insn)); /* every slot: RV64_OP_DECODE */
	cp->insn[RV64_SLOTS].op = RV64_OP_PAGE_END;
	cp->host = host;
	/* Stores to this page must now take the slow path. */
	for (unsigned int i = 0; i < RV64_TLB_SIZE; i++)
		if (cpu->tlb[TLB_W][i].host == host)
			cpu->tlb[TLB_W][i].vpn = NO_PAGE;
	return cp;
}

/* Copy @n bytes at @va out of user memory, page by page. */
static int read_slow(struct rv64_cpu *cpu, uint64_t va, void *dst, unsigned int n)
{
	while (n) {
		unsigned int chunk = RV64_PAGE_SIZE - (va & PAGE_MASK);
		uint8_t *p = rv64_translate(cpu, va, RV64_ACCESS_READ);

		if (!p)
			return RV64_TRAP_FAULT;
		chunk = chunk < n ? chunk : n;
		memcpy(dst, p, chunk);
		dst = (uint8_t *)dst + chunk;
		va += chunk;
		n -= chunk;
	}
	return 0;
}

/* Copy @n bytes to @va in user memory; all pages are checked first so that a
 * faulting store changes nothing. */
static int write_slow(struct rv64_cpu *cpu, uint64_t va, const void *src, unsigned int n)
{
	uint64_t last = va + n - 1;

	if (!rv64_translate(cpu, va, RV64_ACCESS_WRITE) ||
	    !rv64_translate(cpu, last, RV64_ACCESS_WRITE))
		return RV64_TRAP_FAULT;
	while (n) {
		unsigned int chunk = RV64_PAGE_SIZE - (va & PAGE_MASK);
		uint8_t *p = rv64_translate(cpu, va, RV64_ACCESS_WRITE);

		chunk = chunk < n ? chunk : n;
		memcpy(p, src, chunk);
		src = (const uint8_t *)src + chunk;
		va += chunk;
		n -= chunk;
	}
	return 0;
}

static inline uint8_t *tlb_hit(struct rv64_cpu *cpu, unsigned int t, uint64_t va, unsigned int n)
{
	struct rv64_tlb_entry *e = &cpu->tlb[t][(va / RV64_PAGE_SIZE) % RV64_TLB_SIZE];

	if (likely(e->vpn == va / RV64_PAGE_SIZE && (va & PAGE_MASK) <= RV64_PAGE_SIZE - n))
		return e->host + (va & PAGE_MASK);
	return NULL;
}

static inline int load(struct rv64_cpu *cpu, uint64_t va, void *dst, unsigned int n)
{
	uint8_t *p = tlb_hit(cpu, TLB_R, va, n);

	if (likely(p != NULL)) {
		memcpy(dst, p, n);
		return 0;
	}
	return read_slow(cpu, va, dst, n);
}

static inline int store(struct rv64_cpu *cpu, uint64_t va, const void *src, unsigned int n)
{
	uint8_t *p = tlb_hit(cpu, TLB_W, va, n);

	if (likely(p != NULL)) {
		memcpy(p, src, n);
		return 0;
	}
	return write_slow(cpu, va, src, n);
}

/* Fetch and decode the 4-byte instruction at @pc whose halves lie in two pages. */
static int fetch_cross(struct rv64_cpu *cpu, uint64_t pc, struct rv64_insn *d)
{
	uint16_t lo, hi;
	uint8_t *p = rv64_translate(cpu, pc, RV64_ACCESS_EXEC);

	if (!p)
		return RV64_TRAP_FAULT;
	memcpy(&lo, p, 2);
	p = rv64_translate(cpu, pc + 2, RV64_ACCESS_EXEC);
	if (!p)
		return RV64_TRAP_FAULT;
	memcpy(&hi, p, 2);
	rv64_decode(lo | (uint32_t)hi << 16, d);
	return 0;
}

/* Decode the instruction at byte @off of code page @cp into its slot. */
static void decode_slot(struct rv64_code_page *cp, unsigned int off)
{
	struct rv64_insn *d = &cp->insn[off / 2];
	uint32_t raw = 0;

	memcpy(&raw, cp->host + off, 2);
	if ((raw & 3) == 3) {
		if (off == RV64_PAGE_SIZE - 2) {
			d->op = RV64_OP_CROSS;
			d->len = 4;
			return;
		}
		memcpy(&raw, cp->host + off, 4);
	}
	rv64_decode(raw, d);
}

static inline uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static inline uint64_t mulh_ss(int64_t a, int64_t b)
{
	return (uint64_t)(((__int128)a * b) >> 64);
}

static inline uint64_t mulh_su(int64_t a, uint64_t b)
{
	return (uint64_t)(((__int128)a * (__int128)b) >> 64);
}

static inline uint64_t mulh_uu(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t div_s(int64_t a, int64_t b)
{
	if (b == 0)
		return ~(uint64_t)0;
	if (b == -1)
		return -(uint64_t)a; /* INT64_MIN / -1 wraps */
	return (uint64_t)(a / b);
}

static inline uint64_t rem_s(int64_t a, int64_t b)
{
	if (b == 0)
		return (uint64_t)a;
	if (b == -1)
		return 0;
	return (uint64_t)(a % b);
}

static inline uint64_t rol64(uint64_t v, unsigned int s)
{
	s &= 63;
	return s ? (v << s) | (v >> (64 - s)) : v;
}

static inline uint32_t rol32(uint32_t v, unsigned int s)
{
	s &= 31;
	return s ? (v << s) | (v >> (32 - s)) : v;
}

static uint64_t orc_b(uint64_t v)
{
	uint64_t r = 0;

	for (unsigned int i = 0; i < 64; i += 8)
		if ((v >> i) & 0xff)
			r |= (uint64_t)0xff << i;
	return r;
}

/*
 * GCC would merge the copies of the dispatch jump that end every operation
 * ("cross-jumping"); one jump per operation predicts much better.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define RV64_DISPATCH_ATTR __attribute__((optimize("no-crossjumping")))
#else
#define RV64_DISPATCH_ATTR
#endif

RV64_DISPATCH_ATTR enum rv64_exit rv64_run(struct rv64_cpu *cpu, uint64_t budget)
{
#define RV64_LABEL(name) [RV64_OP_##name] = &&op_##name,
	static const void *const labels[RV64_NR_OPS] = { RV64_OPS(RV64_LABEL) };
#undef RV64_LABEL
	uint64_t *const x = cpu->x;
	uint64_t pc = cpu->pc, left = budget, page_va = NO_PAGE, va;
	struct rv64_code_page *cp = NULL;
	const struct rv64_insn *d;
	struct rv64_insn cross[3]; /* the page-crossing instruction, then PAGE_END */
	enum rv64_exit why;
	uint8_t *host;
	int err;

	cpu->reserved = false;
	cpu->code_dirty = false;
	x[0] = 0;
	cross[2].op = RV64_OP_PAGE_END;

/* Execute d, which is at pc, if the budget allows. */
#define DISPATCH                                                               \
	do {                                                                   \
		if (unlikely(left == 0))                                       \
			goto out_of_budget;                                    \
		left--;                                                        \
		goto *labels[d->op];                                           \
	} while (0)
/* Finish a straight-line instruction: the next one is in the next slot. */
#define DONE                                                                   \
	do {                                                                   \
		unsigned int len_ = d->len;                                    \
		pc += len_;                                                    \
		d += len_ / 2;                                                 \
		DISPATCH;                                                      \
	} while (0)
/* Continue at a new pc. */
#define JUMP                                                                   \
	do {                                                                   \
		if (unlikely((pc & ~PAGE_MASK) != page_va))                    \
			goto refetch;                                          \
		d = &cp->insn[(pc & PAGE_MASK) / 2];                           \
		DISPATCH;                                                      \
	} while (0)
#define RD  x[d->rd]
#define RS1 x[d->rs1]
#define RS2 x[d->rs2]
#define IMM ((uint64_t)(int64_t)d->imm)
#define LOAD(type, conv)                                                       \
	do {                                                                   \
		type t_ = 0;                                                   \
		if (unlikely(load(cpu, RS1 + IMM, &t_, sizeof(t_))))            \
			goto fault;                                            \
		RD = conv t_;                                                  \
		DONE;                                                          \
	} while (0)
/* After a store or a helper: a decoded page may have been dropped. */
#define DONE_CHECKED                                                           \
	do {                                                                   \
		if (unlikely(cpu->code_dirty)) {                               \
			pc += d->len;                                          \
			goto code_changed;                                     \
		}                                                              \
		DONE;                                                          \
	} while (0)
#define STORE(type, val)                                                       \
	do {                                                                   \
		type t_ = (type)(val);                                         \
		if (unlikely(store(cpu, RS1 + IMM, &t_, sizeof(t_))))           \
			goto fault;                                            \
		DONE_CHECKED;                                                  \
	} while (0)
#define BRANCH(cond)                                                           \
	do {                                                                   \
		if (cond) {                                                    \
			pc += IMM;                                             \
			JUMP;                                                  \
		}                                                              \
		DONE;                                                          \
	} while (0)
#define HELPER(call)                                                           \
	do {                                                                   \
		cpu->pc = pc;                                                  \
		err = (call);                                                  \
		if (unlikely(err))                                             \
			goto helper_trap;                                      \
		DONE_CHECKED;                                                  \
	} while (0)

refetch:
	host = rv64_translate(cpu, pc, RV64_ACCESS_EXEC);
	if (!host) {
		why = RV64_EXIT_PAGE_FAULT;
		goto out;
	}
	cp = code_get(cpu, host - (pc & PAGE_MASK));
	page_va = pc & ~PAGE_MASK;
	d = &cp->insn[(pc & PAGE_MASK) / 2];
	DISPATCH;

op_PAGE_END: /* not an instruction: pc is the first byte of the next page */
	left++;
	goto refetch;
op_DECODE:
	decode_slot(cp, pc & PAGE_MASK);
	goto *labels[d->op];
op_CROSS:
	if (fetch_cross(cpu, pc, &cross[0]))
		goto fault;
	d = &cross[0];
	goto *labels[d->op];
op_ILLEGAL:
	cpu->fault_insn = d->raw;
	why = RV64_EXIT_ILLEGAL;
	goto trap;

op_LUI:   RD = IMM; DONE;
op_AUIPC: RD = pc + IMM; DONE;
op_JAL:   RD = pc + d->len; pc += IMM; JUMP;
op_JALR:
	va = (RS1 + IMM) & ~(uint64_t)1;
	RD = pc + d->len;
	pc = va;
	JUMP;
op_BEQ:  BRANCH(RS1 == RS2);
op_BNE:  BRANCH(RS1 != RS2);
op_BLT:  BRANCH((int64_t)RS1 < (int64_t)RS2);
op_BGE:  BRANCH((int64_t)RS1 >= (int64_t)RS2);
op_BLTU: BRANCH(RS1 < RS2);
op_BGEU: BRANCH(RS1 >= RS2);

op_LB:  LOAD(int8_t, (uint64_t)(int64_t));
op_LH:  LOAD(int16_t, (uint64_t)(int64_t));
op_LW:  LOAD(int32_t, (uint64_t)(int64_t));
op_LD:  LOAD(uint64_t, );
op_LBU: LOAD(uint8_t, (uint64_t));
op_LHU: LOAD(uint16_t, (uint64_t));
op_LWU: LOAD(uint32_t, (uint64_t));
op_SB:  STORE(uint8_t, RS2);
op_SH:  STORE(uint16_t, RS2);
op_SW:  STORE(uint32_t, RS2);
op_SD:  STORE(uint64_t, RS2);

op_ADDI:  RD = RS1 + IMM; DONE;
op_SLTI:  RD = (int64_t)RS1 < (int64_t)IMM; DONE;
op_SLTIU: RD = RS1 < IMM; DONE;
op_XORI:  RD = RS1 ^ IMM; DONE;
op_ORI:   RD = RS1 | IMM; DONE;
op_ANDI:  RD = RS1 & IMM; DONE;
op_SLLI:  RD = RS1 << (d->imm & 63); DONE;
op_SRLI:  RD = RS1 >> (d->imm & 63); DONE;
op_SRAI:  RD = (uint64_t)((int64_t)RS1 >> (d->imm & 63)); DONE;

op_ADD:  RD = RS1 + RS2; DONE;
op_SUB:  RD = RS1 - RS2; DONE;
op_SLL:  RD = RS1 << (RS2 & 63); DONE;
op_SLT:  RD = (int64_t)RS1 < (int64_t)RS2; DONE;
op_SLTU: RD = RS1 < RS2; DONE;
op_XOR:  RD = RS1 ^ RS2; DONE;
op_SRL:  RD = RS1 >> (RS2 & 63); DONE;
op_SRA:  RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); DONE;
op_OR:   RD = RS1 | RS2; DONE;
op_AND:  RD = RS1 & RS2; DONE;

op_ADDIW: RD = sext32(RS1 + IMM); DONE;
op_SLLIW: RD = sext32((uint32_t)RS1 << (d->imm & 31)); DONE;
op_SRLIW: RD = sext32((uint32_t)RS1 >> (d->imm & 31)); DONE;
op_SRAIW: RD = (uint64_t)(int64_t)((int32_t)RS1 >> (d->imm & 31)); DONE;
op_ADDW:  RD = sext32(RS1 + RS2); DONE;
op_SUBW:  RD = sext32(RS1 - RS2); DONE;
op_SLLW:  RD = sext32((uint32_t)RS1 << (RS2 & 31)); DONE;
op_SRLW:  RD = sext32((uint32_t)RS1 >> (RS2 & 31)); DONE;
op_SRAW:  RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); DONE;

op_MUL:    RD = RS1 * RS2; DONE;
op_MULH:   RD = mulh_ss((int64_t)RS1, (int64_t)RS2); DONE;
op_MULHSU: RD = mulh_su((int64_t)RS1, RS2); DONE;
op_MULHU:  RD = mulh_uu(RS1, RS2); DONE;
op_DIV:    RD = div_s((int64_t)RS1, (int64_t)RS2); DONE;
op_DIVU:   RD = RS2 ? RS1 / RS2 : ~(uint64_t)0; DONE;
op_REM:    RD = rem_s((int64_t)RS1, (int64_t)RS2); DONE;
op_REMU:   RD = RS2 ? RS1 % RS2 : RS1; DONE;
op_MULW:   RD = sext32((uint32_t)RS1 * (uint32_t)RS2); DONE;
op_DIVW:   RD = sext32(div_s((int32_t)RS1, (int32_t)RS2)); DONE;
op_DIVUW:
	RD = sext32((uint32_t)RS2 ? (uint32_t)RS1 / (uint32_t)RS2 : ~(uint32_t)0);
	DONE;
op_REMW:   RD = sext32(rem_s((int32_t)RS1, (int32_t)RS2)); DONE;
op_REMUW:
	RD = sext32((uint32_t)RS2 ? (uint32_t)RS1 % (uint32_t)RS2 : (uint32_t)RS1);
	DONE;

op_FENCE: DONE;
op_FENCE_I:
	rv64_flush_code(cpu);
	pc += d->len;
	goto code_changed;
op_ECALL:
	why = RV64_EXIT_ECALL;
	goto trap;
op_EBREAK:
	why = RV64_EXIT_EBREAK;
	goto trap;

op_CSR: HELPER(rv64_csr_exec(cpu, d->raw, budget - left - 1));
op_AMO: HELPER(rv64_amo_exec(cpu, d->raw));
op_FP:  HELPER(rv64_fp_exec(cpu, d->raw));
op_FLW:
	{
		uint32_t w;

		if (unlikely(load(cpu, RS1 + IMM, &w, 4)))
			goto fault;
		cpu->f[d->rd] = w | 0xffffffff00000000ull;
		DONE;
	}
op_FLD:
	if (unlikely(load(cpu, RS1 + IMM, &cpu->f[d->rd], 8)))
		goto fault;
	DONE;
op_FSW: STORE(uint32_t, cpu->f[d->rs2]);
op_FSD: STORE(uint64_t, cpu->f[d->rs2]);

op_SH1ADD:    RD = (RS1 << 1) + RS2; DONE;
op_SH2ADD:    RD = (RS1 << 2) + RS2; DONE;
op_SH3ADD:    RD = (RS1 << 3) + RS2; DONE;
op_ADD_UW:    RD = (uint32_t)RS1 + RS2; DONE;
op_SH1ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 1) + RS2; DONE;
op_SH2ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 2) + RS2; DONE;
op_SH3ADD_UW: RD = ((uint64_t)(uint32_t)RS1 << 3) + RS2; DONE;
op_SLLI_UW:   RD = (uint64_t)(uint32_t)RS1 << (d->imm & 63); DONE;
op_ANDN:  RD = RS1 & ~RS2; DONE;
op_ORN:   RD = RS1 | ~RS2; DONE;
op_XNOR:  RD = ~(RS1 ^ RS2); DONE;
op_CLZ:   RD = RS1 ? (uint64_t)__builtin_clzll(RS1) : 64; DONE;
op_CLZW:  RD = (uint32_t)RS1 ? (uint64_t)__builtin_clz((uint32_t)RS1) : 32; DONE;
op_CTZ:   RD = RS1 ? (uint64_t)__builtin_ctzll(RS1) : 64; DONE;
op_CTZW:  RD = (uint32_t)RS1 ? (uint64_t)__builtin_ctz((uint32_t)RS1) : 32; DONE;
op_CPOP:  RD = (uint64_t)__builtin_popcountll(RS1); DONE;
op_CPOPW: RD = (uint64_t)__builtin_popcount((uint32_t)RS1); DONE;
op_MAX:   RD = (int64_t)RS1 > (int64_t)RS2 ? RS1 : RS2; DONE;
op_MAXU:  RD = RS1 > RS2 ? RS1 : RS2; DONE;
op_MIN:   RD = (int64_t)RS1 < (int64_t)RS2 ? RS1 : RS2; DONE;
op_MINU:  RD = RS1 < RS2 ? RS1 : RS2; DONE;
op_SEXT_B: RD = (uint64_t)(int64_t)(int8_t)RS1; DONE;
op_SEXT_H: RD = (uint64_t)(int64_t)(int16_t)RS1; DONE;
op_ZEXT_H: RD = (uint16_t)RS1; DONE;
op_ROL:   RD = rol64(RS1, RS2 & 63); DONE;
op_ROLW:  RD = sext32(rol32((uint32_t)RS1, RS2 & 31)); DONE;
op_ROR:   RD = rol64(RS1, (64 - (RS2 & 63)) & 63); DONE;
op_RORI:  RD = rol64(RS1, (64 - (d->imm & 63)) & 63); DONE;
op_RORIW: RD = sext32(rol32((uint32_t)RS1, (32 - (d->imm & 31)) & 31)); DONE;
op_RORW:  RD = sext32(rol32((uint32_t)RS1, (32 - (RS2 & 31)) & 31)); DONE;
op_ORC_B: RD = orc_b(RS1); DONE;
op_REV8:  RD = __builtin_bswap64(RS1); DONE;

code_changed:
	cpu->code_dirty = false;
	page_va = NO_PAGE;
	goto refetch;
out_of_budget:
	why = RV64_EXIT_BUDGET;
	goto out;

helper_trap:
	if (err == RV64_TRAP_ILLEGAL) {
		cpu->fault_insn = d->raw;
		why = RV64_EXIT_ILLEGAL;
	} else {
		why = err == RV64_TRAP_MISALIGNED ? RV64_EXIT_MISALIGNED : RV64_EXIT_PAGE_FAULT;
	}
	goto trap;
fault:
	why = RV64_EXIT_PAGE_FAULT;
trap:
	left++; /* the trapping instruction did not retire */
out:
	x[0] = 0;
	cpu->pc = pc;
	cpu->instret += budget - left;
	return why;
#undef DISPATCH
#undef DONE
#undef JUMP
#undef DONE_CHECKED
#undef RD
#undef RS1
#undef RS2
#undef IMM
#undef LOAD
#undef STORE
#undef BRANCH
#undef HELPER
}
