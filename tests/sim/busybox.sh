#!/bin/sh
# tests/sim/busybox.sh RV64RUN QEMU BUSYBOX DATADIR - real compiled code on
# the interpreter: runs busybox applets (hashing, compression, big-number and
# floating-point arithmetic, text processing) under rv64run and under
# qemu-riscv64 and compares stdout and exit status. Input files are the
# busybox binary itself and the Markdown files in DATADIR (also on stdin).
# Exits 77 (skipped) when busybox has not been fetched (scripts/debian-fetch).
run=$1 qemu=$2 bb=$3 data=$4
[ -x "$bb" ] || { echo "no busybox at $bb: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$data"/*.md > "$tmp/text"
seq 1 3000 | awk '{ print ($1 * 7919) % 10007, $1 }' > "$tmp/nums"
cp "$bb" "$tmp/bin"
cd "$tmp"
fail=0 n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	eval "set -- $cmd"
	"$qemu" "$bb" "$@" < text > q.out 2>&1; qs=$?
	"$run" "$bb" "$@" < text > s.out 2>&1; ss=$?
	if [ $qs != $ss ] || ! cmp -s q.out s.out; then
		echo "DIFFERENT: busybox $cmd (status qemu $qs, rv64run $ss)"
		diff q.out s.out | head -10
		fail=$((fail + 1))
	fi
done <<'CMDS'
sha256sum bin
sha512sum bin
sha3sum bin
md5sum bin text
sha1sum bin
crc32 bin
gzip -9 -c bin
bzip2 -c text
lzop -c text
od -A x -t x8 -N 8192 bin
factor 600851475143 9999999967 18446744073709551615
dc -e "2 256 ^ p 3 200 ^ 7 % p 10 k 2 v p"
bc -l -e "scale=40; 4*a(1)" -e quit
expr 123456789 "*" 98765 + 17 % 5
printf "%f %e %g %.3f %x\n" 3.14159265 2.5e-10 1e300 -0.0005 4095
awk "BEGIN { for (i = 1; i <= 20000; i++) { h += 1 / i; q += i * i / 7.0 }; printf \"%.17g %.17g %.6e %d\n\", h, q, h / q, q % 1000 }"
awk "{ s += \$1 * 1.5; if (\$1 > m) m = \$1 } END { printf \"%.10f %d %s\n\", s / NR, m, NR }" nums
sort -n nums
sort -k2,2nr -s nums
sed -e "s/[aeiou]/_/g" -e "/^#/d" text
grep -c -i -E "the|instr" text
tr a-z A-Z
cut -c 1-20 text
wc text nums bin
uniq -c text
base64 bin
xxd -l 4096 bin
shuf -n 5 --random-source=bin nums
seq -w 0.5 0.25 20
CMDS
echo "$n busybox commands, $fail differ"
[ $fail = 0 ]
