/*
 * core/uapi/ioctl.h - how ioctl(2) request numbers are built (asm-generic):
 * bits 0-7 number, 8-15 type (a letter), 16-29 argument size, 30-31
 * direction. Old tty requests (0x54xx) predate this and are plain numbers.
 */
#ifndef RUX_UAPI_IOCTL_H
#define RUX_UAPI_IOCTL_H

#define _IOC_NRBITS	8
#define _IOC_TYPEBITS	8
#define _IOC_SIZEBITS	14
#define _IOC_NRSHIFT	0
#define _IOC_TYPESHIFT	(_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT	(_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT	(_IOC_SIZESHIFT + _IOC_SIZEBITS)

#define _IOC_NONE	0u
#define _IOC_WRITE	1u	/* user space writes: the kernel reads */
#define _IOC_READ	2u	/* the kernel writes to user space */

#define _IOC(dir, type, nr, size)                                             \
	(((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) |               \
	 ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))

#define _IO(type, nr)		_IOC(_IOC_NONE, (type), (nr), 0)
#define _IOR(type, nr, arg)	_IOC(_IOC_READ, (type), (nr), sizeof(arg))
#define _IOW(type, nr, arg)	_IOC(_IOC_WRITE, (type), (nr), sizeof(arg))
#define _IOWR(type, nr, arg)	_IOC(_IOC_READ | _IOC_WRITE, (type), (nr), sizeof(arg))

#endif /* RUX_UAPI_IOCTL_H */
