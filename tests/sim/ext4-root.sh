#!/usr/bin/env bash
# tests/sim/ext4-root.sh RUXSIM ROOTFS.EXT4 - ruxsim boots the ext4 root
# disk QEMU boots (root=/dev/vda) through its virtio-blk model: on a
# scratch copy of the image the guest writes files, syncs and powers off;
# on the host the image is then clean (e2fsck -fn) and debugfs reads what
# the guest wrote. Also: a missing image and a locked one are refused with
# exit status 2 and a message naming the file, and a read-only disk
# mounts read-only and stays unchanged.
set -uo pipefail
export PATH="$PATH:/sbin:/usr/sbin"

if [ $# -ne 2 ]; then
	echo "usage: $0 RUXSIM ROOTFS.EXT4" >&2
	exit 2
fi
ruxsim=$1 rootfs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "ext4-root: FAIL: $*"
	fail=1
}

cp --sparse=always "$rootfs" "$tmp/root.ext4" || exit 1
cmd="echo written by ruxsim >/sim-note.txt && mkdir -p /sim/dir && seq 1 5000 >/sim/dir/seq"
cmd="$cmd && cat /proc/mounts && sync"
timeout -k 5 60 "$ruxsim" --disk "$tmp/root.ext4" --append "root=/dev/vda rw init=/init" \
	-- "$cmd" </dev/null >"$tmp/console" 2>&1
status=$?
cat "$tmp/console"
[ $status = 0 ] || bad "ruxsim exit status $status"
grep -q "^virtio: blk vda 128 MiB (mmio)" "$tmp/console" || bad "no vda in the log"
grep -q "^/dev/vda / ext4 rw" "$tmp/console" || bad "the root is not vda, read-write"

e2fsck -fn "$tmp/root.ext4" >"$tmp/fsck" 2>&1 || { cat "$tmp/fsck"; bad "e2fsck: not clean"; }
note=$(debugfs -R "cat /sim-note.txt" "$tmp/root.ext4" 2>/dev/null)
[ "$note" = "written by ruxsim" ] || bad "/sim-note.txt holds '$note'"
debugfs -R "cat /sim/dir/seq" "$tmp/root.ext4" 2>/dev/null >"$tmp/seq"
seq 1 5000 | cmp -s - "$tmp/seq" || bad "/sim/dir/seq differs"

# Read-only: mounted so, writes fail, not a byte of the image changes.
cp --sparse=always "$rootfs" "$tmp/ro.ext4"
timeout -k 5 60 "$ruxsim" --disk "$tmp/ro.ext4,ro" --append "root=/dev/vda init=/init" \
	-- "grep ' / ' /proc/mounts; touch /x || echo touch failed" </dev/null >"$tmp/ro" 2>&1
grep -q "^virtio: blk vda 128 MiB (mmio, read-only)" "$tmp/ro" || bad "vda not read-only"
grep -q "^/dev/vda / ext4 ro" "$tmp/ro" || bad "the root is not mounted read-only"
grep -q "^touch failed" "$tmp/ro" || bad "a write to the read-only root worked"
cmp -s "$rootfs" "$tmp/ro.ext4" || bad "the read-only image changed"

# Errors name the image and exit 2.
"$ruxsim" --disk "$tmp/none.ext4" </dev/null >"$tmp/err" 2>&1
status=$?
[ $status = 2 ] && grep -q "none.ext4: No such file" "$tmp/err" ||
	bad "missing image: status $status, '$(cat "$tmp/err")'"
flock -x "$tmp/root.ext4" "$ruxsim" --disk "$tmp/root.ext4" </dev/null >"$tmp/err" 2>&1
status=$?
[ $status = 2 ] && grep -q "root.ext4 is in use" "$tmp/err" ||
	bad "locked image: status $status, '$(cat "$tmp/err")'"

[ $fail = 0 ] && echo "ext4-root: PASS"
exit $fail
