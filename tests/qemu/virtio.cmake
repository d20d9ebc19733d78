# tests/qemu/virtio.cmake - virtio-blk on QEMU: a fresh 64 MiB image of
# random bytes as /dev/vda over virtio-mmio and virtio-pci, checked from
# inside (tests/rootfs/virtio-blk) and outside (tests/qemu/virtio-check).
# Included by tests/qemu/tests.cmake; needs the test initramfs.
set(RUX_VIRTIO_CHECK ${CMAKE_SOURCE_DIR}/tests/qemu/virtio-check
	--kernel ${RUX_KERNEL_BIN} --initrd ${CMAKE_BINARY_DIR}/initramfs.cpio)

# rux_virtio_test(NAME ARGS...): one virtio-check run, at most 60 s.
function(rux_virtio_test name)
	add_test(NAME ${name} COMMAND ${RUX_VIRTIO_CHECK} ${ARGN})
	set_tests_properties(${name} PROPERTIES LABELS qemu TIMEOUT 60)
endfunction()

rux_virtio_test(virtio.blk.mmio --bus mmio --mode rw)
rux_virtio_test(virtio.blk.pci --bus pci --mode rw)
rux_virtio_test(virtio.blk.mmio.readonly --bus mmio --mode ro)
rux_virtio_test(virtio.blk.pci.readonly --bus pci --mode ro)
rux_virtio_test(virtio.blk.mmio.smp4 --bus mmio --mode smp --smp 4)
rux_virtio_test(virtio.blk.pci.smp4 --bus pci --mode smp --smp 4)
rux_virtio_test(virtio.blk.selftest.mmio --bus mmio --mode selftest --smp 4)
rux_virtio_test(virtio.blk.selftest.pci --bus pci --mode selftest)
