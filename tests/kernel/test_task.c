/*
 * Conformance: tasks (tos_task.h): create/destroy (static and dynamic), delay and delay_abort,
 * suspend/resume, priority change, yield, introspection, and the order in which waiters wake;
 * the Sprig extensions tos_task_wait_abort and tos_task_exit.
 */
#include "ktest.h"

#define HI_PRIO     ((k_prio_t)(KTEST_MAIN_PRIO - 1u))     /* more urgent than the case's task */
#define EQ_PRIO     ((k_prio_t)KTEST_MAIN_PRIO)
#define LO_PRIO     ((k_prio_t)(KTEST_MAIN_PRIO + 1u))     /* less urgent */

#define NTASKS      8u

static k_task_t tk[NTASKS];
static k_stack_t tk_stack[NTASKS][KTEST_STK_SIZE];

/* A never-created control block (all zero): what K_ERR_OBJ_INVALID is about. */
static k_task_t never_task;

/* Event log shared by a case's tasks and ISRs. */
#define EV_MAX      64u
static volatile int ev[EV_MAX];
static volatile unsigned ev_n;

static void ev_reset(void)
{
    ev_n = 0u;
    for (unsigned i = 0; i < EV_MAX; i++) {
        ev[i] = -1;
    }
}

static void ev_add(int v)
{
    if (ev_n < EV_MAX) {
        ev[ev_n] = v;
    }
    ev_n = ev_n + 1u;
}

/* Per-task results written by helper tasks. */
static volatile k_err_t res_err[NTASKS];
static volatile k_tick_t res_tick[NTASKS];
static volatile k_tick_t res_start[NTASKS];

static void results_reset(void)
{
    ev_reset();
    memset(&never_task, 0, sizeof never_task);
    for (unsigned i = 0; i < NTASKS; i++) {
        res_err[i] = (k_err_t)-1;
        res_tick[i] = 0u;
        res_start[i] = 0u;
    }
}

static void spawn(unsigned i, const char *name, k_task_entry_t entry, k_prio_t prio)
{
    ktest_task_create(&tk[i], name, entry, (void *)(uintptr_t)i, prio, tk_stack[i]);
}

static unsigned arg_id(void *arg)
{
    return (unsigned)(uintptr_t)arg;
}

static k_task_t *self_task(void)
{
    k_task_t *t = tos_task_curr_task_get();
    KT_ASSERT(t != K_NULL);
    return t;
}

/* Let every less urgent task run until it blocks or ends: returns once a probe task at the
   least urgent usable priority gets the CPU. (A fixed sleep is not enough: a long burst of work
   on a busy CPU makes the simulator move virtual time on, which would end the sleep early.) */
static k_task_t probe_task;
KTEST_STACK(probe_stack);
static k_sem_t probe_sem;

static void probe_entry(void *arg)
{
    (void)arg;
    tos_sem_post(&probe_sem);
}

static void settle(void)
{
    KT_ASSERT_EQ(tos_sem_create(&probe_sem, 0u), K_ERR_NONE);
    ktest_task_create(&probe_task, "probe", probe_entry, K_NULL,
                      (k_prio_t)(K_TASK_PRIO_IDLE - 1u), probe_stack);
    KT_ASSERT_EQ(tos_sem_pend(&probe_sem, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_destroy(&probe_task), K_ERR_NONE);
}

/* ---- task entries ---- */

static void noop_entry(void *arg)
{
    (void)arg;
}

/* logs its index and returns (which destroys it) */
static void log_entry(void *arg)
{
    ev_add((int)arg_id(arg));
}

/* logs the priority it runs at */
static void log_prio_entry(void *arg)
{
    (void)arg;
    ev_add((int)self_task()->prio);
}

/* sleeps 1000 ticks: records the delay's result and the tick it woke at, then logs */
static void sleep_long_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_task_delay(1000u);
    res_tick[i] = tos_systick_get();
    ev_add((int)i);
}

static k_sem_t sem;

/* pends on `sem` forever, records the result, logs */
static void pend_forever_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_sem_pend(&sem, TOS_TIME_FOREVER);
    res_tick[i] = tos_systick_get();
    ev_add((int)i);
}

/* pends on `sem` with a 10-tick timeout */
static void pend_10_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_sem_pend(&sem, 10u);
    res_tick[i] = tos_systick_get();
    ev_add((int)i);
}

/* pends on `sem` with a 1000-tick timeout */
static void pend_1000_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_sem_pend(&sem, 1000u);
    res_tick[i] = tos_systick_get();
    ev_add((int)i);
}

/* logs, suspends itself, logs again once resumed */
static void suspend_self_entry(void *arg)
{
    unsigned i = arg_id(arg);
    ev_add((int)(i * 10u + 1u));
    res_err[i] = tos_task_suspend(K_NULL);
    ev_add((int)(i * 10u + 2u));
}


static size_t heap_free(void)
{
    k_mmheap_info_t info;
    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.free;
}

static k_task_t *idle_task(void)
{
    k_task_t *idle = tos_task_find("idle");
    KT_ASSERT(idle != K_NULL);
    KT_ASSERT_EQ(idle->prio, K_TASK_PRIO_IDLE);
    return idle;
}

/* ======================================================================================== */
/* tos_task_create                                                                          */

KTEST(task, create_less_urgent_task_runs_only_when_creator_blocks)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_create(&tk[0], "lo", log_entry, (void *)7, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tk[0].prio, LO_PRIO);
    KT_ASSERT_PTR_EQ(tk[0].stk_base, tk_stack[0]);
    KT_ASSERT_EQ(tk[0].stk_size, KTEST_STK_SIZE);
    KT_ASSERT_STR_EQ(tk[0].name, "lo");
    settle();
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 7);     /* the entry got its argument */
}

KTEST(task, create_more_urgent_task_runs_before_create_returns)
{
    results_reset();
    spawn(0, "hi", log_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 0);
}

KTEST(task, create_equal_priority_task_queues_behind_creator)
{
    results_reset();
    spawn(0, "eq", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(ev_n, 0u);
    tos_task_yield();
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, create_rejects_null_pointers)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_create(K_NULL, "x", noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], K_NULL, noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", K_NULL, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", noop_entry, K_NULL, LO_PRIO, K_NULL,
                                 KTEST_STK_SIZE, 0u), K_ERR_OBJ_PTR_NULL);
    /* nothing was created: the block is still free for a real create */
    KT_ASSERT_PTR_EQ(tos_task_find("x"), K_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(tos_task_find("x"), &tk[0]);
}

KTEST(task, create_rejects_idle_and_out_of_range_priorities)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_entry, K_NULL, K_TASK_PRIO_IDLE, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_entry, K_NULL, K_TASK_PRIO_INVALID,
                                 tk_stack[0], KTEST_STK_SIZE, 0u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_entry, K_NULL, (k_prio_t)255u, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_PTR_EQ(tos_task_find("x"), K_NULL);
    /* the least urgent usable priority is fine, and the task runs once we block */
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_prio_entry, K_NULL,
                                 (k_prio_t)(K_TASK_PRIO_IDLE - 1u), tk_stack[0], KTEST_STK_SIZE,
                                 0u), K_ERR_NONE);
    settle();
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], K_TASK_PRIO_IDLE - 1u);
}

KTEST(task, create_rejects_stack_below_minimum)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 K_TASK_STK_SIZE_MIN - 1u, 0u), K_ERR_TASK_STK_SIZE_INVALID);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", log_entry, K_NULL, LO_PRIO, tk_stack[0], 0u, 0u),
                 K_ERR_TASK_STK_SIZE_INVALID);
    KT_ASSERT_PTR_EQ(tos_task_find("x"), K_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "x", noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 K_TASK_STK_SIZE_MIN, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].stk_size, K_TASK_STK_SIZE_MIN);
}

KTEST(task, create_twice_is_refused_until_destroyed)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_create(&tk[0], "first", log_entry, (void *)1, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "second", log_entry, (void *)2, HI_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_TASK_ALREADY_CREATED);
    /* the live task was not touched (a more urgent re-create would also have run it) */
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tk[0].prio, LO_PRIO);
    KT_ASSERT_STR_EQ(tk[0].name, "first");
    KT_ASSERT_PTR_EQ(tos_task_find("second"), K_NULL);

    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "second", log_entry, (void *)2, HI_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 2);
    /* it returned from its entry: that destroyed it, so the block can be created again */
    KT_ASSERT_EQ(tos_task_create(&tk[0], "third", log_entry, (void *)3, HI_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 3);
}

KTEST(task, create_copies_name_and_truncates_to_15_chars)
{
    char name[32];

    results_reset();
    strcpy(name, "worker");
    memset(&tk[0], 0xA5, sizeof tk[0]);     /* reused memory: no terminator to rely on */
    KT_ASSERT_EQ(tos_task_create(&tk[0], name, noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    memset(name, 'Z', sizeof name - 1u);    /* the task has its own copy */
    name[sizeof name - 1u] = '\0';
    KT_ASSERT_STR_EQ(tk[0].name, "worker");

    memset(&tk[1], 0xA5, sizeof tk[1]);
    strcpy(name, "abcdefghijklmnopqrstuvwxyz");
    KT_ASSERT_EQ(tos_task_create(&tk[1], name, noop_entry, K_NULL, LO_PRIO, tk_stack[1],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(strlen(tk[1].name), K_TASK_NAME_LEN_MAX);
    KT_ASSERT_STR_EQ(tk[1].name, "abcdefghijklmno");
    KT_ASSERT_PTR_EQ(tos_task_find("abcdefghijklmno"), &tk[1]);

    /* exactly 15 characters fit unchanged */
    memset(&tk[2], 0xA5, sizeof tk[2]);
    KT_ASSERT_EQ(tos_task_create(&tk[2], "0123456789ABCDE", noop_entry, K_NULL, LO_PRIO,
                                 tk_stack[2], KTEST_STK_SIZE, 0u), K_ERR_NONE);
    KT_ASSERT_STR_EQ(tk[2].name, "0123456789ABCDE");
}

KTEST(task, create_out_of_memory_when_host_cannot_map_stack)
{
#ifndef PORT_HOST_STACK_HEADROOM
    ktest_skip("only host ports map a stack for each task (here the task uses stk_base)");
#else
    /* host ports map stk_size (+ headroom) for the task: a petabyte stack cannot be mapped */
    results_reset();
    KT_ASSERT_EQ(tos_task_create(&tk[0], "huge", noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 (size_t)1u << 50, 0u), K_ERR_TASK_OUT_OF_MEMORY);
    KT_ASSERT_PTR_EQ(tos_task_find("huge"), K_NULL);
    KT_ASSERT_EQ(tos_task_create(&tk[0], "huge", noop_entry, K_NULL, LO_PRIO, tk_stack[0],
                                 KTEST_STK_SIZE, 0u), K_ERR_NONE);
#endif
}

/* ---- every task call from an ISR ---- */

static volatile k_err_t isr_err[8];
static k_task_t *volatile isr_curr;
static k_task_t *isr_dyn;

static void task_calls_isr(void)
{
    k_task_t *dyn = K_NULL;

    tos_knl_irq_enter();
    isr_err[0] = tos_task_create(&tk[3], "isr", log_entry, (void *)3, HI_PRIO, tk_stack[3],
                                 KTEST_STK_SIZE, 0u);
    isr_err[1] = tos_task_destroy(&tk[0]);
    isr_err[2] = tos_task_delay(1u);
    isr_err[3] = tos_task_delay_abort(&tk[1]);
    isr_err[4] = tos_task_prio_change(&tk[0], HI_PRIO);
    isr_err[5] = tos_task_create_dyn(&dyn, "isrdyn", log_entry, (void *)4, HI_PRIO, 1024u, 0u);
    isr_err[6] = tos_task_destroy_dyn(isr_dyn);
    tos_task_yield();           /* no-op: must not hand the CPU to tk[0] at irq_leave */
    isr_curr = tos_task_curr_task_get();
    tos_knl_irq_leave();
}

KTEST(task, task_calls_from_isr_are_refused)
{
    k_task_t *me = self_task();

    results_reset();
    for (unsigned i = 0; i < 8u; i++) {
        isr_err[i] = (k_err_t)-1;
    }
    isr_curr = K_NULL;
    spawn(0, "peer", log_entry, EQ_PRIO);           /* ready, behind us */
    spawn(1, "sleeper", sleep_long_entry, HI_PRIO); /* runs and goes to sleep */
    KT_ASSERT_EQ(tos_task_create_dyn(&isr_dyn, "dyn", log_entry, (void *)5, LO_PRIO, 1024u, 0u),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_SLEEP);

    ktest_irq_connect(0, task_calls_isr, 0x40);
    ktest_irq_raise(0);

    for (unsigned i = 0; i < 7u; i++) {
        KT_ASSERT_EQ(isr_err[i], K_ERR_IN_IRQ);
    }
    KT_ASSERT_PTR_EQ(isr_curr, me);                 /* the interrupted task */
    KT_ASSERT_EQ(ev_n, 0u);                         /* yield did nothing; nothing was made ready */
    KT_ASSERT_PTR_EQ(tos_task_find("isr"), K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find("isrdyn"), K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find("peer"), &tk[0]);
    KT_ASSERT_EQ(tk[0].prio, EQ_PRIO);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_PTR_EQ(tos_task_find("dyn"), isr_dyn);
    KT_ASSERT_EQ(tos_task_destroy_dyn(isr_dyn), K_ERR_NONE);
}

/* ======================================================================================== */
/* tos_task_destroy                                                                         */

KTEST(task, destroy_ready_task_removes_it_for_good)
{
    results_reset();
    spawn(0, "victim", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_DELETED);
    KT_ASSERT_PTR_EQ(tos_task_find("victim"), K_NULL);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, destroy_sleeping_task_cancels_its_wakeup)
{
    results_reset();
    spawn(0, "sleeper", sleep_long_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(1500u), K_ERR_NONE);    /* past its deadline */
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, destroy_pending_task_leaves_it_off_the_wait_list)
{
    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "w0", pend_forever_entry, HI_PRIO);
    spawn(1, "w1", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    /* the first post goes to the remaining waiter, the second one is counted */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(res_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
}

static void destroy_self_entry(void *arg)
{
    unsigned i = arg_id(arg);
    ev_add(1);
    res_err[i] = tos_task_destroy(K_NULL);
    ev_add(2);                  /* never */
}

KTEST(task, destroy_null_destroys_the_caller)
{
    results_reset();
    spawn(0, "selfkill", destroy_self_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(res_err[0], (k_err_t)-1);  /* the call never returned */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_DELETED);
    KT_ASSERT_PTR_EQ(tos_task_find("selfkill"), K_NULL);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, destroy_idle_is_refused)
{
    k_task_t *idle = idle_task();

    results_reset();
    KT_ASSERT_EQ(tos_task_destroy(idle), K_ERR_TASK_DESTROY_IDLE);
    KT_ASSERT_PTR_EQ(tos_task_find("idle"), idle);
    KT_ASSERT_EQ(idle->state, K_TASK_STATE_READY);
    /* the idle task still runs: a sleep still ends */
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
}

KTEST(task, destroy_of_destroyed_or_never_created_task_is_invalid)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_destroy(&never_task), K_ERR_OBJ_INVALID);
    spawn(0, "once", noop_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_OBJ_INVALID);
    spawn(1, "returns", noop_entry, HI_PRIO);   /* destroyed by returning */
    KT_ASSERT_EQ(tos_task_destroy(&tk[1]), K_ERR_OBJ_INVALID);
}

KTEST(task, destroy_with_wrong_alloc_type_is_refused)
{
    k_task_t *dyn = K_NULL;

    results_reset();
    spawn(0, "static", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "dynamic", log_entry, (void *)1, LO_PRIO, 1024u, 0u),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_destroy(dyn), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_task_destroy_dyn(&tk[0]), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    /* both still alive */
    KT_ASSERT_PTR_EQ(tos_task_find("static"), &tk[0]);
    KT_ASSERT_PTR_EQ(tos_task_find("dynamic"), dyn);
    KT_ASSERT_EQ(tos_task_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, destroy_self_with_sched_locked_is_refused_but_others_are_fine)
{
    results_reset();
    spawn(0, "other", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_destroy(self_task()), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_destroy(K_NULL), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(tos_task_find("other"), K_NULL);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, returning_from_entry_destroys_the_task)
{
    results_reset();
    spawn(0, "short", log_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_DELETED);
    KT_ASSERT_PTR_EQ(tos_task_find("short"), K_NULL);
    /* a less urgent one ends the same way once it gets the CPU */
    spawn(1, "short2", log_entry, LO_PRIO);
    settle();
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_DELETED);
    KT_ASSERT_PTR_EQ(tos_task_find("short2"), K_NULL);
}

/* ======================================================================================== */
/* tos_task_create_dyn / tos_task_destroy_dyn                                              */

KTEST(task, create_dyn_takes_heap_and_destroy_dyn_gives_it_back)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "dyn", log_entry, (void *)7, LO_PRIO, 1024u, 0u),
                 K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    KT_ASSERT_EQ(dyn->prio, LO_PRIO);
    KT_ASSERT_EQ(dyn->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(dyn->stk_size, 1024u);
    KT_ASSERT_STR_EQ(dyn->name, "dyn");
    KT_ASSERT(dyn->stk_base != K_NULL);
    KT_ASSERT_LE(heap_free() + 1024u + sizeof(k_task_t), base);   /* TCB and stack */
    KT_ASSERT_EQ(tos_task_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(heap_free(), base);                /* freed at once: not the caller */
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, create_dyn_task_runs_and_is_freed_when_its_entry_returns)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "dyn", log_entry, (void *)9, LO_PRIO, 1024u, 0u),
                 K_ERR_NONE);
    KT_ASSERT_LT(heap_free(), base);
    settle();                                       /* it runs and returns */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);   /* the idle task reclaims it */
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 9);
    KT_ASSERT_PTR_EQ(tos_task_find("dyn"), K_NULL);
    KT_ASSERT_EQ(heap_free(), base);
}

static k_task_t *dyn_handle;
static volatile int dyn_handle_seen;

static void check_handle_entry(void *arg)
{
    (void)arg;
    dyn_handle_seen = (dyn_handle == tos_task_curr_task_get()) ? 1 : 2;
}

KTEST(task, create_dyn_writes_handle_before_the_new_task_runs)
{
    size_t base;

    results_reset();
    dyn_handle = K_NULL;
    dyn_handle_seen = 0;
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn_handle, "early", check_handle_entry, K_NULL, HI_PRIO,
                                     1024u, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(dyn_handle_seen, 1);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);   /* it returned: idle frees it */
    KT_ASSERT_EQ(heap_free(), base);
}

static void destroy_dyn_self_entry(void *arg)
{
    unsigned i = arg_id(arg);
    ev_add(1);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    res_err[i] = tos_task_destroy_dyn(K_NULL);      /* refused: scheduler locked */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    tos_task_destroy_dyn(K_NULL);
    ev_add(2);                                      /* never */
}

KTEST(task, destroy_dyn_self_is_reclaimed_by_idle)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "selfdyn", destroy_dyn_self_entry, (void *)0,
                                     HI_PRIO, 1024u, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_SCHED_LOCKED);
    KT_ASSERT_PTR_EQ(tos_task_find("selfdyn"), K_NULL);
    /* still on the idle task's list: not freed yet */
    KT_ASSERT_LT(heap_free(), base);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(heap_free(), base);
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, create_dyn_out_of_memory_leaks_nothing)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "huge", noop_entry, K_NULL, LO_PRIO,
                                     (size_t)16u * 1024u * 1024u, 0u), K_ERR_TASK_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "huge", noop_entry, K_NULL, LO_PRIO, base + 1u, 0u),
                 K_ERR_TASK_OUT_OF_MEMORY);
    KT_ASSERT_EQ(heap_free(), base);
    KT_ASSERT_PTR_EQ(tos_task_find("huge"), K_NULL);
}

KTEST(task, create_dyn_rejects_bad_arguments_without_leaking)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(K_NULL, "x", noop_entry, K_NULL, LO_PRIO, 1024u, 0u),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, K_NULL, noop_entry, K_NULL, LO_PRIO, 1024u, 0u),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "x", K_NULL, K_NULL, LO_PRIO, 1024u, 0u),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "x", noop_entry, K_NULL, K_TASK_PRIO_IDLE, 1024u, 0u),
                 K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "x", noop_entry, K_NULL, K_TASK_PRIO_INVALID, 1024u,
                                     0u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "x", noop_entry, K_NULL, LO_PRIO,
                                     K_TASK_STK_SIZE_MIN - 1u, 0u), K_ERR_TASK_STK_SIZE_INVALID);
    KT_ASSERT_EQ(heap_free(), base);
    KT_ASSERT_PTR_EQ(tos_task_find("x"), K_NULL);
    KT_ASSERT_EQ(tos_task_destroy_dyn(&never_task), K_ERR_OBJ_INVALID);
}

/* ======================================================================================== */
/* tos_task_exit (Sprig extension)                                                          */

/* logs 1, ends itself, and would log 2 */
static void exit_entry(void *arg)
{
    (void)arg;
    ev_add(1);
    tos_task_exit();
    ev_add(2);                                      /* never */
}

KTEST(task, task_exit_ends_a_static_task)
{
    results_reset();
    spawn(0, "leaver", exit_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);                         /* ran and ended before create returned */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_DELETED);
    KT_ASSERT_PTR_EQ(tos_task_find("leaver"), K_NULL);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_OBJ_INVALID);  /* gone for good */
    /* a less urgent one, when it gets the CPU */
    spawn(1, "leaver2", exit_entry, LO_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    settle();
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 1);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_DELETED);
    /* the control block can be used again */
    spawn(0, "again", log_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 3u);
}

KTEST(task, task_exit_ends_a_dyn_task_and_gives_its_memory_back)
{
    k_task_t *dyn = K_NULL;
    size_t base;

    results_reset();
    base = heap_free();
    KT_ASSERT_EQ(tos_task_create_dyn(&dyn, "dynleaver", exit_entry, K_NULL, HI_PRIO, 1024u, 0u),
                 K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_PTR_EQ(tos_task_find("dynleaver"), K_NULL);
    KT_ASSERT_LT(heap_free(), base);                /* the idle task frees it */
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(heap_free(), base);
    KT_ASSERT_EQ(ev_n, 1u);
}

static k_mutex_t exit_mutex;

/* takes the mutex and ends holding it */
static void exit_holding_mutex_entry(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(tos_mutex_pend(&exit_mutex), K_ERR_NONE);
    ev_add(1);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    tos_task_exit();
}

KTEST(task, task_exit_releases_the_mutexes_the_task_holds)
{
    results_reset();
    KT_ASSERT_EQ(tos_mutex_create(&exit_mutex), K_ERR_NONE);
    spawn(0, "holder", exit_holding_mutex_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&exit_mutex, 100u), K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_DELETED);
    KT_ASSERT_EQ(tos_mutex_pend(&exit_mutex), K_ERR_NONE);  /* free now */
    KT_ASSERT_EQ(tos_mutex_post(&exit_mutex), K_ERR_NONE);
}

/* ======================================================================================== */
/* tos_task_delay                                                                           */

KTEST(task, delay_zero_yields_to_equal_priority_task)
{
    results_reset();
    spawn(0, "lo", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_delay(0u), K_ERR_NONE);   /* nobody of our priority: straight back */
    KT_ASSERT_EQ(ev_n, 0u);
    spawn(1, "eq", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_delay(0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(self_task()->state, K_TASK_STATE_READY);
}

KTEST(task, delay_wakes_on_the_exact_tick)
{
    static const k_tick_t delays[] = { 1u, 2u, 3u, 10u, 99u, 1000u, 12345u };

    for (unsigned i = 0; i < sizeof delays / sizeof delays[0]; i++) {
        k_tick_t before = tos_systick_get();
        KT_ASSERT_EQ(tos_task_delay(delays[i]), K_ERR_NONE);
        KT_ASSERT_EQ(tos_systick_get() - before, delays[i]);
    }
}

KTEST(task, delay_forever_is_refused)
{
    results_reset();
    spawn(0, "lo", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_delay(TOS_TIME_FOREVER), K_ERR_DELAY_FOREVER);
    KT_ASSERT_EQ(self_task()->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(ev_n, 0u);                         /* we never gave up the CPU */
}

KTEST(task, delay_with_sched_locked_is_refused_even_for_zero)
{
    results_reset();
    spawn(0, "eq", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(0u), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);                         /* equal priority: no preemption */
}

/* ======================================================================================== */
/* tos_task_delay_abort                                                                     */

KTEST(task, delay_abort_wakes_a_more_urgent_sleeper_at_once)
{
    k_tick_t at;

    results_reset();
    spawn(0, "sleeper", sleep_long_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* it ran before abort returned */
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);           /* delay reports success */
    KT_ASSERT_EQ(res_tick[0], at);
}

KTEST(task, delay_abort_makes_a_less_urgent_sleeper_ready)
{
    k_tick_t at;

    results_reset();
    spawn(0, "sleeper", sleep_long_entry, LO_PRIO);
    settle();                                       /* it runs and goes to sleep */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(ev_n, 0u);
    settle();
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(res_tick[0], at);
}

KTEST(task, delay_abort_rejects_null_invalid_self_and_non_sleeping_tasks)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_delay_abort(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_delay_abort(&never_task), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_delay_abort(self_task()), K_ERR_TASK_NOT_DELAY);
    spawn(0, "ready", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);     /* suspended, not sleeping */
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_delay_abort(idle_task()), K_ERR_TASK_NOT_DELAY);
}

KTEST(task, delay_abort_refuses_a_task_waiting_on_a_semaphore)
{
    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "timed", pend_1000_entry, HI_PRIO);
    spawn(1, "forever", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[1]), K_ERR_TASK_NOT_DELAY);
    /* both waits are intact */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 0);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 1);
    KT_ASSERT_EQ(res_err[1], K_ERR_NONE);
    /* nothing left behind on the semaphore or the tick list */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_task_delay(1500u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 2u);
}

static void sleep_50_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_start[i] = tos_systick_get();
    res_err[i] = tos_task_delay(50u);
    res_tick[i] = tos_systick_get();
    ev_add((int)i);
}

KTEST(task, delay_abort_refuses_a_suspended_sleeper)
{
    results_reset();
    spawn(0, "sleeper", sleep_50_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_TASK_SUSPENDED);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);  /* the sleep went on */
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_delay(100u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(res_tick[0], res_start[0] + 50u);  /* on its original deadline */
}

/* ======================================================================================== */
/* tos_task_wait_abort (Sprig extension)                                                    */

KTEST(task, wait_abort_ends_a_timed_semaphore_wait_with_timeout_at_the_current_tick)
{
    k_tick_t at;

    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "timed", pend_1000_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* more urgent: ran before abort returned */
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(res_tick[0], at);                  /* now, not 1000 ticks after it blocked */
    /* it left the wait list: the next post is counted, not handed to it */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    /* and the tick list: nothing happens when its old deadline passes */
    KT_ASSERT_EQ(tos_task_delay(1500u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, wait_abort_ends_a_wait_without_timeout)
{
    k_tick_t at;

    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "forever", pend_forever_entry, LO_PRIO);
    settle();                                       /* it runs and blocks */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND);
    at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(ev_n, 0u);                         /* less urgent: ready, waits for us */
    settle();
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(res_tick[0], at);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);   /* counted: nobody waits */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
}

KTEST(task, wait_abort_wakes_a_delayed_task_as_its_delay_expiring)
{
    k_tick_t at;

    results_reset();
    spawn(0, "sleeper", sleep_long_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_EQ(tos_task_delay(7u), K_ERR_NONE);
    at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);           /* a delay reports success */
    KT_ASSERT_EQ(res_tick[0], at);
    KT_ASSERT_EQ(tos_task_delay(1500u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, wait_abort_of_a_suspended_waiter_keeps_it_suspended_until_resume)
{
    k_tick_t resumed_at;

    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "waiter", pend_1000_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT_SUSPENDED);
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);  /* the wait is over, the suspension not */
    KT_ASSERT_EQ(ev_n, 0u);
    /* no longer a waiter: a post is counted */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    resumed_at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* ran inside resume */
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(res_tick[0], resumed_at);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);  /* the count is still there */
}

KTEST(task, wait_abort_of_a_suspended_sleeper_keeps_it_suspended_until_resume)
{
    k_tick_t resumed_at;

    results_reset();
    spawn(0, "sleeper", sleep_50_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP_SUSPENDED);
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    resumed_at = tos_systick_get();
    KT_ASSERT_LT(resumed_at, res_start[0] + 50u);   /* before its own deadline */
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(res_tick[0], resumed_at);
}

KTEST(task, wait_abort_rejects_null_invalid_and_tasks_that_do_not_wait)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_wait_abort(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_wait_abort(&never_task), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_wait_abort(self_task()), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tos_task_wait_abort(idle_task()), K_ERR_TASK_NOT_DELAY);
    spawn(0, "ready", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);     /* suspended, not waiting */
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_TASK_NOT_DELAY);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(ev_n, 0u);
}

static volatile k_err_t isr_abort_err, isr_abort_self_err;

static void wait_abort_isr(void)
{
    tos_knl_irq_enter();
    isr_abort_err = tos_task_wait_abort(&tk[0]);
    /* the interrupted task is running, not waiting */
    isr_abort_self_err = tos_task_wait_abort(tos_task_curr_task_get());
    ev_add(100);
    tos_knl_irq_leave();
}

KTEST(task, wait_abort_from_an_isr_wakes_the_waiter_at_irq_leave)
{
    results_reset();
    isr_abort_err = isr_abort_self_err = (k_err_t)-1;
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "forever", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND);
    ktest_irq_connect(0, wait_abort_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_abort_err, K_ERR_NONE);
    KT_ASSERT_EQ(isr_abort_self_err, K_ERR_TASK_NOT_DELAY);
    /* the waiter ran when the ISR returned, before we got the CPU back */
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[0], 100);
    KT_ASSERT_EQ(ev[1], 0);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
}

KTEST(task, wait_abort_in_a_critical_section_with_the_scheduler_locked_switches_at_unlock)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "forever", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    TOS_CPU_INT_DISABLE();
    err = tos_task_wait_abort(&tk[0]);
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(err, K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(ev_n, 0u);                         /* no switch with the scheduler locked */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
}

static k_mutex_t abort_mutex;

static void abort_mutex_waiter_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_mutex_pend(&abort_mutex);
    ev_add((int)i);
}

KTEST(task, wait_abort_of_a_mutex_waiter_ends_the_owners_inheritance)
{
    k_task_t *me = self_task();

    results_reset();
    KT_ASSERT_EQ(tos_mutex_create(&abort_mutex), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&abort_mutex), K_ERR_NONE);
    spawn(0, "waiter", abort_mutex_waiter_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(me->prio, HI_PRIO);                /* inherited from the waiter */
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(me->prio, EQ_PRIO);                /* back to our own */
    KT_ASSERT_EQ(tos_mutex_post(&abort_mutex), K_ERR_NONE);     /* still ours */
}

static k_event_t abort_event;

static void abort_event_waiter_entry(void *arg)
{
    unsigned i = arg_id(arg);
    k_event_flag_t match = 0u;
    res_err[i] = tos_event_pend(&abort_event, 0x1u, &match, 500u, TOS_OPT_EVENT_PEND_ANY);
    ev_add((int)i);
}

KTEST(task, wait_abort_of_an_event_waiter_reports_timeout)
{
    results_reset();
    KT_ASSERT_EQ(tos_event_create(&abort_event, 0u), K_ERR_NONE);
    spawn(0, "waiter", abort_event_waiter_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT);
    KT_ASSERT_EQ(tos_task_wait_abort(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(tos_event_post(&abort_event, 0x1u), K_ERR_NONE);  /* nobody left to wake */
    KT_ASSERT_EQ(ev_n, 1u);
}

/* ======================================================================================== */
/* tos_task_suspend / tos_task_resume                                                       */

KTEST(task, suspend_keeps_a_ready_task_off_the_cpu_until_resumed)
{
    results_reset();
    spawn(0, "victim", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(ev_n, 0u);                         /* less urgent: waits for us */
    settle();
    KT_ASSERT_EQ(ev_n, 1u);
}

KTEST(task, suspend_null_suspends_the_caller)
{
    results_reset();
    spawn(0, "selfsusp", suspend_self_entry, HI_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    /* more urgent: it ran to completion before resume returned */
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 2);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
}

KTEST(task, suspend_rejects_idle_invalid_and_self_with_sched_locked)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_suspend(idle_task()), K_ERR_TASK_SUSPEND_IDLE);
    KT_ASSERT_EQ(idle_task()->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tos_task_suspend(&never_task), K_ERR_OBJ_INVALID);
    spawn(0, "other", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_suspend(K_NULL), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_suspend(self_task()), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(self_task()->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);     /* another task is fine */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, resume_rejects_null_invalid_and_self)
{
    results_reset();
    KT_ASSERT_EQ(tos_task_resume(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_resume(&never_task), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_resume(self_task()), K_ERR_TASK_RESUME_SELF);
    spawn(0, "gone", noop_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_OBJ_INVALID);
}

KTEST(task, resume_of_a_ready_task_changes_nothing)
{
    results_reset();
    spawn(0, "a", log_entry, EQ_PRIO);
    spawn(1, "b", log_entry, EQ_PRIO);
    /* queue at our priority: us, a, b. Resuming a must not move it behind b. */
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tos_task_resume(idle_task()), K_ERR_NONE);
    tos_task_yield();
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[0], 0);
    KT_ASSERT_EQ(ev[1], 1);
}

static k_task_t *volatile resumed_by_peer;
static volatile k_err_t resume_peer_err;

static void resume_main_entry(void *arg)
{
    (void)arg;
    resume_peer_err = tos_task_resume(resumed_by_peer);  /* ready, preempted: not suspended */
    ev_add(1);
}

KTEST(task, resume_of_a_preempted_task_changes_nothing)
{
    results_reset();
    resumed_by_peer = self_task();
    resume_peer_err = (k_err_t)-1;
    spawn(0, "peer", resume_main_entry, HI_PRIO);
    KT_ASSERT_EQ(resume_peer_err, K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* the peer kept the CPU after resuming us */
    KT_ASSERT_EQ(self_task()->state, K_TASK_STATE_READY);
}

KTEST(task, resume_of_a_sleeping_task_does_not_wake_it)
{
    results_reset();
    spawn(0, "sleeper", sleep_50_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_tick[0], res_start[0] + 50u);
}

KTEST(task, suspended_task_whose_delay_expires_waits_for_resume)
{
    k_tick_t resumed_at;

    results_reset();
    spawn(0, "sleeper", sleep_50_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(80u), K_ERR_NONE);  /* its deadline passes meanwhile */
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_GT(tos_systick_get(), res_start[0] + 50u);  /* its deadline has passed */
    resumed_at = tos_systick_get();
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* more urgent: ran inside resume */
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(res_tick[0], resumed_at);
}

KTEST(task, suspended_waiter_that_is_posted_runs_after_resume_with_success)
{
    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "waiter", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND_SUSPENDED);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);                         /* posted, but suspended */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    /* the post went to the waiter, not into the count */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
}

KTEST(task, suspended_waiter_that_times_out_reports_timeout_after_resume)
{
    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "waiter", pend_10_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PENDTIMEOUT_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(20u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    /* it is no longer a waiter: a post now is counted */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(res_tick[0], tos_systick_get());  /* ran only at the resume */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
}

static volatile k_err_t isr_resume_err, isr_suspend_err;

static void resume_suspend_isr(void)
{
    tos_knl_irq_enter();
    isr_suspend_err = tos_task_suspend(&tk[1]);
    isr_resume_err = tos_task_resume(&tk[0]);
    ev_add(100);
    tos_knl_irq_leave();
}

KTEST(task, suspend_and_resume_from_an_isr)
{
    results_reset();
    isr_resume_err = isr_suspend_err = (k_err_t)-1;
    spawn(0, "selfsusp", suspend_self_entry, HI_PRIO);
    spawn(1, "lo", log_entry, LO_PRIO);
    KT_ASSERT_EQ(ev_n, 1u);
    ktest_irq_connect(0, resume_suspend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_resume_err, K_ERR_NONE);
    KT_ASSERT_EQ(isr_suspend_err, K_ERR_NONE);
    /* the resumed task ran when the ISR returned, before we got the CPU back */
    KT_ASSERT_EQ(ev_n, 3u);
    KT_ASSERT_EQ(ev[1], 100);
    KT_ASSERT_EQ(ev[2], 2);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 3u);
}

/* ======================================================================================== */
/* tos_task_prio_change                                                                     */

KTEST(task, prio_change_rejects_bad_arguments_and_the_idle_task)
{
    k_task_t *idle = idle_task();

    results_reset();
    spawn(0, "t", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(K_NULL, 5u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_prio_change(&never_task, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], K_TASK_PRIO_IDLE), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], K_TASK_PRIO_INVALID), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], (k_prio_t)255u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(tk[0].prio, LO_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(idle, 20u), K_ERR_TASK_PRIO_INVALID);
    KT_ASSERT_EQ(idle->prio, K_TASK_PRIO_IDLE);
    KT_ASSERT_EQ(ev_n, 0u);
}

KTEST(task, prio_change_raising_another_task_preempts_at_once)
{
    results_reset();
    spawn(0, "riser", log_prio_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], LO_PRIO), K_ERR_NONE);  /* unchanged: no effect */
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], HI_PRIO), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], HI_PRIO);
}

KTEST(task, prio_change_lowering_self_below_a_ready_task_switches_away)
{
    k_task_t *me = self_task();

    results_reset();
    spawn(0, "lo", log_prio_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(me, (k_prio_t)(LO_PRIO + 1u)), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                         /* it ran before the call returned */
    KT_ASSERT_EQ(ev[0], LO_PRIO);
    KT_ASSERT_EQ(me->prio, LO_PRIO + 1u);
    KT_ASSERT_EQ(me->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(tos_task_prio_change(me, EQ_PRIO), K_ERR_NONE);
    KT_ASSERT_EQ(me->prio, EQ_PRIO);
}

KTEST(task, prio_change_of_sleeping_and_suspended_tasks_updates_prio_only)
{
    results_reset();
    spawn(0, "sleeper", sleep_long_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], 5u), K_ERR_NONE);
    KT_ASSERT_EQ(tk[0].prio, 5u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);

    spawn(1, "susp", log_prio_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[1], HI_PRIO), K_ERR_NONE);
    KT_ASSERT_EQ(tk[1].prio, HI_PRIO);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_SUSPENDED);
    KT_ASSERT_EQ(ev_n, 0u);
    /* it now outranks us: resuming it runs it at once, at the new priority */
    KT_ASSERT_EQ(tos_task_resume(&tk[1]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], HI_PRIO);
}

KTEST(task, prio_change_of_a_waiter_reorders_the_wait_list)
{
    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "w0", pend_forever_entry, HI_PRIO);
    spawn(1, "w1", pend_forever_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[1], (k_prio_t)(HI_PRIO - 1u)), K_ERR_NONE);
    KT_ASSERT_EQ(tk[1].prio, HI_PRIO - 1u);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);                         /* the now more urgent one first */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 0);
}

static k_mutex_t mutex;

static void mutex_waiter_entry(void *arg)
{
    unsigned i = arg_id(arg);
    res_err[i] = tos_mutex_pend(&mutex);
    ev_add((int)i);
    KT_ASSERT_EQ(tos_mutex_post(&mutex), K_ERR_NONE);
}

KTEST(task, prio_change_of_a_mutex_owner_keeps_the_inherited_priority)
{
    k_task_t *me = self_task();

    results_reset();
    KT_ASSERT_EQ(tos_mutex_create(&mutex), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&mutex), K_ERR_NONE);
    spawn(0, "waiter", mutex_waiter_entry, HI_PRIO);    /* blocks on our mutex */
    KT_ASSERT_EQ(me->prio, HI_PRIO);                    /* inherited */
    KT_ASSERT_EQ(tos_task_prio_change(me, (k_prio_t)(LO_PRIO + 5u)), K_ERR_NONE);
    KT_ASSERT_EQ(me->prio, HI_PRIO);                    /* still at least the waiter's */
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_mutex_post(&mutex), K_ERR_NONE);
    /* no longer boosted: the waiter got the mutex and ran before post returned */
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(res_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(me->prio, LO_PRIO + 5u);
    KT_ASSERT_EQ(tos_task_prio_change(me, EQ_PRIO), K_ERR_NONE);
    KT_ASSERT_EQ(me->prio, EQ_PRIO);
}

/* ======================================================================================== */
/* tos_task_yield, tos_task_curr_task_get                                                   */

#define YIELD_ROUNDS    6

static void yield_loop_entry(void *arg)
{
    for (int r = 0; r < YIELD_ROUNDS; r++) {
        ev_add((int)arg_id(arg));
        tos_task_yield();
    }
}

KTEST(task, yield_alternates_equal_priority_tasks_in_strict_order)
{
    results_reset();
    spawn(1, "y1", yield_loop_entry, EQ_PRIO);
    spawn(2, "y2", yield_loop_entry, EQ_PRIO);
    for (int r = 0; r < YIELD_ROUNDS; r++) {
        ev_add(0);
        tos_task_yield();
    }
    KT_ASSERT_EQ(ev_n, 3u * YIELD_ROUNDS);
    for (unsigned i = 0; i < 3u * YIELD_ROUNDS; i++) {
        KT_ASSERT_EQ(ev[i], (int)(i % 3u));
    }
}

KTEST(task, yield_never_gives_the_cpu_to_a_less_urgent_task)
{
    results_reset();
    spawn(0, "lo", log_entry, LO_PRIO);
    tos_task_yield();
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(self_task()->state, K_TASK_STATE_READY);
}

static k_task_t *volatile seen_curr;

static void record_curr_entry(void *arg)
{
    (void)arg;
    seen_curr = tos_task_curr_task_get();
}

KTEST(task, curr_task_get_returns_the_running_task)
{
    k_task_t *me = tos_task_curr_task_get();

    results_reset();
    KT_ASSERT(me != K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find("ktest"), me);
    KT_ASSERT_EQ(me->prio, KTEST_MAIN_PRIO);
    seen_curr = K_NULL;
    spawn(0, "rec", record_curr_entry, HI_PRIO);
    KT_ASSERT_PTR_EQ(seen_curr, &tk[0]);
    KT_ASSERT_PTR_EQ(tos_task_curr_task_get(), me);
}

/* ======================================================================================== */
/* tos_task_stack_draught_depth                                                             */

#define DEEP_FRAME      512
#define DEEP_LEVELS     8

__attribute__((noinline)) static int deep_recursion(int level)
{
    volatile unsigned char buf[DEEP_FRAME];
    for (int i = 0; i < DEEP_FRAME; i++) {
        buf[i] = (unsigned char)(i | 1);    /* non-zero: every byte counts as used */
    }
    if (level > 0) {
        return deep_recursion(level - 1) + buf[level];
    }
    return buf[0];
}

static k_stack_t deep_stack[16384];
static volatile int depth_before, depth_after;
static volatile k_err_t depth_err[2];

static void deep_entry(void *arg)
{
    int d = -1;
    (void)arg;
    depth_err[0] = tos_task_stack_draught_depth(K_NULL, &d);
    depth_before = d;
    (void)deep_recursion(DEEP_LEVELS - 1);
    d = -1;
    depth_err[1] = tos_task_stack_draught_depth(K_NULL, &d);
    depth_after = d;
    tos_task_suspend(K_NULL);
}

KTEST(task, stack_draught_depth_grows_after_deep_recursion)
{
    int d = -1;

    depth_before = depth_after = -1;
    depth_err[0] = depth_err[1] = (k_err_t)-1;
    KT_ASSERT_EQ(tos_task_create(&tk[0], "deep", deep_entry, K_NULL, HI_PRIO, deep_stack,
                                 sizeof deep_stack, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(depth_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(depth_err[1], K_ERR_NONE);
    KT_ASSERT_GT(depth_before, 0);
    /* the recursion wrote DEEP_LEVELS * DEEP_FRAME bytes of locals below where it started */
    KT_ASSERT_GE(depth_after - depth_before, DEEP_LEVELS * DEEP_FRAME / 2);
    /* asked from another task: the deepest use so far does not shrink */
    KT_ASSERT_EQ(tos_task_stack_draught_depth(&tk[0], &d), K_ERR_NONE);
    KT_ASSERT_GE(d, depth_after);
}

KTEST(task, stack_draught_depth_rejects_null_depth_and_invalid_task)
{
    int d = -1;

    results_reset();
    KT_ASSERT_EQ(tos_task_stack_draught_depth(K_NULL, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_stack_draught_depth(self_task(), K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_task_stack_draught_depth(&never_task, &d), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_stack_draught_depth(K_NULL, &d), K_ERR_NONE);
    KT_ASSERT_GT(d, 0);
}

/* ======================================================================================== */
/* tos_task_walkthru, tos_task_find                                                         */

#define WALK_MAX    16u
static k_task_t *walk_seen[WALK_MAX];
static volatile unsigned walk_n;

static void walker(k_task_t *task)
{
    if (walk_n < WALK_MAX) {
        walk_seen[walk_n] = task;
    }
    walk_n = walk_n + 1u;
}

static void walk(void)
{
    walk_n = 0u;
    tos_task_walkthru(walker);
}

KTEST(task, walkthru_visits_every_task_newest_first)
{
    k_task_t *me = self_task();
    k_task_t *idle = idle_task();
    unsigned n = 0;

    results_reset();
    spawn(0, "first", log_entry, LO_PRIO);
    spawn(1, "second", log_entry, LO_PRIO);
    walk();
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC == 0u
    KT_ASSERT_EQ(walk_n, 5u);
#else
    KT_ASSERT_EQ(walk_n, 4u);
#endif
    KT_ASSERT_PTR_EQ(walk_seen[n++], &tk[1]);
    KT_ASSERT_PTR_EQ(walk_seen[n++], &tk[0]);
    KT_ASSERT_PTR_EQ(walk_seen[n++], me);
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC == 0u
    KT_ASSERT_STR_EQ(walk_seen[n]->name, "timer");
    KT_ASSERT_EQ(walk_seen[n]->prio, TOS_CFG_TIMER_TASK_PRIO);
    n++;
#endif
    KT_ASSERT_PTR_EQ(walk_seen[n++], idle);

    /* a destroyed task drops out; a NULL walker is ignored */
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    walk();
    KT_ASSERT_EQ(walk_n, n - 1u);
    KT_ASSERT_PTR_EQ(walk_seen[0], &tk[1]);
    KT_ASSERT_PTR_EQ(walk_seen[1], me);
    tos_task_walkthru(K_NULL);
}

KTEST(task, find_returns_the_task_with_that_name)
{
    k_task_t *me = self_task();

    results_reset();
    spawn(0, "alpha", log_entry, LO_PRIO);
    spawn(1, "beta", log_entry, LO_PRIO);
    KT_ASSERT_PTR_EQ(tos_task_find("alpha"), &tk[0]);
    KT_ASSERT_PTR_EQ(tos_task_find("beta"), &tk[1]);
    KT_ASSERT_PTR_EQ(tos_task_find("ktest"), me);
    KT_ASSERT(tos_task_find("idle") != K_NULL);
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC == 0u
    KT_ASSERT(tos_task_find("timer") != K_NULL);
#else
    KT_ASSERT_PTR_EQ(tos_task_find("timer"), K_NULL);
#endif
    KT_ASSERT_PTR_EQ(tos_task_find("alph"), K_NULL);        /* no prefix matches */
    KT_ASSERT_PTR_EQ(tos_task_find("alphabet"), K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find("gamma"), K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find(""), K_NULL);
    KT_ASSERT_EQ(tos_task_destroy(&tk[0]), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(tos_task_find("alpha"), K_NULL);
    KT_ASSERT_PTR_EQ(tos_task_find("beta"), &tk[1]);
}

static volatile unsigned isr_walk_n;
static volatile int isr_depth;
static volatile k_err_t isr_depth_err;

static void introspection_isr(void)
{
    int d = -1;

    tos_knl_irq_enter();
    isr_curr = tos_task_curr_task_get();
    walk_n = 0u;
    tos_task_walkthru(walker);
    isr_walk_n = walk_n;
    isr_depth_err = tos_task_stack_draught_depth(&tk[0], &d);
    isr_depth = d;
    tos_knl_irq_leave();
}

KTEST(task, introspection_calls_work_from_an_isr)
{
    k_task_t *me = self_task();
    unsigned tasks;

    results_reset();
    isr_curr = K_NULL;
    isr_depth = -1;
    isr_depth_err = (k_err_t)-1;
    spawn(0, "t0", log_entry, LO_PRIO);
    walk();
    tasks = walk_n;
    ktest_irq_connect(1, introspection_isr, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_PTR_EQ(isr_curr, me);
    KT_ASSERT_EQ(isr_walk_n, tasks);
    KT_ASSERT_PTR_EQ(walk_seen[0], &tk[0]);
    KT_ASSERT_EQ(isr_depth_err, K_ERR_NONE);
    KT_ASSERT_GE(isr_depth, 0);
}

/* ======================================================================================== */
/* wake order                                                                               */

KTEST(task, semaphore_waiters_wake_by_priority_then_fifo)
{
    /* created (and so blocked) in this order, with these priorities */
    static const k_prio_t prio[7] = { 7u, 5u, 7u, 3u, 5u, 7u, 3u };
    static const int expect[7] = { 3, 6, 1, 4, 0, 2, 5 };

    results_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    for (unsigned i = 0; i < 7u; i++) {
        spawn(i, "waiter", pend_forever_entry, prio[i]);
        KT_ASSERT_EQ(tk[i].state, K_TASK_STATE_PEND);
    }
    for (unsigned i = 0; i < 7u; i++) {
        KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
        KT_ASSERT_EQ(ev_n, i + 1u);         /* exactly one woke, and it ran at once */
        KT_ASSERT_EQ(ev[i], expect[i]);
        KT_ASSERT_EQ(res_err[ev[i]], K_ERR_NONE);
    }
}
