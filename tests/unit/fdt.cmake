# tests/unit/fdt.cmake - device trees dumped by the QEMU that boots Rux, for
# tests/unit/test_fdt_qemu.c. Included from cmake/hosted.cmake; the wiring
# to the test target is deferred to the end of the top directory, so the
# include may come before or after the test_*.c loop.
find_program(QEMU_RISCV64 qemu-system-riscv64 REQUIRED)

set(RUX_FDT_QEMU_DIR ${CMAKE_BINARY_DIR}/fdt-qemu)
set(RUX_FDT_QEMU_DTBS "")
# name smp mem
foreach(machine "virt-smp4-1g;4;1G" "virt-smp1-512m;1;512M")
	list(GET machine 0 name)
	list(GET machine 1 smp)
	list(GET machine 2 mem)
	set(dtb ${RUX_FDT_QEMU_DIR}/${name}.dtb)
	add_custom_command(OUTPUT ${dtb}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${RUX_FDT_QEMU_DIR}
		COMMAND ${QEMU_RISCV64} -machine virt,dumpdtb=${dtb} -smp ${smp} -m ${mem}
			-nographic -display none
		COMMENT "Dumping the QEMU virt device tree ${name}.dtb"
		VERBATIM)
	list(APPEND RUX_FDT_QEMU_DTBS ${dtb})
endforeach()
add_custom_target(fdt_qemu_dtbs ALL DEPENDS ${RUX_FDT_QEMU_DTBS})

function(rux_fdt_qemu_wire)
	if(TARGET test_fdt_qemu)
		add_dependencies(test_fdt_qemu fdt_qemu_dtbs)
		target_compile_definitions(test_fdt_qemu PRIVATE
			RUX_FDT_QEMU_DIR="${RUX_FDT_QEMU_DIR}")
	endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL rux_fdt_qemu_wire)
