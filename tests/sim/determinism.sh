#!/usr/bin/env bash
# tests/sim/determinism.sh RUXSIM INITRD [SMP] - ruxsim is deterministic: two
# runs with the same seed print byte-identical console output and system call
# traces, and a run with another seed reads other random bytes (so the
# comparison can fail). The workload reads /dev/urandom, forks a pipeline
# and background jobs, sleeps, and prints the simulated uptime. SMP: boot
# that many simulated CPUs (default 1).
set -uo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 RUXSIM INITRD [SMP]" >&2
	exit 2
fi
ruxsim=$1 initrd=$2 smp=${3:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmd="od -An -tx1 -N16 /dev/urandom; for i in 1 2 3; do (sleep 0.0\$i; echo job \$i) & done; wait;"
cmd="$cmd seq 1 200 | sort -r | md5sum; ls -l /proc/self/ | wc -l; cat /proc/uptime"

run() { # run SEED NAME
	timeout -k 5 30 "$ruxsim" --smp "$smp" --seed "$1" --trace-syscalls="$tmp/$2.trace" \
		--initrd "$initrd" -- "$cmd" </dev/null >"$tmp/$2.out" 2>&1
	echo "determinism: run $2 (seed $1): exit status $?," \
		"$(wc -l <"$tmp/$2.trace") system calls"
}
run 7 a
run 7 b
run 8 c
cat "$tmp/a.out"

fail=0
if ! grep -q "execve(" "$tmp/a.trace" || ! grep -q "^job 3" "$tmp/a.out"; then
	echo "determinism: FAIL: the workload did not run"
	fail=1
fi
if ! cmp "$tmp/a.out" "$tmp/b.out" || ! cmp "$tmp/a.trace" "$tmp/b.trace"; then
	echo "determinism: FAIL: same seed, different runs:"
	diff "$tmp/a.out" "$tmp/b.out" | head -20
	diff "$tmp/a.trace" "$tmp/b.trace" | head -20
	fail=1
fi
random_a=$(sed -n 's/^ *\([0-9a-f][0-9a-f] \)\{15\}[0-9a-f][0-9a-f]$/&/p' "$tmp/a.out")
random_c=$(sed -n 's/^ *\([0-9a-f][0-9a-f] \)\{15\}[0-9a-f][0-9a-f]$/&/p' "$tmp/c.out")
if [ -z "$random_a" ] || [ "$random_a" = "$random_c" ]; then
	echo "determinism: FAIL: seeds 7 and 8 read the same random bytes ('$random_a')"
	fail=1
fi
[ $fail = 0 ] && echo "determinism: PASS"
exit $fail
