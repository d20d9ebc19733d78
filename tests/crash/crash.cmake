# tests/crash/crash.cmake - crash-writer, the guest half of the ext4 crash
# tests (tests/qemu/ext4-crash), included by cmake/images.cmake before the
# initramfs is packed; it goes into the image (and rootfs.ext4) as
# /usr/libexec/rux-crash/crash-writer. Not a tests/user program: it has no
# Linux reference run of its own.
set(RUX_CRASH_SRC ${CMAKE_SOURCE_DIR}/tests/crash/crash-writer.c)
set(RUX_CRASH_BIN ${CMAKE_BINARY_DIR}/crash/crash-writer)
add_custom_command(OUTPUT ${RUX_CRASH_BIN}
	COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/crash
	COMMAND ${RUX_USER_CC} ${RUX_USER_CFLAGS} -o ${RUX_CRASH_BIN}
		${RUX_MUSL_DIR}/lib/crt1.o ${RUX_MUSL_DIR}/lib/crti.o ${RUX_CRASH_SRC}
		${RUX_MUSL_DIR}/lib/libc.a ${RUX_USER_LIBGCC} ${RUX_MUSL_DIR}/lib/crtn.o
	DEPENDS ${RUX_CRASH_SRC} ${RUX_MUSL_DIR}/lib/libc.a
	COMMENT "Building riscv64 crash-test writer"
	VERBATIM)
list(APPEND RUX_USER_PROGRAMS ${RUX_CRASH_BIN})
list(APPEND RUX_INITRAMFS_FILES ${RUX_CRASH_BIN}=usr/libexec/rux-crash/crash-writer)
