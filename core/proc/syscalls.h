/*
 * core/proc/syscalls.h - the system call handlers of core/proc (processes,
 * identity, limits, time, randomness, power), declared for the table in
 * core/sys/table.c (included by core/sys/syscalls.h). Conventions as in
 * core/sys/syscalls.h.
 */
#ifndef RUX_PROC_SYSCALLS_H
#define RUX_PROC_SYSCALLS_H

/* fork.c */
long sys_clone(unsigned long flags, unsigned long stack, unsigned long parent_tid,
	       unsigned long tls, unsigned long child_tid);
long sys_clone3(unsigned long uargs, unsigned long size);
/* exec.c */
long sys_execve(unsigned long path, unsigned long argv, unsigned long envp);
long sys_execveat(unsigned long dirfd, unsigned long path, unsigned long argv, unsigned long envp,
		  unsigned long flags);
/* exit.c */
long sys_exit(unsigned long code);
long sys_exit_group(unsigned long code);
long sys_wait4(unsigned long pid, unsigned long status, unsigned long options,
	       unsigned long rusage);
long sys_waitid(unsigned long idtype, unsigned long id, unsigned long infop, unsigned long options,
		unsigned long rusage);
/* ids.c */
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_set_tid_address(unsigned long tidptr);
long sys_set_robust_list(unsigned long head, unsigned long len);
long sys_get_robust_list(unsigned long pid, unsigned long head_ptr, unsigned long len_ptr);
long sys_setpgid(unsigned long pid, unsigned long pgid);
long sys_getpgid(unsigned long pid);
long sys_setsid(void);
long sys_getsid(unsigned long pid);
long sys_umask(unsigned long mask);
long sys_prctl(unsigned long option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5);
/* cred.c */
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setuid(unsigned long uid);
long sys_setgid(unsigned long gid);
long sys_setreuid(unsigned long ruid, unsigned long euid);
long sys_setregid(unsigned long rgid, unsigned long egid);
long sys_setresuid(unsigned long ruid, unsigned long euid, unsigned long suid);
long sys_setresgid(unsigned long rgid, unsigned long egid, unsigned long sgid);
long sys_getresuid(unsigned long ruid, unsigned long euid, unsigned long suid);
long sys_getresgid(unsigned long rgid, unsigned long egid, unsigned long sgid);
long sys_setfsuid(unsigned long fsuid);
long sys_setfsgid(unsigned long fsgid);
long sys_getgroups(unsigned long size, unsigned long list);
long sys_setgroups(unsigned long size, unsigned long list);
/* rlimit.c */
long sys_getrlimit(unsigned long resource, unsigned long rlim);
long sys_setrlimit(unsigned long resource, unsigned long rlim);
long sys_prlimit64(unsigned long pid, unsigned long resource, unsigned long new_rlim,
		   unsigned long old_rlim);
long sys_getrusage(unsigned long who, unsigned long usage);
/* sysinfo.c */
long sys_uname(unsigned long buf);
long sys_sethostname(unsigned long name, unsigned long len);
long sys_sysinfo(unsigned long info);
long sys_times(unsigned long tms);
long sys_sched_yield(void);
long sys_sched_setaffinity(unsigned long pid, unsigned long len, unsigned long mask);
long sys_sched_getaffinity(unsigned long pid, unsigned long len, unsigned long mask);
long sys_getcpu(unsigned long cpu, unsigned long node, unsigned long cache);
long sys_setpriority(unsigned long which, unsigned long who, unsigned long niceval);
long sys_getpriority(unsigned long which, unsigned long who);
long sys_reboot(unsigned long magic1, unsigned long magic2, unsigned long cmd, unsigned long arg);
/* random.c */
long sys_getrandom(unsigned long buf, unsigned long len, unsigned long flags);
/* time.c */
long sys_clock_gettime(unsigned long clock, unsigned long tp);
long sys_clock_getres(unsigned long clock, unsigned long tp);
long sys_gettimeofday(unsigned long tv, unsigned long tz);
long sys_nanosleep(unsigned long req, unsigned long rem);
long sys_clock_nanosleep(unsigned long clock, unsigned long flags, unsigned long req,
			 unsigned long rem);

#endif /* RUX_PROC_SYSCALLS_H */
