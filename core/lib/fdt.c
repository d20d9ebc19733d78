/*
 * core/lib/fdt.c - flattened device tree reader.
 *
 * Layout of a blob (all numbers big-endian):
 *	header (40 bytes) | memory reservation block | structure block | strings
 * The structure block is a sequence of 32-bit tokens:
 *	BEGIN_NODE name\0 (padded to 4)   opens a node
 *	PROP len nameoff value[len] (pad) a property of the open node
 *	END_NODE                          closes it
 *	NOP                               ignored
 *	END                               ends the block
 * next_token() is the only code that decodes a token, and it checks every
 * length and offset it reads against the block it points into. fdt_init()
 * runs it over the whole block once, so the nesting is known to be sound.
 */
#include "lib/fdt.h"
#include "lib/string.h"
#include "uapi/errno.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

#define FDT_HEADER_V16 36 /* version 16 lacks size_dt_struct */
#define FDT_HEADER_V17 40
#define FDT_MAX_DEPTH  64 /* deeper trees are refused by fdt_parent() */

/* One decoded token. */
struct token {
	uint32_t type;
	uint32_t next;       /* offset of the token after this one */
	const char *name;    /* node or property name */
	const void *value;   /* FDT_PROP: its value */
	uint32_t len;        /* FDT_PROP: the value's length */
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t fdt_read_cells(const void *p, int ncells)
{
	const uint8_t *b = p;

	if (ncells == 2)
		return (uint64_t)be32(b) << 32 | be32(b + 4);
	return be32(b);
}

uint32_t fdt_total_size(const void *blob)
{
	const uint8_t *b = blob;

	return be32(b) == FDT_MAGIC ? be32(b + 4) : 0;
}

static uint32_t header_field(const struct fdt *fdt, int index)
{
	return be32(fdt->blob + 4 * index);
}

/* Length of the string at @off in @base[0..@limit-1]; -1 if unterminated. */
static int64_t bounded_strlen(const uint8_t *base, uint32_t off, uint32_t limit)
{
	for (uint32_t i = off; i < limit; i++)
		if (base[i] == '\0')
			return i - off;
	return -1;
}

static uint32_t align4(uint64_t off)
{
	return (uint32_t)((off + 3) & ~3ull);
}

/* Decode the token at structure offset @off into @t; 0 or -EINVAL. */
static int next_token(const struct fdt *fdt, uint32_t off, struct token *t)
{
	const uint8_t *s = fdt->blob + fdt->off_struct;
	uint32_t size = fdt->size_struct, nameoff;
	int64_t n;
	uint64_t end;

	if (off % 4 || size < 4 || off > size - 4)
		return -EINVAL;
	t->type = be32(s + off);
	t->next = off + 4;
	switch (t->type) {
	case FDT_BEGIN_NODE:
		n = bounded_strlen(s, off + 4, size);
		if (n < 0)
			return -EINVAL;
		t->name = (const char *)s + off + 4;
		end = align4((uint64_t)off + 4 + (uint64_t)n + 1);
		break;
	case FDT_PROP:
		if (off + 12 > size)
			return -EINVAL;
		t->len = be32(s + off + 4);
		nameoff = be32(s + off + 8);
		t->value = s + off + 12;
		n = bounded_strlen(fdt->blob + fdt->off_strings, nameoff, fdt->size_strings);
		if (n < 0)
			return -EINVAL;
		t->name = (const char *)fdt->blob + fdt->off_strings + nameoff;
		end = (uint64_t)off + 12 + t->len;
		if (end > size)
			return -EINVAL;
		end = align4(end);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		return 0;
	default:
		return -EINVAL;
	}
	/* Padding may run to the block's end only when it is unaligned. */
	if (end > align4(size))
		return -EINVAL;
	t->next = (uint32_t)end;
	return 0;
}

/* Walk the whole structure block: one root, balanced, then END. */
static int check_structure(const struct fdt *fdt)
{
	struct token t;
	uint32_t off = 0;
	int depth = 0;
	bool seen_root = false;

	for (;;) {
		if (next_token(fdt, off, &t))
			return -EINVAL;
		switch (t.type) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && seen_root)
				return -EINVAL;
			seen_root = true;
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -EINVAL;
			break;
		case FDT_PROP:
			if (depth == 0)
				return -EINVAL;
			break;
		case FDT_END:
			return depth == 0 && seen_root ? 0 : -EINVAL;
		}
		off = t.next;
	}
}

/* Does [@off, @off + @len) lie within the blob's @size bytes? */
static bool in_blob(uint32_t size, uint32_t off, uint64_t len)
{
	return (uint64_t)off + len <= size;
}

int fdt_init(struct fdt *fdt, const void *blob)
{
	struct fdt f = { .blob = blob };
	uint32_t version, rsvmap;

	if (!blob || fdt_total_size(blob) == 0)
		return -EINVAL;
	f.size = fdt_total_size(blob);
	if (f.size < FDT_HEADER_V16)
		return -EINVAL;
	version = header_field(&f, 5);
	if (version < 16 || header_field(&f, 6) > 17)
		return -EINVAL;
	if (version >= 17 && f.size < FDT_HEADER_V17)
		return -EINVAL;
	f.off_struct = header_field(&f, 2);
	f.off_strings = header_field(&f, 3);
	rsvmap = header_field(&f, 4);
	f.size_strings = header_field(&f, 8);
	if (f.off_struct > f.size)
		return -EINVAL;
	f.size_struct = version >= 17 ? header_field(&f, 9) : f.size - f.off_struct;
	if (f.off_struct % 4 || !in_blob(f.size, f.off_struct, f.size_struct) ||
	    f.size_struct > INT32_MAX ||
	    !in_blob(f.size, f.off_strings, f.size_strings) ||
	    rsvmap % 8 || rsvmap < FDT_HEADER_V16 || !in_blob(f.size, rsvmap, 16))
		return -EINVAL;
	if (check_structure(&f))
		return -EINVAL;
	*fdt = f;
	return 0;
}

/* Decode the BEGIN_NODE token that @node must be; false if it is not one. */
static bool node_token(const struct fdt *fdt, int node, struct token *t)
{
	return node >= 0 && next_token(fdt, (uint32_t)node, t) == 0 &&
	       t->type == FDT_BEGIN_NODE;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	struct token t;

	return node_token(fdt, node, &t) ? t.name : NULL;
}

/*
 * From the node at @node, go to the next BEGIN_NODE, counting levels in
 * *@depth. With @bounded, stop (-ENOENT) when *@depth drops below 0.
 */
static int walk(const struct fdt *fdt, int node, int *depth, bool bounded)
{
	struct token t;
	uint32_t off;

	if (!node_token(fdt, node, &t))
		return -EINVAL;
	for (off = t.next;; off = t.next) {
		if (next_token(fdt, off, &t))
			return -EINVAL;
		if (t.type == FDT_BEGIN_NODE) {
			(*depth)++;
			return (int)off;
		}
		if (t.type == FDT_END_NODE && --(*depth) < 0 && bounded)
			return -ENOENT;
		if (t.type == FDT_END)
			return -ENOENT;
	}
}

/* The root node: the first BEGIN_NODE, after any NOPs. */
static int root_node(const struct fdt *fdt)
{
	struct token t;
	uint32_t off = 0;

	for (;;) {
		if (next_token(fdt, off, &t))
			return -EINVAL;
		if (t.type == FDT_BEGIN_NODE)
			return (int)off;
		if (t.type != FDT_NOP)
			return -EINVAL;
		off = t.next;
	}
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int unused = 0;

	if (node < 0) {
		if (depth)
			*depth = 0;
		return root_node(fdt);
	}
	return walk(fdt, node, depth ? depth : &unused, depth != NULL);
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;
	int child = walk(fdt, node, &depth, true);

	if (child >= 0 && depth != 1)
		return -ENOENT;
	return child;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 1; /* 0 is the parent's level */

	do {
		node = walk(fdt, node, &depth, true);
	} while (node >= 0 && depth > 1);
	return node;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = 0, n = root_node(fdt);

	if (n < 0 || !node_token(fdt, node, &(struct token){ 0 }))
		return -EINVAL;
	if (node == n)
		return -ENOENT;
	stack[0] = n;
	while ((n = walk(fdt, n, &depth, true)) >= 0) {
		if (depth >= FDT_MAX_DEPTH)
			return -EINVAL;
		stack[depth] = n;
		if (n == node)
			return stack[depth - 1];
	}
	return -EINVAL; /* @node is not at a node boundary */
}

/*
 * Child of @node named by the @len bytes at @comp: an exact match, else the
 * only child "comp@unit" when @comp has no unit address.
 */
static int find_child(const struct fdt *fdt, int node, const char *comp, size_t len)
{
	bool has_unit = memchr(comp, '@', len) != NULL;
	int child, found = -ENOENT, matches = 0;

	for (child = fdt_first_child(fdt, node); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		const char *name = fdt_node_name(fdt, child);

		if (strncmp(name, comp, len) != 0)
			continue;
		if (name[len] == '\0')
			return child;
		if (name[len] == '@' && !has_unit) {
			found = child;
			matches++;
		}
	}
	if (child != -ENOENT)
		return child; /* a malformed tree */
	return matches == 1 ? found : -ENOENT;
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	int node = root_node(fdt);

	if (*path != '/')
		return -EINVAL;
	while (node >= 0) {
		size_t len;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		for (len = 0; path[len] && path[len] != '/'; len++)
			;
		node = find_child(fdt, node, path, len);
		path += len;
	}
	return node;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, int *len)
{
	struct token t;
	uint32_t off;

	if (!node_token(fdt, node, &t))
		return NULL;
	for (off = t.next; next_token(fdt, off, &t) == 0; off = t.next) {
		if (t.type == FDT_NOP)
			continue;
		if (t.type != FDT_PROP)
			break; /* properties come before subnodes */
		if (strcmp(t.name, name) == 0) {
			if (len)
				*len = (int)t.len;
			return t.value;
		}
	}
	return NULL;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(fdt, node, "compatible", &len);
	size_t want = strlen(compat);

	if (!p)
		return false;
	/* Each string must end with its NUL inside the value. */
	while (len > 0) {
		int n = (int)strnlen(p, (size_t)len);

		if (n == len)
			return false;
		if ((size_t)n == want && memcmp(p, compat, want) == 0)
			return true;
		p += n + 1;
		len -= n + 1;
	}
	return false;
}

int fdt_next_compatible(const struct fdt *fdt, int after, const char *compat)
{
	int node = after;

	for (;;) {
		node = fdt_next_node(fdt, node, NULL);
		if (node < 0 || fdt_is_compatible(fdt, node, compat))
			return node;
	}
}

bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return false;
	*out = (uint32_t)fdt_read_cells(p, 1);
	return true;
}

bool fdt_prop_u64(const struct fdt *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	*out = fdt_read_cells(p, len / 4);
	return true;
}

/* Cell count property @name of @node, @dflt if absent; -EINVAL if silly. */
static int cells(const struct fdt *fdt, int node, const char *name, int dflt)
{
	uint32_t v;

	if (!node_token(fdt, node, &(struct token){ 0 }))
		return -EINVAL;
	if (!fdt_prop_u32(fdt, node, name, &v))
		return dflt;
	return v <= 4 ? (int)v : -EINVAL;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells(fdt, node, "#size-cells", 1);
}

int fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent(fdt, node);
	int ac, sc, len;
	const uint8_t *reg;

	if (parent < 0)
		return parent; /* -ENOENT: the root has no reg */
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || index < 0 || (uint64_t)(index + 1ull) * 4 * (ac + sc) > (uint64_t)len)
		return -ENOENT;
	reg += (size_t)index * 4 * (ac + sc);
	*addr = fdt_read_cells(reg, ac);
	*size = sc ? fdt_read_cells(reg + 4 * ac, sc) : 0;
	return 0;
}

int fdt_mem_reserve(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size)
{
	uint32_t off = header_field(fdt, 4);

	if (index < 0)
		return -ENOENT;
	for (int i = 0;; i++, off += 16) {
		uint64_t a, s;

		if (!in_blob(fdt->size, off, 16))
			return -EINVAL;
		a = fdt_read_cells(fdt->blob + off, 2);
		s = fdt_read_cells(fdt->blob + off + 8, 2);
		if (a == 0 && s == 0)
			return -ENOENT;
		if (i == index) {
			*addr = a;
			*size = s;
			return 0;
		}
	}
}
