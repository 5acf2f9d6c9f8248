/* Footprint, minimal: two tasks hand a semaphore back and forth, one also sleeps. Tasks never
   end in this configuration (TOS_CFG_TASK_DESTROY_EN 0): the app task itself is the consumer. */
#include "tos_k.h"

static k_task_t  ping_task;
static k_stack_t ping_stk[256];
static k_sem_t   sem;

static void ping(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sem_post(&sem);
        tos_task_delay(10u);
    }
}

void application_entry(void *arg)
{
    (void)arg;
    tos_sem_create(&sem, 0u);
    tos_task_create(&ping_task, "ping", ping, K_NULL, 3u, ping_stk, sizeof ping_stk, 0u);
    for (;;) {
        tos_sem_pend(&sem, TOS_TIME_FOREVER);       /* pong */
    }
}
