# tests/qemu/ext4.cmake - the root on ext4 (root=/dev/vda) and ext4 judged
# by e2fsprogs, in QEMU. Included by tests/qemu/tests.cmake; needs the test
# images (rootfs.ext4, initramfs.cpio: cmake/images.cmake) and e2fsprogs.
# Each test takes 5-30 s; see tests/qemu/README.md.
set(RUX_ROOTFS_EXT4_IMAGE ${CMAKE_BINARY_DIR}/rootfs.ext4)
set(RUX_EXT4_ARGS --kernel ${RUX_KERNEL_BIN} --rootfs ${RUX_ROOTFS_EXT4_IMAGE})

# rux_ext4_test(NAME SCRIPT ARGS...): tests/qemu/SCRIPT. Each is sized to
# take 30 s at most on a quiet 2-core machine; the limits (QEMU's in the
# scripts, ctest's here) leave room for a loaded one: they catch hangs, not
# slowness.
function(rux_ext4_test name script)
	add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/qemu/${script} ${RUX_EXT4_ARGS} ${ARGN})
	set_tests_properties(${name} PROPERTIES LABELS qemu TIMEOUT 120)
endfunction()

# Booting from the disk: mounts, df, the second disk, and every way it fails.
foreach(mode rw ro initramfs missing nodisk notfs)
	rux_ext4_test(ext4.root.${mode} ext4-root --mode ${mode}
		--initrd ${CMAKE_BINARY_DIR}/initramfs.cpio)
endforeach()

# e2fsck -fn and debugfs against what the guest did on a fresh disk.
rux_ext4_test(ext4.judge.tree ext4-judge --part tree)
rux_ext4_test(ext4.judge.names ext4-judge --part names)
rux_ext4_test(ext4.judge.wide ext4-judge --part wide)
rux_ext4_test(ext4.judge.attrs ext4-judge --part attrs)

# Power cut while fsyncing, 24 points in two tests: the journal must keep
# every fsynced file (K: after K durable operations, :MS that many ms later).
rux_ext4_test(ext4.crash.a ext4-crash --points "1 2:3 4 7:1 11 16:5 22 29:2 37 46:8 56 67:4")
rux_ext4_test(ext4.crash.b ext4-crash --points "3:2 5 9:6 13 19:1 25 33:9 41 51:3 61 73:7 90")
