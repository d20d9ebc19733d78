# The hosted platform: the same kernel code compiled for the host, its unit
# tests in three variants (plain, Valgrind memcheck, ASan+UBSan), and the
# riscv64 kernel built as a sub-build so that one ctest run covers both.
enable_testing()
find_package(cmocka REQUIRED)

file(GLOB RUX_HOSTED_HAL_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/hal/hosted/*.c)
# The host C library provides memcpy & co. to the hosted kernel; Rux's own
# string.c is still unit-tested under renamed symbols (tests/unit/CMakeLists.txt).
set(RUX_STRING_SOURCE ${CMAKE_SOURCE_DIR}/core/lib/string.c)
set(RUX_HOSTED_SOURCES ${RUX_PORTABLE_SOURCES} ${RUX_HOSTED_HAL_SOURCES})
list(REMOVE_ITEM RUX_HOSTED_SOURCES ${RUX_STRING_SOURCE})

set(RUX_HOSTED_CFLAGS -g -O1 -fno-omit-frame-pointer -fno-strict-aliasing)
set(RUX_SANITIZE "" CACHE STRING "Sanitizers for the main hosted build, e.g. address,undefined")

# rux_hosted_variant(SUFFIX FLAGS...): the hosted kernel library rux_hosted<SUFFIX>
# and the KTEST runner ktest<SUFFIX>, both compiled with FLAGS.
function(rux_hosted_variant suffix)
	set(flags ${ARGN})
	add_library(rux_hosted${suffix} STATIC ${RUX_HOSTED_SOURCES})
	target_include_directories(rux_hosted${suffix} PUBLIC ${RUX_INCLUDE_DIRS})
	target_compile_options(rux_hosted${suffix} PUBLIC ${RUX_HOSTED_CFLAGS} ${flags} PRIVATE ${RUX_WARNINGS})
	target_compile_definitions(rux_hosted${suffix} PUBLIC RUX_HOSTED=1 ${RUX_VERSION_DEFS})
	target_link_options(rux_hosted${suffix} PUBLIC ${flags})

	add_executable(ktest${suffix} ${CMAKE_SOURCE_DIR}/tests/unit/ktest_main.c
		${RUX_KTEST_SOURCES} ${RUX_STRING_SOURCE})
	target_compile_options(ktest${suffix} PRIVATE ${RUX_WARNINGS})
	# Rux's string functions keep their own names (rux_memcpy...) here.
	set_source_files_properties(${RUX_STRING_SOURCE} ${RUX_KTEST_SOURCES}
		TARGET_DIRECTORY ktest${suffix}
		PROPERTIES COMPILE_OPTIONS "-include;${CMAKE_SOURCE_DIR}/tests/unit/string_rename.h;-fno-builtin")
	target_link_libraries(ktest${suffix} PRIVATE rux_hosted${suffix} cmocka)
endfunction()

if(RUX_SANITIZE)
	rux_hosted_variant("" -fsanitize=${RUX_SANITIZE} -fno-sanitize-recover=all)
else()
	rux_hosted_variant("")
endif()
rux_hosted_variant(_asan -fsanitize=address,undefined -fno-sanitize-recover=all)

# One ctest test per KTEST suite and variant. Suites are found in the sources.
set(RUX_KTEST_SUITES "")
foreach(src ${RUX_KTEST_SOURCES})
	file(STRINGS ${src} lines REGEX "^KTEST\\([a-z0-9_]+,")
	foreach(line ${lines})
		string(REGEX REPLACE "^KTEST\\(([a-z0-9_]+),.*" "\\1" suite "${line}")
		list(APPEND RUX_KTEST_SUITES ${suite})
	endforeach()
endforeach()
list(REMOVE_DUPLICATES RUX_KTEST_SUITES)

find_program(VALGRIND valgrind REQUIRED)
foreach(suite ${RUX_KTEST_SUITES})
	add_test(NAME unit.${suite} COMMAND ktest ${suite})
	add_test(NAME asan.${suite} COMMAND ktest_asan ${suite})
	add_test(NAME memcheck.${suite} COMMAND ${VALGRIND} -q --error-exitcode=1
		--leak-check=full --errors-for-leak-kinds=definite $<TARGET_FILE:ktest> ${suite})
	set_tests_properties(unit.${suite} PROPERTIES LABELS unit)
	set_tests_properties(asan.${suite} PROPERTIES LABELS asan)
	set_tests_properties(memcheck.${suite} PROPERTIES LABELS memcheck)
endforeach()

# Host-only CMocka tests: tests/unit/test_*.c, one executable and test each,
# linked with the helpers they share (blkfile.c: a host file as a disk;
# jbd2_image.c: ext4 images made by e2fsprogs).
add_library(rux_unit_helpers STATIC ${CMAKE_SOURCE_DIR}/tests/unit/blkfile.c
	${CMAKE_SOURCE_DIR}/tests/unit/jbd2_image.c)
target_compile_options(rux_unit_helpers PRIVATE ${RUX_WARNINGS})
target_link_libraries(rux_unit_helpers PUBLIC rux_hosted)
file(GLOB RUX_UNIT_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${RUX_UNIT_SOURCES})
	get_filename_component(name ${src} NAME_WE)
	add_executable(${name} ${src})
	target_compile_options(${name} PRIVATE ${RUX_WARNINGS})
	target_link_libraries(${name} PRIVATE rux_unit_helpers rux_hosted cmocka)
	add_test(NAME unit.${name} COMMAND ${name})
	add_test(NAME memcheck.${name} COMMAND ${VALGRIND} -q --error-exitcode=1
		--leak-check=full --errors-for-leak-kinds=definite $<TARGET_FILE:${name}>)
	set_tests_properties(unit.${name} PROPERTIES LABELS unit WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
	set_tests_properties(memcheck.${name} PROPERTIES LABELS memcheck WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
endforeach()

include(${CMAKE_SOURCE_DIR}/tests/unit/fdt.cmake)
include(${CMAKE_SOURCE_DIR}/tests/abi/abi.cmake)

# The riscv64 kernel, as a sub-build with the cross toolchain.
option(RUX_BUILD_RISCV64 "Also build the riscv64 kernel and its QEMU tests" ON)
if(RUX_BUILD_RISCV64)
	include(ExternalProject)
	set(RUX_RISCV64_DIR ${CMAKE_BINARY_DIR}/riscv64)
	ExternalProject_Add(rux_riscv64
		SOURCE_DIR ${CMAKE_SOURCE_DIR}
		BINARY_DIR ${RUX_RISCV64_DIR}
		CMAKE_ARGS -DRUX_PLATFORM=riscv64
			-DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv64-toolchain.cmake
		BUILD_ALWAYS ON
		INSTALL_COMMAND ""
		USES_TERMINAL_BUILD ON)
	set(RUX_KERNEL_BIN ${RUX_RISCV64_DIR}/kernel.bin)
	set(RUX_KERNEL_ELF ${RUX_RISCV64_DIR}/kernel.elf)
	include(${CMAKE_SOURCE_DIR}/tests/qemu/tests.cmake)
endif()
include(${CMAKE_SOURCE_DIR}/cmake/images.cmake)
include(${CMAKE_SOURCE_DIR}/cmake/sim.cmake)
include(${CMAKE_SOURCE_DIR}/cmake/fuzz.cmake)
