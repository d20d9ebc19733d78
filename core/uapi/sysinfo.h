/* core/uapi/sysinfo.h - sysinfo(2): uptime, load and memory totals. */
#ifndef RUX_UAPI_SYSINFO_H
#define RUX_UAPI_SYSINFO_H

#include "uapi/types.h"

/* loads[] are fixed point with this many fraction bits. */
#define SI_LOAD_SHIFT	16

struct linux_sysinfo {
	int64_t uptime;			/* seconds since boot */
	uint64_t loads[3];		/* 1, 5 and 15 minute load averages */
	uint64_t totalram;		/* memory sizes in mem_unit bytes */
	uint64_t freeram;
	uint64_t sharedram;
	uint64_t bufferram;
	uint64_t totalswap;
	uint64_t freeswap;
	uint16_t procs;
	uint16_t pad;
	uint32_t __pad1;
	uint64_t totalhigh;
	uint64_t freehigh;
	uint32_t mem_unit;
	char _f[4];			/* padding to the Linux size */
};

#endif /* RUX_UAPI_SYSINFO_H */
