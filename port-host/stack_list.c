/*
 * The host ports' lists of task stacks (stack_list.h).
 */
#include "cpu.h"
#include "stack_list.h"

static struct {
    stack_node_t *live;                 /* read by the fault handlers */
    stack_node_t *retired;
} lists;

/* A node is the first member of its host's struct port_stack. */
static struct port_stack *stack_of(stack_node_t *n)
{
    return (struct port_stack *)(void *)n;
}

void stack_list_link(stack_node_t *n)
{
    n->prev = NULL;
    n->next = lists.live;
    if (lists.live) {
        lists.live->prev = n;
    }
    lists.live = n;
}

void stack_list_unlink(stack_node_t *n)
{
    if (n->prev) {
        n->prev->next = n->next;
    } else {
        lists.live = n->next;
    }
    if (n->next) {
        n->next->prev = n->prev;
    }
    n->next = n->prev = NULL;
}

const stack_node_t *stack_list_live(void)
{
    return lists.live;
}

void cpu_stack_retire(struct port_stack *s)
{
    stack_node_t *n = (stack_node_t *)(void *)s;
    stack_list_unlink(n);
    n->next = lists.retired;
    lists.retired = n;
}

void cpu_stacks_collect(void)
{
    while (lists.retired) {
        stack_node_t *n = lists.retired;
        lists.retired = n->next;
        stack_list_link(n);             /* cpu_stack_free unlinks it again */
        cpu_stack_free(stack_of(n));
    }
}

void cpu_stacks_release_all(void)
{
    stack_node_t *n;

    cpu_stacks_collect();
    n = lists.live;
    while (n) {
        stack_node_t *next = n->next;
        if (n->owner) {                 /* the interrupt stack stays */
            cpu_stack_free(stack_of(n));
        }
        n = next;
    }
}
