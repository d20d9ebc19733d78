# tests/qemu/tests.cmake - boot the riscv64 kernel in QEMU and check its
# console (included by cmake/hosted.cmake; RUX_KERNEL_BIN is the image the
# rux_riscv64 sub-build makes). Every test is labelled "qemu".
set(RUX_BOOT_CHECK ${CMAKE_SOURCE_DIR}/tests/qemu/boot-check)

# What every normal boot prints.
set(RUX_BOOT_BANNER --expect "^rux: version ${PROJECT_VERSION} riscv64$")
set(RUX_BOOT_NORMAL ${RUX_BOOT_BANNER}
	--expect "^mm: 512 MiB ram, [0-9]+ pages free, [0-9]+ KiB reserved$"
	--expect "^smp: cpu 0 \\(hart [0-9]+\\) up$"
	--expect "^timer: [0-9]+ ticks on each cpu$"
	--expect "^initrd: none$"
	--expect "^init: no init found, powering off$")
set(RUX_BOOT_SMP4
	--expect "^smp: 4 cpus online$"
	--expect "^smp: cpu 1 \\(hart [0-9]+\\) up$"
	--expect "^smp: cpu 2 \\(hart [0-9]+\\) up$"
	--expect "^smp: cpu 3 \\(hart [0-9]+\\) up$")
set(RUX_SELFTEST_OK --append rux.selftest=1
	--expect "^selftest: [0-9]+ passed, 0 failed$")

# rux_qemu_test(NAME ARGS...): one boot-check run, at most 60 s.
function(rux_qemu_test name)
	add_test(NAME ${name} COMMAND ${RUX_BOOT_CHECK} --kernel ${RUX_KERNEL_BIN} ${ARGN})
	set_tests_properties(${name} PROPERTIES LABELS qemu TIMEOUT 60)
endfunction()

rux_qemu_test(boot.smp1 --smp 1 ${RUX_BOOT_NORMAL} --expect "^smp: 1 cpus online$")
rux_qemu_test(boot.smp4 --smp 4 ${RUX_BOOT_NORMAL} ${RUX_BOOT_SMP4})
rux_qemu_test(boot.smp4.repeat --smp 4 --repeat 5 --timeout 10
	${RUX_BOOT_NORMAL} ${RUX_BOOT_SMP4})
rux_qemu_test(boot.mem1g --mem 1G ${RUX_BOOT_BANNER}
	--expect "^mm: 1024 MiB ram, [0-9]+ pages free, [0-9]+ KiB reserved$"
	--expect "^init: no init found, powering off$")
rux_qemu_test(boot.selftest.smp1 --smp 1 ${RUX_BOOT_BANNER} ${RUX_SELFTEST_OK})
rux_qemu_test(boot.selftest.smp4 --smp 4 ${RUX_BOOT_BANNER} ${RUX_SELFTEST_OK}
	--expect "^smp: 4 cpus online$")
rux_qemu_test(boot.fault --append rux.selftest=fault --status 2
	--expect "^trap: load page fault \\(scause 0xd\\) at sepc 0x[0-9a-f]+ <selftest_fault\\+0x[0-9a-f]+>"
	--expect "^panic: "
	--expect "^ +\\[<[0-9a-f]+>\\] selftest_fault\\+0x[0-9a-f]+")
rux_qemu_test(boot.initrd --initrd-size 12345 ${RUX_BOOT_BANNER}
	--expect "^initrd: 12345 bytes at 0x[0-9a-f]+$"
	--expect "^init: no init found, powering off$")
rux_qemu_test(boot.console --append rux.selftest=console
	--input "hello\\n" --input-after "^console: type a line"
	--expect "^console: got 'hello'$")

# User mode and user page tables (tests/ktest/uspace.c), one CPU and four.
set(RUX_USPACE_OK --append rux.selftest=uspace
	--expect "^uspace: null ecall round trip: [0-9]+ cycles, [0-9]+ ns"
	--expect "^selftest: [0-9]+ passed, 0 failed$")
rux_qemu_test(uspace.smp1 --smp 1 ${RUX_BOOT_BANNER} ${RUX_USPACE_OK})
rux_qemu_test(uspace.smp4 --smp 4 ${RUX_BOOT_BANNER} ${RUX_USPACE_OK})

# virtio-blk disks, over virtio-mmio and virtio-pci.
include(${CMAKE_SOURCE_DIR}/tests/qemu/virtio.cmake)

# The root on an ext4 disk; ext4 judged by e2fsck and debugfs; crashes.
include(${CMAKE_SOURCE_DIR}/tests/qemu/ext4.cmake)
