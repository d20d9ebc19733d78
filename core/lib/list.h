/*
 * core/lib/list.h - intrusive, circular, doubly-linked lists.
 *
 * A list is a struct list_head used as the head; each element embeds its
 * own struct list_head and is found back with list_entry() (container_of).
 * An empty list's head points at itself, so no operation tests for NULL.
 *
 *	struct task { struct list_head link; ... };
 *	LIST_HEAD(ready);
 *	list_add_tail(&t->link, &ready);
 *	list_for_each_entry(t, &ready, link) ...
 *
 * Lists do no locking: whoever owns the head says which lock protects it.
 */
#ifndef RUX_LIB_LIST_H
#define RUX_LIB_LIST_H

#include <stdbool.h>

#include "lib/compiler.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name)      struct list_head name = LIST_HEAD_INIT(name)

static inline void list_init(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

/* Insert @node between the adjacent entries @prev and @next. */
static inline void list_insert_between(struct list_head *node, struct list_head *prev,
				       struct list_head *next)
{
	next->prev = node;
	node->next = next;
	node->prev = prev;
	prev->next = node;
}

/* Insert @node right after @head (at the front: stack order). */
static inline void list_add(struct list_head *node, struct list_head *head)
{
	list_insert_between(node, head, head->next);
}

/* Insert @node right before @head (at the back: queue order). */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
	list_insert_between(node, head->prev, head);
}

/* Unlink @node; it is left pointing nowhere (NULL) so reuse is caught. */
static inline void list_del(struct list_head *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	node->next = NULL;
	node->prev = NULL;
}

/* Unlink @node and make it an empty list of its own. */
static inline void list_del_init(struct list_head *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

/* Move @node from wherever it is to the back of @head. */
static inline void list_move_tail(struct list_head *node, struct list_head *head)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_add_tail(node, head);
}

/* Move @node from wherever it is to the front of @head. */
static inline void list_move(struct list_head *node, struct list_head *head)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_add(node, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* True when @head holds exactly one entry. */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline bool list_is_last(const struct list_head *node,
				const struct list_head *head)
{
	return node->next == head;
}

/* Append all of @from to the back of @to and leave @from empty. */
static inline void list_splice_tail_init(struct list_head *from, struct list_head *to)
{
	if (list_empty(from))
		return;
	from->next->prev = to->prev;
	to->prev->next = from->next;
	from->prev->next = to;
	to->prev = from->prev;
	list_init(from);
}

/* Prepend all of @from to the front of @to and leave @from empty. */
static inline void list_splice_init(struct list_head *from, struct list_head *to)
{
	if (list_empty(from))
		return;
	from->prev->next = to->next;
	to->next->prev = from->prev;
	from->next->prev = to;
	to->next = from->next;
	list_init(from);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
/* First/last entry; the list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)  list_entry((head)->prev, type, member)
/* First entry, or NULL for an empty list. */
#define list_first_entry_or_null(head, type, member)                           \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_next_entry(pos, member)                                           \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member)                                           \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)

#define list_for_each(pos, head)                                               \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_entry(pos, head, member)                                 \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member);           \
	     &(pos)->member != (head); (pos) = list_next_entry(pos, member))

#define list_for_each_entry_reverse(pos, head, member)                         \
	for ((pos) = list_last_entry(head, __typeof__(*(pos)), member);            \
	     &(pos)->member != (head); (pos) = list_prev_entry(pos, member))

/* Iterate where the body may remove (and free) @pos; @tmp is scratch. */
#define list_for_each_entry_safe(pos, tmp, head, member)                       \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member),           \
	    (tmp) = list_next_entry(pos, member);                                  \
	     &(pos)->member != (head);                                             \
	     (pos) = (tmp), (tmp) = list_next_entry(tmp, member))

#endif /* RUX_LIB_LIST_H */
