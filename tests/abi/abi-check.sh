#!/bin/sh
# tests/abi/abi-check.sh - compare core/uapi with Debian's Linux riscv64 headers.
#
#	abi-check.sh layout   CC REPO WORKDIR   structure layouts and constants
#	abi-check.sh syscalls CC REPO WORKDIR   every __NR_* system call number
#
# CC is the riscv64 cross compiler. Both sides are compiled with -S only and
# their "ABI <label> = <value>" lines (see abi_emit.h) are diffed: any line
# in the output names the constant, size or offset that differs. Exits 0
# when both sides agree.
set -eu

mode=$1 cc=$2 repo=$3 work=$4
abi=$repo/tests/abi
cflags="-std=gnu11 -O2 -S -Wall -Wextra -Werror -Wno-unused-parameter -I$abi"
mkdir -p "$work"

if ! echo '#include <asm/unistd.h>' | $cc -E -x c - >/dev/null 2>&1; then
	echo "abi-check: $cc cannot find <asm/unistd.h>;" \
	     "install linux-libc-dev-riscv64-cross" >&2
	exit 1
fi

# extract FILE.s... : the ABI lines, in order.
extract() {
	sed -n 's/^.*\.ascii "ABI \(.*\)"$/\1/p' "$@"
}

# compare NAME: diff NAME-linux.txt with NAME-rux.txt.
compare() {
	n=$(wc -l < "$work/$1-linux.txt")
	if [ "$n" -eq 0 ]; then
		echo "abi-check: no $1 entries were extracted" >&2
		exit 1
	fi
	if ! diff -u "$work/$1-linux.txt" "$work/$1-rux.txt"; then
		echo "abi-check: core/uapi differs from Linux (- Linux, + Rux)" >&2
		exit 1
	fi
	echo "abi-check: $n $1 entries match"
}

# syscall_table SIDE INCLUDE: every __NR_ macro INCLUDE defines, with its value.
syscall_table() {
	src=$work/syscalls-$1.c
	echo "$2" | $cc -E -dM -I"$repo/core" -x c - |
		sed -n 's/^#define \(__NR_[a-z0-9_]*\) .*/\1/p' | sort -u > "$work/nr-names-$1.txt"
	{
		echo "#define ABI_SIDE_$(echo "$1" | tr a-z A-Z)"
		echo "#include \"abi_emit.h\""
		echo "$2"
		echo "void abi_syscalls(void);"
		echo "void abi_syscalls(void)"
		echo "{"
		sed 's/.*/	ABI_EMIT("&", &);/' "$work/nr-names-$1.txt"
		echo "}"
	} > "$src"
	$cc $cflags -I"$repo/core" -o "$work/syscalls-$1.s" "$src"
	extract "$work/syscalls-$1.s" > "$work/syscalls-$1.txt"
}

case $mode in
layout)
	$cc $cflags -o "$work/abi_linux.s" "$abi/abi_linux.c"
	$cc $cflags -o "$work/abi_libc.s" "$abi/abi_libc.c"
	$cc $cflags -I"$repo" -I"$repo/core" -o "$work/abi_rux.s" "$abi/abi_rux.c"
	extract "$work/abi_linux.s" "$work/abi_libc.s" > "$work/layout-linux.txt"
	extract "$work/abi_rux.s" > "$work/layout-rux.txt"
	compare layout
	;;
syscalls)
	syscall_table linux '#include <asm/unistd.h>'
	syscall_table rux '#include "uapi/unistd.h"'
	compare syscalls
	;;
*)
	echo "usage: $0 layout|syscalls CC REPO WORKDIR" >&2
	exit 2
	;;
esac
