/*
 * core/uapi/termios.h - the terminal interface as the kernel ABI has it:
 * struct linux_termios of TCGETS/TCSETS (asm-generic: with c_line and 19
 * control characters, no speed fields), the mode bits, the control
 * character indices and the tty ioctl numbers.
 */
#ifndef RUX_UAPI_TERMIOS_H
#define RUX_UAPI_TERMIOS_H

#include "uapi/ioctl.h"
#include "uapi/types.h"

#define NCCS 19

struct linux_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;			/* line discipline, 0 = N_TTY */
	uint8_t c_cc[NCCS];
};

/* TCGETS2 / TCSETS2: the same plus arbitrary speeds (BOTHER). */
struct linux_termios2 {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
	uint32_t c_ispeed;
	uint32_t c_ospeed;
};

struct linux_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

/* c_cc indices */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSWTC		7
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag */
#define IGNBRK	0x0001
#define BRKINT	0x0002
#define IGNPAR	0x0004
#define PARMRK	0x0008
#define INPCK	0x0010
#define ISTRIP	0x0020
#define INLCR	0x0040
#define IGNCR	0x0080
#define ICRNL	0x0100
#define IUCLC	0x0200
#define IXON	0x0400
#define IXANY	0x0800
#define IXOFF	0x1000
#define IMAXBEL	0x2000
#define IUTF8	0x4000

/* c_oflag */
#define OPOST	0x00001
#define OLCUC	0x00002
#define ONLCR	0x00004
#define OCRNL	0x00008
#define ONOCR	0x00010
#define ONLRET	0x00020
#define OFILL	0x00040
#define OFDEL	0x00080
#define NLDLY	0x00100
#define CRDLY	0x00600
#define TABDLY	0x01800
#define XTABS	0x01800
#define BSDLY	0x02000
#define VTDLY	0x04000
#define FFDLY	0x08000

/* c_cflag */
#define CBAUD	0x0000100f
#define CSIZE	0x00000030
#define CS5	0x00000000
#define CS6	0x00000010
#define CS7	0x00000020
#define CS8	0x00000030
#define CSTOPB	0x00000040
#define CREAD	0x00000080
#define PARENB	0x00000100
#define PARODD	0x00000200
#define HUPCL	0x00000400
#define CLOCAL	0x00000800
#define CBAUDEX	0x00001000
#define BOTHER	0x00001000
#define CIBAUD	0x100f0000
#define CMSPAR	0x40000000
#define CRTSCTS	0x80000000
#define IBSHIFT	16

/* Speeds (the CBAUD field of c_cflag). */
#define B0		0x00000000
#define B50		0x00000001
#define B75		0x00000002
#define B110		0x00000003
#define B134		0x00000004
#define B150		0x00000005
#define B200		0x00000006
#define B300		0x00000007
#define B600		0x00000008
#define B1200		0x00000009
#define B1800		0x0000000a
#define B2400		0x0000000b
#define B4800		0x0000000c
#define B9600		0x0000000d
#define B19200		0x0000000e
#define B38400		0x0000000f
#define B57600		0x00001001
#define B115200		0x00001002
#define B230400		0x00001003
#define B460800		0x00001004
#define B500000		0x00001005
#define B576000		0x00001006
#define B921600		0x00001007
#define B1000000	0x00001008
#define B1152000	0x00001009
#define B1500000	0x0000100a
#define B2000000	0x0000100b
#define B2500000	0x0000100c
#define B3000000	0x0000100d
#define B3500000	0x0000100e
#define B4000000	0x0000100f

/* c_lflag */
#define ISIG	0x00001
#define ICANON	0x00002
#define XCASE	0x00004
#define ECHO	0x00008
#define ECHOE	0x00010
#define ECHOK	0x00020
#define ECHONL	0x00040
#define NOFLSH	0x00080
#define TOSTOP	0x00100
#define ECHOCTL	0x00200
#define ECHOPRT	0x00400
#define ECHOKE	0x00800
#define FLUSHO	0x01000
#define PENDIN	0x04000
#define IEXTEN	0x08000
#define EXTPROC	0x10000

/* tcsetattr() actions, tcflow() and tcflush() arguments. */
#define TCSANOW		0
#define TCSADRAIN	1
#define TCSAFLUSH	2
#define TCOOFF		0
#define TCOON		1
#define TCIOFF		2
#define TCION		3
#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

/* tty ioctl requests */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCEXCL	0x540C
#define TIOCNXCL	0x540D
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCOUTQ	0x5411
#define TIOCSTI		0x5412
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCMGET	0x5415
#define TIOCMBIS	0x5416
#define TIOCMBIC	0x5417
#define TIOCMSET	0x5418
#define FIONREAD	0x541B
#define TIOCINQ		FIONREAD
#define TIOCCONS	0x541D
#define FIONBIO		0x5421
#define TIOCNOTTY	0x5422
#define TIOCSETD	0x5423
#define TIOCGETD	0x5424
#define TCSBRKP		0x5425
#define TIOCSBRK	0x5427
#define TIOCCBRK	0x5428
#define TIOCGSID	0x5429
#define TCGETS2		_IOR('T', 0x2A, struct linux_termios2)
#define TCSETS2		_IOW('T', 0x2B, struct linux_termios2)
#define TCSETSW2	_IOW('T', 0x2C, struct linux_termios2)
#define TCSETSF2	_IOW('T', 0x2D, struct linux_termios2)
#define TIOCGPTN	_IOR('T', 0x30, uint32_t)
#define TIOCSPTLCK	_IOW('T', 0x31, int32_t)
#define TIOCGDEV	_IOR('T', 0x32, uint32_t)
#define TIOCSIG		_IOW('T', 0x36, int32_t)
#define TIOCGPTLCK	_IOR('T', 0x39, int32_t)
#define TIOCGPTPEER	_IO('T', 0x41)
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIOASYNC	0x5452

/* Line disciplines (c_line, TIOCSETD). */
#define N_TTY		0

#endif /* RUX_UAPI_TERMIOS_H */
