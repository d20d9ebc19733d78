/*
 * tests/ktest/rbtree.c - the red-black invariants (black root, no red-red,
 * equal black height, consistent parent links, sorted order) checked after
 * every step of thousands of random inserts and erases.
 */
#include <stdint.h>

#include "lib/ktest.h"
#include "lib/rbtree.h"

#define NR_NODES 1500

struct knode {
	uint32_t key;
	bool in_tree;
	struct rb_node rb;
};

static struct knode nodes[NR_NODES];

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static uint32_t key_of(const struct rb_node *n)
{
	return rb_entry(n, struct knode, rb)->key;
}

/* Duplicates go right, so in-order traversal is stable. */
static void insert(struct rb_root *root, struct knode *k)
{
	struct rb_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = k->key < key_of(parent) ? &parent->left : &parent->right;
	}
	rb_link_node(&k->rb, parent, link);
	rb_insert_color(&k->rb, root);
	k->in_tree = true;
}

/*
 * Black height of the subtree at @n (NULL leaves count 1), or -1 if any
 * invariant fails below it. Also counts the nodes into *@count.
 */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent, int *count)
{
	int lh, rh;

	if (!n)
		return 1;
	if (n->parent != parent)
		return -1;
	if (n->color == RB_RED && ((n->left && n->left->color == RB_RED) ||
				   (n->right && n->right->color == RB_RED)))
		return -1;
	if ((n->left && key_of(n->left) > key_of(n)) ||
	    (n->right && key_of(n->right) < key_of(n)))
		return -1;
	lh = check_subtree(n->left, n, count);
	rh = check_subtree(n->right, n, count);
	if (lh < 0 || lh != rh)
		return -1;
	(*count)++;
	return lh + (n->color == RB_BLACK);
}

/* All invariants, @expect nodes, and in-order/reverse order sorted. */
static bool tree_valid(const struct rb_root *root, int expect)
{
	const struct rb_node *n;
	int count = 0, seen = 0;
	uint32_t last = 0;

	if (root->node && root->node->color != RB_BLACK)
		return false;
	if (check_subtree(root->node, NULL, &count) < 0 || count != expect)
		return false;
	for (n = rb_first(root); n; n = rb_next(n), seen++) {
		if (seen && key_of(n) < last)
			return false;
		last = key_of(n);
	}
	if (seen != expect)
		return false;
	for (n = rb_last(root), seen = 0; n; n = rb_prev(n), seen++) {
		if (seen && key_of(n) > last)
			return false;
		last = key_of(n);
	}
	return seen == expect;
}

KTEST(rbtree, empty_tree)
{
	struct rb_root root = RB_ROOT;

	KT_ASSERT(RB_EMPTY_ROOT(&root));
	KT_ASSERT_NULL(rb_first(&root));
	KT_ASSERT_NULL(rb_last(&root));
	KT_ASSERT(tree_valid(&root, 0));
}

KTEST(rbtree, sequential_inserts_stay_balanced)
{
	struct rb_root root = RB_ROOT;
	int depth = 0;

	for (int i = 0; i < NR_NODES; i++) {
		nodes[i].key = (uint32_t)i;
		insert(&root, &nodes[i]);
	}
	KT_ASSERT(tree_valid(&root, NR_NODES));
	/* Height bound 2*log2(n+1): about 21 for 1500 nodes. */
	for (const struct rb_node *n = rb_first(&root); n; n = n->parent)
		depth++;
	KT_ASSERT(depth <= 22);
	KT_ASSERT_EQ(key_of(rb_first(&root)), 0);
	KT_ASSERT_EQ(key_of(rb_last(&root)), NR_NODES - 1);
	/* Erase everything in order; the tree stays valid throughout. */
	for (int i = 0; i < NR_NODES; i++) {
		rb_erase(&nodes[i].rb, &root);
		if (i % 100 == 0)
			KT_ASSERT(tree_valid(&root, NR_NODES - i - 1));
	}
	KT_ASSERT(RB_EMPTY_ROOT(&root));
}

KTEST(rbtree, random_inserts_and_erases)
{
	struct rb_root root = RB_ROOT;
	int count = 0;

	rng_state = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < NR_NODES; i++) {
		nodes[i].key = rng() % 500; /* plenty of duplicate keys */
		nodes[i].in_tree = false;
	}
	for (int step = 0; step < 6000; step++) {
		struct knode *k = &nodes[rng() % NR_NODES];

		if (k->in_tree) {
			rb_erase(&k->rb, &root);
			k->in_tree = false;
			count--;
		} else {
			insert(&root, k);
			count++;
		}
		KT_ASSERT(tree_valid(&root, count));
	}
	for (int i = 0; i < NR_NODES; i++)
		if (nodes[i].in_tree) {
			rb_erase(&nodes[i].rb, &root);
			nodes[i].in_tree = false;
			KT_ASSERT(tree_valid(&root, --count));
		}
	KT_ASSERT(RB_EMPTY_ROOT(&root));
}

KTEST(rbtree, next_prev_walk_neighbours)
{
	struct rb_root root = RB_ROOT;

	for (int i = 0; i < 10; i++) {
		nodes[i].key = (uint32_t)(i * 10);
		insert(&root, &nodes[i]);
	}
	KT_ASSERT_EQ(key_of(rb_next(&nodes[3].rb)), 40);
	KT_ASSERT_EQ(key_of(rb_prev(&nodes[3].rb)), 20);
	KT_ASSERT_NULL(rb_prev(&nodes[0].rb));
	KT_ASSERT_NULL(rb_next(&nodes[9].rb));
	rb_erase(&nodes[4].rb, &root);
	KT_ASSERT_EQ(key_of(rb_next(&nodes[3].rb)), 50);
	KT_ASSERT(tree_valid(&root, 9));
	for (int i = 0; i < 10; i++)
		if (i != 4)
			rb_erase(&nodes[i].rb, &root);
	KT_ASSERT(RB_EMPTY_ROOT(&root));
}
