# The riscv64 kernel: kernel.elf (symbolized, for debugging) and kernel.bin
# (the raw image QEMU loads at 0x80200000).
file(GLOB RUX_HAL_SOURCES CONFIGURE_DEPENDS
	${CMAKE_SOURCE_DIR}/hal/riscv64/*.c
	${CMAKE_SOURCE_DIR}/hal/riscv64/*.S)

set(RUX_KERNEL_CFLAGS
	-ffreestanding -nostdlib -fno-builtin -mcmodel=medany
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mno-relax
	-fno-omit-frame-pointer -fno-stack-protector -fno-pic -fno-pie
	-fno-common -O2 -g)

add_library(rux_kobj OBJECT ${RUX_PORTABLE_SOURCES} ${RUX_HAL_SOURCES} ${RUX_KTEST_SOURCES})
target_include_directories(rux_kobj PRIVATE ${RUX_INCLUDE_DIRS})
target_compile_options(rux_kobj PRIVATE ${RUX_KERNEL_CFLAGS} ${RUX_WARNINGS})
target_compile_definitions(rux_kobj PRIVATE RUX_RISCV64=1 ${RUX_VERSION_DEFS})

set(RUX_LDS ${CMAKE_SOURCE_DIR}/hal/riscv64/kernel.ld)
set(RUX_LINK ${CMAKE_C_COMPILER} -nostdlib -static -no-pie -mno-relax
	-Wl,-T,${RUX_LDS} -Wl,--build-id=none -Wl,-z,noexecstack)
# No libgcc: Debian's is built for lp64d and cannot link into this soft-float
# kernel; the few helpers gcc may call live in hal/riscv64/libgcc.c.

# Symbols for backtraces are linked in a second pass: pass 1 links with an
# empty table, its text symbols become kallsyms.S, pass 2 links with that.
# The table lives after all code, so text addresses are the same in both.
set(KALLSYMS ${CMAKE_SOURCE_DIR}/scripts/gen-kallsyms)
add_custom_command(
	OUTPUT kernel.elf kernel.bin kernel.sym
	COMMAND ${KALLSYMS} /dev/null ${CMAKE_NM} > kallsyms0.S
	COMMAND ${CMAKE_C_COMPILER} ${RUX_KERNEL_CFLAGS} -c kallsyms0.S -o kallsyms0.o
	COMMAND ${RUX_LINK} -o kernel.pass1.elf $<TARGET_OBJECTS:rux_kobj> kallsyms0.o
	COMMAND ${KALLSYMS} kernel.pass1.elf ${CMAKE_NM} > kallsyms1.S
	COMMAND ${CMAKE_C_COMPILER} ${RUX_KERNEL_CFLAGS} -c kallsyms1.S -o kallsyms1.o
	COMMAND ${RUX_LINK} -o kernel.elf $<TARGET_OBJECTS:rux_kobj> kallsyms1.o
	COMMAND ${KALLSYMS} --check kernel.pass1.elf kernel.elf ${CMAKE_NM}
	COMMAND ${CMAKE_NM} -n kernel.elf > kernel.sym
	COMMAND ${CMAKE_OBJCOPY} -O binary kernel.elf kernel.bin
	DEPENDS rux_kobj $<TARGET_OBJECTS:rux_kobj> ${RUX_LDS} ${KALLSYMS}
	COMMAND_EXPAND_LISTS
	COMMENT "Linking kernel.elf and kernel.bin")
add_custom_target(kernel ALL DEPENDS kernel.elf kernel.bin)
