/* core/uapi/xattr.h - setxattr(2) flags and the attribute name spaces (<linux/xattr.h>). */
#ifndef RUX_UAPI_XATTR_H
#define RUX_UAPI_XATTR_H

#define XATTR_CREATE  0x1 /* fail with EEXIST if the attribute exists */
#define XATTR_REPLACE 0x2 /* fail with ENODATA if it does not */

#define XATTR_USER_PREFIX     "user."
#define XATTR_TRUSTED_PREFIX  "trusted."
#define XATTR_SECURITY_PREFIX "security."
#define XATTR_SYSTEM_PREFIX   "system."

#endif /* RUX_UAPI_XATTR_H */
