#!/usr/bin/env bash
# tests/sim/determinism-disk.sh RUXSIM ROOTFS.EXT4 - ruxsim stays
# deterministic with a disk: two runs with the same seed on fresh copies of
# the ext4 root image print byte-identical console output and leave
# byte-identical images; a run with another seed prints other random bytes
# (so the comparison can fail). The workload writes, renames and deletes
# files, syncs, forks background jobs that sleep, and reads /dev/urandom
# and /dev/hwrng.
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 RUXSIM ROOTFS.EXT4" >&2
	exit 2
fi
ruxsim=$1 rootfs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmd="od -An -tx1 -N16 /dev/urandom; od -An -tx1 -N16 /dev/hwrng;"
cmd="$cmd for i in 1 2 3; do (sleep 0.0\$i; seq 1 \$((i * 500)) >/tmp/job\$i; echo job \$i) & done;"
cmd="$cmd wait; cat /tmp/job* | md5sum; mv /tmp/job1 /tmp/moved; rm /tmp/job2; sync;"
cmd="$cmd ls -l /tmp; cat /proc/uptime"

run() { # run SEED NAME
	cp --sparse=always "$rootfs" "$tmp/$2.ext4"
	timeout -k 5 30 "$ruxsim" --seed "$1" --disk "$tmp/$2.ext4" \
		--append "root=/dev/vda rw init=/init" -- "$cmd" </dev/null >"$tmp/$2.out" 2>&1
	echo "determinism-disk: run $2 (seed $1): exit status $?"
}
run 7 a
run 7 b
run 8 c
cat "$tmp/a.out"

fail=0
random() { # random NAME: the 16-byte lines of od
	grep -E '^ *([0-9a-f]{2} ){15}[0-9a-f]{2}$' "$tmp/$1.out"
}
if ! grep -q "^job 3" "$tmp/a.out" || ! grep -q "moved" "$tmp/a.out"; then
	echo "determinism-disk: FAIL: the workload did not run"
	fail=1
fi
if ! cmp "$tmp/a.out" "$tmp/b.out"; then
	echo "determinism-disk: FAIL: same seed, different console output:"
	diff "$tmp/a.out" "$tmp/b.out" | head -20
	fail=1
fi
if ! cmp "$tmp/a.ext4" "$tmp/b.ext4"; then
	echo "determinism-disk: FAIL: same seed, different images"
	fail=1
fi
if [ "$(random a | wc -l)" != 2 ] || [ "$(random a)" = "$(random c)" ]; then
	echo "determinism-disk: FAIL: seeds 7 and 8 read the same random bytes"
	fail=1
fi
[ $fail = 0 ] && echo "determinism-disk: PASS"
exit $fail
