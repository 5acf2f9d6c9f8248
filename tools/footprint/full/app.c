/* Footprint, full: the minimal app; every function of the configuration is kept anyway. */
#include "tos_k.h"

static k_task_t  ping_task, pong_task;
static k_stack_t ping_stk[256], pong_stk[256];
static k_sem_t   sem;

static void ping(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sem_post(&sem);
        tos_task_delay(10u);
    }
}

static void pong(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sem_pend(&sem, TOS_TIME_FOREVER);
    }
}

void application_entry(void *arg)
{
    (void)arg;
    tos_sem_create(&sem, 0u);
    tos_task_create(&pong_task, "pong", pong, K_NULL, 2u, pong_stk, sizeof pong_stk, 0u);
    tos_task_create(&ping_task, "ping", ping, K_NULL, 3u, ping_stk, sizeof ping_stk, 0u);
}
