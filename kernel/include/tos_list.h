/*
 * Intrusive circular doubly linked list (TencentOS Tiny compatible). A k_list_t is both a list
 * head and a node; iteration macros take the list head last.
 */
#ifndef _TOS_LIST_H_
#define _TOS_LIST_H_

#include "tos_klib.h"

typedef struct k_list_node_st {
    struct k_list_node_st *next;
    struct k_list_node_st *prev;
} k_list_t;

#define TOS_LIST_NODE(node)             { &(node), &(node) }
#define TOS_LIST_DEFINE(list)           k_list_t list = { &(list), &(list) }

#define TOS_LIST_ENTRY(node, type, field)   TOS_CONTAINER_OF_FIELD(node, type, field)
#define TOS_LIST_FIRST_ENTRY(list, type, field)   TOS_LIST_ENTRY((list)->next, type, field)
#define TOS_LIST_FIRST_ENTRY_OR_NULL(list, type, field) \
    (tos_list_empty(list) ? (type *)K_NULL : TOS_LIST_FIRST_ENTRY(list, type, field))

#define TOS_LIST_FOR_EACH(curr, list) \
    for (curr = (list)->next; curr != (list); curr = curr->next)
#define TOS_LIST_FOR_EACH_PREV(curr, list) \
    for (curr = (list)->prev; curr != (list); curr = curr->prev)
#define TOS_LIST_FOR_EACH_SAFE(curr, next, list) \
    for (curr = (list)->next, next = curr->next; curr != (list); curr = next, next = curr->next)
#define TOS_LIST_FOR_EACH_PREV_SAFE(curr, next, list) \
    for (curr = (list)->prev, next = curr->prev; curr != (list); curr = next, next = curr->prev)

#define TOS_LIST_FOR_EACH_ENTRY(entry, type, field, list) \
    for (entry = TOS_LIST_ENTRY((list)->next, type, field); \
         &entry->field != (list); \
         entry = TOS_LIST_ENTRY(entry->field.next, type, field))
#define TOS_LIST_FOR_EACH_ENTRY_REVERSE(entry, type, field, list) \
    for (entry = TOS_LIST_ENTRY((list)->prev, type, field); \
         &entry->field != (list); \
         entry = TOS_LIST_ENTRY(entry->field.prev, type, field))
#define TOS_LIST_FOR_EACH_ENTRY_SAFE(entry, tmp, type, field, list) \
    for (entry = TOS_LIST_ENTRY((list)->next, type, field), \
         tmp = TOS_LIST_ENTRY(entry->field.next, type, field); \
         &entry->field != (list); \
         entry = tmp, tmp = TOS_LIST_ENTRY(entry->field.next, type, field))
#define TOS_LIST_FOR_EACH_ENTRY_SAFE_REVERSE(entry, tmp, type, field, list) \
    for (entry = TOS_LIST_ENTRY((list)->prev, type, field), \
         tmp = TOS_LIST_ENTRY(entry->field.prev, type, field); \
         &entry->field != (list); \
         entry = tmp, tmp = TOS_LIST_ENTRY(entry->field.prev, type, field))

__STATIC_INLINE__ void _list_insert(k_list_t *node, k_list_t *prev, k_list_t *next)
{
    next->prev = node;
    node->next = next;
    node->prev = prev;
    prev->next = node;
}

__STATIC_INLINE__ void _list_unlink(k_list_t *prev, k_list_t *next)
{
    next->prev = prev;
    prev->next = next;
}

__API__ __STATIC_INLINE__ void tos_list_init(k_list_t *list)
{
    list->next = list;
    list->prev = list;
}

/* Insert `node` right after the head `list`. */
__API__ __STATIC_INLINE__ void tos_list_add(k_list_t *node, k_list_t *list)
{
    _list_insert(node, list, list->next);
}

/* Insert `node` at the end of `list`. */
__API__ __STATIC_INLINE__ void tos_list_add_tail(k_list_t *node, k_list_t *list)
{
    _list_insert(node, list->prev, list);
}

/* Unlink `node`; its own pointers are left as they were. */
__API__ __STATIC_INLINE__ void tos_list_del(k_list_t *node)
{
    _list_unlink(node->prev, node->next);
}

/* Unlink `node` and make it an empty list again. */
__API__ __STATIC_INLINE__ void tos_list_del_init(k_list_t *node)
{
    _list_unlink(node->prev, node->next);
    tos_list_init(node);
}

__API__ __STATIC_INLINE__ void tos_list_move(k_list_t *node, k_list_t *list)
{
    tos_list_del(node);
    tos_list_add(node, list);
}

__API__ __STATIC_INLINE__ void tos_list_move_tail(k_list_t *node, k_list_t *list)
{
    tos_list_del(node);
    tos_list_add_tail(node, list);
}

__API__ __STATIC_INLINE__ int tos_list_empty(const k_list_t *list)
{
    return list->next == list;
}

#endif /* _TOS_LIST_H_ */
