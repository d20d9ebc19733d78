/*
 * core/lib/rbtree.h - intrusive red-black trees.
 *
 * The tree knows nothing about keys: the caller walks down comparing its own
 * keys, then links the new node where the walk fell off and lets the tree
 * rebalance:
 *
 *	struct rb_node **link = &root->node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, struct vma, rb)->start ?
 *		       &parent->left : &parent->right;
 *	}
 *	rb_link_node(&new->rb, parent, link);
 *	rb_insert_color(&new->rb, root);
 *
 * Invariants (checked by tests/ktest/rbtree.c): the root is black, a red
 * node has no red child, and every path from a node down to a leaf crosses
 * the same number of black nodes; so the height is at most 2*log2(n+1) and
 * every operation is O(log n). No locking: the owner of the root decides.
 */
#ifndef RUX_LIB_RBTREE_H
#define RUX_LIB_RBTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/compiler.h"

enum rb_color { RB_RED, RB_BLACK };

struct rb_node {
	struct rb_node *parent;
	struct rb_node *left, *right;
	enum rb_color color;
};

struct rb_root {
	struct rb_node *node;
};

#define RB_ROOT            ((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(r)   ((r)->node == NULL)
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
/* rb_entry() for a pointer that may be NULL. */
#define rb_entry_safe(ptr, type, member)                                       \
	({                                                                         \
		struct rb_node *__rb = (ptr);                                          \
		__rb ? rb_entry(__rb, type, member) : NULL;                            \
	})

/* Attach @node as a red leaf at *@link below @parent (NULL for the root). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->parent = parent;
	node->left = NULL;
	node->right = NULL;
	node->color = RB_RED;
	*link = node;
}

/* Restore the invariants after rb_link_node(@node). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Remove @node from the tree. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order traversal; each returns NULL past the end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif /* RUX_LIB_RBTREE_H */
