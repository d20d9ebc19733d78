/* core/uapi/limits.h - sizes the Linux ABI promises user space. */
#ifndef RUX_UAPI_LIMITS_H
#define RUX_UAPI_LIMITS_H

#define NGROUPS_MAX	65536	/* supplementary groups */
#define ARG_MAX		131072	/* historic exec limit; Linux allows more */
#define LINK_MAX	127
#define MAX_CANON	255
#define MAX_INPUT	255
#define NAME_MAX	255	/* bytes in a file name */
#define PATH_MAX	4096	/* bytes in a path, NUL included */
#define PIPE_BUF	4096	/* writes up to this size are atomic */
#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536
#define XATTR_LIST_MAX	65536
#define RTSIG_MAX	32

#endif /* RUX_UAPI_LIMITS_H */
