# cmake/images.cmake - Rux's riscv64 user space and its tests (included by
# cmake/hosted.cmake).
#
#   ${CMAKE_BINARY_DIR}/debian/          Debian's riscv64 busybox-static (scripts/debian-fetch)
#   ${CMAKE_BINARY_DIR}/musl/install/    musl libc built from source (scripts/build-musl)
#   ${CMAKE_BINARY_DIR}/user/<name>      tests/user/<name>.c, static riscv64 musl programs
#   ${CMAKE_BINARY_DIR}/initramfs.cpio   busybox + applet links, /init, the test programs
#                                        in /usr/libexec/rux-tests, ruxbench in
#                                        /usr/libexec/rux-bench (tests/bench/bench.cmake),
#                                        the crash-test writer (tests/crash/crash.cmake),
#                                        busybox scripts in
#                                        /tests/busybox, the test runner /tests/run
#   ${CMAKE_BINARY_DIR}/rootfs.ext4      the same tree as a 128 MiB ext4 disk (root=/dev/vda)
#
# Downloads happen once per build tree; later builds need no network. Tests:
#
#   user.<name>.linux    the program under qemu-user on the host's Linux kernel:
#                        proves the test is right (always on)
#   busybox.<name>.linux tests/busybox/<name>.sh the same way, output compared
#                        with <name>.expected (always on)
#   rux.user.<name>      the program on Rux in QEMU; its output must equal the
#                        .linux run's (option RUX_USERLAND_TESTS, on by default)
#   busybox.<name>       the script on Rux in QEMU against <name>.expected
#                        (option RUX_USERLAND_TESTS)
#   conformance.user.<name>, conformance.busybox.<name>
#                        the same initramfs booted on Debian's Linux kernel in
#                        the same QEMU: the real reference (option
#                        RUX_CONFORMANCE_TESTS; downloads the ~10 MB kernel)
if(RUX_PLATFORM STREQUAL "riscv64")
	return()
endif()
enable_testing()
option(RUX_USERLAND_TESTS "Run the user-space tests on Rux in QEMU (rux.user.*, busybox.*)" ON)
option(RUX_CONFORMANCE_TESTS "Run the user-space tests on Debian's Linux kernel in QEMU" OFF)

find_program(RUX_USER_CC riscv64-linux-gnu-gcc REQUIRED)
find_program(RUX_QEMU_USER qemu-riscv64 REQUIRED)
find_program(RUX_CPIO cpio REQUIRED)

set(RUX_SCRIPTS ${CMAKE_SOURCE_DIR}/scripts)
set(RUX_DEBIAN_DIR ${CMAKE_BINARY_DIR}/debian)
set(RUX_BUSYBOX ${RUX_DEBIAN_DIR}/root/usr/bin/busybox)
set(RUX_MUSL_DIR ${CMAKE_BINARY_DIR}/musl/install)
set(RUX_USER_DIR ${CMAKE_BINARY_DIR}/user)
set(RUX_INITRAMFS ${CMAKE_BINARY_DIR}/initramfs.cpio)
set(RUX_ROOTFS_EXT4 ${CMAKE_BINARY_DIR}/rootfs.ext4)
set(RUX_ROOTFS_EXT4_SIZE 128M)
find_program(RUX_MKFS_EXT4 mkfs.ext4 PATHS /sbin /usr/sbin REQUIRED)
set(RUX_LINUX_RUN ${CMAKE_SOURCE_DIR}/tests/user/linux-run)

# busybox is downloaded once per build tree (no DEPENDS: only when missing);
# musl is rebuilt when scripts/build-musl changes how it is built.
add_custom_command(OUTPUT ${RUX_BUSYBOX}
	COMMAND ${RUX_SCRIPTS}/debian-fetch ${RUX_DEBIAN_DIR} busybox-static
	COMMENT "Fetching Debian's riscv64 busybox-static"
	VERBATIM)
add_custom_command(OUTPUT ${RUX_MUSL_DIR}/lib/libc.a
	COMMAND ${RUX_SCRIPTS}/build-musl ${CMAKE_BINARY_DIR}/musl
	DEPENDS ${RUX_SCRIPTS}/build-musl
	COMMENT "Building musl libc for riscv64"
	VERBATIM)

# Test programs: static, -O2, warnings are errors, musl's start files.
execute_process(COMMAND ${RUX_USER_CC} -print-file-name=include
	OUTPUT_VARIABLE RUX_USER_GCC_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${RUX_USER_CC} -print-libgcc-file-name
	OUTPUT_VARIABLE RUX_USER_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
set(RUX_USER_CFLAGS -std=gnu11 -O2 -g -Wall -Wextra -Werror -static -nostdlib -nostdinc
	-isystem ${RUX_MUSL_DIR}/include -isystem ${RUX_USER_GCC_INCLUDE})
file(GLOB RUX_USER_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/user/*.c)
file(GLOB RUX_USER_HEADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/user/*.h)
file(GLOB RUX_BUSYBOX_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/busybox/*.sh)
file(GLOB RUX_ROOTFS_FILES LIST_DIRECTORIES false CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/rootfs/*
	${CMAKE_SOURCE_DIR}/tests/rootfs/etc/*)

set(RUX_USER_PROGRAMS "")
set(RUX_BUSYBOX_EXPECTED "")
set(RUX_INITRAMFS_FILES
	${CMAKE_SOURCE_DIR}/tests/rootfs/run-test=tests/run
	${CMAKE_SOURCE_DIR}/tests/rootfs/limits=tests/limits
	${CMAKE_SOURCE_DIR}/tests/rootfs/virtio-blk=tests/virtio-blk
	${CMAKE_SOURCE_DIR}/tests/rootfs/ext4-judge=tests/ext4-judge
	${CMAKE_SOURCE_DIR}/tests/rootfs/ext4-root=tests/ext4-root)
foreach(src ${RUX_USER_SOURCES})
	get_filename_component(name ${src} NAME_WE)
	set(bin ${RUX_USER_DIR}/${name})
	add_custom_command(OUTPUT ${bin}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${RUX_USER_DIR}
		COMMAND ${RUX_USER_CC} ${RUX_USER_CFLAGS} -o ${bin}
			${RUX_MUSL_DIR}/lib/crt1.o ${RUX_MUSL_DIR}/lib/crti.o ${src}
			${RUX_MUSL_DIR}/lib/libc.a ${RUX_USER_LIBGCC} ${RUX_MUSL_DIR}/lib/crtn.o
		DEPENDS ${src} ${RUX_USER_HEADERS} ${RUX_MUSL_DIR}/lib/libc.a
		COMMENT "Building riscv64 test program ${name}"
		VERBATIM)
	list(APPEND RUX_USER_PROGRAMS ${bin})
	list(APPEND RUX_INITRAMFS_FILES ${bin}=usr/libexec/rux-tests/${name})
endforeach()
include(${CMAKE_SOURCE_DIR}/tests/bench/bench.cmake)
include(${CMAKE_SOURCE_DIR}/tests/crash/crash.cmake)
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	set(expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected)
	list(APPEND RUX_BUSYBOX_EXPECTED ${expected})
	list(APPEND RUX_INITRAMFS_FILES ${script}=tests/busybox/${name}.sh
		${expected}=tests/busybox/${name}.expected)
endforeach()

add_custom_command(OUTPUT ${RUX_INITRAMFS}
	COMMAND ${CMAKE_COMMAND} -E env RUX_DEBIAN_DIR=${RUX_DEBIAN_DIR}
		${RUX_SCRIPTS}/mkinitramfs ${RUX_INITRAMFS} ${CMAKE_BINARY_DIR}/rootfs
		${RUX_INITRAMFS_FILES}
	DEPENDS ${RUX_BUSYBOX} ${RUX_USER_PROGRAMS} ${RUX_BUSYBOX_SCRIPTS}
		${RUX_BUSYBOX_EXPECTED} ${RUX_ROOTFS_FILES} ${RUX_SCRIPTS}/mkinitramfs
	COMMENT "Packing the test initramfs"
	VERBATIM)
# The same tree as an ext4 disk for root=/dev/vda ("make run" boots it; tests
# copy it). mkfs.ext4 -d copies the staging directory the initramfs was packed
# from; owners are the builder's (root on the project's machines and CI).
add_custom_command(OUTPUT ${RUX_ROOTFS_EXT4}
	COMMAND ${CMAKE_COMMAND} -E remove -f ${RUX_ROOTFS_EXT4}
	COMMAND ${RUX_MKFS_EXT4} -q -F -d ${CMAKE_BINARY_DIR}/rootfs -L rux-root
		-E root_owner=0:0 ${RUX_ROOTFS_EXT4} ${RUX_ROOTFS_EXT4_SIZE}
	DEPENDS ${RUX_INITRAMFS}
	COMMENT "Making the ext4 root disk rootfs.ext4"
	VERBATIM)
add_custom_target(rux_images ALL DEPENDS ${RUX_INITRAMFS} ${RUX_ROOTFS_EXT4})

# Linux runs: the reference. Each user program's output is kept for the Rux run.
set(RUX_USER_OUT ${CMAKE_BINARY_DIR}/user-out)
file(MAKE_DIRECTORY ${RUX_USER_OUT})
foreach(src ${RUX_USER_SOURCES})
	get_filename_component(name ${src} NAME_WE)
	add_test(NAME user.${name}.linux
		COMMAND sh -c "\"$0\" \"$1\" >\"$2\" 2>&1; s=$?; cat \"$2\"; exit $s"
			${RUX_LINUX_RUN} ${RUX_USER_DIR}/${name} ${RUX_USER_OUT}/${name}.out)
	set_tests_properties(user.${name}.linux PROPERTIES LABELS "user;linux" TIMEOUT 60
		FIXTURES_SETUP linux.${name})
endforeach()
foreach(script ${RUX_BUSYBOX_SCRIPTS})
	get_filename_component(name ${script} NAME_WE)
	add_test(NAME busybox.${name}.linux
		COMMAND ${CMAKE_SOURCE_DIR}/tests/busybox/linux-check ${RUX_BUSYBOX} ${script})
	set_tests_properties(busybox.${name}.linux PROPERTIES LABELS "busybox;linux" TIMEOUT 60)
endforeach()

# Rux runs, once the kernel can run them.
if(RUX_USERLAND_TESTS)
	if(NOT DEFINED RUX_KERNEL_BIN)
		set(RUX_KERNEL_BIN ${CMAKE_BINARY_DIR}/riscv64/kernel.bin)
	endif()
	set(RUX_CHECK ${CMAKE_SOURCE_DIR}/tests/rootfs/rux-check
		--kernel ${RUX_KERNEL_BIN} --initrd ${RUX_INITRAMFS} --timeout 60)
	foreach(src ${RUX_USER_SOURCES})
		get_filename_component(name ${src} NAME_WE)
		add_test(NAME rux.user.${name} COMMAND ${RUX_CHECK} --name ${name}
			--expected ${RUX_USER_OUT}/${name}.out -- /usr/libexec/rux-tests/${name})
		set_tests_properties(rux.user.${name} PROPERTIES LABELS "user;qemu" TIMEOUT 90
			FIXTURES_REQUIRED linux.${name})
	endforeach()
	foreach(script ${RUX_BUSYBOX_SCRIPTS})
		get_filename_component(name ${script} NAME_WE)
		add_test(NAME busybox.${name} COMMAND ${RUX_CHECK} --name ${name}
			--expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
			-- sh /tests/busybox/${name}.sh)
		set_tests_properties(busybox.${name} PROPERTIES LABELS "busybox;qemu" TIMEOUT 90)
	endforeach()
	# Fork bombs and memory hogs end in EAGAIN and a killed process.
	add_test(NAME rux.limits COMMAND ${RUX_CHECK} --name limits
		--expected ${CMAKE_SOURCE_DIR}/tests/rootfs/limits.expected -- sh /tests/limits)
	set_tests_properties(rux.limits PROPERTIES LABELS "qemu" TIMEOUT 90)
	# Job control and line editing, typed on the serial console as a person would.
	add_test(NAME tty.jobs COMMAND ${CMAKE_SOURCE_DIR}/tests/qemu/tty-check
		--kernel ${RUX_KERNEL_BIN} --initrd ${RUX_INITRAMFS}
		--append "rux.cmd=\"setsid -c sh -i\"" --timeout 60
		${CMAKE_SOURCE_DIR}/tests/qemu/jobs.tty)
	set_tests_properties(tty.jobs PROPERTIES LABELS "qemu" TIMEOUT 90)
	# The default boot: a login shell with job control; poweroff ends QEMU.
	add_test(NAME tty.login COMMAND ${CMAKE_SOURCE_DIR}/tests/qemu/tty-check
		--kernel ${RUX_KERNEL_BIN} --initrd ${RUX_INITRAMFS} --timeout 60
		${CMAKE_SOURCE_DIR}/tests/qemu/login.tty)
	set_tests_properties(tty.login PROPERTIES LABELS "qemu" TIMEOUT 90)
endif()

# The reference: Debian's Linux kernel booting the same initramfs.
if(RUX_CONFORMANCE_TESTS)
	set(RUX_LINUX_IMAGE ${CMAKE_BINARY_DIR}/linux/Image)
	add_custom_command(OUTPUT ${RUX_LINUX_IMAGE}
		COMMAND sh -c "cp \"$(\"$0\" \"$1\")\" \"$2\"" ${RUX_SCRIPTS}/linux-kernel
			${CMAKE_BINARY_DIR}/linux ${RUX_LINUX_IMAGE}
		COMMENT "Fetching Debian's riscv64 Linux kernel"
		VERBATIM)
	add_custom_target(rux_linux_reference ALL DEPENDS ${RUX_LINUX_IMAGE})
	set(RUX_LINUX_CHECK ${CMAKE_SOURCE_DIR}/tests/rootfs/rux-check --linux
		--kernel ${RUX_LINUX_IMAGE} --initrd ${RUX_INITRAMFS} --timeout 60)
	foreach(src ${RUX_USER_SOURCES})
		get_filename_component(name ${src} NAME_WE)
		add_test(NAME conformance.user.${name} COMMAND ${RUX_LINUX_CHECK} --name ${name}
			--expected ${RUX_USER_OUT}/${name}.out -- /usr/libexec/rux-tests/${name})
		set_tests_properties(conformance.user.${name} PROPERTIES
			LABELS "user;conformance" TIMEOUT 90 FIXTURES_REQUIRED linux.${name})
	endforeach()
	foreach(script ${RUX_BUSYBOX_SCRIPTS})
		get_filename_component(name ${script} NAME_WE)
		add_test(NAME conformance.busybox.${name} COMMAND ${RUX_LINUX_CHECK} --name ${name}
			--expected ${CMAKE_SOURCE_DIR}/tests/busybox/${name}.expected
			-- sh /tests/busybox/${name}.sh)
		set_tests_properties(conformance.busybox.${name} PROPERTIES
			LABELS "busybox;conformance" TIMEOUT 90)
	endforeach()
endif()
