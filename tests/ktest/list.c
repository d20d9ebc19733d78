/*
 * tests/ktest/list.c - intrusive list operations, checked by walking the
 * list both ways after each change.
 */
#include "lib/ktest.h"
#include "lib/list.h"

struct item {
	int value;
	struct list_head link;
};

/* True when @head holds exactly the values @want[0..n-1], both directions. */
static bool list_holds(struct list_head *head, const int *want, int n)
{
	struct item *it;
	int i = 0;

	list_for_each_entry(it, head, link) {
		if (i >= n || it->value != want[i])
			return false;
		i++;
	}
	if (i != n)
		return false;
	list_for_each_entry_reverse(it, head, link) {
		if (it->value != want[--i])
			return false;
	}
	return true;
}

static void make_items(struct item *items, int n)
{
	for (int i = 0; i < n; i++)
		items[i].value = i;
}

KTEST(list, empty_and_singular)
{
	LIST_HEAD(head);
	struct item a = { .value = 1 };

	KT_ASSERT(list_empty(&head));
	KT_ASSERT(!list_is_singular(&head));
	KT_ASSERT_NULL(list_first_entry_or_null(&head, struct item, link));
	list_add(&a.link, &head);
	KT_ASSERT(!list_empty(&head));
	KT_ASSERT(list_is_singular(&head));
	KT_ASSERT(list_first_entry(&head, struct item, link) == &a);
	KT_ASSERT(list_last_entry(&head, struct item, link) == &a);
	KT_ASSERT(list_is_last(&a.link, &head));
	list_del(&a.link);
	KT_ASSERT(list_empty(&head));
	KT_ASSERT_NULL(a.link.next);
}

KTEST(list, add_is_stack_add_tail_is_queue)
{
	struct item items[4];
	struct list_head stack, queue;
	static const int lifo[] = { 3, 2, 1, 0 }, fifo[] = { 0, 1, 2, 3 };

	make_items(items, 4);
	list_init(&stack);
	for (int i = 0; i < 4; i++)
		list_add(&items[i].link, &stack);
	KT_ASSERT(list_holds(&stack, lifo, 4));

	list_init(&queue);
	for (int i = 0; i < 4; i++)
		list_move_tail(&items[i].link, &queue);
	KT_ASSERT(list_empty(&stack));
	KT_ASSERT(list_holds(&queue, fifo, 4));
}

KTEST(list, del_init_and_move)
{
	struct item items[4];
	LIST_HEAD(head);
	LIST_HEAD(other);
	static const int after_del[] = { 0, 2, 3 }, moved[] = { 3, 0, 2 };

	make_items(items, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&items[i].link, &head);
	list_del_init(&items[1].link);
	KT_ASSERT(list_empty(&items[1].link));
	KT_ASSERT(list_holds(&head, after_del, 3));
	list_move(&items[3].link, &head);
	KT_ASSERT(list_holds(&head, moved, 3));
	list_move(&items[1].link, &other);
	KT_ASSERT(list_is_singular(&other));
}

KTEST(list, safe_iteration_can_delete)
{
	struct item items[6], *it, *tmp;
	LIST_HEAD(head);
	static const int odd[] = { 1, 3, 5 };

	make_items(items, 6);
	for (int i = 0; i < 6; i++)
		list_add_tail(&items[i].link, &head);
	list_for_each_entry_safe(it, tmp, &head, link)
		if (it->value % 2 == 0)
			list_del(&it->link);
	KT_ASSERT(list_holds(&head, odd, 3));
}

KTEST(list, splice)
{
	struct item items[5];
	LIST_HEAD(a);
	LIST_HEAD(b);
	static const int tail[] = { 0, 1, 2, 3, 4 }, front[] = { 2, 3, 4, 0, 1 };

	make_items(items, 5);
	list_add_tail(&items[0].link, &a);
	list_add_tail(&items[1].link, &a);
	for (int i = 2; i < 5; i++)
		list_add_tail(&items[i].link, &b);
	list_splice_tail_init(&b, &a);
	KT_ASSERT(list_empty(&b));
	KT_ASSERT(list_holds(&a, tail, 5));
	list_splice_tail_init(&b, &a); /* splicing an empty list changes nothing */
	KT_ASSERT(list_holds(&a, tail, 5));

	list_init(&a);
	list_init(&b);
	list_add_tail(&items[0].link, &a);
	list_add_tail(&items[1].link, &a);
	for (int i = 2; i < 5; i++)
		list_add_tail(&items[i].link, &b);
	list_splice_init(&b, &a);
	KT_ASSERT(list_empty(&b));
	KT_ASSERT(list_holds(&a, front, 5));
}

KTEST(list, for_each_visits_raw_nodes)
{
	struct item items[3];
	struct list_head *pos;
	LIST_HEAD(head);
	int sum = 0;

	make_items(items, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].link, &head);
	list_for_each(pos, &head)
		sum += list_entry(pos, struct item, link)->value + 1;
	KT_ASSERT_EQ(sum, 6);
	KT_ASSERT(list_next_entry(&items[0], link) == &items[1]);
	KT_ASSERT(list_prev_entry(&items[2], link) == &items[1]);
}
