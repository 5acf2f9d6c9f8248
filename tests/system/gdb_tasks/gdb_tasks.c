/*
 * For tests/system/test_gdb.py: the app task leaves one task in every state and stops at
 * gdb_tasks_stop_here(), where the debugger looks at them.
 *
 *   sem_waiter    prio 3  blocked on a semaphore, forever (in wait_for_sem)
 *   sleeper       prio 5  in tos_task_delay
 *   mutex_waiter  prio 6  blocked on a mutex the app task holds, with a timeout
 *   suspended     prio 7  suspended itself
 *   spinner       prio 8  never blocks: preempted by the tick interrupt (in spin())
 *   ready         prio 8  created last, never ran
 *   app           prio 2  running
 */
#include <stdio.h>

#include "tos_k.h"

#define STK 1024u

static k_task_t  t_sem, t_sleep, t_mutex, t_susp, t_spin, t_ready;
static k_stack_t s_sem[STK], s_sleep[STK], s_mutex[STK], s_susp[STK], s_spin[STK], s_ready[STK];
static volatile int stop_spinning;
static volatile unsigned long spins;
static k_sem_t   gate;
static k_mutex_t lock;

__attribute__((noinline)) static void wait_for_sem(void)
{
    tos_sem_pend(&gate, TOS_TIME_FOREVER);
}

static void sem_waiter_entry(void *arg)
{
    (void)arg;
    wait_for_sem();
    printf("sem_waiter: posted\n");
}

static void sleeper_entry(void *arg)
{
    (void)arg;
    tos_task_delay(100000u);
}

static void mutex_waiter_entry(void *arg)
{
    (void)arg;
    if (tos_mutex_pend_timed(&lock, 50000u) == K_ERR_NONE) {
        tos_mutex_post(&lock);
    }
}

static void suspended_entry(void *arg)
{
    (void)arg;
    tos_task_suspend(K_NULL);
}

__attribute__((noinline)) static void spin(void)
{
    while (!stop_spinning) {
        spins++;
    }
}

static void spinner_entry(void *arg)
{
    (void)arg;
    spin();
}

static void ready_entry(void *arg)
{
    (void)arg;
}

/* The debugger's breakpoint. */
__attribute__((noinline)) void gdb_tasks_stop_here(void);
__attribute__((noinline)) void gdb_tasks_stop_here(void)
{
    __asm__ volatile("" ::: "memory");
}

void application_entry(void *arg)
{
    (void)arg;
    tos_sem_create(&gate, 0u);
    tos_mutex_create(&lock);
    tos_mutex_pend(&lock);
    tos_task_create(&t_sem, "sem_waiter", sem_waiter_entry, K_NULL, 3u, s_sem, STK, 0u);
    tos_task_create(&t_sleep, "sleeper", sleeper_entry, K_NULL, 5u, s_sleep, STK, 0u);
    tos_task_create(&t_mutex, "mutex_waiter", mutex_waiter_entry, K_NULL, 6u, s_mutex, STK, 0u);
    tos_task_create(&t_susp, "suspended", suspended_entry, K_NULL, 7u, s_susp, STK, 0u);
    tos_task_create(&t_spin, "spinner", spinner_entry, K_NULL, 8u, s_spin, STK, 0u);
    tos_task_delay(10u);            /* everybody runs and blocks, the spinner spins */
    tos_task_create(&t_ready, "ready", ready_entry, K_NULL, 8u, s_ready, STK, 0u);
    gdb_tasks_stop_here();
    stop_spinning = 1;
    tos_sem_post(&gate);
    tos_mutex_post(&lock);
    printf("gdb_tasks: done\n");
}
