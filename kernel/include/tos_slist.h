/*
 * Intrusive NULL-terminated singly linked list (TencentOS Tiny compatible).
 */
#ifndef _TOS_SLIST_H_
#define _TOS_SLIST_H_

#include "tos_klib.h"

typedef struct k_slist_node_st {
    struct k_slist_node_st *next;
} k_slist_t;

#define TOS_SLIST_NODE(dummy)           { K_NULL }
#define TOS_SLIST_DEFINE(slist)         k_slist_t slist = { K_NULL }

#define TOS_SLIST_ENTRY(node, type, field)  TOS_CONTAINER_OF_FIELD(node, type, field)
#define TOS_SLIST_FIRST_ENTRY(slist, type, field)   TOS_SLIST_ENTRY((slist)->next, type, field)
#define TOS_SLIST_FIRST_ENTRY_OR_NULL(slist, type, field) \
    ((slist)->next ? TOS_SLIST_FIRST_ENTRY(slist, type, field) : (type *)K_NULL)

#define TOS_SLIST_FOR_EACH(curr, slist) \
    for (curr = (slist)->next; curr; curr = curr->next)
#define TOS_SLIST_FOR_EACH_SAFE(curr, next, slist) \
    for (curr = (slist)->next, next = curr ? curr->next : K_NULL; curr; \
         curr = next, next = curr ? curr->next : K_NULL)
#define TOS_SLIST_FOR_EACH_ENTRY(entry, type, field, slist) \
    for (entry = TOS_SLIST_FIRST_ENTRY_OR_NULL(slist, type, field); entry; \
         entry = entry->field.next ? TOS_SLIST_ENTRY(entry->field.next, type, field) : (type *)K_NULL)
#define TOS_SLIST_FOR_EACH_ENTRY_SAFE(entry, tmp, type, field, slist) \
    for (entry = TOS_SLIST_FIRST_ENTRY_OR_NULL(slist, type, field), \
         tmp = (entry && entry->field.next) ? TOS_SLIST_ENTRY(entry->field.next, type, field) : (type *)K_NULL; \
         entry; \
         entry = tmp, \
         tmp = (entry && entry->field.next) ? TOS_SLIST_ENTRY(entry->field.next, type, field) : (type *)K_NULL)

__API__ __STATIC_INLINE__ void tos_slist_init(k_slist_t *slist)
{
    slist->next = K_NULL;
}

__API__ __STATIC_INLINE__ k_slist_t *tos_slist_head(k_slist_t *slist)
{
    return slist->next;
}

__API__ __STATIC_INLINE__ k_slist_t *tos_slist_tail(k_slist_t *slist)
{
    k_slist_t *n = slist->next;
    if (!n) {
        return K_NULL;
    }
    while (n->next) {
        n = n->next;
    }
    return n;
}

__API__ __STATIC_INLINE__ void tos_slist_add_head(k_slist_t *node, k_slist_t *slist)
{
    node->next = slist->next;
    slist->next = node;
}

__API__ __STATIC_INLINE__ void tos_slist_add_tail(k_slist_t *node, k_slist_t *slist)
{
    k_slist_t *p = slist;
    while (p->next) {
        p = p->next;
    }
    node->next = K_NULL;
    p->next = node;
}

/* Insert `new_node` before `next_node`; a NULL (or absent) next_node appends. */
__API__ __STATIC_INLINE__ void tos_slist_insert(k_slist_t *next_node, k_slist_t *new_node,
                                                k_slist_t *slist)
{
    k_slist_t *p = slist;
    while (p->next && p->next != next_node) {
        p = p->next;
    }
    new_node->next = p->next;
    p->next = new_node;
}

__API__ __STATIC_INLINE__ k_slist_t *tos_slist_del_head(k_slist_t *slist)
{
    k_slist_t *n = slist->next;
    if (n) {
        slist->next = n->next;
        n->next = K_NULL;
    }
    return n;
}

__API__ __STATIC_INLINE__ k_slist_t *tos_slist_del_tail(k_slist_t *slist)
{
    k_slist_t *p = slist;
    if (!p->next) {
        return K_NULL;
    }
    while (p->next->next) {
        p = p->next;
    }
    k_slist_t *n = p->next;
    p->next = K_NULL;
    return n;
}

__API__ __STATIC_INLINE__ void tos_slist_del(k_slist_t *node, k_slist_t *slist)
{
    k_slist_t *p = slist;
    while (p->next && p->next != node) {
        p = p->next;
    }
    if (p->next) {
        p->next = node->next;
        node->next = K_NULL;
    }
}

__API__ __STATIC_INLINE__ int tos_slist_length(k_slist_t *slist)
{
    int n = 0;
    for (k_slist_t *p = slist->next; p; p = p->next) {
        n++;
    }
    return n;
}

__API__ __STATIC_INLINE__ int tos_slist_contains(k_slist_t *node, k_slist_t *slist)
{
    for (k_slist_t *p = slist->next; p; p = p->next) {
        if (p == node) {
            return K_TRUE;
        }
    }
    return K_FALSE;
}

__API__ __STATIC_INLINE__ int tos_slist_empty(k_slist_t *slist)
{
    return slist->next == K_NULL;
}

#endif /* _TOS_SLIST_H_ */
