/* core/uapi/falloc.h - fallocate(2) mode bits (<linux/falloc.h>). */
#ifndef RUX_UAPI_FALLOC_H
#define RUX_UAPI_FALLOC_H

#define FALLOC_FL_KEEP_SIZE	 0x01 /* allocate past the end without growing the size */
#define FALLOC_FL_PUNCH_HOLE	 0x02 /* free the range (with KEEP_SIZE only) */
#define FALLOC_FL_NO_HIDE_STALE	 0x04 /* reserved, refused */
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE	 0x10
#define FALLOC_FL_INSERT_RANGE	 0x20
#define FALLOC_FL_UNSHARE_RANGE	 0x40
#define FALLOC_FL_WRITE_ZEROES	 0x80 /* Linux 6.17 */

#endif /* RUX_UAPI_FALLOC_H */
