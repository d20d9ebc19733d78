/*
 * tests/unit/jbd2_image.c - e2fsprogs-made ext4 images for the journal
 * tests (see jbd2_image.h).
 */
#include "tests/unit/jbd2_image.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "uapi/errno.h"

static unsigned int image_count;

static int vsh(char *out, size_t len, const char *fmt, va_list ap)
{
	char cmd[1024];
	size_t got = 0;
	FILE *p;
	int status;

	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	if (getenv("JBD2_TEST_VERBOSE"))
		fprintf(stderr, "+ %s\n", cmd);
	if (!out && !getenv("JBD2_TEST_VERBOSE"))
		strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	if (!out) {
		status = system(cmd);
	} else {
		p = popen(cmd, "r");
		if (!p)
			return -1;
		while (len > 1 && got < len - 1) {
			size_t n = fread(out + got, 1, len - 1 - got, p);

			if (n == 0)
				break;
			got += n;
		}
		out[got] = '\0';
		while (fgetc(p) != EOF) /* let it finish */
			;
		status = pclose(p);
	}
	/* WIFEXITED/WEXITSTATUS by hand: <sys/wait.h> clashes with uapi/signal.h. */
	return status != -1 && (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
}

int jimg_sh(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsh(NULL, 0, fmt, ap);
	va_end(ap);
	return ret;
}

int jimg_sh_output(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsh(out, len, fmt, ap);
	va_end(ap);
	return ret;
}

int jimg_read_journal_map(struct jimg *im)
{
	size_t cap = 1 << 20;
	char *out = malloc(cap), *p, *end;
	uint32_t n = 0;

	if (!out)
		return -1;
	if (jimg_sh_output(out, cap, "debugfs -R 'blocks <8>' %s 2>/dev/null", im->path) != 0)
		goto fail;
	free(im->jmap);
	im->jmap = malloc(sizeof(*im->jmap) * (strlen(out) / 2 + 1));
	if (!im->jmap)
		goto fail;
	for (p = out;; p = end) {
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p)
			break;
		im->jmap[n++] = v;
	}
	im->jblocks = n;
	free(out);
	return n ? 0 : -1;
fail:
	free(out);
	return -1;
}

int jimg_mkfs(struct jimg *im, uint32_t bs, const char *size, const char *opts)
{
	memset(im, 0, sizeof(*im));
	snprintf(im->path, sizeof(im->path), "/tmp/jbd2-test-%d-%u.img", (int)getpid(),
		 image_count++);
	im->bs = bs;
	unlink(im->path);
	if (jimg_sh("mkfs.ext4 -q -F -b %u %s %s %s", bs, opts, im->path, size) != 0)
		return -1;
	return jimg_read_journal_map(im);
}

static int bmap_array(void *arg, uint32_t lblk, uint64_t *pblk)
{
	struct jimg *im = arg;

	if (lblk >= im->jblocks)
		return -1;
	*pblk = im->jmap[lblk];
	return 0;
}

int jimg_attach(struct jimg *im)
{
	im->bf = blkfile_open(im->path);
	if (!im->bf)
		return -1;
	im->j = jbd2_journal_init(&im->bf->bdev, im->bs, im->jblocks, bmap_array, im);
	if (IS_ERR(im->j)) {
		im->j = NULL;
		return -1;
	}
	return 0;
}

unsigned int jimg_detach(struct jimg *im, int *destroy_err)
{
	int err = jbd2_journal_destroy(im->j);
	unsigned int busy = 0;

	if (destroy_err)
		*destroy_err = err;
	im->j = NULL;
	if (im->bf)
		busy = blkfile_close(im->bf);
	im->bf = NULL;
	return busy;
}

void jimg_remove(struct jimg *im)
{
	unlink(im->path);
	free(im->jmap);
	im->jmap = NULL;
}

int jimg_load(struct jimg *im, uint32_t incompat)
{
	int err;

	if (jimg_attach(im))
		return -EIO;
	err = jbd2_journal_load(im->j);
	if (!err && incompat)
		err = jbd2_journal_set_features(im->j, 0, 0, incompat);
	return err;
}

int jimg_journal_block(struct jbd2_handle *h, struct jimg *im, uint64_t blocknr,
		       const void *content)
{
	struct buffer_head *bh = bread(&im->bf->bdev, blocknr, im->bs);
	int err;

	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	err = jbd2_journal_get_write_access(h, bh);
	if (!err) {
		lock_buffer(bh);
		memcpy(bh->b_data, content, im->bs);
		unlock_buffer(bh);
		err = jbd2_journal_dirty_metadata(h, bh);
	}
	brelse(bh);
	return err;
}

void jimg_pattern(void *buf, uint32_t bs, uint64_t blocknr, unsigned int round, bool escaped)
{
	uint8_t *b = buf;

	for (uint32_t i = 0; i < bs; i++)
		b[i] = (uint8_t)(blocknr * 131 + round * 17 + i * 7 + (i >> 8));
	if (escaped)
		jbd2_put_be32(b, JBD2_MAGIC);
}

static int block_io(const struct jimg *im, uint64_t blocknr, void *buf, int write)
{
	int fd = open(im->path, O_RDWR);
	off_t off = (off_t)(blocknr * im->bs);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write ? pwrite(fd, buf, im->bs, off) : pread(fd, buf, im->bs, off);
	close(fd);
	return n == (ssize_t)im->bs ? 0 : -1;
}

int jimg_read(const struct jimg *im, uint64_t blocknr, void *buf)
{
	return block_io(im, blocknr, buf, 0);
}

int jimg_write(const struct jimg *im, uint64_t blocknr, const void *buf)
{
	return block_io(im, blocknr, (void *)buf, 1);
}

uint32_t jimg_jsb_field(const struct jimg *im, unsigned int off)
{
	uint8_t *sb = malloc(im->bs);
	uint32_t v = 0;

	if (sb && jimg_read(im, im->jmap[0], sb) == 0)
		v = jbd2_get_be32(sb + off);
	free(sb);
	return v;
}

int jimg_jsb_set_field(const struct jimg *im, unsigned int off, uint32_t value)
{
	uint8_t *sb = malloc(im->bs);
	int err = -1;

	if (sb && jimg_read(im, im->jmap[0], sb) == 0) {
		jbd2_put_be32(sb + off, value);
		if (jbd2_format_has_csum(
			jbd2_get_be32(sb + offsetof(struct jbd2_superblock, s_feature_incompat))))
			jbd2_put_be32(sb + JBD2_SB_CSUM_OFFSET, jbd2_superblock_csum(sb));
		err = jimg_write(im, im->jmap[0], sb);
	}
	free(sb);
	return err;
}

int jimg_free_blocks(const struct jimg *im, unsigned int n, uint64_t goal, uint64_t *out)
{
	char buf[4096], *p, *end;
	unsigned int got = 0;

	if (jimg_sh_output(buf, sizeof(buf), "debugfs -R 'ffb %u %llu' %s 2>/dev/null", n,
			   (unsigned long long)goal, im->path) != 0)
		return -1;
	p = strchr(buf, ':');
	if (!p)
		return -1;
	for (p++; got < n; p = end) {
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p)
			break;
		out[got++] = v;
	}
	return got == n ? 0 : -1;
}
