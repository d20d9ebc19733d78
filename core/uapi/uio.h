/* core/uapi/uio.h - readv(2)/writev(2) vectors. */
#ifndef RUX_UAPI_UIO_H
#define RUX_UAPI_UIO_H

#include "uapi/types.h"

struct linux_iovec {
	uint64_t iov_base;		/* user address */
	uint64_t iov_len;
};

/* Most vectors one call accepts. */
#define UIO_MAXIOV	1024

#endif /* RUX_UAPI_UIO_H */
