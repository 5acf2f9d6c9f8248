/*
 * The kernel in the minimal footprint configuration: what a system with tasks, semaphores and
 * the tick relies on, with everything the configuration compiles out gone (no task destroy, no
 * scheduler lock, no pointer or object checks, no assertion texts).
 */
#include "tos_k.h"

#include "minimal_checks.h"

#if TOS_CFG_TASK_DESTROY_EN > 0u || TOS_CFG_SCHED_LOCK_EN > 0u || TOS_CFG_ASSERT_EN > 0u
#error "minimal_checks.c is built with the minimal configuration (tools/footprint/minimal)"
#endif

#define STK         1024u
#define NTASKS      5u

int minimal_failures;

static k_task_t  tk[NTASKS];
static k_stack_t tk_stack[NTASKS][STK] __attribute__((aligned(8)));
static k_sem_t   s_hi, s_w, s_peer, s_tick, s_park;

/* What the tasks did, in order. */
static volatile int seen[8];
static volatile unsigned nseen;

static void note(int what)
{
    if (nseen < sizeof seen / sizeof seen[0]) {
        seen[nseen] = what;
    }
    nseen++;
}

static void spawn(unsigned i, const char *name, k_task_entry_t entry, int arg, k_prio_t prio)
{
    MIN_CHECK(tos_task_create(&tk[i], (char *)name, entry, (void *)(uintptr_t)arg, prio,
                              tk_stack[i], sizeof tk_stack[i], 0u) == K_ERR_NONE);
}

static void hi_entry(void *arg)
{
    (void)arg;
    for (;;) {
        if (tos_sem_pend(&s_hi, TOS_TIME_FOREVER) == K_ERR_NONE) {
            note(1);
        }
    }
}

/* Waits once, then parks (tasks cannot end in this configuration). */
static void waiter_entry(void *arg)
{
    if (tos_sem_pend(&s_w, TOS_TIME_FOREVER) == K_ERR_NONE) {
        note((int)(uintptr_t)arg);
    }
    for (;;) {
        (void)tos_sem_pend(&s_park, TOS_TIME_FOREVER);
    }
}

static void peer_entry(void *arg)
{
    (void)arg;
    for (;;) {
        note(9);
        (void)tos_sem_pend(&s_peer, TOS_TIME_FOREVER);
    }
}

static void ticker_entry(void *arg)
{
    (void)arg;
    for (;;) {
        (void)tos_sem_post(&s_tick);
        (void)tos_task_delay(10u);
    }
}

void minimal_checks(void)
{
    k_prio_t me = tos_task_curr_task_get()->prio;
    k_tick_t t0, t1;

    printf("semaphores count posts nobody waits for, up to their maximum\n");
    MIN_CHECK(tos_sem_create(&s_w, 0u) == K_ERR_NONE);
    for (int i = 0; i < 3; i++) {
        MIN_CHECK(tos_sem_post(&s_w) == K_ERR_NONE);
    }
    for (int i = 0; i < 3; i++) {
        MIN_CHECK(tos_sem_pend(&s_w, TOS_TIME_NOWAIT) == K_ERR_NONE);
    }
    MIN_CHECK(tos_sem_pend(&s_w, TOS_TIME_NOWAIT) == K_ERR_PEND_NOWAIT);
    MIN_CHECK(tos_sem_create_max(&s_hi, 1u, 1u) == K_ERR_NONE);
    MIN_CHECK(tos_sem_post(&s_hi) == K_ERR_SEM_OVERFLOW);
    MIN_CHECK(tos_sem_pend(&s_hi, TOS_TIME_NOWAIT) == K_ERR_NONE);

    printf("a more urgent task runs at once: when created, and when a post wakes it\n");
    nseen = 0u;
    spawn(0, "hi", hi_entry, 0, (k_prio_t)(me - 2u));     /* runs, blocks on s_hi */
    MIN_CHECK(tk[0].state == K_TASK_STATE_PEND);
    MIN_CHECK(nseen == 0u);
    MIN_CHECK(tos_sem_post(&s_hi) == K_ERR_NONE);
    MIN_CHECK(nseen == 1u && seen[0] == 1);

    printf("waiters wake by priority, not by arrival\n");
    nseen = 0u;
    MIN_CHECK(tos_sem_create(&s_park, 0u) == K_ERR_NONE);
    spawn(1, "w_lo", waiter_entry, 3, (k_prio_t)(me - 1u));
    spawn(2, "w_hi", waiter_entry, 2, (k_prio_t)(me - 2u));
    MIN_CHECK(tos_sem_post(&s_w) == K_ERR_NONE);
    MIN_CHECK(tos_sem_post(&s_w) == K_ERR_NONE);
    MIN_CHECK(nseen == 2u && seen[0] == 2 && seen[1] == 3);

    printf("a timed wait and a delay end on their exact tick\n");
    t0 = tos_systick_get();
    MIN_CHECK(tos_sem_pend(&s_w, 5u) == K_ERR_PEND_TIMEOUT);
    t1 = tos_systick_get();
    MIN_CHECK(t1 - t0 == 5u);
    MIN_CHECK(tos_task_delay(10u) == K_ERR_NONE);
    MIN_CHECK(tos_systick_get() - t1 == 10u);
    MIN_CHECK(tos_task_delay(TOS_TIME_FOREVER) == K_ERR_DELAY_FOREVER);

    printf("a delay of 0 lets a task of the same priority run\n");
    nseen = 0u;
    MIN_CHECK(tos_sem_create(&s_peer, 0u) == K_ERR_NONE);
    spawn(3, "peer", peer_entry, 0, me);
    MIN_CHECK(nseen == 0u);
    MIN_CHECK(tos_task_delay(0u) == K_ERR_NONE);
    MIN_CHECK(nseen == 1u && seen[0] == 9);

    printf("a task posting every 10 ticks wakes a waiter every 10 ticks\n");
    MIN_CHECK(tos_sem_create(&s_tick, 0u) == K_ERR_NONE);
    spawn(4, "ticker", ticker_entry, 0, (k_prio_t)(me - 1u));  /* posts once at once */
    MIN_CHECK(tos_sem_pend(&s_tick, TOS_TIME_NOWAIT) == K_ERR_NONE);
    t0 = tos_systick_get();
    for (int i = 1; i <= 5; i++) {
        MIN_CHECK(tos_sem_pend(&s_tick, 20u) == K_ERR_NONE);
        MIN_CHECK(tos_systick_get() - t0 == (k_tick_t)(10 * i));
    }
}
