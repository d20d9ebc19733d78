/*
 * fuzz/walk.c - the bounded tree walk of walk.h.
 */
#include "fuzz/walk.h"

#include <stdio.h>
#include <string.h>

#include "uapi/dirent.h"
#include "uapi/stat.h"

static bool walk_exhausted(const struct fuzz_walk *walk)
{
	return walk->entries >= FUZZ_WALK_MAX_ENTRIES || walk->bytes >= FUZZ_WALK_MAX_BYTES;
}

static void read_file(struct fuzz_world *w, struct fuzz_walk *walk, const char *path)
{
	static char buf[4096];
	struct file *f;
	int64_t pos = 0;
	long n;

	if (vfs_openat(&w->ctx, NULL, path, O_RDONLY, 0, &f) != 0)
		return;
	while (pos < FUZZ_WALK_MAX_FILE_BYTES && !walk_exhausted(walk)) {
		n = vfs_read(f, buf, sizeof(buf), &pos);
		if (n <= 0)
			break;
		if ((size_t)n > sizeof(buf))
			fuzz_fail("read returned more than asked", n);
		walk->bytes += (size_t)n;
	}
	/* The end of the file, where a sparse or corrupt mapping often is. */
	if (vfs_lseek(f, -1, SEEK_END) >= 0)
		vfs_read(f, buf, 1, &f->f_pos);
	vfs_close(f);
}

static void remember(char *slot, const char *path)
{
	if (!slot[0])
		snprintf(slot, FUZZ_WALK_PATH_MAX, "%s", path);
}

static void visit(struct fuzz_world *w, struct fuzz_walk *walk, const char *path)
{
	char target[256];
	struct linux_stat st;
	int n;

	if (vfs_fstatat(&w->ctx, NULL, path, AT_SYMLINK_NOFOLLOW, &st) != 0)
		return;
	if (S_ISLNK(st.st_mode)) {
		n = vfs_readlinkat(&w->ctx, NULL, path, target, sizeof(target));
		if (n > (int)sizeof(target))
			fuzz_fail("readlink returned more than asked", n);
		vfs_fstatat(&w->ctx, NULL, path, 0, &st); /* follow it */
	} else if (S_ISREG(st.st_mode)) {
		remember(walk->file, path);
		read_file(w, walk, path);
	}
}

static void walk_dir(struct fuzz_world *w, struct fuzz_walk *walk, const char *dir, int depth)
{
	static char bufs[FUZZ_WALK_MAX_DEPTH][2048];
	char *buf = bufs[depth];
	char path[FUZZ_WALK_PATH_MAX];
	struct file *f;
	long n;

	if (depth >= FUZZ_WALK_MAX_DEPTH ||
	    vfs_openat(&w->ctx, NULL, dir, O_RDONLY | O_DIRECTORY, 0, &f) != 0)
		return;
	while (!walk_exhausted(walk) && (n = vfs_getdents64(f, buf, sizeof(bufs[0]))) > 0) {
		for (long off = 0; off < n && !walk_exhausted(walk);) {
			const struct linux_dirent64 *d = (const void *)(buf + off);

			if (d->d_reclen == 0 || off + d->d_reclen > n)
				fuzz_fail("getdents64 returned a bad record length", d->d_reclen);
			off += d->d_reclen;
			walk->entries++;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >=
			    (int)sizeof(path))
				continue;
			if (d->d_type == DT_DIR) {
				remember(walk->dir, path);
				walk_dir(w, walk, path, depth + 1);
			} else {
				visit(w, walk, path);
			}
		}
	}
	vfs_close(f);
}

void fuzz_walk_tree(struct fuzz_world *w, struct fuzz_walk *walk)
{
	memset(walk, 0, sizeof(*walk));
	walk_dir(w, walk, ".", 0);
}
