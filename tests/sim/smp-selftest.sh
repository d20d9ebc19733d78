#!/usr/bin/env bash
# tests/sim/smp-selftest.sh RUXSIM_KTEST INITRD - every KTEST, in the kernel,
# on four simulated CPUs: ruxsim-ktest (ruxsim with the KTESTs linked in)
# boots with rux.selftest=1 --smp 4 and must power off with status 0 after
# "selftest: N passed, 0 failed" with N > 0 (so the tests did run), as
# boot.selftest.smp4 does on QEMU.
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 RUXSIM_KTEST INITRD" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout -k 5 100 "$1" --smp 4 --initrd "$2" --append rux.selftest=1 </dev/null 2>&1 |
	tee "$tmp/console"
status=${PIPESTATUS[0]}
echo "smp-selftest: ruxsim exit status $status"
if ! grep -Eq '^selftest: [1-9][0-9]* passed, 0 failed$' "$tmp/console" ||
	! grep -q '^smp: 4 cpus online$' "$tmp/console" || [ "$status" != 0 ]; then
	echo "smp-selftest: FAIL"
	exit 1
fi
echo "smp-selftest: PASS"
