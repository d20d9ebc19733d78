#!/usr/bin/env python3
"""fuzz/elf-seeds.py - small hand-made riscv64 programs for fuzz_exec.

    elf-seeds.py OUTDIR

Each is a complete ELF64 file of a few hundred bytes that execve accepts
(or, for the last ones, refuses for one reason): one code segment, code
plus a data segment with bss, a static PIE, program headers described by
PT_PHDR, an executable-stack note, an interpreter (refused), and two
"#!" scripts.
"""
import struct
import sys

out = sys.argv[1]

EHDR, PHDR = 64, 56
PT_LOAD, PT_INTERP, PT_PHDR, PT_GNU_STACK = 1, 3, 6, 0x6474E551
PF_X, PF_W, PF_R = 1, 2, 4
ET_EXEC, ET_DYN = 2, 3
EM_RISCV = 243
# li a0, 0; li a7, 93; ecall  (exit(0))
CODE = struct.pack("<III", 0x00000513, 0x05D00893, 0x00000073)


def ehdr(etype, entry, phnum):
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    return ident + struct.pack("<HHIQQQIHHHHHH", etype, EM_RISCV, 1, entry, EHDR, 0,
                               0x5, EHDR, PHDR, phnum, 64, 0, 0)


def phdr(ptype, flags, offset, vaddr, filesz, memsz, align=0x1000):
    return struct.pack("<IIQQQQQQ", ptype, flags, offset, vaddr, vaddr, filesz, memsz, align)


def program(etype, base, extra=(), data=False, interp=None):
    """Headers, the code (and interpreter path), then maybe a data segment
    with 8 KiB of bss; @extra: (type, flags) headers before the loads."""
    nph = len(extra) + (interp is not None) + 1 + data
    code_off = EHDR + nph * PHDR
    body = CODE + (interp or b"")
    code_end = code_off + len(body)
    data_off = (code_end + 7) & ~7
    data_bytes = b"DATA" * 4
    phs = b""
    for ptype, pflags in extra:
        if ptype == PT_PHDR:
            phs += phdr(PT_PHDR, PF_R, EHDR, base + EHDR, nph * PHDR, nph * PHDR, 8)
        else:
            phs += phdr(ptype, pflags, 0, 0, 0, 0, 16)
    if interp is not None:
        off = code_off + len(CODE)
        phs += phdr(PT_INTERP, PF_R, off, base + off, len(interp), len(interp), 1)
    phs += phdr(PT_LOAD, PF_R | PF_X, 0, base, code_end, code_end)
    if data:
        # On the next page, congruent with its file offset.
        phs += phdr(PT_LOAD, PF_R | PF_W, data_off, base + 0x1000 + data_off,
                    len(data_bytes), len(data_bytes) + 8192)
    image = ehdr(etype, base + code_off, nph) + phs + body
    if data:
        image += bytes(data_off - code_end) + data_bytes
    return image


def write(name, data):
    with open(f"{out}/{name}", "wb") as f:
        f.write(data)


BASE = 0x10000
write("exit0", program(ET_EXEC, BASE))
write("exit0-pie", program(ET_DYN, 0))
write("data-bss", program(ET_EXEC, BASE, data=True))
write("data-bss-pie", program(ET_DYN, 0, extra=[(PT_PHDR, 0)], data=True))
write("phdr-stack", program(ET_EXEC, BASE, extra=[(PT_PHDR, 0), (PT_GNU_STACK, PF_R | PF_W)]))
write("pie-phdr", program(ET_DYN, 0, extra=[(PT_PHDR, 0)]))
write("interp", program(ET_EXEC, BASE, interp=b"/lib/ld-musl-riscv64.so.1\0"))
write("script-loop", b"#!/prog\n")
write("script-missing", b"#!/bin/none -x\n")
