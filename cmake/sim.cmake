# ruxsim: the RV64GC interpreter library (sim/cpu), the ruxsim program (the
# hosted kernel with the interpreter as its CPU), their tests and the
# benchmark. Included from cmake/hosted.cmake (host builds only), after
# cmake/images.cmake, whose initramfs and Linux reference outputs the
# ruxsim tests use.
#
#   rux_sim_cpu, rux_sim_cpu_asan   the interpreter, plain and ASan+UBSan
#   rv64run, rv64run_asan           static riscv64 ELF loader + Linux syscall shim
#   ruxsim                          the simulator (sim/*.c + rux_hosted)
#   sim.unit, asan.sim.unit,        tests/sim/test_rv64.c (traps, SMC, counters)
#   memcheck.sim.unit
#   sim.conformance.<group>         random sequences vs qemu-riscv64
#   asan.sim.conformance.<group>    the same, fewer, under ASan+UBSan
#   sim.applets, asan.sim.applets   busybox applets under rv64run vs qemu-riscv64
#   sim.busybox.<name>              tests/busybox/<name>.sh on Rux under ruxsim
#   memcheck.ruxsim.busybox         the files script with ruxsim under Valgrind
#   sim.user.<name>                 tests/user/<name> on Rux under ruxsim
#   sim.determinism                 same seed, same console output and trace
#   sim-bench (target, not a test)  MIPS of the interpreter vs qemu-riscv64
file(GLOB RUX_SIM_CPU_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/sim/cpu/*.c)
# -frounding-math: the FPU code changes the host rounding mode at run time.
# -gdwarf-4: Valgrind 3.19 cannot read the DWARF 5 that clang 14 writes.
set(RUX_SIM_CFLAGS -O2 -g -gdwarf-4 -frounding-math)
set(RUX_SIM_ASAN -fsanitize=address,undefined -fno-sanitize-recover=all)
find_library(RUX_LIBM m)

function(rux_sim_variant suffix)
	set(flags ${ARGN})
	add_library(rux_sim_cpu${suffix} STATIC ${RUX_SIM_CPU_SOURCES})
	target_include_directories(rux_sim_cpu${suffix} PUBLIC ${RUX_INCLUDE_DIRS})
	target_compile_options(rux_sim_cpu${suffix} PUBLIC ${RUX_SIM_CFLAGS} ${flags}
		PRIVATE ${RUX_WARNINGS})
	target_link_options(rux_sim_cpu${suffix} PUBLIC ${flags})
	if(RUX_LIBM)
		target_link_libraries(rux_sim_cpu${suffix} PUBLIC ${RUX_LIBM})
	endif()

	add_executable(rv64run${suffix} ${CMAKE_SOURCE_DIR}/tests/sim/rv64run.c)
	target_compile_options(rv64run${suffix} PRIVATE ${RUX_WARNINGS})
	target_link_libraries(rv64run${suffix} PRIVATE rux_sim_cpu${suffix})

	add_executable(test_rv64${suffix} ${CMAKE_SOURCE_DIR}/tests/sim/test_rv64.c)
	target_compile_options(test_rv64${suffix} PRIVATE ${RUX_WARNINGS})
	target_link_libraries(test_rv64${suffix} PRIVATE rux_sim_cpu${suffix} cmocka)
endfunction()

rux_sim_variant("")
rux_sim_variant(_asan ${RUX_SIM_ASAN})

add_test(NAME sim.unit COMMAND test_rv64)
add_test(NAME asan.sim.unit COMMAND test_rv64_asan)
set_tests_properties(sim.unit PROPERTIES LABELS "unit;sim")
set_tests_properties(asan.sim.unit PROPERTIES LABELS "asan;sim")
if(VALGRIND)
	# Not the conformance tests: Valgrind runs SSE code in round-to-nearest only.
	add_test(NAME memcheck.sim.unit COMMAND ${VALGRIND} -q --error-exitcode=1
		--leak-check=full --errors-for-leak-kinds=definite $<TARGET_FILE:test_rv64>)
	set_tests_properties(memcheck.sim.unit PROPERTIES LABELS "memcheck;sim")
endif()

# The conformance test needs python3, the riscv64 binutils/gcc and qemu-riscv64.
find_program(RUX_PYTHON3 python3)
find_program(RUX_RV64_GCC riscv64-linux-gnu-gcc)
find_program(RUX_RV64_OBJDUMP riscv64-linux-gnu-objdump)
find_program(RUX_RV64_NM riscv64-linux-gnu-nm)
find_program(RUX_QEMU_USER qemu-riscv64)
if(RUX_PYTHON3 AND RUX_RV64_GCC AND RUX_RV64_OBJDUMP AND RUX_RV64_NM AND RUX_QEMU_USER)
	set(RUX_SIM_GROUPS rv64im rv64a rv64f rv64d rv64c zicsr zb)
	set(RUX_SIM_CONF ${RUX_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/sim/conformance.py
		--gcc ${RUX_RV64_GCC} --objdump ${RUX_RV64_OBJDUMP} --nm ${RUX_RV64_NM}
		--qemu ${RUX_QEMU_USER})
	foreach(group ${RUX_SIM_GROUPS})
		add_test(NAME sim.conformance.${group} COMMAND ${RUX_SIM_CONF}
			--group ${group} --count 1000 --runner $<TARGET_FILE:rv64run>)
		add_test(NAME asan.sim.conformance.${group} COMMAND ${RUX_SIM_CONF}
			--group ${group} --count 200 --seed 2 --runner $<TARGET_FILE:rv64run_asan>)
		set_tests_properties(sim.conformance.${group} PROPERTIES LABELS "sim;conformance")
		set_tests_properties(asan.sim.conformance.${group} PROPERTIES LABELS "asan;sim")
	endforeach()

	# Debian's busybox on the interpreter vs qemu-riscv64 (skipped until fetched).
	set(RUX_SIM_BUSYBOX ${CMAKE_BINARY_DIR}/debian/root/usr/bin/busybox CACHE FILEPATH
		"The riscv64 busybox for sim.applets (scripts/debian-fetch puts it there)")
	foreach(variant "" _asan)
		if(variant)
			set(name asan.sim.applets)
		else()
			set(name sim.applets)
		endif()
		add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/busybox.sh
			$<TARGET_FILE:rv64run${variant}> ${RUX_QEMU_USER} ${RUX_SIM_BUSYBOX}
			${CMAKE_SOURCE_DIR}/docs)
		set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
	endforeach()
	set_tests_properties(sim.applets PROPERTIES LABELS "sim;conformance")
	set_tests_properties(asan.sim.applets PROPERTIES LABELS "asan;sim")

	# sim-bench: a compute-heavy riscv64 program under the interpreter and qemu-riscv64.
	set(RUX_SIM_BENCH_ELF ${CMAKE_BINARY_DIR}/sim-bench.elf)
	add_custom_command(OUTPUT ${RUX_SIM_BENCH_ELF}
		COMMAND ${RUX_RV64_GCC} -O2 -nostdlib -static -ffreestanding
			-o ${RUX_SIM_BENCH_ELF} ${CMAKE_SOURCE_DIR}/tests/sim/bench.c
		DEPENDS ${CMAKE_SOURCE_DIR}/tests/sim/bench.c)
	add_custom_target(sim-bench
		COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/bench.sh $<TARGET_FILE:rv64run>
			${RUX_QEMU_USER} ${RUX_SIM_BENCH_ELF}
		DEPENDS rv64run ${RUX_SIM_BENCH_ELF} USES_TERMINAL)
else()
	message(STATUS "sim: python3, riscv64-linux-gnu-gcc/objdump/nm or qemu-riscv64 missing; "
		"no conformance tests")
endif()

# ruxsim. Its sim/hal_user.c defines hal_user_run(), so the linker never
# takes hal/hosted/user.c (the panicking one) out of the hosted library.
file(GLOB RUX_RUXSIM_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/sim/*.c)
add_executable(ruxsim ${RUX_RUXSIM_SOURCES})
target_compile_options(ruxsim PRIVATE ${RUX_WARNINGS})
target_link_libraries(ruxsim PRIVATE rux_sim_cpu rux_hosted)

# The user-space tests of cmake/images.cmake on ruxsim: same initramfs, same
# expected outputs as the QEMU runs (busybox.<name>, rux.user.<name>).
set(RUX_SIM_CHECK ${CMAKE_SOURCE_DIR}/tests/sim/sim-check --ruxsim $<TARGET_FILE:ruxsim>
	--initrd ${RUX_INITRAMFS} --timeout 60)
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	add_test(NAME sim.busybox.${name} COMMAND ${RUX_SIM_CHECK} --name ${name}
		--expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
		-- sh /tests/busybox/${name}.sh)
	set_tests_properties(sim.busybox.${name} PROPERTIES LABELS "sim;busybox" TIMEOUT 90)
endforeach()
# One of them with ruxsim under Valgrind, on four simulated CPUs (the CPU
# switches between host stacks included). setarch -R: with address-space
# randomization already off, ruxsim does not re-exec itself (which would
# leave Valgrind behind).
find_program(RUX_SETARCH setarch)
if(VALGRIND AND RUX_SETARCH)
	file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/ruxsim-memcheck
		CONTENT "#!/bin/sh\nexec ${RUX_SETARCH} -R ${VALGRIND} -q --error-exitcode=1 \
--leak-check=full --errors-for-leak-kinds=definite $<TARGET_FILE:ruxsim> \"$@\"\n"
		FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
			WORLD_READ WORLD_EXECUTE)
	add_test(NAME memcheck.ruxsim.busybox COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/sim-check
		--ruxsim ${CMAKE_BINARY_DIR}/ruxsim-memcheck --initrd ${RUX_INITRAMFS} --timeout 60
		--smp 4 --name files --expected ${CMAKE_SOURCE_DIR}/tests/busybox/files.expected
		-- sh /tests/busybox/files.sh)
	set_tests_properties(memcheck.ruxsim.busybox PROPERTIES LABELS "memcheck;sim" TIMEOUT 90)
endif()
foreach(src ${RUX_USER_SOURCES})
	get_filename_component(name ${src} NAME_WE)
	add_test(NAME sim.user.${name} COMMAND ${RUX_SIM_CHECK} --name ${name}
		--expected ${RUX_USER_OUT}/${name}.out -- /usr/libexec/rux-tests/${name})
	set_tests_properties(sim.user.${name} PROPERTIES LABELS "sim;user" TIMEOUT 90
		FIXTURES_REQUIRED linux.${name})
endforeach()
add_test(NAME sim.determinism COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/determinism.sh
	$<TARGET_FILE:ruxsim> ${RUX_INITRAMFS})
set_tests_properties(sim.determinism PROPERTIES LABELS "sim" TIMEOUT 90)

# ruxsim --smp 4: the kernel's SMP paths (per-CPU run queues, migration,
# affinity, IPIs, TLB shootdowns, futexes between CPUs) on four simulated
# CPUs sharing ruxsim's one host thread.
#   sim.smp.user.<name>      the thread, futex, signal and process programs of
#                            tests/user, against the same Linux output
#   sim.smp.busybox.<name>   the busybox scripts, against the same expected output
#   sim.smp.cpus             nproc, /proc/cpuinfo, pinning to CPU 3 (getcpu,
#                            /proc/self/stat)
#   sim.smp.determinism      same seed, same console output and trace
#   sim.smp.selftest         every KTEST in the kernel (ruxsim-ktest: ruxsim
#                            with the KTESTs linked in, rux.selftest=1)
#   asan.sim.smp.busybox.<name>  the busybox scripts on ruxsim_asan (ASan+UBSan)
set(RUX_SIM_SMP_USER futex sched signal sigchld sigmask fork_wait vfork exec exit
	pipe pipe_atomic poll cow mman itimer zombie fdshare pgrp)
foreach(name ${RUX_SIM_SMP_USER})
	add_test(NAME sim.smp.user.${name} COMMAND ${RUX_SIM_CHECK} --smp 4 --name ${name}
		--expected ${RUX_USER_OUT}/${name}.out -- /usr/libexec/rux-tests/${name})
	set_tests_properties(sim.smp.user.${name} PROPERTIES LABELS "sim;smp;user" TIMEOUT 90
		FIXTURES_REQUIRED linux.${name})
endforeach()
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	add_test(NAME sim.smp.busybox.${name} COMMAND ${RUX_SIM_CHECK} --smp 4 --name ${name}
		--expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
		-- sh /tests/busybox/${name}.sh)
	set_tests_properties(sim.smp.busybox.${name} PROPERTIES LABELS "sim;smp;busybox" TIMEOUT 90)
endforeach()
add_test(NAME sim.smp.cpus COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/smp-cpus.sh
	$<TARGET_FILE:ruxsim> ${RUX_INITRAMFS} ${RUX_USER_OUT}/sched.out)
set_tests_properties(sim.smp.cpus PROPERTIES LABELS "sim;smp" TIMEOUT 90
	FIXTURES_REQUIRED linux.sched)
add_test(NAME sim.smp.determinism COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/determinism.sh
	$<TARGET_FILE:ruxsim> ${RUX_INITRAMFS} 4)
set_tests_properties(sim.smp.determinism PROPERTIES LABELS "sim;smp" TIMEOUT 90)

# The busybox scripts on four CPUs again, on the ASan+UBSan kernel and
# interpreter: a kernel race that a CPU switch exposes becomes a report
# (pipe_release() waking a pipe the other end had just freed, for one).
add_executable(ruxsim_asan ${RUX_RUXSIM_SOURCES})
target_compile_options(ruxsim_asan PRIVATE ${RUX_WARNINGS})
target_link_libraries(ruxsim_asan PRIVATE rux_sim_cpu_asan rux_hosted_asan)
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	add_test(NAME asan.sim.smp.busybox.${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/sim-check
		--ruxsim $<TARGET_FILE:ruxsim_asan> --initrd ${RUX_INITRAMFS} --timeout 60 --smp 4
		--name ${name} --expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
		-- sh /tests/busybox/${name}.sh)
	set_tests_properties(asan.sim.smp.busybox.${name} PROPERTIES LABELS "asan;sim;smp"
		TIMEOUT 90)
endforeach()

# The KTEST sources get Rux's renamed string functions here as in ktest
# (their source properties, set in cmake/hosted.cmake, apply to every target).
add_executable(ruxsim-ktest ${RUX_RUXSIM_SOURCES} ${RUX_KTEST_SOURCES} ${RUX_STRING_SOURCE})
target_compile_options(ruxsim-ktest PRIVATE ${RUX_WARNINGS})
target_link_libraries(ruxsim-ktest PRIVATE rux_sim_cpu rux_hosted)
add_test(NAME sim.smp.selftest COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/smp-selftest.sh
	$<TARGET_FILE:ruxsim-ktest> ${RUX_INITRAMFS})
set_tests_properties(sim.smp.selftest PROPERTIES LABELS "sim;smp" TIMEOUT 120)

# ruxsim's virtio device models (hal/hosted/virtio_*.c) under the kernel's
# own drivers, on the ext4 root disk QEMU boots:
#   sim.ext4.root             write files on a copy of rootfs.ext4, then e2fsck
#                             and debugfs on the host; read-only disks; errors
#   sim.ext4.busybox.<name>   the busybox scripts with the root on ext4
#   sim.virtio.rng            /dev/hwrng: same seed, same bytes
#   sim.determinism.disk      same seed, same console output and image
add_test(NAME sim.ext4.root COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/ext4-root.sh
	$<TARGET_FILE:ruxsim> ${RUX_ROOTFS_EXT4})
set_tests_properties(sim.ext4.root PROPERTIES LABELS "sim;ext4" TIMEOUT 90)
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	add_test(NAME sim.ext4.busybox.${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/sim-check
		--ruxsim $<TARGET_FILE:ruxsim> --disk ${RUX_ROOTFS_EXT4} --timeout 60
		--name ${name} --expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
		-- sh /tests/busybox/${name}.sh)
	set_tests_properties(sim.ext4.busybox.${name} PROPERTIES LABELS "sim;ext4;busybox"
		TIMEOUT 90)
endforeach()
add_test(NAME sim.virtio.rng COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/virtio-rng.sh
	$<TARGET_FILE:ruxsim> ${RUX_INITRAMFS})
set_tests_properties(sim.virtio.rng PROPERTIES LABELS "sim" TIMEOUT 90)
add_test(NAME sim.determinism.disk COMMAND ${CMAKE_SOURCE_DIR}/tests/sim/determinism-disk.sh
	$<TARGET_FILE:ruxsim> ${RUX_ROOTFS_EXT4})
set_tests_properties(sim.determinism.disk PROPERTIES LABELS "sim;ext4" TIMEOUT 90)
