/*
 * tests/abi/abi_libc.c - the reference side for the checks of abi_libc.h,
 * evaluated with glibc's riscv64 headers. Compiled with -S only.
 */
#define _GNU_SOURCE
#define ABI_SIDE_LINUX
#include "abi_emit.h"

#include <dirent.h>
#include <elf.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

void abi_libc(void);

void abi_libc(void)
{
#include "abi_libc.h"
}
