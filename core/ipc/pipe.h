/*
 * core/ipc/pipe.h - pipes and FIFOs.
 *
 * A pipe is a 64 KiB byte ring (16 pages, each allocated when first
 * written) with reader and writer counts:
 *  - read blocks while the ring is empty and a writer exists; returns 0
 *    (end of file) once every writer is gone; -EAGAIN with O_NONBLOCK.
 *  - write of up to PIPE_BUF bytes is atomic (all or, with O_NONBLOCK,
 *    -EAGAIN); larger writes may be split between readers. With no reader
 *    left a write fails with -EPIPE and the writer gets SIGPIPE.
 *  - poll: POLLIN when data is buffered, POLLOUT when PIPE_BUF bytes fit,
 *    POLLHUP on the read side when no writer is left, POLLERR on the write
 *    side when no reader is left.
 *  - ioctl FIONREAD: bytes buffered.
 *
 * Anonymous pipes (pipe2) live on an internal "pipefs" mount so their
 * files have an inode (S_IFIFO) like any other. Named FIFOs are inodes of
 * any file system with S_IFIFO: their i_fop is pipe_fifo_fops (set by
 * special_inode_init() in fs/devfs/devfs.h), and the pipe behind them
 * exists while some file has the FIFO open. Opening a FIFO read-only waits
 * for a writer and write-only waits for a reader, unless O_NONBLOCK
 * (write-only then fails with -ENXIO when there is no reader).
 */
#ifndef RUX_IPC_PIPE_H
#define RUX_IPC_PIPE_H

#include <stddef.h>

#include "fs/vfs/vfs.h"

#define PIPE_PAGES 16
#define PIPE_SIZE  (PIPE_PAGES * 4096)

/* The file operations of named FIFOs (their open does the rendezvous). */
extern const struct file_operations pipe_fifo_fops;

/*
 * A new anonymous pipe: @files[0] the read end, @files[1] the write end,
 * each with one reference. @flags: O_NONBLOCK (others are the caller's).
 * 0 or -ENOMEM.
 */
int pipe_create(unsigned int flags, struct file *files[2]);

/* Bytes buffered in the pipe behind @file (FIONREAD); -EINVAL if @file is
 * not a pipe. */
long pipe_bytes_buffered(struct file *file);

/* True when @file is a pipe or FIFO end. */
bool file_is_pipe(struct file *file);

#endif /* RUX_IPC_PIPE_H */
