#!/usr/bin/env bash
# tests/sim/virtio-rng.sh RUXSIM INITRD - ruxsim's virtio-rng: the kernel
# finds it ("virtio: rng (mmio)"), /dev/hwrng is char 10:183, and the bytes
# the guest reads from it are the same for the same --seed and differ for
# another seed (the model's generator is seeded from it).
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 RUXSIM INITRD" >&2
	exit 2
fi
ruxsim=$1 initrd=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "virtio-rng: FAIL: $*"
	fail=1
}

run() { # run SEED NAME: the console in $tmp/NAME
	timeout -k 5 30 "$ruxsim" --seed "$1" --initrd "$initrd" \
		-- "ls -l /dev/hwrng; od -An -tx1 -N200 /dev/hwrng | tr -d ' \\n'; echo" \
		</dev/null >"$tmp/$2" 2>&1 || bad "run $2: exit status $?"
}
bytes() { # bytes NAME: the 200 bytes, in hex
	grep -E '^[0-9a-f]{400}$' "$tmp/$1"
}
run 11 a
run 11 b
run 12 c
cat "$tmp/a"
grep -q "^virtio: rng (mmio)" "$tmp/a" || bad "no rng in the log"
grep -Eq "^crw------- +1 root +root +10, 183 .* /dev/hwrng$" "$tmp/a" || bad "no /dev/hwrng 10:183"
[ -n "$(bytes a)" ] || bad "read no 200 bytes from /dev/hwrng"
[ "$(bytes a)" = "$(bytes b)" ] || bad "seed 11 read different bytes"
[ "$(bytes a)" != "$(bytes c)" ] || bad "seeds 11 and 12 read the same bytes"
[ $fail = 0 ] && echo "virtio-rng: PASS"
exit $fail
