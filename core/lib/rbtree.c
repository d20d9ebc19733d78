/*
 * core/lib/rbtree.c - red-black tree rebalancing and traversal.
 *
 * The classic algorithm (Cormen et al., "Introduction to Algorithms",
 * chapter 13) with NULL as the black leaf: insertion recolors up the tree
 * and ends with at most two rotations; erasure splices the node out and,
 * if a black node went missing, fixes the "extra black" going up.
 */
#include "lib/rbtree.h"

static bool is_red(const struct rb_node *n)
{
	return n && n->color == RB_RED;
}

static bool is_black(const struct rb_node *n)
{
	return !is_red(n);
}

/* Make @new take @old's place under @old's parent (or as the root). */
static void replace_child(struct rb_root *root, struct rb_node *old,
			  struct rb_node *new)
{
	struct rb_node *parent = old->parent;

	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/*
 *     x              y
 *    / \            / \
 *   a   y    =>    x   c
 *      / \        / \
 *     b   c      a   b
 */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	replace_child(root, x, y);
	y->left = x;
	x->parent = y;
}

/* The mirror image of rotate_left(). */
static void rotate_right(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	replace_child(root, x, y);
	y->right = x;
	x->parent = y;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = node->parent) && is_red(parent)) {
		gparent = parent->parent; /* exists: a red node is never the root */
		uncle = parent == gparent->left ? gparent->right : gparent->left;
		if (is_red(uncle)) {
			/* Push the blackness down from the grandparent. */
			parent->color = RB_BLACK;
			uncle->color = RB_BLACK;
			gparent->color = RB_RED;
			node = gparent;
			continue;
		}
		if (parent == gparent->left) {
			if (node == parent->right) {
				rotate_left(root, parent);
				node = parent;
				parent = node->parent;
			}
			rotate_right(root, gparent);
		} else {
			if (node == parent->left) {
				rotate_right(root, parent);
				node = parent;
				parent = node->parent;
			}
			rotate_left(root, gparent);
		}
		parent->color = RB_BLACK;
		gparent->color = RB_RED;
		break;
	}
	root->node->color = RB_BLACK;
}

/*
 * @node (possibly NULL) below @parent carries an extra black: the path
 * through it is one black short. Move the deficit up or fix it by rotation.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *node,
			struct rb_node *parent)
{
	struct rb_node *sib;

	while (node != root->node && is_black(node)) {
		if (node == parent->left) {
			sib = parent->right;
			if (is_red(sib)) {
				sib->color = RB_BLACK;
				parent->color = RB_RED;
				rotate_left(root, parent);
				sib = parent->right;
			}
			if (is_black(sib->left) && is_black(sib->right)) {
				sib->color = RB_RED;
				node = parent;
				parent = node->parent;
				continue;
			}
			if (is_black(sib->right)) {
				sib->left->color = RB_BLACK;
				sib->color = RB_RED;
				rotate_right(root, sib);
				sib = parent->right;
			}
			sib->color = parent->color;
			parent->color = RB_BLACK;
			sib->right->color = RB_BLACK;
			rotate_left(root, parent);
		} else {
			sib = parent->left;
			if (is_red(sib)) {
				sib->color = RB_BLACK;
				parent->color = RB_RED;
				rotate_right(root, parent);
				sib = parent->left;
			}
			if (is_black(sib->left) && is_black(sib->right)) {
				sib->color = RB_RED;
				node = parent;
				parent = node->parent;
				continue;
			}
			if (is_black(sib->left)) {
				sib->right->color = RB_BLACK;
				sib->color = RB_RED;
				rotate_left(root, sib);
				sib = parent->left;
			}
			sib->color = parent->color;
			parent->color = RB_BLACK;
			sib->left->color = RB_BLACK;
			rotate_right(root, parent);
		}
		node = root->node;
		break;
	}
	if (node)
		node->color = RB_BLACK;
}

static struct rb_node *leftmost(struct rb_node *n)
{
	while (n->left)
		n = n->left;
	return n;
}

static struct rb_node *rightmost(struct rb_node *n)
{
	while (n->right)
		n = n->right;
	return n;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	enum rb_color removed = node->color;

	if (!node->left || !node->right) {
		/* At most one child: it takes the node's place. */
		child = node->left ? node->left : node->right;
		parent = node->parent;
		replace_child(root, node, child);
	} else {
		/* Two children: the successor moves into the node's place. */
		struct rb_node *succ = leftmost(node->right);

		removed = succ->color;
		child = succ->right;
		if (succ->parent == node) {
			parent = succ;
		} else {
			parent = succ->parent;
			replace_child(root, succ, child);
			succ->right = node->right;
			succ->right->parent = succ;
		}
		replace_child(root, node, succ);
		succ->left = node->left;
		succ->left->parent = succ;
		succ->color = node->color;
	}
	if (removed == RB_BLACK)
		erase_fixup(root, child, parent);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return root->node ? leftmost(root->node) : NULL;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return root->node ? rightmost(root->node) : NULL;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	if (node->right)
		return leftmost(node->right);
	while (node->parent && node == node->parent->right)
		node = node->parent;
	return node->parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	if (node->left)
		return rightmost(node->left);
	while (node->parent && node == node->parent->left)
		node = node->parent;
	return node->parent;
}
