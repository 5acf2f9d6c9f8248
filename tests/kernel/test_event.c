/*
 * Conformance: event flags (tos_event.h).
 *
 * Waiters more urgent than the case's task block as soon as they are created and run as soon
 * as a post wakes them, so after a post returns their results are in. Every case resets the
 * static state it uses before creating any task.
 */
#include "ktest.h"

#define EV_N        4u
#define EV_UNSET    0xDEADBEEFu         /* *flag_match before anybody wrote it */

static k_event_t ev;
static k_event_t *ev_target;            /* what the waiters pend on */
static k_task_t ev_task[EV_N];
KTEST_STACK(ev_stack0);
KTEST_STACK(ev_stack1);
KTEST_STACK(ev_stack2);
KTEST_STACK(ev_stack3);
static k_stack_t *const ev_stacks[EV_N] = { ev_stack0, ev_stack1, ev_stack2, ev_stack3 };
static const char *const ev_names[EV_N] = { "e0", "e1", "e2", "e3" };

static k_event_flag_t ev_expect[EV_N];
static k_opt_t ev_opt[EV_N];
static k_tick_t ev_timeout[EV_N];
static k_event_flag_t ev_match[EV_N];
static volatile int ev_res[EV_N];               /* -1: has not returned */
static volatile k_tick_t ev_res_tick[EV_N];
static volatile int ev_order[EV_N];
static volatile unsigned ev_norder;

static void ev_reset(void)
{
    for (unsigned i = 0; i < EV_N; i++) {
        ev_expect[i] = 0;
        ev_opt[i] = 0;
        ev_timeout[i] = TOS_TIME_FOREVER;
        ev_match[i] = EV_UNSET;
        ev_res[i] = -1;
        ev_res_tick[i] = 0;
        ev_order[i] = -1;
    }
    ev_norder = 0;
    ev_target = &ev;
}

static void ev_waiter_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_err_t err = tos_event_pend(ev_target, ev_expect[idx], &ev_match[idx], ev_timeout[idx],
                                 ev_opt[idx]);
    ev_res_tick[idx] = tos_systick_get();
    ev_res[idx] = (int)err;
    ev_order[ev_norder++] = (int)idx;
}

static void ev_waiter_create(unsigned idx, k_prio_t prio, k_event_flag_t expect, k_opt_t opt,
                             k_tick_t timeout)
{
    ev_expect[idx] = expect;
    ev_opt[idx] = opt;
    ev_timeout[idx] = timeout;
    ktest_task_create(&ev_task[idx], ev_names[idx], ev_waiter_entry, (void *)(uintptr_t)idx, prio,
                      ev_stacks[idx]);
}

static k_tick_t ev_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

#define ANY     TOS_OPT_EVENT_PEND_ANY
#define ALL     TOS_OPT_EVENT_PEND_ALL
#define CLR     TOS_OPT_EVENT_PEND_CLR

/* ---------------------------------------------------------------------------------------- */
/* create / destroy                                                                          */

KTEST(event, create_and_destroy)
{
    k_event_flag_t m = EV_UNSET;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0x5u);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x4u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x4u);
    KT_ASSERT_EQ(ev.flag, 0x5u);                    /* no CLR: untouched */
    KT_ASSERT_EQ(tos_event_destroy(&ev), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_destroy(&ev), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_destroy_dyn(&ev), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x4u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_post(&ev, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 1u), K_ERR_OBJ_INVALID);
    /* recreated: usable again, with its new initial word */
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x4u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
}

KTEST(event, null_pointers_and_uninitialised)
{
    k_event_flag_t m = EV_UNSET;
    k_event_t junk;

    KT_ASSERT_EQ(tos_event_create(K_NULL, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_create_dyn(K_NULL, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_pend(K_NULL, 1u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_post(K_NULL, 1u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_post_keep(K_NULL, 1u), K_ERR_OBJ_PTR_NULL);

    /* NULL flag_match, even when the wait would be satisfied at once */
    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 1u, K_NULL, TOS_TIME_NOWAIT, ANY), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_event_pend(&ev, 1u, K_NULL, TOS_TIME_FOREVER, ANY | CLR), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(ev.flag, 0x1u);

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_event_pend(&junk, 1u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_post(&junk, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_event_destroy(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(m, EV_UNSET);
}

KTEST(event, static_dynamic_mismatch_and_dyn)
{
    k_mmheap_info_t before, after;
    k_event_t *dyn = K_NULL;
    k_event_flag_t m = EV_UNSET;

    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_destroy_dyn(&ev), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_event_post(&ev, 2u), K_ERR_NONE);                   /* still alive */

    KT_ASSERT_EQ(tos_mmheap_check(&before), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_create_dyn(&dyn, 0x30u), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    KT_ASSERT_EQ(dyn->flag, 0x30u);
    KT_ASSERT_EQ(tos_event_destroy(dyn), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_event_pend(dyn, 0x10u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x10u);
    KT_ASSERT_EQ(tos_event_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmheap_check(&after), K_ERR_NONE);
    KT_ASSERT_EQ(after.used, before.used);
}

#define EV_HOG_MAX 512u
static void *ev_hog[EV_HOG_MAX];
static unsigned ev_nhog;

KTEST(event, dyn_out_of_memory)
{
    k_event_t *dyn = &ev;                           /* sentinel */

    ev_nhog = 0;
    for (size_t sz = TOS_CFG_MMHEAP_POOL_SIZE_MAX; sz > 0u; sz /= 2u) {
        void *p;
        while ((p = tos_mmheap_alloc(sz)) != K_NULL) {
            KT_ASSERT_LT(ev_nhog, EV_HOG_MAX);
            ev_hog[ev_nhog++] = p;
        }
    }
    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(1u), K_NULL);
    KT_ASSERT_EQ(tos_event_create_dyn(&dyn, 0u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_PTR_EQ(dyn, &ev);
    while (ev_nhog > 0u) {
        tos_mmheap_free(ev_hog[--ev_nhog]);
    }
    KT_ASSERT_EQ(tos_event_create_dyn(&dyn, 0u), K_ERR_NONE);
    KT_ASSERT(dyn != &ev);
    KT_ASSERT_EQ(tos_event_destroy_dyn(dyn), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* pend error codes                                                                          */

KTEST(event, invalid_options)
{
    static const k_opt_t bad[] = {
        0u,                                 /* neither ANY nor ALL */
        CLR,                                /* neither, with CLR */
        ANY | ALL,                          /* both */
        ANY | ALL | CLR,
        ANY | 0x0008u,                      /* unknown bits */
        ALL | 0x0100u,
        ANY | CLR | 0x8000u,
    };
    k_event_flag_t m;

    KT_ASSERT_EQ(tos_event_create(&ev, 0xFFu), K_ERR_NONE);
    for (unsigned i = 0; i < TOS_COUNT_OF(bad); i++) {
        m = EV_UNSET;
        /* refused even though the flags would satisfy the wait */
        KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, TOS_TIME_NOWAIT, bad[i]),
                     K_ERR_EVENT_PEND_OPT_INVALID);
        KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, 10, bad[i]), K_ERR_EVENT_PEND_OPT_INVALID);
        KT_ASSERT_EQ(m, EV_UNSET);
        KT_ASSERT_EQ(ev.flag, 0xFFu);
    }
    /* and the valid ones work */
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, TOS_TIME_NOWAIT, ALL | CLR), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0u);
}

KTEST(event, pend_nowait_leaves_match_untouched)
{
    k_event_flag_t m = EV_UNSET;
    k_tick_t t0;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x0Fu), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x30u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x18u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x30u, &m, TOS_TIME_NOWAIT, ANY | CLR), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(m, EV_UNSET);
    KT_ASSERT_EQ(ev.flag, 0x0Fu);                   /* a failed CLR wait clears nothing */
    KT_ASSERT_EQ(tos_systick_get(), t0);
}

KTEST(event, pend_sched_locked)
{
    k_event_flag_t m = EV_UNSET;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x2u, &m, 10, ANY), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x2u, &m, TOS_TIME_FOREVER, ALL), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x2u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(m, EV_UNSET);
    /* satisfied at once: no blocking needed */
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x1u, &m, 10, ANY), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x1u);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

KTEST(event, pend_timeout_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1, 3, 64, 500 };
    k_event_flag_t m = EV_UNSET;
    k_tick_t t0;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    for (unsigned i = 0; i < TOS_COUNT_OF(waits); i++) {
        t0 = ev_tick_align();
        KT_ASSERT_EQ(tos_event_pend(&ev, 0x3u, &m, waits[i], ALL), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT_EQ(m, EV_UNSET);
    }
    KT_ASSERT_EQ(ev.flag, 0x1u);
}

KTEST(event, timed_out_waiter_is_not_woken_later)
{
    k_tick_t t0;

    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    t0 = ev_tick_align();
    ev_waiter_create(0, KTEST_MAIN_PRIO - 1, 0x1u, ANY, 20);
    KT_ASSERT_EQ(tos_task_delay(21), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(ev_res_tick[0], t0 + 20);
    KT_ASSERT_EQ(ev_match[0], EV_UNSET);
    KT_ASSERT_EQ(tos_event_post(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], EV_UNSET);
    KT_ASSERT_EQ(ev_norder, 1u);
}

KTEST(event, destroy_wakes_every_waiter)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 2, 0x1u, ANY, TOS_TIME_FOREVER);
    ev_waiter_create(1, KTEST_MAIN_PRIO - 1, 0x3u, ALL | CLR, 100);
    ev_waiter_create(2, KTEST_MAIN_PRIO + 1, 0x4u, ANY, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&ev_task[2]));
    KT_ASSERT_EQ(tos_event_destroy(&ev), K_ERR_NONE);
    KT_ASSERT_EQ(ev_norder, 2u);
    KT_ASSERT_EQ(ev_order[0], 0);
    KT_ASSERT_EQ(ev_order[1], 1);
    KT_ASSERT_EQ(ev_res[0], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(ev_res[1], K_ERR_PEND_DESTROY);
    KT_ASSERT(task_state_is_ready(&ev_task[2]));
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[2], K_ERR_PEND_DESTROY);
    for (unsigned i = 0; i < 3; i++) {
        KT_ASSERT_EQ(ev_match[i], EV_UNSET);
    }
    KT_ASSERT_EQ(tos_event_post(&ev, 1u), K_ERR_OBJ_INVALID);
}

KTEST(event, destroy_dyn_wakes_every_waiter)
{
    k_event_t *dyn = K_NULL;

    ev_reset();
    KT_ASSERT_EQ(tos_event_create_dyn(&dyn, 0u), K_ERR_NONE);
    ev_target = dyn;
    ev_waiter_create(0, KTEST_MAIN_PRIO - 1, 0x1u, ANY, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&ev_task[0]));
    KT_ASSERT_EQ(tos_event_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_PEND_DESTROY);
}

static volatile k_err_t ev_isr_err[6];
static k_event_t *ev_isr_dyn;
static k_event_flag_t ev_isr_match;

static void ev_isr_calls(void)
{
    tos_knl_irq_enter();
    ev_isr_err[0] = tos_event_pend(&ev, 0x1u, &ev_isr_match, TOS_TIME_NOWAIT, ANY | CLR);
    ev_isr_err[1] = tos_event_pend(&ev, 0x1u, &ev_isr_match, TOS_TIME_FOREVER, ALL);
    ev_isr_err[2] = tos_event_pend(&ev, 0x1u, &ev_isr_match, 5, 0u);   /* IRQ check first */
    ev_isr_err[3] = tos_event_create_dyn(&ev_isr_dyn, 0u);
    ev_isr_err[4] = tos_event_destroy_dyn(ev_isr_dyn);
    ev_isr_err[5] = tos_event_post_keep(&ev, 0x100u);                 /* ISR-safe */
    tos_knl_irq_leave();
}

KTEST(event, pend_in_isr_is_refused)
{
    k_event_t *dyn = K_NULL;

    for (unsigned i = 0; i < TOS_COUNT_OF(ev_isr_err); i++) {
        ev_isr_err[i] = (k_err_t)-1;
    }
    ev_isr_match = EV_UNSET;
    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_create_dyn(&dyn, 0u), K_ERR_NONE);
    ev_isr_dyn = dyn;
    ktest_irq_connect(0, ev_isr_calls, 0x40);
    ktest_irq_raise(0);
    for (unsigned i = 0; i < 5; i++) {
        KT_ASSERT_EQ(ev_isr_err[i], K_ERR_IN_IRQ);
    }
    KT_ASSERT_EQ(ev_isr_err[5], K_ERR_NONE);
    KT_ASSERT_EQ(ev_isr_match, EV_UNSET);
    KT_ASSERT_PTR_EQ(ev_isr_dyn, dyn);
    KT_ASSERT_EQ(ev.flag, 0x101u);                  /* not cleared by the refused CLR pend */
    KT_ASSERT_EQ(tos_event_destroy_dyn(dyn), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* matching and the flag word                                                                */

KTEST(event, any_and_all_matching)
{
    k_event_flag_t m;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x0Fu), K_ERR_NONE);
    /* ANY: *flag_match = the expected bits that are set */
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x18u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x08u);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0xF6u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x06u);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0xF0u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(m, EV_UNSET);
    /* ALL: every expected bit needed; *flag_match = the expected bits */
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x18u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(m, EV_UNSET);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x0Au, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x0Au);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x0Fu, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x0Fu);
    /* the word is never changed without CLR */
    KT_ASSERT_EQ(ev.flag, 0x0Fu);
    /* the top bit works like any other */
    KT_ASSERT_EQ(tos_event_post(&ev, 0x80000001u), K_ERR_NONE);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x80000000u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x80000000u);
}

KTEST(event, post_replaces_post_keep_ors)
{
    k_event_flag_t m = EV_UNSET;

    KT_ASSERT_EQ(tos_event_create(&ev, 0x3u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_post(&ev, 0x4u), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0x4u);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x3u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0x5u);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x5u, &m, TOS_TIME_NOWAIT, ALL), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x5u);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0x5u);
    KT_ASSERT_EQ(tos_event_post(&ev, 0x0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev.flag, 0x0u);
}

KTEST(event, clr_clears_the_whole_word)
{
    k_event_flag_t m = EV_UNSET;

    KT_ASSERT_EQ(tos_event_create(&ev, 0xF1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x01u, &m, TOS_TIME_NOWAIT, ANY | CLR), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x01u);
    KT_ASSERT_EQ(ev.flag, 0u);                      /* not only the matched bit */
    KT_ASSERT_EQ(tos_event_post(&ev, 0x3Cu), K_ERR_NONE);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x0Cu, &m, TOS_TIME_NOWAIT, ALL | CLR), K_ERR_NONE);
    KT_ASSERT_EQ(m, 0x0Cu);
    KT_ASSERT_EQ(ev.flag, 0u);
    m = EV_UNSET;
    KT_ASSERT_EQ(tos_event_pend(&ev, 0x30u, &m, TOS_TIME_NOWAIT, ANY), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(m, EV_UNSET);
}

KTEST(event, one_post_wakes_every_satisfied_waiter)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 4, 0x01u, ANY, TOS_TIME_FOREVER);
    ev_waiter_create(1, KTEST_MAIN_PRIO - 3, 0x03u, ALL, TOS_TIME_FOREVER);
    ev_waiter_create(2, KTEST_MAIN_PRIO - 2, 0x0Cu, ANY, TOS_TIME_FOREVER);
    ev_waiter_create(3, KTEST_MAIN_PRIO - 1, 0x07u, ALL, 1000);
    KT_ASSERT_EQ(ev_norder, 0u);

    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x03u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_norder, 2u);
    KT_ASSERT_EQ(ev_order[0], 0);
    KT_ASSERT_EQ(ev_order[1], 1);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], 0x01u);
    KT_ASSERT_EQ(ev_res[1], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[1], 0x03u);
    KT_ASSERT_EQ(ev_match[2], EV_UNSET);
    KT_ASSERT_EQ(ev_match[3], EV_UNSET);
    KT_ASSERT_EQ(ev.flag, 0x03u);

    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x0Cu), K_ERR_NONE);
    KT_ASSERT_EQ(ev_norder, 4u);
    KT_ASSERT_EQ(ev_order[2], 2);
    KT_ASSERT_EQ(ev_order[3], 3);
    KT_ASSERT_EQ(ev_match[2], 0x0Cu);
    KT_ASSERT_EQ(ev_match[3], 0x07u);
    KT_ASSERT_EQ(ev.flag, 0x0Fu);
}

KTEST(event, post_replacing_word_can_unsatisfy)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 1, 0x3u, ALL, TOS_TIME_FOREVER);
    /* the replacing post drops bit 0: 0x2 alone does not satisfy ALL 0x3 */
    KT_ASSERT_EQ(tos_event_post(&ev, 0x2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], -1);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], 0x3u);
}

KTEST(event, clearing_waiter_stops_the_post)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 4, 0x1u, ANY, TOS_TIME_FOREVER);        /* A */
    ev_waiter_create(1, KTEST_MAIN_PRIO - 3, 0x3u, ANY | CLR, TOS_TIME_FOREVER);  /* B, clears */
    ev_waiter_create(2, KTEST_MAIN_PRIO - 2, 0x1u, ANY, TOS_TIME_FOREVER);        /* C */
    ev_waiter_create(3, KTEST_MAIN_PRIO - 2, 0x4u, ANY, TOS_TIME_FOREVER);        /* D */

    KT_ASSERT_EQ(tos_event_post(&ev, 0x5u), K_ERR_NONE);
    /* A and B (in priority order) only: the walk stopped at B, C and D were not examined */
    KT_ASSERT_EQ(ev_norder, 2u);
    KT_ASSERT_EQ(ev_order[0], 0);
    KT_ASSERT_EQ(ev_order[1], 1);
    KT_ASSERT_EQ(ev_match[0], 0x1u);
    KT_ASSERT_EQ(ev_match[1], 0x1u);
    KT_ASSERT_EQ(ev_res[2], -1);
    KT_ASSERT_EQ(ev_res[3], -1);
    KT_ASSERT_EQ(ev.flag, 0u);
    KT_ASSERT(task_state_is_pending(&ev_task[2]));
    KT_ASSERT(task_state_is_pending(&ev_task[3]));

    /* no clearing waiter left: C and D both see the next post */
    KT_ASSERT_EQ(tos_event_post(&ev, 0x5u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_norder, 4u);
    KT_ASSERT_EQ(ev_order[2], 2);
    KT_ASSERT_EQ(ev_order[3], 3);
    KT_ASSERT_EQ(ev_match[2], 0x1u);
    KT_ASSERT_EQ(ev_match[3], 0x4u);
    KT_ASSERT_EQ(ev.flag, 0x5u);
}

KTEST(event, unsatisfied_clearing_waiter_does_not_stop_the_post)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 3, 0x2u, ANY | CLR, TOS_TIME_FOREVER);
    ev_waiter_create(1, KTEST_MAIN_PRIO - 2, 0x1u, ANY, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], -1);
    KT_ASSERT_EQ(ev_res[1], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[1], 0x1u);
    KT_ASSERT_EQ(ev.flag, 0x1u);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], 0x2u);
    KT_ASSERT_EQ(ev.flag, 0u);
}

KTEST(event, woken_waiter_keeps_its_match)
{
    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO + 1, 0x3u, ANY, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&ev_task[0]));
    KT_ASSERT_EQ(tos_event_post(&ev, 0x1u), K_ERR_NONE);
    KT_ASSERT(task_state_is_ready(&ev_task[0]));
    KT_ASSERT_EQ(ev_match[0], 0x1u);                /* written at wake-up */
    /* later posts before it runs do not touch it: it is no longer waiting */
    KT_ASSERT_EQ(tos_event_post(&ev, 0x3u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], 0x1u);
}

KTEST(event, waiters_block_until_satisfied)
{
    k_tick_t t0;

    ev_reset();
    KT_ASSERT_EQ(tos_event_create(&ev, 0u), K_ERR_NONE);
    t0 = ev_tick_align();
    ev_waiter_create(0, KTEST_MAIN_PRIO - 1, 0x6u, ALL | CLR, 100);
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x2u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], -1);
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x4u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_res_tick[0], t0 + 20);
    KT_ASSERT_EQ(ev_match[0], 0x6u);
    KT_ASSERT_EQ(ev.flag, 0u);
    /* its timeout is gone */
    KT_ASSERT_EQ(tos_task_delay(100), K_ERR_NONE);
    KT_ASSERT_EQ(ev_norder, 1u);
}

static volatile int ev_isr_saw_run;

static void ev_isr_post(void)
{
    tos_knl_irq_enter();
    KT_ASSERT_EQ(tos_event_post_keep(&ev, 0x10u), K_ERR_NONE);
    ev_isr_saw_run = ev_res[0] != -1;
    tos_knl_irq_leave();
}

KTEST(event, isr_post_wakes_task_which_preempts_at_irq_leave)
{
    ev_reset();
    ev_isr_saw_run = -1;
    KT_ASSERT_EQ(tos_event_create(&ev, 0x1u), K_ERR_NONE);
    ev_waiter_create(0, KTEST_MAIN_PRIO - 1, 0x11u, ALL, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&ev_task[0]));
    ktest_irq_connect(1, ev_isr_post, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(ev_isr_saw_run, 0);
    KT_ASSERT_EQ(ev_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(ev_match[0], 0x11u);
    KT_ASSERT_EQ(ev.flag, 0x11u);
}
