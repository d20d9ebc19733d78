/*
 * fs/initramfs/cpio.c - the cpio "newc"/"crc" unpacker.
 *
 * An archive is a sequence of entries, each a 110-byte ASCII header (magic
 * and 13 eight-digit hex fields), the name with its NUL (header and name
 * padded together to 4 bytes), then the data (padded to 4 bytes). The entry
 * named TRAILER!!! ends an archive; more archives may follow, separated by
 * zero padding.
 *
 * Every field is checked against the buffer before it is used, so a
 * corrupt archive is reported (-EINVAL, "initramfs: <what> at offset N")
 * and never read out of bounds.
 *
 * Names: leading "/" and "./" are dropped and "." components skipped, so
 * everything lands below the target root; a name with a ".." component is
 * rejected as malformed. The entry "." itself sets the root's attributes.
 *
 * Hard links: entries with nlink > 1 and the same (ino, dev) are linked to
 * the first name seen in the same archive; data may come with any of them
 * (cpio writes it with the last) and goes to the shared inode.
 * Directory times are set once the archive is complete, since creating
 * entries inside a directory changes its mtime.
 */
#include "fs/initramfs/initramfs.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define CPIO_HDR_SIZE 110
#define CPIO_FIELDS   13

enum cpio_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
};

struct cpio_entry {
	uint32_t f[CPIO_FIELDS];
	bool crc;	     /* 070702: F_CHECK is the data's byte sum */
	char name[PATH_MAX]; /* cleaned, relative to the root ("" = root) */
	const unsigned char *data;
	size_t offset; /* of the header, for messages */
};

/* A name seen with nlink > 1 (hard link candidates), or a directory
 * waiting for its mtime. */
struct cpio_name {
	struct list_head link;
	uint32_t ino, major, minor, mtime;
	char name[];
};

struct cpio_state {
	struct vfs_ctx ctx;	/* the caller's, with umask 0 */
	struct list_head links; /* struct cpio_name: hard link candidates */
	struct list_head dirs;	/* struct cpio_name: directories to date */
	int first_err;		/* first VFS error met */
	struct cpio_entry e;
};

static int malformed(const char *what, size_t offset)
{
	printk("initramfs: %s at offset %zu\n", what, offset);
	return -EINVAL;
}

static int parse_hex(const unsigned char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		unsigned char c = s[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

/* Is the buffer at @p one of the compressed formats Linux accepts? */
static bool is_compressed(const unsigned char *p, size_t left)
{
	static const struct {
		unsigned char magic[4];
		size_t len;
	} kinds[] = {
		{{0x1f, 0x8b}, 2}, /* gzip */
		{{'B', 'Z', 'h'}, 3}, /* bzip2 */
		{{0xfd, '7', 'z', 'X'}, 4}, /* xz */
		{{0x5d, 0x00, 0x00}, 3}, /* lzma */
		{{0x02, 0x21, 0x4c, 0x18}, 4}, /* lz4 */
		{{0x28, 0xb5, 0x2f, 0xfd}, 4}, /* zstd */
		{{0x89, 'L', 'Z', 'O'}, 4}, /* lzo */
	};

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (left >= kinds[i].len && memcmp(p, kinds[i].magic, kinds[i].len) == 0)
			return true;
	return false;
}

/* Copy @raw (@len bytes) into e->name, dropping "/", "." and empty
 * components; -EINVAL on "..". */
static int clean_name(struct cpio_entry *e, const char *raw, size_t len)
{
	size_t out = 0, i = 0;

	while (i < len) {
		size_t start = i, clen;

		while (i < len && raw[i] != '/')
			i++;
		clen = i - start;
		while (i < len && raw[i] == '/')
			i++;
		if (clen == 0 || (clen == 1 && raw[start] == '.'))
			continue;
		if (clen == 2 && raw[start] == '.' && raw[start + 1] == '.')
			return -EINVAL;
		if (out + clen + 2 > sizeof(e->name))
			return -EINVAL;
		if (out)
			e->name[out++] = '/';
		memcpy(e->name + out, raw + start, clen);
		out += clen;
	}
	e->name[out] = '\0';
	return 0;
}

/*
 * Parse the header at @off into s->e; on success *@next is where the
 * following entry (or padding) starts. *@trailer is set for TRAILER!!!.
 */
static int parse_entry(struct cpio_state *s, const unsigned char *buf, size_t len, size_t off,
		       size_t *next, bool *trailer)
{
	struct cpio_entry *e = &s->e;
	size_t name_off = off + CPIO_HDR_SIZE, data_off, namesize, filesize;
	const char *name;

	e->offset = off;
	if (len - off < CPIO_HDR_SIZE)
		return malformed("truncated header", off);
	if (memcmp(buf + off, "070701", 6) == 0)
		e->crc = false;
	else if (memcmp(buf + off, "070702", 6) == 0)
		e->crc = true;
	else
		return malformed("bad magic", off);
	for (int i = 0; i < CPIO_FIELDS; i++)
		if (parse_hex(buf + off + 6 + 8 * i, &e->f[i]))
			return malformed("bad header field", off);
	namesize = e->f[F_NAMESIZE];
	filesize = e->f[F_FILESIZE];
	if (namesize == 0)
		return malformed("empty name", off);
	if (namesize > len - name_off)
		return malformed("name beyond the end", off);
	name = (const char *)buf + name_off;
	if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
		return malformed("name not terminated", off);
	data_off = ALIGN_UP(name_off + namesize, 4);
	if (data_off > len || filesize > len - data_off)
		return malformed("file data beyond the end", off);
	e->data = buf + data_off;
	*next = ALIGN_UP(data_off + filesize, 4);
	*trailer = strcmp(name, "TRAILER!!!") == 0;
	if (*trailer)
		return 0;
	if (clean_name(e, name, namesize - 1))
		return malformed("bad name", off);
	if (e->crc) {
		uint32_t sum = 0;

		for (size_t i = 0; i < filesize; i++)
			sum += e->data[i];
		if (sum != e->f[F_CHECK])
			return malformed("checksum mismatch", off);
	}
	return 0;
}

static void entry_error(struct cpio_state *s, const char *what, int err)
{
	printk("initramfs: cannot %s %s: %d\n", what, s->e.name[0] ? s->e.name : ".", err);
	if (!s->first_err)
		s->first_err = err;
}

static struct cpio_name *remember(struct list_head *list, const struct cpio_entry *e)
{
	size_t len = strlen(e->name);
	struct cpio_name *n = kmalloc(sizeof(*n) + len + 1, GFP_KERNEL);

	if (!n)
		return NULL;
	n->ino = e->f[F_INO];
	n->major = e->f[F_DEVMAJOR];
	n->minor = e->f[F_DEVMINOR];
	n->mtime = e->f[F_MTIME];
	memcpy(n->name, e->name, len + 1);
	list_add_tail(&n->link, list);
	return n;
}

static void forget_all(struct list_head *list)
{
	struct cpio_name *n, *tmp;

	list_for_each_entry_safe(n, tmp, list, link)
	{
		list_del(&n->link);
		kfree(n);
	}
}

static const char *find_link(struct cpio_state *s)
{
	struct cpio_name *n;

	list_for_each_entry(n, &s->links, link) if (n->ino == s->e.f[F_INO] &&
						    n->major == s->e.f[F_DEVMAJOR] &&
						    n->minor == s->e.f[F_DEVMINOR]) return n->name;
	return NULL;
}

static const struct path *root(struct cpio_state *s)
{
	return &s->ctx.root;
}

/* Make room for a new entry: remove what is there unless both are dirs. */
static void clear_place(struct cpio_state *s, uint32_t mode)
{
	struct linux_stat st;

	if (vfs_fstatat(&s->ctx, root(s), s->e.name, AT_SYMLINK_NOFOLLOW, &st))
		return;
	if (S_ISDIR(st.st_mode) && S_ISDIR(mode))
		return;
	vfs_unlinkat(&s->ctx, root(s), s->e.name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
}

static int write_data(struct cpio_state *s, int flags)
{
	const struct cpio_entry *e = &s->e;
	struct file *f;
	int64_t pos = 0;
	long n = 0;
	int err;

	err = vfs_openat(&s->ctx, root(s), e->name, O_WRONLY | O_CREAT | O_NOFOLLOW | flags,
			 e->f[F_MODE] & 07777, &f);
	if (err)
		return err;
	if (e->f[F_FILESIZE])
		n = vfs_write(f, e->data, e->f[F_FILESIZE], &pos);
	vfs_close(f);
	if (n < 0)
		return (int)n;
	return n == (long)e->f[F_FILESIZE] ? 0 : -ENOSPC;
}

static int make_regular(struct cpio_state *s)
{
	const char *old = s->e.f[F_NLINK] > 1 ? find_link(s) : NULL;
	int err;

	if (old) {
		err = vfs_linkat(&s->ctx, root(s), old, root(s), s->e.name, 0);
		return err ? err : write_data(s, 0);
	}
	err = write_data(s, O_TRUNC);
	if (!err && s->e.f[F_NLINK] > 1 && !remember(&s->links, &s->e))
		err = -ENOMEM;
	return err;
}

static int make_symlink(struct cpio_state *s)
{
	size_t len = s->e.f[F_FILESIZE];
	char *target;
	int err;

	if (len == 0 || len >= PATH_MAX)
		return malformed("bad symlink target", s->e.offset);
	target = kmalloc(len + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, s->e.data, len);
	target[len] = '\0';
	err = strlen(target) == len ? vfs_symlinkat(&s->ctx, target, root(s), s->e.name)
				    : malformed("bad symlink target", s->e.offset);
	kfree(target);
	return err;
}

/* Owner, mode and time from the header. */
static void set_attrs(struct cpio_state *s, uint32_t mode)
{
	const struct cpio_entry *e = &s->e;
	struct vfs_timespec t[2] = {{e->f[F_MTIME], 0}, {e->f[F_MTIME], 0}};
	int err;

	err = vfs_fchownat(&s->ctx, root(s), e->name, e->f[F_UID], e->f[F_GID],
			   AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	if (!err && !S_ISLNK(mode))
		err = vfs_fchmodat(&s->ctx, root(s), e->name, mode & 07777, AT_EMPTY_PATH);
	if (!err && !S_ISDIR(mode))
		err = vfs_utimensat(&s->ctx, root(s), e->name, t,
				    AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	if (!err && S_ISDIR(mode) && !remember(&s->dirs, e))
		err = -ENOMEM;
	if (err)
		entry_error(s, "set attributes of", err);
}

/* Create the entry in s->e. Malformed contents give -EINVAL at once. */
static int unpack_entry(struct cpio_state *s)
{
	uint32_t mode = s->e.f[F_MODE];
	int err = 0;

	if (s->e.name[0]) {
		clear_place(s, mode);
		switch (mode & S_IFMT) {
		case S_IFDIR:
			err = vfs_mkdirat(&s->ctx, root(s), s->e.name, mode & 07777);
			if (err == -EEXIST)
				err = 0;
			break;
		case S_IFREG:
			err = make_regular(s);
			break;
		case S_IFLNK:
			err = make_symlink(s);
			if (err == -EINVAL)
				return err;
			break;
		case S_IFCHR:
		case S_IFBLK:
		case S_IFIFO:
		case S_IFSOCK:
			err = vfs_mknodat(&s->ctx, root(s), s->e.name, mode,
					  vfs_mkdev(s->e.f[F_RDEVMAJOR], s->e.f[F_RDEVMINOR]));
			break;
		default:
			return malformed("bad file type", s->e.offset);
		}
	} else if (!S_ISDIR(mode)) {
		return malformed("bad root entry", s->e.offset);
	}
	if (err)
		entry_error(s, "create", err);
	else
		set_attrs(s, mode);
	return 0;
}

/* The end of one archive: date the directories, forget the links. */
static void finish_archive(struct cpio_state *s)
{
	struct cpio_name *n;

	list_for_each_entry(n, &s->dirs, link)
	{
		struct vfs_timespec t[2] = {{n->mtime, 0}, {n->mtime, 0}};

		vfs_utimensat(&s->ctx, root(s), n->name, t, AT_EMPTY_PATH);
	}
	forget_all(&s->dirs);
	forget_all(&s->links);
}

static int unpack(struct cpio_state *s, const unsigned char *buf, size_t len)
{
	size_t off = 0;
	int err = 0;

	while (off < len && !err) {
		size_t next;
		bool trailer;

		if (buf[off] == 0) {
			off++;
			continue;
		}
		if (is_compressed(buf + off, len - off)) {
			printk("initramfs: compressed archives are not supported\n");
			return -EINVAL;
		}
		if (off % 4)
			return malformed("broken padding", off);
		err = parse_entry(s, buf, len, off, &next, &trailer);
		if (err)
			break;
		if (trailer)
			finish_archive(s);
		else
			err = unpack_entry(s);
		off = next;
	}
	finish_archive(s);
	return err ? err : s->first_err;
}

int initramfs_unpack_at(const struct vfs_ctx *ctx, const void *buf, size_t len)
{
	struct cpio_state *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int err;

	if (!s)
		return -ENOMEM;
	s->ctx = *ctx;
	s->ctx.umask = 0;
	list_init(&s->links);
	list_init(&s->dirs);
	err = unpack(s, buf, len);
	kfree(s);
	return err;
}

int initramfs_unpack(const void *buf, size_t len)
{
	struct vfs_ctx ctx;
	int err;

	vfs_root_ctx(&ctx);
	err = initramfs_unpack_at(&ctx, buf, len);
	vfs_ctx_put(&ctx);
	return err;
}
