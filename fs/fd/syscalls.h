/*
 * fs/fd/syscalls.h - the file system calls (fs/fd), declared for the table
 * in core/sys/table.c (included by core/sys/syscalls.h). Conventions as in
 * core/sys/syscalls.h.
 */
#ifndef RUX_FS_FD_SYSCALLS_H
#define RUX_FS_FD_SYSCALLS_H

/* sys_rw.c */
long sys_read(unsigned long fd, unsigned long buf, unsigned long count);
long sys_write(unsigned long fd, unsigned long buf, unsigned long count);
long sys_readv(unsigned long fd, unsigned long iov, unsigned long iovcnt);
long sys_writev(unsigned long fd, unsigned long iov, unsigned long iovcnt);
long sys_pread64(unsigned long fd, unsigned long buf, unsigned long count, unsigned long pos);
long sys_pwrite64(unsigned long fd, unsigned long buf, unsigned long count, unsigned long pos);
long sys_preadv(unsigned long fd, unsigned long iov, unsigned long iovcnt, unsigned long pos_l,
		unsigned long pos_h);
long sys_pwritev(unsigned long fd, unsigned long iov, unsigned long iovcnt, unsigned long pos_l,
		 unsigned long pos_h);
long sys_lseek(unsigned long fd, unsigned long offset, unsigned long whence);
long sys_sendfile(unsigned long out_fd, unsigned long in_fd, unsigned long offset,
		  unsigned long count);
/* sys_open.c */
long sys_openat(unsigned long dirfd, unsigned long name, unsigned long flags, unsigned long mode);
long sys_close(unsigned long fd);
long sys_close_range(unsigned long first, unsigned long last, unsigned long flags);
long sys_dup(unsigned long fd);
long sys_dup3(unsigned long oldfd, unsigned long newfd, unsigned long flags);
long sys_fcntl(unsigned long fd, unsigned long cmd, unsigned long arg);
long sys_ioctl(unsigned long fd, unsigned long cmd, unsigned long arg);
long sys_pipe2(unsigned long fds, unsigned long flags);
long sys_getdents64(unsigned long fd, unsigned long dirp, unsigned long count);
/* sys_stat.c */
long sys_newfstatat(unsigned long dirfd, unsigned long name, unsigned long buf,
		    unsigned long flags);
long sys_fstat(unsigned long fd, unsigned long buf);
long sys_statx(unsigned long dirfd, unsigned long name, unsigned long flags, unsigned long mask,
	       unsigned long buf);
long sys_readlinkat(unsigned long dirfd, unsigned long name, unsigned long buf, unsigned long size);
long sys_faccessat(unsigned long dirfd, unsigned long name, unsigned long mode);
long sys_faccessat2(unsigned long dirfd, unsigned long name, unsigned long mode,
		    unsigned long flags);
long sys_statfs(unsigned long name, unsigned long buf);
long sys_fstatfs(unsigned long fd, unsigned long buf);
/* sys_namei.c */
long sys_mkdirat(unsigned long dirfd, unsigned long name, unsigned long mode);
long sys_mknodat(unsigned long dirfd, unsigned long name, unsigned long mode, unsigned long dev);
long sys_unlinkat(unsigned long dirfd, unsigned long name, unsigned long flags);
long sys_renameat2(unsigned long olddirfd, unsigned long oldname, unsigned long newdirfd,
		   unsigned long newname, unsigned long flags);
long sys_linkat(unsigned long olddirfd, unsigned long oldname, unsigned long newdirfd,
		unsigned long newname, unsigned long flags);
long sys_symlinkat(unsigned long target, unsigned long newdirfd, unsigned long linkname);
long sys_fchmod(unsigned long fd, unsigned long mode);
long sys_fchmodat(unsigned long dirfd, unsigned long name, unsigned long mode);
long sys_fchown(unsigned long fd, unsigned long uid, unsigned long gid);
long sys_fchownat(unsigned long dirfd, unsigned long name, unsigned long uid, unsigned long gid,
		  unsigned long flags);
long sys_utimensat(unsigned long dirfd, unsigned long name, unsigned long times,
		   unsigned long flags);
long sys_truncate(unsigned long name, unsigned long length);
long sys_ftruncate(unsigned long fd, unsigned long length);
/* sys_fs.c */
long sys_chdir(unsigned long name);
long sys_fchdir(unsigned long fd);
long sys_chroot(unsigned long name);
long sys_getcwd(unsigned long buf, unsigned long size);
long sys_sync(void);
long sys_syncfs(unsigned long fd);
long sys_fsync(unsigned long fd);
long sys_fdatasync(unsigned long fd);
long sys_mount(unsigned long source, unsigned long target, unsigned long fstype,
	       unsigned long flags, unsigned long data);
long sys_umount2(unsigned long target, unsigned long flags);
/* sys_poll.c */
long sys_ppoll(unsigned long fds, unsigned long nfds, unsigned long tsp, unsigned long sigmask,
	       unsigned long sigsetsize);
long sys_pselect6(unsigned long nfds, unsigned long readfds, unsigned long writefds,
		  unsigned long exceptfds, unsigned long tsp, unsigned long sig);
/* sys_fallocate.c */
long sys_fallocate(unsigned long fd, unsigned long mode, unsigned long offset, unsigned long len);
/* sys_xattr.c */
long sys_setxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size,
		  unsigned long flags);
long sys_lsetxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size,
		   unsigned long flags);
long sys_fsetxattr(unsigned long fd, unsigned long name, unsigned long value, unsigned long size,
		   unsigned long flags);
long sys_getxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size);
long sys_lgetxattr(unsigned long path, unsigned long name, unsigned long value, unsigned long size);
long sys_fgetxattr(unsigned long fd, unsigned long name, unsigned long value, unsigned long size);
long sys_listxattr(unsigned long path, unsigned long list, unsigned long size);
long sys_llistxattr(unsigned long path, unsigned long list, unsigned long size);
long sys_flistxattr(unsigned long fd, unsigned long list, unsigned long size);
long sys_removexattr(unsigned long path, unsigned long name);
long sys_lremovexattr(unsigned long path, unsigned long name);
long sys_fremovexattr(unsigned long fd, unsigned long name);

#endif /* RUX_FS_FD_SYSCALLS_H */
