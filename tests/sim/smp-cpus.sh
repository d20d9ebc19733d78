#!/usr/bin/env bash
# tests/sim/smp-cpus.sh RUXSIM INITRD SCHED_OUT - ruxsim --smp 4 boots four
# CPUs that user space sees: every CPU comes up, nproc and /proc/cpuinfo
# count 4, a program pinned to CPU 3 (taskset) runs there (field 39 of
# /proc/self/stat), and tests/user/sched run pinned to CPU 3 - its pinning
# checks then pin to CPU 3 and ask sched_getcpu() and getcpu - prints what
# it prints on Linux (SCHED_OUT, the output of user.sched.linux).
set -uo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 RUXSIM INITRD SCHED_OUT" >&2
	exit 2
fi
ruxsim=$1 initrd=$2 sched_out=$3
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	printf '4\n4\n3\n'
	cat "$sched_out"
} >"$tmp/expected"
# One word for the guest's sh -c: ruxsim joins its command's words into
# rux.cmd, which /init runs with sh -c itself.
cmd='nproc; grep -c ^processor /proc/cpuinfo; set -- $(taskset -c 3 cat /proc/self/stat);'
cmd="$cmd"' echo ${39}; taskset -c 3 /usr/libexec/rux-tests/sched'
"$here/sim-check" --ruxsim "$ruxsim" --initrd "$initrd" --smp 4 --name cpus \
	--expected "$tmp/expected" -- sh -c "'$cmd'" | tee "$tmp/log"
status=${PIPESTATUS[0]}
for cpu in 1 2 3; do
	if ! grep -q "^smp: cpu $cpu (hart $cpu) up" "$tmp/log"; then
		echo "smp-cpus: FAIL: cpu $cpu did not come up"
		status=1
	fi
done
exit "$status"
