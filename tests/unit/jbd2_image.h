/*
 * tests/unit/jbd2_image.h - ext4 images made by e2fsprogs for the journal
 * tests: create one with mkfs.ext4, find its journal (inode 8) with
 * debugfs, open it as a block device and put a jbd2 journal on it.
 *
 *	struct jimg im;
 *	jimg_mkfs(&im, 4096, "64M", "");       mkfs.ext4 -q -F -b 4096 path 64M
 *	jimg_attach(&im);                      im.bf, im.j (not loaded)
 *	... jbd2_journal_load(im.j) ...
 *	jimg_detach(&im);                      destroys the journal too
 *	jimg_remove(&im);
 *
 * Shell commands run through jimg_sh(); their output is thrown away
 * unless JBD2_TEST_VERBOSE is set in the environment.
 */
#ifndef RUX_TESTS_UNIT_JBD2_IMAGE_H
#define RUX_TESTS_UNIT_JBD2_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/jbd2/jbd2.h"
#include "tests/unit/blkfile.h"

struct jimg {
	char path[64];
	uint32_t bs;	    /* file system (and journal) block size */
	uint32_t jblocks;   /* journal length in blocks */
	uint64_t *jmap;	    /* journal block -> file system block */
	struct blkfile *bf; /* while attached */
	struct jbd2_journal *j;
};

/* Run a shell command; returns its exit status (-1 if it did not run). */
int jimg_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run a shell command and keep at most @len - 1 bytes of its stdout. */
int jimg_sh_output(char *out, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Make a fresh image (a unique file in /tmp) and read its journal map.
 * @opts are extra mkfs.ext4 options. 0 or -1. */
int jimg_mkfs(struct jimg *im, uint32_t bs, const char *size, const char *opts);
/* Read the journal map again (after someone else recreated the image). */
int jimg_read_journal_map(struct jimg *im);
/* Open the image as a block device and create (not load) its journal. */
int jimg_attach(struct jimg *im);
/* Destroy the journal if still there (its result in *@destroy_err when not
 * NULL) and close the device. Returns the buffers left referenced. */
unsigned int jimg_detach(struct jimg *im, int *destroy_err);
void jimg_remove(struct jimg *im);

/* Attach and load the journal, then turn on @incompat (as ext4 would:
 * CSUM_V3 for metadata_csum, 64BIT for 64bit). 0 or a negative errno. */
int jimg_load(struct jimg *im, uint32_t incompat);
/* Inside handle @h, set block @blocknr to @content (bs bytes). 0 or -errno. */
int jimg_journal_block(struct jbd2_handle *h, struct jimg *im, uint64_t blocknr,
		       const void *content);
/* Deterministic contents of block @blocknr written in round @round;
 * @escaped ones start with the journal magic. */
void jimg_pattern(void *buf, uint32_t bs, uint64_t blocknr, unsigned int round, bool escaped);

/* Host-side access to file system blocks of the image file. 0 or -1. */
int jimg_read(const struct jimg *im, uint64_t blocknr, void *buf);
int jimg_write(const struct jimg *im, uint64_t blocknr, const void *buf);
/* The journal superblock's big-endian 32-bit field at byte @off. */
uint32_t jimg_jsb_field(const struct jimg *im, unsigned int off);
/* Set that field and fix the superblock checksum (when it has one). */
int jimg_jsb_set_field(const struct jimg *im, unsigned int off, uint32_t value);
/* @n free blocks of the file system, at or after @goal. 0 or -1. */
int jimg_free_blocks(const struct jimg *im, unsigned int n, uint64_t goal, uint64_t *out);

#endif /* RUX_TESTS_UNIT_JBD2_IMAGE_H */
