/*
 * tests/abi/abi_emit.h - how the ABI tables are written out.
 *
 * An ABI translation unit is compiled for riscv64 with -S only. Each check
 * becomes one line of assembler text, ".ascii \"ABI <label> = <value>\"",
 * which abi-compare.sh extracts, so that sizes, offsets and constant values
 * are those of the riscv64 compiler without running riscv64 code. The two
 * sides (Debian's Linux headers, Rux's core/uapi) must produce identical
 * lines in the same order.
 *
 * The list files call:
 *	C(NAME)				a constant with the same name on both sides
 *	E(label, rux_expr, linux_expr)	two expressions that must be equal
 *	S(rux_type, linux_type)		size and alignment of a type
 *	F(rux_type, linux_type, field)	offset and size of a field
 *	F2(rux_type, rux_field, linux_type, linux_field)  ... named differently
 * An ABI TU defines ABI_SIDE_RUX or ABI_SIDE_LINUX before including this.
 */
#ifndef RUX_TESTS_ABI_EMIT_H
#define RUX_TESTS_ABI_EMIT_H

#define ABI_EMIT(label, val)                                                                       \
	__asm__ volatile("\n.ascii \"ABI " label " = %0\"" : : "i"((long)(val)))

#define ABI_CONST(label, val)                                                                      \
	do {                                                                                       \
		ABI_EMIT(label, val);                                                              \
		ABI_EMIT(label ".sizeof", sizeof(val));                                            \
	} while (0)

#define ABI_TYPE(label, type)                                                                      \
	do {                                                                                       \
		ABI_EMIT(label ".sizeof", sizeof(type));                                           \
		ABI_EMIT(label ".alignof", _Alignof(type));                                        \
	} while (0)

#define ABI_FIELD(label, type, field)                                                              \
	do {                                                                                       \
		ABI_EMIT(label ".offsetof", __builtin_offsetof(type, field));                      \
		ABI_EMIT(label ".sizeof", sizeof(((type *)0)->field));                             \
	} while (0)

#if defined(ABI_SIDE_RUX)
#define C(name)		    ABI_CONST(#name, name)
#define E(label, rux, lx)   ABI_CONST(#label, rux)
#define S(rux, lx)	    ABI_TYPE(#rux, rux)
#define F(rux, lx, f)	    ABI_FIELD(#rux "." #f, rux, f)
#define F2(rux, rf, lx, lf) ABI_FIELD(#rux "." #rf, rux, rf)
#elif defined(ABI_SIDE_LINUX)
#define C(name)		    ABI_CONST(#name, name)
#define E(label, rux, lx)   ABI_CONST(#label, lx)
#define S(rux, lx)	    ABI_TYPE(#rux, lx)
#define F(rux, lx, f)	    ABI_FIELD(#rux "." #f, lx, f)
#define F2(rux, rf, lx, lf) ABI_FIELD(#rux "." #rf, lx, lf)
#else
#error "define ABI_SIDE_RUX or ABI_SIDE_LINUX"
#endif

#endif /* RUX_TESTS_ABI_EMIT_H */
