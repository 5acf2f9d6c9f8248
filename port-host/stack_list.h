/*
 * The task stacks a host port has handed out, in two lists: the live ones (what the fault
 * handlers search for the stack an address or a fiber belongs to) and the retired ones (a task
 * that destroyed itself still runs on its stack until the switch away; released right after).
 * Each host's struct port_stack (stack.c) starts with a stack_node_t, so a node is the stack.
 * The lists' operations in cpu.h (cpu_stack_retire, cpu_stacks_collect,
 * cpu_stacks_release_all) are implemented here, on top of the host's cpu_stack_free.
 */
#ifndef PORT_HOST_STACK_LIST_H
#define PORT_HOST_STACK_LIST_H

#include "tos_k.h"

typedef struct stack_node {
    struct stack_node  *next;           /* live list, retired list (or a host's cache) */
    struct stack_node  *prev;
    k_task_t           *owner;          /* NULL for the interrupt stack */
} stack_node_t;

/* Add to / remove from the live list (the host's alloc and free). */
void stack_list_link(stack_node_t *n);
void stack_list_unlink(stack_node_t *n);

/* The first live stack; follow ->next (fault handlers, which must not lock). */
const stack_node_t *stack_list_live(void);

#endif /* PORT_HOST_STACK_LIST_H */
