#!/usr/bin/env python3
"""fuzz/syscall-seeds.py - seed programs for fuzz_syscalls.

    syscall-seeds.py fuzz/fuzz_syscalls.c OUTDIR

Writes a few programs in the target's encoding (see the top of
fuzz_syscalls.c). The selector numbers and the path dictionary are read
from fuzz_syscalls.c itself, so the seeds follow when its tables change.
"""
import re
import struct
import sys

src = open(sys.argv[1]).read()
out = sys.argv[2]


def table(start):
    body = src[src.index(start):]
    return body[:body.index("};")]


CALLS = ["poke"] + re.findall(r"CALL\((\w+),", table("calls[] = {"))
DICT = re.findall(r'"([^"]*)",', table("dict_short[] = {"))

# Linux riscv64 constants the programs use.
O_RDWR, O_CREAT, O_NONBLOCK, O_DIRECTORY, O_CLOEXEC = 2, 0o100, 0o4000, 0o200000, 0o2000000
AT_REMOVEDIR = 0x200
MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS = 1, 2, 0x10, 0x20
POLLIN, POLLOUT = 1, 4


def call(name, *args):
    return bytes([CALLS.index(name)]) + b"".join(args)


def b(*values):
    """Arguments of one byte: FD, DIRFD, PTR, LEN, INT, OFF, ADDR, SIG, PID, TS."""
    return bytes(values)


def flags(v):
    return struct.pack("<I", v)


def path(name):
    return bytes([DICT.index(name)])


def ro_path(name):
    """The copy in the read-only mapping."""
    return bytes([0xe0 + DICT.index(name)])


def poke(slot, data):
    return call("poke", b(slot, len(data)), data)


CWD = b(0)  # DIRFD: AT_FDCWD
INT_0777 = b(0x90)  # INT: ints[16]
LEN_8, LEN_20, LEN_1K, LEN_4K, LEN_8K = b(6), b(14), b(20), b(22), b(25)
NULL, HOLE, KERNEL, USER_END, RW_END = b(0xd0), b(0xd1), b(0xd2), b(0xd3), b(0xd4)
TS_1MS, TS_1S = b(2), b(3)

seeds = {
    "tmpfs-file": [
        call("openat", CWD, path("a"), flags(O_RDWR), b(0)),
        call("read", b(0), b(0), LEN_1K),
        call("lseek", b(0), b(0), b(0)),
        call("write", b(0), b(1), b(5)),
        call("fstat", b(0), b(2)),
        call("pread64", b(0), b(3), LEN_4K, b(1)),
        call("close", b(0)),
    ],
    "ext4-files": [
        call("openat", CWD, path("ext4/new"), flags(O_RDWR | O_CREAT), INT_0777),
        call("write", b(0), b(0), LEN_8K),
        call("pwrite64", b(0), b(0), LEN_4K, b(7)),
        call("ftruncate", b(0), b(6)),
        call("fsync", b(0)),
        call("renameat2", CWD, path("ext4/new"), CWD, path("ext4/dir/sub/f7"), flags(0)),
        call("linkat", CWD, path("ext4/a"), CWD, path("ext4/new"), flags(0)),
        call("unlinkat", CWD, path("ext4/hardlink"), flags(0)),
        call("unlinkat", CWD, path("ext4/empty"), flags(AT_REMOVEDIR)),
        call("symlinkat", path("ext4/a"), CWD, path("ext4/empty")),
        call("readlinkat", CWD, path("ext4/link"), b(4), LEN_20),
        call("statx", CWD, path("ext4/dir/big"), flags(0), flags(0xfff), b(5)),
        call("truncate", path("ext4/dir/big"), b(3)),
        call("fchmodat", CWD, path("ext4/a"), b(0x40)),
        call("utimensat", CWD, path("ext4/a"), b(8), flags(0)),
    ],
    "dirs": [
        call("openat", CWD, path("ext4/dir"), flags(O_DIRECTORY), b(0)),
        call("getdents64", b(0), b(0), LEN_1K),
        call("openat", CWD, path("ext4/dir/sub"), flags(O_DIRECTORY), b(0)),
        call("getdents64", b(1), b(8), b(18)),
        call("mkdirat", CWD, path("d/e"), INT_0777),
        call("mkdirat", CWD, path("d/e/f"), INT_0777),
        call("renameat2", CWD, path("d/e"), CWD, path("b"), flags(0)),
        call("getcwd", b(0), LEN_20),
        call("chdir", path("ext4")),
        call("newfstatat", CWD, path("a"), b(1), flags(0)),
        call("chdir", path("..")),
        call("statfs", path("ext4"), b(2)),
        call("fstatfs", b(0), b(3)),
        call("fchdir", b(1)),
        call("getdents64", b(1), b(8), LEN_1K),
    ],
    "pipe": [
        call("pipe2", flags(O_NONBLOCK)),
        call("write", b(1), b(0), LEN_8K),
        call("read", b(0), b(1), LEN_1K),
        call("ppoll", b(2, 0, POLLIN, 1, POLLOUT), b(0), NULL, LEN_8),
        call("writev", b(1), b(2, 0, 13, 1, 13)),
        call("readv", b(0), b(1, 2, 20)),
        call("dup", b(0)),
        call("dup3", b(0), b(0xf3), flags(O_CLOEXEC)),
        call("fcntl", b(2), b(3), b(0)),
        call("close", b(1)),
        call("read", b(0), b(0), LEN_1K),
    ],
    "pipe-blocks": [  # the read blocks: the watchdog ends it
        call("pipe2", flags(0)),
        call("read", b(0), b(0), LEN_1K),
    ],
    "mmap": [
        call("openat", CWD, path("ext4/dir/big"), flags(O_RDWR), b(0)),
        call("mmap", b(0), LEN_4K, b(3), flags(MAP_SHARED), b(0), b(0)),
        call("mmap", b(0x60), LEN_8K, b(3), flags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
             b(0xf0), b(0)),
        call("read", b(0), HOLE, LEN_4K),
        call("mprotect", b(0x60), LEN_8K, b(1)),
        call("read", b(0), HOLE, LEN_4K),
        call("write", b(0), HOLE, LEN_4K),
        call("mmap", b(0x60), LEN_8K, b(3), flags(MAP_SHARED | MAP_FIXED), b(0), b(0)),
        call("write", b(0), HOLE, b(5)),
        call("msync", b(0x60), LEN_4K, b(4)),
        call("madvise", b(0x24), LEN_4K, b(4)),
        call("mremap", b(0x60), LEN_4K, LEN_8K, flags(1), b(0)),
        call("munmap", b(0x60), LEN_8K),
        call("brk", b(0)),
    ],
    "signals-time": [
        poke(8, struct.pack("<4q", 0, 0, 0, 1000)),  # itimerval: once, after 1 ms
        call("rt_sigaction", b(10), b(0), b(1), LEN_8),
        call("rt_sigprocmask", b(0), b(2), b(3), LEN_8),
        call("kill", b(1), b(1)),
        call("rt_sigpending", b(4), LEN_8),
        call("nanosleep", TS_1MS, NULL),
        call("setitimer", b(0), b(8), NULL),
        call("futex", b(9), b(0), b(0), TS_1S, NULL, b(0)),
        call("clock_gettime", b(1), b(5)),
        call("uname", b(6)),
        call("getrandom", b(7), LEN_20, flags(0)),
        call("prlimit64", b(0), b(7), NULL, b(10)),
        call("getrusage", b(0), b(11)),
        call("umask", b(0x12)),
    ],
    "bad-pointers": [
        call("openat", CWD, b(0xf1), flags(0), b(0)),
        call("openat", CWD, b(0xf2), flags(0), b(0)),
        call("openat", CWD, ro_path("a"), flags(O_RDWR), b(0)),
        call("read", b(0), KERNEL, LEN_8),
        call("write", b(0), USER_END, LEN_8),
        call("read", b(0), b(0xc0), LEN_8),
        call("getcwd", RW_END, LEN_20),
        call("uname", NULL),
        call("statx", CWD, path("a"), flags(0), flags(0xfff), KERNEL),
        call("openat", CWD, bytes([len(DICT) + 2]), flags(0), b(0)),
        call("mkdirat", CWD, bytes([len(DICT)]), INT_0777),
        call("mkdirat", CWD, bytes([len(DICT) + 1]), INT_0777),
        call("readv", b(0), b(2, 0xd2, 20, 0, 20)),
    ],
}

# All of them in a row (up to the target's limit of calls): a long seed,
# which also lets libFuzzer grow inputs that far (run-fuzz's -max_len).
seeds["all"] = [c for name in seeds for c in seeds[name] if name != "pipe-blocks"]

for name, program in seeds.items():
    with open(f"{out}/{name}", "wb") as f:
        f.write(b"".join(program))
