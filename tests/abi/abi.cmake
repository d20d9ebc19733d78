# tests/abi/abi.cmake - the ABI tests: core/uapi against Debian's Linux
# riscv64 headers (package linux-libc-dev-riscv64-cross), compiled with the
# riscv64 cross compiler when the test runs (see tests/abi/abi-check.sh).
#
#   abi.layout           sizes, alignments, field offsets and constants
#   abi.syscall_numbers  every __NR_* number
find_program(RUX_RISCV64_CC riscv64-linux-gnu-gcc REQUIRED)
set(RUX_ABI_CHECK ${CMAKE_SOURCE_DIR}/tests/abi/abi-check.sh)
set(RUX_ABI_WORK ${CMAKE_BINARY_DIR}/abi)

add_test(NAME abi.layout
	COMMAND ${RUX_ABI_CHECK} layout ${RUX_RISCV64_CC} ${CMAKE_SOURCE_DIR} ${RUX_ABI_WORK})
add_test(NAME abi.syscall_numbers
	COMMAND ${RUX_ABI_CHECK} syscalls ${RUX_RISCV64_CC} ${CMAKE_SOURCE_DIR} ${RUX_ABI_WORK})
set_tests_properties(abi.layout abi.syscall_numbers PROPERTIES LABELS abi)
