/*
 * Conformance: the scheduler (most urgent ready task runs, FIFO within a priority, preemption
 * points) and round robin among equal-priority tasks (tos_robin.h), in virtual time.
 */
#include "ktest.h"

#define HI_PRIO     ((k_prio_t)(KTEST_MAIN_PRIO - 1u))
#define LO_PRIO     ((k_prio_t)(KTEST_MAIN_PRIO + 1u))
#define USABLE_PRIOS    ((unsigned)K_TASK_PRIO_IDLE)      /* 0 .. K_TASK_PRIO_IDLE - 1 */

static k_task_t tk[USABLE_PRIOS];
static k_stack_t tk_stack[USABLE_PRIOS][KTEST_STK_SIZE];

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

static void spawn(unsigned i, const char *name, k_task_entry_t entry, k_prio_t prio)
{
    ktest_task_create(&tk[i], name, entry, (void *)(uintptr_t)i, prio, tk_stack[i]);
}

static void spawn_slice(unsigned i, const char *name, k_task_entry_t entry, k_prio_t prio,
                        k_timeslice_t slice)
{
    k_err_t err = tos_task_create(&tk[i], (char *)name, entry, (void *)(uintptr_t)i, prio,
                                  tk_stack[i], KTEST_STK_SIZE, slice);
    KT_ASSERT_EQ(err, K_ERR_NONE);
}

static unsigned arg_id(void *arg)
{
    return (unsigned)(uintptr_t)arg;
}

static void log_entry(void *arg)
{
    ev_add((int)arg_id(arg));
}

static void log_prio_entry(void *arg)
{
    (void)arg;
    ev_add((int)tos_task_curr_task_get()->prio);
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

/* ======================================================================================== */
/* priority order                                                                           */

KTEST(sched, most_urgent_ready_task_runs_first_fifo_within_priority)
{
    static const k_prio_t prio[5] = { 14u, 12u, 13u, 11u, 12u };
    static const int expect[5] = { 3, 1, 4, 2, 0 };

    ev_reset();
    for (unsigned i = 0; i < 5u; i++) {
        spawn(i, "t", log_entry, prio[i]);
    }
    KT_ASSERT_EQ(ev_n, 0u);
    settle();
    KT_ASSERT_EQ(ev_n, 5u);
    for (unsigned i = 0; i < 5u; i++) {
        KT_ASSERT_EQ(ev[i], expect[i]);
    }
}

KTEST(sched, tasks_at_all_usable_priorities_run_in_priority_order)
{
    ev_reset();
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    for (unsigned i = 0; i < USABLE_PRIOS; i++) {
        unsigned p = (i * 7u) % USABLE_PRIOS;           /* a scrambled creation order */
        spawn(p, "p", log_prio_entry, (k_prio_t)p);
    }
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    /* the ones more urgent than us ran at unlock; the one at our priority queues behind us */
    KT_ASSERT_EQ(ev_n, KTEST_MAIN_PRIO);
    settle();
    KT_ASSERT_EQ(ev_n, USABLE_PRIOS);
    for (unsigned i = 0; i < USABLE_PRIOS; i++) {
        KT_ASSERT_EQ(ev[i], (int)i);
    }
}

/* ======================================================================================== */
/* preemption points                                                                        */

static void creator_entry(void *arg)
{
    (void)arg;
    ev_add(10);
    spawn(2, "higher", log_entry, (k_prio_t)(HI_PRIO - 2u));   /* runs inside this create */
    ev_add(11);
    spawn(3, "between", log_entry, (k_prio_t)(HI_PRIO - 1u));  /* our peer, above main */
    ev_add(12);
}

KTEST(sched, create_preempts_only_for_a_more_urgent_task)
{
    ev_reset();
    spawn(0, "lo", log_entry, LO_PRIO);
    spawn(1, "creator", creator_entry, (k_prio_t)(HI_PRIO - 1u));
    ev_add(99);
    /* creator ran; its more urgent child ran inside its create; its equal-priority child ran
       after it ended; then us. The less urgent task has not run. */
    KT_ASSERT_EQ(ev_n, 6u);
    KT_ASSERT_EQ(ev[0], 10);
    KT_ASSERT_EQ(ev[1], 2);
    KT_ASSERT_EQ(ev[2], 11);
    KT_ASSERT_EQ(ev[3], 12);
    KT_ASSERT_EQ(ev[4], 3);
    KT_ASSERT_EQ(ev[5], 99);
}

static void suspend_then_log_entry(void *arg)
{
    KT_ASSERT_EQ(tos_task_suspend(K_NULL), K_ERR_NONE);
    ev_add((int)arg_id(arg));
}

KTEST(sched, resume_preempts_only_for_a_more_urgent_task)
{
    ev_reset();
    spawn(0, "hi", suspend_then_log_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SUSPENDED);
    spawn(1, "lo", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_resume(&tk[1]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 0);
    settle();
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 1);
}

static k_sem_t sem;

static void pend_then_log_entry(void *arg)
{
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_FOREVER), K_ERR_NONE);
    ev_add((int)arg_id(arg));
}

KTEST(sched, post_preempts_only_for_a_more_urgent_waiter)
{
    ev_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "lo", pend_then_log_entry, LO_PRIO);
    settle();                                           /* let it block */
    spawn(1, "hi", pend_then_log_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(tk[1].state, K_TASK_STATE_PEND);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);       /* to the more urgent waiter */
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);       /* to the less urgent one */
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    settle();
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[1], 0);
}

/* ======================================================================================== */
/* a task made ready again joins the TAIL of its priority                                   */

static void sleep_1000_entry(void *arg)
{
    (void)tos_task_delay(1000u);
    ev_add((int)arg_id(arg));
}

static void sleep_5_entry(void *arg)
{
    (void)tos_task_delay(5u);
    ev_add((int)arg_id(arg));
}

/* tk[0] is blocked at LO_PRIO; tk[1], tk[2] are then created ready at LO_PRIO */
static void two_ready_peers(void)
{
    spawn(1, "a", log_entry, LO_PRIO);
    spawn(2, "b", log_entry, LO_PRIO);
}

static void expect_peers_then_woken(void)
{
    KT_ASSERT_EQ(ev_n, 0u);
    settle();
    KT_ASSERT_EQ(ev_n, 3u);
    KT_ASSERT_EQ(ev[0], 1);
    KT_ASSERT_EQ(ev[1], 2);
    KT_ASSERT_EQ(ev[2], 0);
}

KTEST(sched, resumed_task_joins_the_tail_of_its_priority)
{
    ev_reset();
    spawn(0, "c", log_entry, LO_PRIO);
    KT_ASSERT_EQ(tos_task_suspend(&tk[0]), K_ERR_NONE);
    two_ready_peers();
    KT_ASSERT_EQ(tos_task_resume(&tk[0]), K_ERR_NONE);
    expect_peers_then_woken();
}

KTEST(sched, posted_waiter_joins_the_tail_of_its_priority)
{
    ev_reset();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0u), K_ERR_NONE);
    spawn(0, "c", pend_then_log_entry, HI_PRIO);        /* blocks at once */
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], LO_PRIO), K_ERR_NONE);
    two_ready_peers();
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    expect_peers_then_woken();
}

KTEST(sched, delay_aborted_task_joins_the_tail_of_its_priority)
{
    ev_reset();
    spawn(0, "c", sleep_1000_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], LO_PRIO), K_ERR_NONE);
    two_ready_peers();
    KT_ASSERT_EQ(tos_task_delay_abort(&tk[0]), K_ERR_NONE);
    expect_peers_then_woken();
}

KTEST(sched, timed_out_sleeper_joins_the_tail_of_its_priority)
{
    k_tick_t start = tos_systick_get();

    ev_reset();
    spawn(0, "c", sleep_5_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_prio_change(&tk[0], LO_PRIO), K_ERR_NONE);
    two_ready_peers();
    ktest_spin_until(start + 10u);                      /* it wakes while we keep the CPU */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);
    expect_peers_then_woken();
}

/* ======================================================================================== */
/* lower priorities only run when every higher one is blocked                               */

#define TLOG_MAX    64u
static k_tick_t tlog[TLOG_MAX];
static volatile unsigned tlog_n;
static volatile k_tick_t mid_start;

/* busy forever; logs every distinct tick it observes while running */
static void tick_logger_entry(void *arg)
{
    k_tick_t last = TOS_TIME_FOREVER;
    (void)arg;
    for (;;) {
        TOS_CPU_CPSR_ALLOC();
        TOS_CPU_INT_DISABLE();
        k_tick_t now = tos_systick_get();
        if (now != last) {
            last = now;
            if (tlog_n < TLOG_MAX) {
                tlog[tlog_n] = now;
            }
            tlog_n = tlog_n + 1u;
        }
        TOS_CPU_INT_ENABLE();
    }
}

/* busy for 8 ticks, sleeps 4, then busy forever */
static void mid_entry(void *arg)
{
    (void)arg;
    ktest_spin_until(mid_start + 8u);
    KT_ASSERT_EQ(tos_task_delay(4u), K_ERR_NONE);
    for (;;) {
    }
}

KTEST(sched, spinning_low_priority_task_runs_only_while_higher_ones_block)
{
    k_tick_t t1;

    ktest_require_async_preemption();   /* mid ends in a loop that never calls the kernel */
    tlog_n = 0u;
    spawn(0, "low", tick_logger_entry, (k_prio_t)(KTEST_MAIN_PRIO + 2u));
    spawn(1, "mid", mid_entry, LO_PRIO);
    t1 = tos_systick_get();
    mid_start = t1;                                     /* neither has run yet */
    KT_ASSERT_EQ(tos_task_delay(20u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t1 + 20u);
    /* low ran exactly during mid's 4-tick sleep */
    KT_ASSERT_EQ(tlog_n, 4u);
    for (unsigned i = 0; i < 4u; i++) {
        KT_ASSERT_EQ(tlog[i], t1 + 8u + i);
    }
    /* while we spin (and mid spins behind us) it gets nothing */
    ktest_spin_until(t1 + 40u);
    KT_ASSERT_EQ(tlog_n, 4u);
}

/* ======================================================================================== */
/* round robin                                                                              */

#define RR_TASKS    3u
#define RR_PRIO     LO_PRIO
#define RR_LOG_MAX  320u

typedef struct {
    unsigned    id;
    k_tick_t    tick;
} rr_entry_t;

/* One entry per turn: which task got the CPU and the first tick it saw. Busy tasks append
   when they observe a new tick and the previous turn was someone else's. */
static rr_entry_t rr_log[RR_LOG_MAX];
static volatile unsigned rr_n, rr_cap;
static k_timeslice_t rr_self_slice[RR_TASKS];
static k_sem_t rr_done;

static void rr_reset(unsigned cap)
{
    KT_ASSERT_LE(cap, RR_LOG_MAX);
    rr_n = 0u;
    rr_cap = cap;
    for (unsigned i = 0; i < RR_TASKS; i++) {
        rr_self_slice[i] = 0u;
    }
    KT_ASSERT_EQ(tos_sem_create(&rr_done, 0u), K_ERR_NONE);
}

static void rr_spin_entry(void *arg)
{
    unsigned id = arg_id(arg);
    k_tick_t last = TOS_TIME_FOREVER;
    int filled = 0, done = 0;

    if (rr_self_slice[id]) {
        tos_robin_timeslice_set(K_NULL, rr_self_slice[id]);
    }
    while (!done) {
        TOS_CPU_CPSR_ALLOC();
        TOS_CPU_INT_DISABLE();
        k_tick_t now = tos_systick_get();
        if (rr_n >= rr_cap) {
            done = 1;
        } else if (now != last) {
            last = now;
            if (rr_n == 0u || rr_log[rr_n - 1u].id != id) {
                rr_log[rr_n].id = id;
                rr_log[rr_n].tick = now;
                rr_n = rr_n + 1u;
                if (rr_n == rr_cap) {
                    filled = done = 1;
                }
            }
        }
        TOS_CPU_INT_ENABLE();
    }
    if (filled) {
        tos_sem_post(&rr_done);
    }
}

/* Block until the log is full; the guard only turns a starvation bug into a failure. */
static void rr_wait(k_tick_t guard)
{
    k_err_t err = tos_sem_pend(&rr_done, guard);
    if (err != K_ERR_NONE) {
        KT_FAIL("round-robin log not filled within %llu ticks (%u of %u turns logged)",
                (unsigned long long)guard, rr_n, rr_cap);
    }
}

/* Turn i belongs to task i % n and starts slices[0] + ... + slices[(i-1) % n] ticks after
   the first turn's tick. */
static void rr_check(const k_timeslice_t *slices, unsigned n)
{
    k_tick_t t = rr_log[0].tick;

    KT_ASSERT_EQ(rr_n, rr_cap);
    for (unsigned i = 0; i < rr_cap; i++) {
        if (rr_log[i].id != i % n || rr_log[i].tick != t) {
            KT_FAIL("turn %u: task %u from tick %llu, expected task %u from tick %llu "
                    "(previous turn: task %u from tick %llu)",
                    i, rr_log[i].id, (unsigned long long)(rr_log[i].tick - rr_log[0].tick),
                    i % n, (unsigned long long)(t - rr_log[0].tick),
                    i ? rr_log[i - 1u].id : 99u,
                    (unsigned long long)(i ? rr_log[i - 1u].tick - rr_log[0].tick : 0u));
        }
        t += slices[i % n];
    }
}

static k_tick_t rr_span(const k_timeslice_t *slices, unsigned n, unsigned turns)
{
    k_tick_t sum = 0u;
    for (unsigned i = 0; i < turns; i++) {
        sum += slices[i % n];
    }
    return sum;
}

static void rr_spawn_all(const k_timeslice_t *create_slices)
{
    for (unsigned i = 0; i < RR_TASKS; i++) {
        spawn_slice(i, "rr", rr_spin_entry, RR_PRIO, create_slices[i]);
    }
}

#define RR_ROUNDS   100u
#define RR_TURNS    (RR_ROUNDS * RR_TASKS + 1u)

KTEST(sched, round_robin_rotates_with_the_configured_default_slice)
{
    static const k_timeslice_t zero[RR_TASKS] = { 0u, 0u, 0u };
    static const k_timeslice_t expect[RR_TASKS] = { 3u, 3u, 3u };

    rr_reset(RR_TURNS);
    tos_robin_default_timeslice_config(3u);
    rr_spawn_all(zero);
    rr_wait(2u * rr_span(expect, RR_TASKS, RR_TURNS) + 100u);
    rr_check(expect, RR_TASKS);
}

KTEST(sched, round_robin_uses_per_task_slices)
{
    /* task 0: slice given at create; task 1: set by another task; task 2: set by itself */
    static const k_timeslice_t create[RR_TASKS] = { 1u, 0u, 50u };
    static const k_timeslice_t expect[RR_TASKS] = { 1u, 2u, 3u };

    rr_reset(RR_TURNS);
    rr_spawn_all(create);
    tos_robin_timeslice_set(&tk[1], 2u);
    rr_self_slice[2] = 3u;
    rr_wait(2u * rr_span(expect, RR_TASKS, RR_TURNS) + 200u);
    /* task 2's first turn began with its create slice and was cut to 3 at its start */
    rr_check(expect, RR_TASKS);
}

KTEST(sched, round_robin_builtin_default_slice_is_a_tenth_of_a_second)
{
    static const k_timeslice_t zero[RR_TASKS] = { 0u, 0u, 0u };
    static const k_timeslice_t expect[RR_TASKS] = {
        TOS_CFG_CPU_TICK_PER_SECOND / 10u, TOS_CFG_CPU_TICK_PER_SECOND / 10u,
        TOS_CFG_CPU_TICK_PER_SECOND / 10u,
    };

    /* two full rounds: 700 busy ticks, each of which costs the host a busy budget */
    rr_reset(2u * RR_TASKS + 1u);
    rr_spawn_all(zero);
    rr_wait(2u * rr_span(expect, RR_TASKS, 2u * RR_TASKS + 1u) + 100u);
    rr_check(expect, RR_TASKS);
}

KTEST(sched, round_robin_default_config_zero_restores_the_builtin_default)
{
    static const k_timeslice_t zero[RR_TASKS] = { 0u, 0u, 0u };
    static const k_timeslice_t expect[RR_TASKS] = {
        TOS_CFG_CPU_TICK_PER_SECOND / 10u, TOS_CFG_CPU_TICK_PER_SECOND / 10u,
        TOS_CFG_CPU_TICK_PER_SECOND / 10u,
    };

    rr_reset(RR_TASKS + 1u);
    tos_robin_default_timeslice_config(7u);
    tos_robin_default_timeslice_config(0u);
    rr_spawn_all(zero);
    rr_wait(2u * rr_span(expect, RR_TASKS, RR_TASKS + 1u) + 100u);
    rr_check(expect, RR_TASKS);
}

KTEST(sched, round_robin_timeslice_set_zero_means_the_default)
{
    static const k_timeslice_t create[RR_TASKS] = { 9u, 9u, 9u };
    static const k_timeslice_t expect[RR_TASKS] = { 2u, 2u, 2u };

    rr_reset(RR_TURNS);
    tos_robin_default_timeslice_config(2u);
    rr_spawn_all(create);
    for (unsigned i = 0; i < RR_TASKS; i++) {
        tos_robin_timeslice_set(&tk[i], 0u);
    }
    rr_wait(2u * rr_span(expect, RR_TASKS, RR_TURNS) + 100u);
    rr_check(expect, RR_TASKS);
}

KTEST(sched, task_alone_at_its_priority_is_never_charged)
{
    k_tick_t t1, w;

    rr_reset(3u);
    spawn_slice(0, "alone", rr_spin_entry, RR_PRIO, 5u);
    t1 = tos_systick_get();
    KT_ASSERT_EQ(tos_task_delay(7u), K_ERR_NONE);   /* it spins alone for 7 ticks */
    w = tos_systick_get();
    KT_ASSERT_EQ(w, t1 + 7u);
    KT_ASSERT_EQ(rr_n, 1u);
    KT_ASSERT_EQ(rr_log[0].tick, t1);
    /* now give it a peer: it still has its whole 5-tick slice left */
    spawn_slice(1, "peer", rr_spin_entry, RR_PRIO, 5u);
    KT_ASSERT_EQ(tos_systick_get(), w);
    rr_wait(100u);
    KT_ASSERT_EQ(rr_log[1].id, 1u);
    KT_ASSERT_EQ(rr_log[1].tick, w + 5u);
    KT_ASSERT_EQ(rr_log[2].id, 0u);
    KT_ASSERT_EQ(rr_log[2].tick, w + 10u);
}

static volatile k_tick_t locked_from, locked_until;

static void rr_locker_entry(void *arg)
{
    locked_from = tos_systick_get();
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    ktest_spin_until(locked_from + 10u);
    locked_until = tos_systick_get();
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    rr_spin_entry(arg);
}

KTEST(sched, round_robin_never_rotates_while_the_scheduler_is_locked)
{
    unsigned peer_turn = RR_LOG_MAX;

    rr_reset(4u);
    locked_from = 0u;
    locked_until = 1u;
    spawn_slice(0, "locker", rr_locker_entry, RR_PRIO, 2u);
    spawn_slice(1, "peer", rr_spin_entry, RR_PRIO, 2u);
    rr_wait(200u);
    KT_ASSERT_EQ(locked_until, locked_from + 10u);  /* five slices' worth, locked */
    for (unsigned i = 0; i < rr_n; i++) {
        if (rr_log[i].id == 1u) {
            peer_turn = i;
            break;
        }
    }
    KT_ASSERT_LT(peer_turn, rr_n);                  /* rotation resumed after the unlock */
    KT_ASSERT_GE(rr_log[peer_turn].tick, locked_until);  /* but the peer saw no locked tick */
}
