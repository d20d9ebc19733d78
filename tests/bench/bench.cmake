# tests/bench/bench.cmake - ruxbench, the micro-benchmark that compares Rux
# with Linux (scripts/bench, "make bench", docs/benchmarks.md), included by
# cmake/images.cmake after the test programs and before the initramfs is
# packed. Uses its RUX_USER_* settings.
#
#   ${CMAKE_BINARY_DIR}/bench/ruxbench        tests/bench/*.c but ruxbench-true.c
#   ${CMAKE_BINARY_DIR}/bench/ruxbench-true   the tiny program the exec items run
#
# Both go into the test initramfs as /usr/libexec/rux-bench/. Test:
#
#   bench.quick   "ruxbench --quick" on Rux in QEMU: every item must print a
#                 value (tests/bench/quick-check; no timing is checked)
set(RUX_BENCH_SRC ${CMAKE_SOURCE_DIR}/tests/bench)
set(RUX_BENCH_DIR ${CMAKE_BINARY_DIR}/bench)
file(GLOB RUX_BENCH_SOURCES CONFIGURE_DEPENDS ${RUX_BENCH_SRC}/*.c)
list(REMOVE_ITEM RUX_BENCH_SOURCES ${RUX_BENCH_SRC}/ruxbench-true.c)

# rux_bench_program(NAME SOURCES...): one static riscv64 musl program.
function(rux_bench_program name)
	add_custom_command(OUTPUT ${RUX_BENCH_DIR}/${name}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${RUX_BENCH_DIR}
		COMMAND ${RUX_USER_CC} ${RUX_USER_CFLAGS} -Wno-unused-parameter
			-o ${RUX_BENCH_DIR}/${name}
			${RUX_MUSL_DIR}/lib/crt1.o ${RUX_MUSL_DIR}/lib/crti.o ${ARGN}
			${RUX_MUSL_DIR}/lib/libc.a ${RUX_USER_LIBGCC} ${RUX_MUSL_DIR}/lib/crtn.o
		DEPENDS ${ARGN} ${RUX_BENCH_SRC}/bench.h ${RUX_MUSL_DIR}/lib/libc.a
		COMMENT "Building riscv64 benchmark program ${name}"
		VERBATIM)
endfunction()
rux_bench_program(ruxbench ${RUX_BENCH_SOURCES})
rux_bench_program(ruxbench-true ${RUX_BENCH_SRC}/ruxbench-true.c)

foreach(name ruxbench ruxbench-true)
	list(APPEND RUX_USER_PROGRAMS ${RUX_BENCH_DIR}/${name})
	list(APPEND RUX_INITRAMFS_FILES ${RUX_BENCH_DIR}/${name}=usr/libexec/rux-bench/${name})
endforeach()

if(DEFINED RUX_KERNEL_BIN)
	add_test(NAME bench.quick COMMAND ${RUX_BENCH_SRC}/quick-check
		--kernel ${RUX_KERNEL_BIN} --initrd ${RUX_INITRAMFS}
		--qemu-user ${RUX_QEMU_USER} --ruxbench ${RUX_BENCH_DIR}/ruxbench)
	set_tests_properties(bench.quick PROPERTIES LABELS "qemu;bench" TIMEOUT 60)
endif()
