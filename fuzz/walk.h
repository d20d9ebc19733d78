/*
 * fuzz/walk.h - visit a whole mounted tree the way a program would:
 * getdents64 on every directory, stat of every entry, readlink of links,
 * reads of regular files. Bounded, so that a corrupt file system (a
 * directory that lists itself, a huge file) cannot make one input run
 * for long.
 */
#ifndef RUX_FUZZ_WALK_H
#define RUX_FUZZ_WALK_H

#include <stddef.h>

#include "fuzz/fuzz_kernel.h"

#define FUZZ_WALK_MAX_DEPTH	 8
#define FUZZ_WALK_MAX_ENTRIES	 512
#define FUZZ_WALK_MAX_FILE_BYTES (64u << 10) /* read of one file */
#define FUZZ_WALK_MAX_BYTES	 (1u << 20)  /* reads of one walk */
#define FUZZ_WALK_PATH_MAX	 256

struct fuzz_walk {
	unsigned int entries; /* directory entries seen */
	size_t bytes;	      /* file bytes read */
	/* The first regular file and directory found ("" if none), for
	 * callers that go on to change the tree. */
	char file[FUZZ_WALK_PATH_MAX];
	char dir[FUZZ_WALK_PATH_MAX];
};

/* Walk everything below w->ctx.root; errors only end that branch. */
void fuzz_walk_tree(struct fuzz_world *w, struct fuzz_walk *walk);

#endif /* RUX_FUZZ_WALK_H */
