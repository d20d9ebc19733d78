#!/bin/sh
# tests/sim/bench.sh RV64RUN QEMU PROGRAM - run PROGRAM under the interpreter
# and under qemu-riscv64, check both print the same, report MIPS and times.
set -e
run=$1 qemu=$2 prog=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$run" -s "$prog" >"$tmp/sim.out" 2>"$tmp/sim.err"
start=$(date +%s.%N)
"$qemu" "$prog" >"$tmp/qemu.out"
end=$(date +%s.%N)
cmp -s "$tmp/sim.out" "$tmp/qemu.out" || { echo "outputs differ"; exit 1; }
cat "$tmp/sim.err"
insns=$(sed -n 's/.*: \([0-9]*\) instructions.*/\1/p' "$tmp/sim.err")
echo "$insns $start $end" | awk '{ t = $3 - $2; printf "qemu-riscv64: %.3f s: %.1f MIPS equivalent\n", t, $1 / t / 1e6 }'
