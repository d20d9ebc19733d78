/*
 * core/uapi/dirent.h - getdents64(2) records.
 *
 * The kernel writes records back to back into the caller's buffer; each one
 * is d_reclen bytes long (the name with its NUL, padded to 8 bytes).
 */
#ifndef RUX_UAPI_DIRENT_H
#define RUX_UAPI_DIRENT_H

#include "uapi/types.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;		/* opaque position of the next record */
	uint16_t d_reclen;
	uint8_t d_type;		/* DT_* */
	char d_name[];		/* NUL-terminated */
};

/* d_type values: the S_IF* file type shifted right by 12. */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#endif /* RUX_UAPI_DIRENT_H */
