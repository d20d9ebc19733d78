/* core/uapi/poll.h - ppoll(2): struct linux_pollfd and the event bits. */
#ifndef RUX_UAPI_POLL_H
#define RUX_UAPI_POLL_H

#include "uapi/types.h"

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008	/* always reported */
#define POLLHUP		0x0010	/* always reported */
#define POLLNVAL	0x0020	/* always reported: fd not open */
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLMSG		0x0400
#define POLLRDHUP	0x2000

struct linux_pollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

#endif /* RUX_UAPI_POLL_H */
