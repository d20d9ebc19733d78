/*
 * core/uapi/blkdev.h - the block-device ioctls of Linux's <linux/fs.h>
 * (type 0x12) that Rux implements on /dev/vda and friends.
 */
#ifndef RUX_UAPI_BLKDEV_H
#define RUX_UAPI_BLKDEV_H

#include <stddef.h>

#include "uapi/ioctl.h"

#define BLKROGET     _IO(0x12, 94)	     /* int: 1 if read-only */
#define BLKGETSIZE   _IO(0x12, 96)	     /* unsigned long: size in 512-byte sectors */
#define BLKFLSBUF    _IO(0x12, 97)	     /* write back and drop cached blocks */
#define BLKSSZGET    _IO(0x12, 104)	     /* int: logical block size */
#define BLKBSZGET    _IOR(0x12, 112, size_t) /* int: block size of buffered I/O */
#define BLKGETSIZE64 _IOR(0x12, 114, size_t) /* uint64_t: size in bytes */
#define BLKPBSZGET   _IO(0x12, 123)	     /* unsigned int: physical block size */

#endif /* RUX_UAPI_BLKDEV_H */
