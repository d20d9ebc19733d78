/*
 * core/uapi/utsname.h - uname(2): six NUL-terminated strings of at most
 * 64 characters each.
 */
#ifndef RUX_UAPI_UTSNAME_H
#define RUX_UAPI_UTSNAME_H

#define LINUX_UTS_LEN 64

struct linux_utsname {
	char sysname[LINUX_UTS_LEN + 1];
	char nodename[LINUX_UTS_LEN + 1];
	char release[LINUX_UTS_LEN + 1];
	char version[LINUX_UTS_LEN + 1];
	char machine[LINUX_UTS_LEN + 1];
	char domainname[LINUX_UTS_LEN + 1];
};

#endif /* RUX_UAPI_UTSNAME_H */
