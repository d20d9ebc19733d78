/*
 * core/uapi/auxv.h - the auxiliary vector execve(2) puts on the new stack
 * after envp: (type, value) pairs of uint64_t, ended by AT_NULL.
 */
#ifndef RUX_UAPI_AUXV_H
#define RUX_UAPI_AUXV_H

#define AT_NULL		0	/* end of the vector */
#define AT_IGNORE	1
#define AT_EXECFD	2
#define AT_PHDR		3	/* address of the program headers */
#define AT_PHENT	4	/* size of one program header */
#define AT_PHNUM	5	/* number of program headers */
#define AT_PAGESZ	6
#define AT_BASE		7	/* load address of the interpreter */
#define AT_FLAGS	8
#define AT_ENTRY	9	/* entry point of the program */
#define AT_NOTELF	10
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15	/* address of a string naming the CPU */
#define AT_HWCAP	16	/* riscv64: bit ('x' - 'a') for extension x */
#define AT_CLKTCK	17	/* USER_HZ */
#define AT_SECURE	23	/* setuid/setgid program */
#define AT_BASE_PLATFORM 24
#define AT_RANDOM	25	/* address of 16 random bytes */
#define AT_HWCAP2	26
#define AT_EXECFN	31	/* address of the executed file name */
#define AT_SYSINFO_EHDR	33	/* address of the vDSO */
#define AT_L1I_CACHESIZE	40
#define AT_L1I_CACHEGEOMETRY	41
#define AT_L1D_CACHESIZE	42
#define AT_L1D_CACHEGEOMETRY	43
#define AT_L2_CACHESIZE		44
#define AT_L2_CACHEGEOMETRY	45
#define AT_L3_CACHESIZE		46
#define AT_L3_CACHEGEOMETRY	47
#define AT_MINSIGSTKSZ	51	/* smallest useful signal stack */

#endif /* RUX_UAPI_AUXV_H */
