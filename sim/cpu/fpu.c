/*
 * sim/cpu/fpu.c - the F and D extensions, bit-exact with the RISC-V spec.
 *
 * Arithmetic runs on the host's IEEE 754 unit: the RISC-V rounding mode is
 * set with fesetround(), the flags are read back with fetestexcept() (x86 SSE
 * and RISC-V both detect tininess after rounding). Operands go through
 * volatile variables so the compiler can neither fold nor move an operation
 * across the fenv calls. What the host does differently is done here:
 *  - results that are NaN become the canonical NaN (the host propagates
 *    payloads and x86's default NaN is negative);
 *  - singles live NaN-boxed in 64-bit registers; a badly boxed operand reads
 *    as the canonical NaN;
 *  - fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber with -0 < +0),
 *    comparisons, fclass and float-to-integer conversions (RISC-V saturates,
 *    x86 returns the "integer indefinite") are implemented directly;
 *  - fused multiply-add raises invalid for inf * 0 even with a quiet NaN addend;
 *  - RMM (round to nearest, ties to max magnitude) has no host mode: the
 *    operation is done in long double (>= 64-bit significand) rounded to odd
 *    (round toward zero, then set the last bit if inexact), which keeps
 *    enough information to round once more, correctly, to the target format.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "sim/cpu/internal.h"

_Static_assert(LDBL_MANT_DIG >= 64, "RMM emulation needs a 64-bit long double significand");

#define FL_NX 0x01u
#define FL_UF 0x02u
#define FL_OF 0x04u
#define FL_DZ 0x08u
#define FL_NV 0x10u

#define RM_RNE 0
#define RM_RTZ 1
#define RM_RDN 2
#define RM_RUP 3
#define RM_RMM 4

#define CANON_S 0x7fc00000u
#define CANON_D 0x7ff8000000000000ull
#define BOX     0xffffffff00000000ull

enum fop { F_ADD, F_SUB, F_MUL, F_DIV, F_SQRT, F_FMA };

/* An operand or result of either format: @d when @dbl, else @s. */
struct fval {
	bool dbl;
	float s;
	double d;
};

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint32_t host_flags(void)
{
	int e = fetestexcept(FE_ALL_EXCEPT);

	return (e & FE_INEXACT ? FL_NX : 0) | (e & FE_UNDERFLOW ? FL_UF : 0) |
	       (e & FE_OVERFLOW ? FL_OF : 0) | (e & FE_DIVBYZERO ? FL_DZ : 0) |
	       (e & FE_INVALID ? FL_NV : 0);
}

/* The rounding mode @rm (0-7) resolves to, or -1 when it is invalid. */
static int fp_rm(const struct rv64_cpu *cpu, unsigned int rm)
{
	if (rm == 7)
		rm = (cpu->fcsr >> 5) & 7;
	return rm <= RM_RMM ? (int)rm : -1;
}

/* ---- register access ---------------------------------------------------- */

static float get_s(const struct rv64_cpu *cpu, unsigned int r)
{
	uint64_t v = cpu->f[r];
	uint32_t w = (v >> 32) == 0xffffffffu ? (uint32_t)v : CANON_S;
	float f;

	memcpy(&f, &w, 4);
	return f;
}

static double get_d(const struct rv64_cpu *cpu, unsigned int r)
{
	double d;

	memcpy(&d, &cpu->f[r], 8);
	return d;
}

static struct fval get(const struct rv64_cpu *cpu, bool dbl, unsigned int r)
{
	struct fval v = { .dbl = dbl };

	if (dbl)
		v.d = get_d(cpu, r);
	else
		v.s = get_s(cpu, r);
	return v;
}

static uint32_t bits_s(float f)
{
	uint32_t w;

	memcpy(&w, &f, 4);
	return w;
}

static uint64_t bits_d(double d)
{
	uint64_t w;

	memcpy(&w, &d, 8);
	return w;
}

/* Write a result; NaNs become the canonical NaN. */
static void put(struct rv64_cpu *cpu, unsigned int r, struct fval v)
{
	if (v.dbl)
		cpu->f[r] = isnan(v.d) ? CANON_D : bits_d(v.d);
	else
		cpu->f[r] = BOX | (isnan(v.s) ? CANON_S : bits_s(v.s));
}

static void put_x(struct rv64_cpu *cpu, unsigned int rd, uint64_t v)
{
	if (rd)
		cpu->x[rd] = v;
}

static bool is_snan(struct fval v)
{
	if (v.dbl)
		return isnan(v.d) && !(bits_d(v.d) & (1ull << 51));
	return isnan(v.s) && !(bits_s(v.s) & (1u << 22));
}

static bool v_isnan(struct fval v)
{
	return v.dbl ? isnan(v.d) : isnan(v.s);
}

static long double v_ld(struct fval v)
{
	return v.dbl ? (long double)v.d : (long double)v.s;
}

/* ---- arithmetic in the host modes ------------------------------------------ */

static double host_op_d(enum fop op, double a, double b, double c)
{
	volatile double va = a, vb = b, vc = c, r;

	switch (op) {
	case F_ADD: r = va + vb; break;
	case F_SUB: r = va - vb; break;
	case F_MUL: r = va * vb; break;
	case F_DIV: r = va / vb; break;
	case F_SQRT: r = sqrt(va); break;
	default: r = fma(va, vb, vc); break;
	}
	return r;
}

static float host_op_s(enum fop op, float a, float b, float c)
{
	volatile float va = a, vb = b, vc = c, r;

	switch (op) {
	case F_ADD: r = va + vb; break;
	case F_SUB: r = va - vb; break;
	case F_MUL: r = va * vb; break;
	case F_DIV: r = va / vb; break;
	case F_SQRT: r = sqrtf(va); break;
	default: r = fmaf(va, vb, vc); break;
	}
	return r;
}

static long double host_op_ld(enum fop op, long double a, long double b, long double c)
{
	volatile long double va = a, vb = b, vc = c, r;

	switch (op) {
	case F_ADD: r = va + vb; break;
	case F_SUB: r = va - vb; break;
	case F_MUL: r = va * vb; break;
	case F_DIV: r = va / vb; break;
	case F_SQRT: r = sqrtl(va); break;
	default: r = fmal(va, vb, vc); break;
	}
	return r;
}

/* ---- RMM ------------------------------------------------------------------ */

/* @x with its last significand bit set: round to odd after an inexact RTZ. */
static long double jam(long double x)
{
	int e;
	long double m = frexpl(x, &e);
	long double i = ldexpl(fabsl(m), LDBL_MANT_DIG);

	if (fmodl(i, 2.0L) == 0)
		x = nextafterl(x, copysignl(INFINITY, x));
	return x;
}

/* The target-format value nearest @x toward zero (exact when representable). */
static long double trunc_to(long double x, bool dbl)
{
	volatile long double vx = x, r;

	fesetround(FE_TOWARDZERO);
	if (dbl)
		r = (volatile double){ (double)vx };
	else
		r = (volatile float){ (float)vx };
	fesetround(FE_TONEAREST);
	return r;
}

/*
 * Round @x (exact, or rounded to odd with at least two spare bits) to the
 * target format with ties away from zero, adding NX/OF/UF to @fl.
 */
static struct fval round_rmm(long double x, bool dbl, uint32_t *fl)
{
	long double t, up, mid, big = dbl ? 0x1p1024L : 0x1p128L;
	long double tiny = dbl ? 0x1p-1022L - 0x1p-1076L : 0x1p-126L - 0x1p-151L;
	struct fval r = { .dbl = dbl };

	t = isnan(x) || isinf(x) ? x : trunc_to(x, dbl);
	if (t == x || isnan(x)) {
		r.d = (double)x;
		r.s = (float)x;
		return r;
	}
	if (dbl)
		up = nextafter((double)t, copysign(INFINITY, (double)x));
	else
		up = nextafterf((float)t, copysignf(INFINITY, (float)x));
	mid = (t + (isinf(up) ? copysignl(big, x) : up)) / 2;
	t = fabsl(x) >= fabsl(mid) ? up : t;
	*fl |= FL_NX;
	if (isinf(t))
		*fl |= FL_OF;
	if (fabsl(x) < tiny)
		*fl |= FL_UF;
	r.d = (double)t;
	r.s = (float)t;
	return r;
}

/* @op on long doubles rounded to odd, then RMM-rounded to the target. */
static struct fval rmm_op(enum fop op, struct fval a, struct fval b, struct fval c, uint32_t *fl)
{
	long double r;
	uint32_t f;

	feclearexcept(FE_ALL_EXCEPT);
	fesetround(FE_TOWARDZERO);
	r = host_op_ld(op, v_ld(a), v_ld(b), v_ld(c));
	f = host_flags();
	fesetround(FE_TONEAREST);
	*fl |= f & (FL_NV | FL_DZ);
	if ((f & FL_NX) && !isnan(r) && !isinf(r))
		r = jam(r);
	return round_rmm(r, a.dbl, fl);
}

/* ---- the operations ---------------------------------------------------------- */

static struct fval arith(enum fop op, int rm, struct fval a, struct fval b, struct fval c,
			 uint32_t *fl)
{
	struct fval r = { .dbl = a.dbl };

	if (rm == RM_RMM)
		return rmm_op(op, a, b, c, fl);
	feclearexcept(FE_ALL_EXCEPT);
	if (rm != RM_RNE)
		fesetround(host_rm[rm]);
	if (a.dbl)
		r.d = host_op_d(op, a.d, b.d, c.d);
	else
		r.s = host_op_s(op, a.s, b.s, c.s);
	*fl |= host_flags();
	if (rm != RM_RNE)
		fesetround(FE_TONEAREST);
	return r;
}

static bool is_inf(struct fval v)
{
	return v.dbl ? isinf(v.d) : isinf(v.s);
}

static bool is_zero(struct fval v)
{
	return v.dbl ? v.d == 0 : v.s == 0;
}

static struct fval neg(struct fval v)
{
	v.d = -v.d;
	v.s = -v.s;
	return v;
}

/* FMADD, FMSUB, FNMSUB, FNMADD. */
static int exec_fma(struct rv64_cpu *cpu, uint32_t raw, int rm, uint32_t *fl)
{
	unsigned int kind = (raw >> 2) & 3, fmt = (raw >> 25) & 3;
	bool dbl = fmt == 1;
	struct fval a, b, c;

	if (fmt > 1)
		return RV64_TRAP_ILLEGAL;
	a = get(cpu, dbl, (raw >> 15) & 31);
	b = get(cpu, dbl, (raw >> 20) & 31);
	c = get(cpu, dbl, raw >> 27);
	if ((is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b)))
		*fl |= FL_NV;
	if (kind == 2 || kind == 3) /* FNMSUB, FNMADD: -(a * b) */
		a = neg(a);
	if (kind == 1 || kind == 3) /* FMSUB, FNMADD: - c */
		c = neg(c);
	put(cpu, (raw >> 7) & 31, arith(F_FMA, rm, a, b, c, fl));
	return 0;
}

static struct fval minmax(struct fval a, struct fval b, bool max, uint32_t *fl)
{
	bool an = v_isnan(a), bn = v_isnan(b);
	double x = a.dbl ? a.d : a.s, y = b.dbl ? b.d : b.s;

	if (is_snan(a) || is_snan(b))
		*fl |= FL_NV;
	if (an && bn)
		return a; /* put() makes it canonical */
	if (an)
		return b;
	if (bn)
		return a;
	if (x == y) /* equal, or zeros of either sign */
		return (signbit(x) != 0) == max ? b : a;
	return (x < y) != max ? a : b;
}

static uint64_t compare(struct fval a, struct fval b, unsigned int f3, uint32_t *fl)
{
	double x = a.dbl ? a.d : a.s, y = b.dbl ? b.d : b.s;

	if (v_isnan(a) || v_isnan(b)) {
		if (f3 != 2 || is_snan(a) || is_snan(b))
			*fl |= FL_NV;
		return 0;
	}
	switch (f3) {
	case 0: return x <= y;
	case 1: return x < y;
	default: return x == y;
	}
}

static uint64_t classify(struct fval v)
{
	double x = v.dbl ? v.d : v.s;
	bool sub = v.dbl ? fpclassify(v.d) == FP_SUBNORMAL : fpclassify(v.s) == FP_SUBNORMAL;
	bool minus = signbit(x) != 0;

	if (v_isnan(v))
		return is_snan(v) ? 1u << 8 : 1u << 9;
	if (isinf(x))
		return minus ? 1u << 0 : 1u << 7;
	if (x == 0)
		return minus ? 1u << 3 : 1u << 4;
	if (sub)
		return minus ? 1u << 2 : 1u << 5;
	return minus ? 1u << 1 : 1u << 6;
}

/* @v rounded to an integral value in mode @rm. */
static double round_int(double v, int rm)
{
	volatile double vv = v, r;

	if (rm == RM_RMM)
		return round(v);
	fesetround(host_rm[rm]);
	r = nearbyint(vv);
	fesetround(FE_TONEAREST);
	return r;
}

/* FCVT.{W,WU,L,LU}.{S,D}: saturating, NV on NaN/out of range, NX on rounding. */
static uint64_t to_int(struct fval a, unsigned int kind, int rm, uint32_t *fl)
{
	static const double lo[4] = { -0x1p31, 0, -0x1p63, 0 };
	static const double hi[4] = { 0x1p31, 0x1p32, 0x1p63, 0x1p64 };
	static const uint64_t min[4] = { 0xffffffff80000000ull, 0, 1ull << 63, 0 };
	static const uint64_t max[4] = { 0x7fffffff, ~0ull, (1ull << 63) - 1, ~0ull };
	double v = a.dbl ? a.d : a.s, r;

	if (isnan(v)) {
		*fl |= FL_NV;
		return max[kind];
	}
	r = round_int(v, rm);
	if (r < lo[kind]) {
		*fl |= FL_NV;
		return min[kind];
	}
	if (r >= hi[kind]) {
		*fl |= FL_NV;
		return max[kind];
	}
	if (r != v)
		*fl |= FL_NX;
	switch (kind) {
	case 0: return (uint64_t)(int64_t)(int32_t)r;
	case 1: return (uint64_t)(int64_t)(int32_t)(uint32_t)r;
	case 2: return (uint64_t)(int64_t)r;
	default: return (uint64_t)r;
	}
}

/* FCVT.{S,D}.{W,WU,L,LU}. */
static struct fval from_int(uint64_t x, unsigned int kind, bool dbl, int rm, uint32_t *fl)
{
	struct fval r = { .dbl = dbl };
	volatile long double l;
	volatile int64_t s;
	volatile uint64_t u;

	switch (kind) {
	case 0: s = (int32_t)x; l = s; break;
	case 1: s = (uint32_t)x; l = s; break;
	case 2: s = (int64_t)x; l = s; break;
	default: u = x; l = u; s = 0; break;
	}
	if (rm == RM_RMM)
		return round_rmm(l, dbl, fl);
	feclearexcept(FE_ALL_EXCEPT);
	fesetround(host_rm[rm]);
	if (kind == 3) {
		if (dbl)
			r.d = (volatile double){ (double)u };
		else
			r.s = (volatile float){ (float)u };
	} else {
		if (dbl)
			r.d = (volatile double){ (double)s };
		else
			r.s = (volatile float){ (float)s };
	}
	*fl |= host_flags();
	fesetround(FE_TONEAREST);
	return r;
}

/* FCVT.S.D and FCVT.D.S. */
static struct fval convert(struct fval a, int rm, uint32_t *fl)
{
	struct fval r = { .dbl = !a.dbl };

	if (rm == RM_RMM && a.dbl) {
		feclearexcept(FE_ALL_EXCEPT);
		r = round_rmm(v_ld(a), false, fl);
		*fl |= host_flags() & FL_NV;
		return r;
	}
	feclearexcept(FE_ALL_EXCEPT);
	fesetround(host_rm[rm == RM_RMM ? RM_RNE : rm]);
	if (a.dbl)
		r.s = (volatile float){ (float)(volatile double){ a.d } };
	else
		r.d = (volatile double){ (double)(volatile float){ a.s } };
	*fl |= host_flags();
	fesetround(FE_TONEAREST);
	return r;
}

static uint64_t sign_inject(struct fval a, struct fval b, unsigned int f3)
{
	uint64_t x = a.dbl ? bits_d(a.d) : bits_s(a.s);
	uint64_t y = a.dbl ? bits_d(b.d) : bits_s(b.s);
	uint64_t sign = a.dbl ? 1ull << 63 : 1ull << 31;

	switch (f3) {
	case 0: x = (x & ~sign) | (y & sign); break;
	case 1: x = (x & ~sign) | (~y & sign); break;
	default: x ^= y & sign; break;
	}
	return a.dbl ? x : BOX | x;
}

/* OP-FP, after the format check. */
static int exec_op(struct rv64_cpu *cpu, uint32_t raw, bool dbl, uint32_t *fl)
{
	static const enum fop arith_ops[4] = { F_ADD, F_SUB, F_MUL, F_DIV };
	unsigned int f5 = raw >> 27, f3 = (raw >> 12) & 7;
	unsigned int rd = (raw >> 7) & 31, rs1 = (raw >> 15) & 31, rs2 = (raw >> 20) & 31;
	int rm = fp_rm(cpu, f3);
	struct fval a = get(cpu, dbl, rs1), b = get(cpu, dbl, rs2);

	switch (f5) {
	case 0x00: case 0x01: case 0x02: case 0x03: /* FADD FSUB FMUL FDIV */
		if (rm < 0)
			return RV64_TRAP_ILLEGAL;
		put(cpu, rd, arith(arith_ops[f5], rm, a, b, b, fl));
		return 0;
	case 0x0b: /* FSQRT */
		if (rm < 0 || rs2)
			return RV64_TRAP_ILLEGAL;
		put(cpu, rd, arith(F_SQRT, rm, a, a, a, fl));
		return 0;
	case 0x04: /* FSGNJ FSGNJN FSGNJX */
		if (f3 > 2)
			return RV64_TRAP_ILLEGAL;
		cpu->f[rd] = sign_inject(a, b, f3);
		return 0;
	case 0x05: /* FMIN FMAX */
		if (f3 > 1)
			return RV64_TRAP_ILLEGAL;
		put(cpu, rd, minmax(a, b, f3 == 1, fl));
		return 0;
	case 0x08: /* FCVT.S.D (rs2 1), FCVT.D.S (rs2 0) */
		if (rm < 0 || rs2 != (dbl ? 0u : 1u))
			return RV64_TRAP_ILLEGAL;
		put(cpu, rd, convert(get(cpu, !dbl, rs1), rm, fl));
		return 0;
	case 0x14: /* FLE FLT FEQ */
		if (f3 > 2)
			return RV64_TRAP_ILLEGAL;
		put_x(cpu, rd, compare(a, b, f3, fl));
		return 0;
	case 0x18: /* FCVT.int.fmt */
		if (rm < 0 || rs2 > 3)
			return RV64_TRAP_ILLEGAL;
		put_x(cpu, rd, to_int(a, rs2, rm, fl));
		return 0;
	case 0x1a: /* FCVT.fmt.int */
		if (rm < 0 || rs2 > 3)
			return RV64_TRAP_ILLEGAL;
		put(cpu, rd, from_int(cpu->x[rs1], rs2, dbl, rm, fl));
		return 0;
	case 0x1c: /* FMV.X.fmt, FCLASS */
		if (rs2 || f3 > 1)
			return RV64_TRAP_ILLEGAL;
		if (f3 == 1)
			put_x(cpu, rd, classify(a));
		else if (dbl)
			put_x(cpu, rd, cpu->f[rs1]);
		else
			put_x(cpu, rd, (uint64_t)(int64_t)(int32_t)(uint32_t)cpu->f[rs1]);
		return 0;
	case 0x1e: /* FMV.fmt.X */
		if (rs2 || f3)
			return RV64_TRAP_ILLEGAL;
		cpu->f[rd] = dbl ? cpu->x[rs1] : BOX | (uint32_t)cpu->x[rs1];
		return 0;
	}
	return RV64_TRAP_ILLEGAL;
}

int rv64_fp_exec(struct rv64_cpu *cpu, uint32_t raw)
{
	unsigned int fmt = (raw >> 25) & 3;
	uint32_t fl = 0;
	int err;

	if ((raw & 0x7f) != 0x53) {
		int rm = fp_rm(cpu, (raw >> 12) & 7);

		if (rm < 0)
			return RV64_TRAP_ILLEGAL;
		err = exec_fma(cpu, raw, rm, &fl);
	} else if (fmt > 1) {
		return RV64_TRAP_ILLEGAL;
	} else {
		err = exec_op(cpu, raw, fmt == 1, &fl);
	}
	if (!err)
		cpu->fcsr |= fl;
	return err;
}
