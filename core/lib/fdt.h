/*
 * core/lib/fdt.h - a reader for flattened device trees (DTB, the format
 * firmware hands the kernel; see the Devicetree Specification, chapter 5).
 *
 * Read-only and allocation-free. fdt_init() checks the header and walks the
 * whole structure block once, so a corrupt blob is refused up front with
 * -EINVAL; every later read is still bounds-checked against the blob's
 * totalsize, so no input, however broken, makes this code read outside it.
 *
 * A node is named by its offset in the structure block (an int >= 0).
 * Functions returning int give a node offset or a count, or a negative errno:
 * -ENOENT when the thing asked for does not exist, -EINVAL for a bad node
 * offset or malformed data.
 */
#ifndef RUX_LIB_FDT_H
#define RUX_LIB_FDT_H

#include <stdbool.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeed

struct fdt {
	const uint8_t *blob;
	uint32_t size;                     /* totalsize from the header */
	uint32_t off_struct, size_struct;  /* structure block, within size */
	uint32_t off_strings, size_strings; /* strings block, within size */
};

/* Check @blob's header and structure; 0 or -EINVAL. */
int fdt_init(struct fdt *fdt, const void *blob);
/* The header's totalsize, or 0 if @blob does not start with FDT_MAGIC. */
uint32_t fdt_total_size(const void *blob);

/*
 * Node at the absolute @path ("/", "/cpus", "/soc/serial@10000000").
 * A component without "@unit" also matches a single "name@unit" sibling.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
/* "memory@80000000"; "" for the root; NULL for a bad offset. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/* Value of property @name of @node and its length in *@len; NULL if absent. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, int *len);
/* True if @compat is one of the strings of @node's "compatible". */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);

/*
 * Depth-first walk: the node after @node (@node = -1 gives the root, with
 * *@depth = 0). *@depth, if @depth is not NULL, is moved by the levels
 * entered and left; the walk ends (-ENOENT) when it would go above the
 * depth it started at (0 from the root), so it can walk one subtree.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
/* Next node after @after (-1: from the root) compatible with @compat. */
int fdt_next_compatible(const struct fdt *fdt, int after, const char *compat);

/* #address-cells / #size-cells of @node (2 / 1 when absent). */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);
/*
 * Entry @index of @node's "reg", decoded with its parent's cell counts
 * (address 1 or 2 cells, size 0..2 cells). 0, -ENOENT past the end or
 * without reg, -EINVAL for other cell counts.
 */
int fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr, uint64_t *size);

/* A property of exactly 4 bytes / of 4 or 8 bytes; false if absent or not. */
bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
bool fdt_prop_u64(const struct fdt *fdt, int node, const char *name, uint64_t *out);
/* Big-endian number of @ncells (1 or 2) 32-bit cells at @p (any alignment). */
uint64_t fdt_read_cells(const void *p, int ncells);

/* Entry @index of the memory reservation block; 0 or -ENOENT past the end. */
int fdt_mem_reserve(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size);

#endif /* RUX_LIB_FDT_H */
