# cmake/fuzz.cmake - the libFuzzer targets of fuzz/ (see fuzz/README.md).
# Included from cmake/hosted.cmake.
#
#   rux_hosted_fuzz            the hosted kernel built with
#                              -fsanitize=fuzzer-no-link,address,undefined
#   fuzz_ext4, fuzz_elf,       the targets, in ${CMAKE_BINARY_DIR}/fuzz/
#   fuzz_cpio, fuzz_syscalls,  (target fuzz-targets builds them all)
#   fuzz_exec
#   fuzz/seeds/<target>/       seed corpora made at build time (fuzz/make-seeds)
#   fuzz/fuzz_syscalls.ext4    the ext4 image fuzz_syscalls mounts (make-seeds)
#   fuzz.<target>              ctest, label fuzz: a few seconds from the seeds
#   fuzz.<target>.regressions  ctest, label fuzz: every file of
#                              fuzz/regressions/<target>/ (when there are any)
#
# libFuzzer needs clang. When clang is the compiler the targets are built in
# this tree; otherwise, when a clang is installed, an external sub-build
# (${CMAKE_BINARY_DIR}/fuzz-clang) configures the same sources with it and
# builds only fuzz-targets, into the same ${CMAKE_BINARY_DIR}/fuzz/. Seeds
# and tests always belong to the outer tree, which has the riscv64 programs.
option(RUX_FUZZ "Build the libFuzzer targets (needs clang)" ON)
if(NOT RUX_FUZZ)
	return()
endif()
set(RUX_FUZZ_TARGETS fuzz_ext4 fuzz_elf fuzz_cpio fuzz_syscalls fuzz_exec)

# The clang to use, if it links libFuzzer programs (Debian: libclang-rt-dev).
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
	set(RUX_CLANG ${CMAKE_C_COMPILER})
else()
	find_program(RUX_CLANG NAMES clang clang-16 clang-15 clang-14)
endif()
if(RUX_CLANG AND NOT DEFINED RUX_CLANG_HAS_LIBFUZZER)
	set(probe ${CMAKE_BINARY_DIR}/CMakeFiles/fuzz-probe)
	file(WRITE ${probe}.c "int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n"
		"int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n")
	execute_process(COMMAND ${RUX_CLANG} -fsanitize=fuzzer,address,undefined ${probe}.c
		-o ${probe} RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
	if(status EQUAL 0)
		set(RUX_CLANG_HAS_LIBFUZZER ON CACHE INTERNAL "")
	else()
		set(RUX_CLANG_HAS_LIBFUZZER OFF CACHE INTERNAL "")
	endif()
endif()
if(NOT RUX_CLANG_HAS_LIBFUZZER)
	message(STATUS "fuzz: no clang with libFuzzer (scripts/setup installs one); no fuzz targets")
	return()
endif()
set(RUX_FUZZ_BIN_DIR ${CMAKE_BINARY_DIR}/fuzz CACHE PATH
	"Where the fuzz targets are built (the sub-build gets the outer tree's)")

if(CMAKE_C_COMPILER_ID MATCHES "Clang")
	rux_hosted_variant(_fuzz -fsanitize=fuzzer-no-link,address,undefined
		-fno-sanitize-recover=all)
	add_library(rux_fuzz_helpers STATIC ${CMAKE_SOURCE_DIR}/fuzz/fuzz_kernel.c
		${CMAKE_SOURCE_DIR}/fuzz/ramdisk.c ${CMAKE_SOURCE_DIR}/fuzz/walk.c
		${CMAKE_SOURCE_DIR}/fuzz/process.c)
	target_compile_options(rux_fuzz_helpers PRIVATE ${RUX_WARNINGS})
	target_link_libraries(rux_fuzz_helpers PUBLIC rux_hosted_fuzz)
	foreach(target ${RUX_FUZZ_TARGETS})
		add_executable(${target} ${CMAKE_SOURCE_DIR}/fuzz/${target}.c)
		target_compile_options(${target} PRIVATE ${RUX_WARNINGS})
		target_link_libraries(${target} PRIVATE rux_fuzz_helpers rux_hosted_fuzz)
		target_link_options(${target} PRIVATE -fsanitize=fuzzer)
		set_target_properties(${target} PROPERTIES
			RUNTIME_OUTPUT_DIRECTORY ${RUX_FUZZ_BIN_DIR})
	endforeach()
	target_compile_definitions(fuzz_syscalls PRIVATE
		FUZZ_SYSCALLS_IMAGE="${RUX_FUZZ_BIN_DIR}/fuzz_syscalls.ext4")
	add_custom_target(fuzz-targets DEPENDS ${RUX_FUZZ_TARGETS})
	if(RUX_FUZZ_SUBBUILD)
		return()
	endif()
	set(RUX_FUZZ_DEPENDS fuzz-targets)
else()
	include(ExternalProject)
	if(CMAKE_GENERATOR MATCHES "Makefiles")
		set(build_cmd $(MAKE) fuzz-targets) # shares make's job slots
	else()
		set(build_cmd ${CMAKE_COMMAND} --build <BINARY_DIR> --target fuzz-targets)
	endif()
	ExternalProject_Add(rux_fuzz
		SOURCE_DIR ${CMAKE_SOURCE_DIR}
		BINARY_DIR ${CMAKE_BINARY_DIR}/fuzz-clang
		CMAKE_ARGS -DCMAKE_C_COMPILER=${RUX_CLANG} -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
			-DRUX_BUILD_RISCV64=OFF -DRUX_FUZZ_SUBBUILD=ON
			-DRUX_FUZZ_BIN_DIR=${RUX_FUZZ_BIN_DIR}
		BUILD_COMMAND ${build_cmd}
		BUILD_ALWAYS ON
		INSTALL_COMMAND "")
	set(RUX_FUZZ_DEPENDS rux_fuzz)
endif()

# Seed corpora: made by fuzz/make-seeds, never stored in the repository.
set(RUX_FUZZ_SEEDS ${RUX_FUZZ_BIN_DIR}/seeds)
set(RUX_FUZZ_MAKE_SEEDS ${CMAKE_SOURCE_DIR}/fuzz/make-seeds)
add_custom_command(OUTPUT ${RUX_FUZZ_SEEDS}/fuzz_ext4.stamp
	COMMAND ${RUX_FUZZ_MAKE_SEEDS} ext4 ${RUX_FUZZ_SEEDS}/fuzz_ext4
	DEPENDS ${RUX_FUZZ_MAKE_SEEDS}
	COMMENT "Making the ext4 seed images" VERBATIM)
add_custom_command(OUTPUT ${RUX_FUZZ_SEEDS}/fuzz_cpio.stamp
	COMMAND ${RUX_FUZZ_MAKE_SEEDS} cpio ${RUX_FUZZ_SEEDS}/fuzz_cpio
	DEPENDS ${RUX_FUZZ_MAKE_SEEDS}
	COMMENT "Making the cpio seed archives" VERBATIM)
set(RUX_FUZZ_ELF_SEEDS ${RUX_USER_DIR}/hello ${RUX_USER_DIR}/exec ${RUX_BUSYBOX})
add_custom_command(OUTPUT ${RUX_FUZZ_SEEDS}/fuzz_elf.stamp
	COMMAND ${RUX_FUZZ_MAKE_SEEDS} elf ${RUX_FUZZ_SEEDS}/fuzz_elf ${RUX_FUZZ_ELF_SEEDS}
	DEPENDS ${RUX_FUZZ_MAKE_SEEDS} ${RUX_FUZZ_ELF_SEEDS}
	COMMENT "Making the ELF seed headers" VERBATIM)
add_custom_command(OUTPUT ${RUX_FUZZ_SEEDS}/fuzz_syscalls.stamp
		${RUX_FUZZ_BIN_DIR}/fuzz_syscalls.ext4
	COMMAND ${RUX_FUZZ_MAKE_SEEDS} syscalls ${RUX_FUZZ_SEEDS}/fuzz_syscalls
		${RUX_FUZZ_BIN_DIR}/fuzz_syscalls.ext4
	DEPENDS ${RUX_FUZZ_MAKE_SEEDS} ${CMAKE_SOURCE_DIR}/fuzz/syscall-seeds.py
		${CMAKE_SOURCE_DIR}/fuzz/fuzz_syscalls.c
	COMMENT "Making the system call programs and image" VERBATIM)
set(RUX_FUZZ_EXEC_SEEDS ${RUX_USER_DIR}/hello ${RUX_USER_DIR}/exec ${RUX_USER_DIR}/argv
	${RUX_BUSYBOX})
add_custom_command(OUTPUT ${RUX_FUZZ_SEEDS}/fuzz_exec.stamp
	COMMAND ${RUX_FUZZ_MAKE_SEEDS} exec ${RUX_FUZZ_SEEDS}/fuzz_exec ${RUX_FUZZ_EXEC_SEEDS}
	DEPENDS ${RUX_FUZZ_MAKE_SEEDS} ${CMAKE_SOURCE_DIR}/fuzz/elf-seeds.py ${RUX_FUZZ_EXEC_SEEDS}
	COMMENT "Making the exec seed programs" VERBATIM)
add_custom_target(fuzz-seeds ALL DEPENDS ${RUX_FUZZ_SEEDS}/fuzz_ext4.stamp
	${RUX_FUZZ_SEEDS}/fuzz_cpio.stamp ${RUX_FUZZ_SEEDS}/fuzz_elf.stamp
	${RUX_FUZZ_SEEDS}/fuzz_syscalls.stamp ${RUX_FUZZ_SEEDS}/fuzz_exec.stamp)
add_dependencies(fuzz-seeds ${RUX_FUZZ_DEPENDS})

# A few seconds each from the seeds (into a scratch corpus), and the kept
# crash inputs once each.
set(RUX_RUN_FUZZ ${CMAKE_SOURCE_DIR}/fuzz/run-fuzz --build ${CMAKE_BINARY_DIR})
foreach(target ${RUX_FUZZ_TARGETS})
	add_test(NAME fuzz.${target} COMMAND ${RUX_RUN_FUZZ} --seconds 5
		--corpus ${RUX_FUZZ_BIN_DIR}/ctest-corpus/${target} ${target})
	set_tests_properties(fuzz.${target} PROPERTIES LABELS fuzz TIMEOUT 120)
	file(GLOB regressions CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/regressions/${target}/*)
	if(regressions)
		add_test(NAME fuzz.${target}.regressions COMMAND ${RUX_RUN_FUZZ} --replay
			${CMAKE_SOURCE_DIR}/fuzz/regressions/${target} ${target})
		set_tests_properties(fuzz.${target}.regressions PROPERTIES LABELS fuzz TIMEOUT 120)
	endif()
endforeach()
