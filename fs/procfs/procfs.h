/*
 * fs/procfs/procfs.h - the proc file system ("proc"): processes and kernel
 * state as generated text files, as Linux's /proc has them.
 *
 *	/proc/self			-> the caller's pid
 *	/proc/<pid>/			stat, statm, status, cmdline, comm,
 *					cwd and root (links), fd/ (links), maps,
 *					mounts
 *	/proc/{meminfo,cpuinfo,uptime,loadavg,stat,version,cmdline,
 *	       filesystems,partitions,diskstats,mounts (-> self/mounts)}
 *	/proc/sys/kernel/{hostname,ostype,osrelease}
 *
 * Files are generated when opened and read from that snapshot. Nothing
 * is cached between walks: a process that exits disappears at once.
 */
#ifndef RUX_FS_PROCFS_H
#define RUX_FS_PROCFS_H

/* Register the "proc" file system type (once; later calls return 0). */
int procfs_init(void);

#endif /* RUX_FS_PROCFS_H */
