/*
 * Conformance: software timers (tos_timer.h). Built twice: callbacks in the timer task
 * (TOS_CFG_TIMER_AS_PROC 0, priority TOS_CFG_TIMER_TASK_PRIO) and in the tick ISR (AS_PROC 1).
 * Callbacks record tos_systick_get(), so every expiry is checked to the tick.
 */
#include "ktest.h"

#define TM_N            6u
#define TM_TICKS_MAX    16u
#define TM_LOG_MAX      64u

enum {
    TM_ACT_NONE,
    TM_ACT_STOP,            /* stop itself on firing act_on */
    TM_ACT_DESTROY,         /* destroy itself on firing act_on */
    TM_ACT_RESTART,         /* restart itself on firings 1..act_on */
    TM_ACT_OTHERS,          /* stop tm[1] (stop_in_cb) and destroy tm[2] (act_err) */
};

typedef struct tm_rec_st {
    volatile unsigned       cnt;
    volatile k_tick_t       ticks[TM_TICKS_MAX];
    int                     act;
    unsigned                act_on;
    volatile k_err_t        act_err;
    volatile int            act_done;
    volatile timer_state_t  state_in_cb;    /* the timer's state when its callback ran */
    volatile k_err_t        stop_in_cb;     /* tos_timer_stop on the last firing (TM_ACT_RESTART) */
} tm_rec_t;

typedef struct tm_log_st {
    unsigned    id;
    k_tick_t    tick;
} tm_log_t;

static k_timer_t tm[TM_N];
static tm_rec_t tm_rec[TM_N];
static tm_log_t tm_log[TM_LOG_MAX];
static volatile unsigned tm_log_n;

static void tm_reset(void)
{
    memset(tm, 0, sizeof(tm));
    memset((void *)tm_rec, 0, sizeof(tm_rec));
    memset(tm_log, 0, sizeof(tm_log));
    tm_log_n = 0u;
}

static void tm_cb(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    tm_rec_t *r = &tm_rec[id];
    k_tick_t now = tos_systick_get();
    unsigned n = r->cnt;

    if (n < TM_TICKS_MAX) {
        r->ticks[n] = now;
    }
    r->cnt = ++n;
    if (tm_log_n < TM_LOG_MAX) {
        tm_log[tm_log_n].id = id;
        tm_log[tm_log_n].tick = now;
        tm_log_n++;
    }
    r->state_in_cb = tm[id].state;
    switch (r->act) {
    case TM_ACT_STOP:
        if (n == r->act_on) {
            r->act_err = tos_timer_stop(&tm[id]);
            r->act_done = 1;
        }
        break;
    case TM_ACT_DESTROY:
        if (n == r->act_on) {
            r->act_err = tos_timer_destroy(&tm[id]);
            r->act_done = 1;
        }
        break;
    case TM_ACT_RESTART:
        if (n <= r->act_on) {
            k_err_t err = tos_timer_start(&tm[id]);
            if (err != K_ERR_NONE) {
                r->act_err = err;
            }
            r->act_done = (int)n;
        } else if (tm[id].opt == TOS_OPT_TIMER_ONESHOT) {
            r->stop_in_cb = tos_timer_stop(&tm[id]);
        }
        break;
    case TM_ACT_OTHERS:
        r->stop_in_cb = tos_timer_stop(&tm[1]);
        r->act_err = tos_timer_destroy(&tm[2]);
        break;
    default:
        break;
    }
}

static void tm_create(unsigned id, k_tick_t delay, k_tick_t period, k_opt_t opt)
{
    KT_ASSERT_EQ(tos_timer_create(&tm[id], delay, period, tm_cb, (void *)(uintptr_t)id, opt),
                 K_ERR_NONE);
}

static void tm_delay_until(k_tick_t tick)
{
    k_tick_t now = tos_systick_get();

    KT_ASSERT_LT(now, tick);
    KT_ASSERT_EQ(tos_task_delay(tick - now), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), tick);
}

/* Start timer `id` and return the tick it was started at (its expiry is checked against the
   documented rule). */
static k_tick_t tm_start(unsigned id)
{
    k_tick_t t0 = tos_systick_get();
    k_timer_t *t = &tm[id];

    KT_ASSERT_EQ(tos_timer_start(t), K_ERR_NONE);
    KT_ASSERT_EQ(t->state, TIMER_STATE_RUNNING);
    KT_ASSERT_EQ(t->expires, t0 + (t->delay ? t->delay : t->period));
    return t0;
}

static void dummy_cb(void *arg)
{
    (void)arg;
}

/* ---- create / destroy ---- */

KTEST(timer, create_validation)
{
    static const k_opt_t bad_opts[] = { 0u, 3u, 4u, 0x0100u, 0xFFFFu };
    k_timer_t t;

    tm_reset();
    memset(&t, 0, sizeof(t));
    KT_ASSERT_EQ(tos_timer_create(K_NULL, 10u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_create(&t, 10u, 0u, K_NULL, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_create(&t, 10u, 10u, K_NULL, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_OBJ_PTR_NULL);
    /* the cases pinned by the TencentOS suite */
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_TIMER_INVALID_DELAY);
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, 200u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_TIMER_INVALID_DELAY);
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_TIMER_INVALID_PERIOD);
    KT_ASSERT_EQ(tos_timer_create(&t, 200u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_TIMER_INVALID_PERIOD);
    KT_ASSERT_EQ(tos_timer_create(&t, TOS_TIME_FOREVER, 0u, dummy_cb, K_NULL,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_TIMER_DELAY_FOREVER);
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, TOS_TIME_FOREVER, dummy_cb, K_NULL,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_TIMER_PERIOD_FOREVER);
    /* FOREVER in the other slot is refused too */
    KT_ASSERT_EQ(tos_timer_create(&t, TOS_TIME_FOREVER, 10u, dummy_cb, K_NULL,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_TIMER_DELAY_FOREVER);
    KT_ASSERT_EQ(tos_timer_create(&t, 10u, TOS_TIME_FOREVER, dummy_cb, K_NULL,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_TIMER_PERIOD_FOREVER);
    for (unsigned i = 0u; i < sizeof(bad_opts) / sizeof(bad_opts[0]); ++i) {
        KT_ASSERT_EQ(tos_timer_create(&t, 10u, 10u, dummy_cb, K_NULL, bad_opts[i]),
                     K_ERR_TIMER_INVALID_OPT);
    }
    /* none of the failed creates made t a timer */
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_stop(&t), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_OBJ_INVALID);

    /* the allowed combinations: a one-shot ignores its period, a periodic may have delay 0 */
    KT_ASSERT_EQ(tos_timer_create(&t, 10u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(t.delay, 10u);
    KT_ASSERT_EQ(t.opt, TOS_OPT_TIMER_ONESHOT);
    KT_ASSERT_EQ(tos_timer_create(&t, 10u, 20u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, 10u, dummy_cb, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(t.period, 10u);
    KT_ASSERT_EQ(t.opt, TOS_OPT_TIMER_PERIODIC);
    KT_ASSERT_EQ(tos_timer_create(&t, 5u, 10u, dummy_cb, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_NONE);
    /* a failed re-create of a valid timer leaves it as it was */
    KT_ASSERT_EQ(tos_timer_create(&t, 0u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_PERIODIC),
                 K_ERR_TIMER_INVALID_PERIOD);
    KT_ASSERT_EQ(t.delay, 5u);
    KT_ASSERT_EQ(t.period, 10u);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_NONE);
}

KTEST(timer, create_while_running_is_refused)
{
    k_tick_t t0;

    tm_reset();
    tm_create(0, 10u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tos_timer_create(&tm[0], 3u, 0u, tm_cb, (void *)(uintptr_t)1u,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tos_timer_create(&tm[0], 0u, 4u, tm_cb, (void *)(uintptr_t)1u,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_RUNNING);
    KT_ASSERT_EQ(tm[0].expires, t0 + 10u);
    /* it still fires once, as first created, with its own callback and argument */
    tm_delay_until(t0 + 30u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 10u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 0u);

    /* a completed or stopped timer may be re-created */
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);
    KT_ASSERT_EQ(tos_timer_create(&tm[0], 0u, 4u, tm_cb, (void *)(uintptr_t)1u,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_NONE);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_STOPPED);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tos_timer_create(&tm[0], 2u, 0u, tm_cb, (void *)(uintptr_t)2u,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_TIMER_RUNNING);
    tm_delay_until(t0 + 9u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[1].ticks[0], t0 + 4u);
    KT_ASSERT_EQ(tm_rec[1].ticks[1], t0 + 8u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 0u);
    KT_ASSERT_EQ(tos_timer_create(&tm[0], 2u, 0u, tm_cb, (void *)(uintptr_t)2u,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    t0 = tm_start(0);
    tm_delay_until(t0 + 10u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t0 + 2u);
}

KTEST(timer, destroy)
{
    k_timer_t t;
    k_tick_t t0;

    tm_reset();
    memset(&t, 0, sizeof(t));
    KT_ASSERT_EQ(tos_timer_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_OBJ_INVALID);     /* never created */

    KT_ASSERT_EQ(tos_timer_create(&t, 10u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_UNUSED);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_stop(&t), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_delay_change(&t, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_period_change(&t, 5u), K_ERR_OBJ_INVALID);

    /* destroying running timers: they never fire, and the others keep their schedule */
    tm_create(0, 5u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(1, 0u, 3u, TOS_OPT_TIMER_PERIODIC);
    tm_create(2, 0u, 4u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    tm_delay_until(t0 + 2u);
    KT_ASSERT_EQ(tos_timer_destroy(&tm[0]), K_ERR_NONE);       /* the list head */
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_UNUSED);
    tm_delay_until(t0 + 5u);
    KT_ASSERT_EQ(tos_timer_destroy(&tm[2]), K_ERR_NONE);       /* mid-list, periodic */
    tm_delay_until(t0 + 20u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t0 + 4u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 6u);
    for (unsigned k = 0u; k < 6u; ++k) {
        KT_ASSERT_EQ(tm_rec[1].ticks[k], t0 + 3u * (k + 1u));
    }
    KT_ASSERT_EQ(tos_timer_start(&tm[0]), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_destroy(&tm[1]), K_ERR_NONE);
    tm_delay_until(t0 + 40u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 6u);

    /* a destroyed timer can be created again */
    tm_create(0, 3u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(0);
    tm_delay_until(t0 + 5u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 3u);
}

/* ---- start / stop / restart ---- */

KTEST(timer, start_stop_codes_and_states)
{
    k_tick_t t0;

    tm_reset();
    KT_ASSERT_EQ(tos_timer_start(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_stop(K_NULL), K_ERR_OBJ_PTR_NULL);

    tm_create(0, 10u, 0u, TOS_OPT_TIMER_ONESHOT);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_TIMER_STOPPED);    /* never started */
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_STOPPED);
    t0 = tm_start(0);
    tm_delay_until(t0 + 4u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_TIMER_STOPPED);
    tm_delay_until(t0 + 30u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 0u);                            /* a stopped timer is silent */

    /* a one-shot that fired is COMPLETED: stopping it is refused, starting it again works */
    t0 = tm_start(0);
    tm_delay_until(t0 + 10u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 10u);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_TIMER_STOPPED);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);
    t0 = tm_start(0);
    tm_delay_until(t0 + 15u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[0].ticks[1], t0 + 10u);

    /* a periodic timer stays RUNNING across firings, until stopped */
    tm_create(1, 0u, 4u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(1);
    tm_delay_until(t0 + 9u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 2u);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_RUNNING);
    KT_ASSERT_EQ(tm[1].expires, t0 + 12u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_TIMER_STOPPED);
    tm_delay_until(t0 + 30u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 2u);
    /* started again, it runs from the new start */
    t0 = tm_start(1);
    tm_delay_until(t0 + 5u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[2], t0 + 4u);
    KT_ASSERT_EQ(tos_timer_destroy(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_UNUSED);
}

KTEST(timer, oneshot_fires_exactly_once_at_start_plus_delay)
{
    static const k_tick_t delays[] = { 1u, 2u, 17u, 1000u };

    tm_reset();
    for (unsigned i = 0u; i < sizeof(delays) / sizeof(delays[0]); ++i) {
        k_tick_t t0;

        memset((void *)&tm_rec[0], 0, sizeof(tm_rec[0]));
        /* a one-shot ignores its period: it must not fire again `period` later */
        tm_create(0, delays[i], 3u, TOS_OPT_TIMER_ONESHOT);
        t0 = tm_start(0);
        if (delays[i] > 1u) {
            tm_delay_until(t0 + delays[i] - 1u);
            KT_ASSERT_EQ(tm_rec[0].cnt, 0u);
        }
        tm_delay_until(t0 + delays[i] + 20u);
        KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
        KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + delays[i]);
        KT_ASSERT_EQ(tm_rec[0].state_in_cb, TIMER_STATE_COMPLETED);
        KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);
    }
}

KTEST(timer, restart_of_running_timer_rearms_from_now)
{
    k_tick_t t0, t1;

    tm_reset();
    /* one-shot */
    tm_create(0, 10u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(0);
    tm_delay_until(t0 + 4u);
    t1 = tm_start(0);
    KT_ASSERT_EQ(t1, t0 + 4u);
    tm_delay_until(t0 + 40u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t1 + 10u);

    /* periodic with delay 0: re-armed a full period from the restart (not "now") */
    tm_create(1, 0u, 10u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(1);
    tm_delay_until(t0 + 7u);
    t1 = tm_start(1);
    tm_delay_until(t1 + 25u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[1].ticks[0], t1 + 10u);
    KT_ASSERT_EQ(tm_rec[1].ticks[1], t1 + 20u);

    /* periodic with a delay: the delay applies again from the restart */
    tm_create(2, 3u, 10u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(2);
    tm_delay_until(t0 + 7u);                    /* fired at +3 */
    t1 = tm_start(2);
    tm_delay_until(t1 + 15u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[2]), K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[2].cnt, 3u);
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t0 + 3u);
    KT_ASSERT_EQ(tm_rec[2].ticks[1], t1 + 3u);
    KT_ASSERT_EQ(tm_rec[2].ticks[2], t1 + 13u);
}

KTEST(timer, delay_and_period_change_rules)
{
    k_timer_t t;
    k_tick_t t0;

    tm_reset();
    memset(&t, 0, sizeof(t));
    KT_ASSERT_EQ(tos_timer_delay_change(K_NULL, 5u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_period_change(K_NULL, 5u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_timer_delay_change(&t, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_timer_period_change(&t, 5u), K_ERR_OBJ_INVALID);

    /* one-shot */
    tm_create(0, 10u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[0], 5u), K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[0], 5u), K_ERR_TIMER_RUNNING);
    tm_delay_until(t0 + 20u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 10u);         /* the refused change did nothing */
    /* COMPLETED: changes allowed, within the rules */
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[0], 0u), K_ERR_TIMER_INVALID_DELAY);
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[0], TOS_TIME_FOREVER), K_ERR_TIMER_DELAY_FOREVER);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[0], TOS_TIME_FOREVER), K_ERR_TIMER_PERIOD_FOREVER);
    KT_ASSERT_EQ(tm[0].delay, 10u);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[0], 0u), K_ERR_NONE);  /* unused by a one-shot */
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[0], 25u), K_ERR_NONE);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);   /* a change does not start it */
    tm_delay_until(t0 + 60u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    t0 = tm_start(0);
    tm_delay_until(t0 + 40u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[0].ticks[1], t0 + 25u);

    /* periodic, STOPPED */
    tm_create(1, 0u, 5u, TOS_OPT_TIMER_PERIODIC);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[1], 0u), K_ERR_TIMER_INVALID_PERIOD);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[1], TOS_TIME_FOREVER), K_ERR_TIMER_PERIOD_FOREVER);
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[1], TOS_TIME_FOREVER), K_ERR_TIMER_DELAY_FOREVER);
    KT_ASSERT_EQ(tm[1].period, 5u);
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[1], 0u), K_ERR_NONE);   /* delay 0 is fine */
    KT_ASSERT_EQ(tos_timer_period_change(&tm[1], 8u), K_ERR_NONE);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_STOPPED);
    t0 = tm_start(1);
    KT_ASSERT_EQ(tos_timer_period_change(&tm[1], 2u), K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[1], 1u), K_ERR_TIMER_RUNNING);
    tm_delay_until(t0 + 25u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[0], t0 + 8u);
    KT_ASSERT_EQ(tm_rec[1].ticks[1], t0 + 16u);
    KT_ASSERT_EQ(tm_rec[1].ticks[2], t0 + 24u);
    /* stopped again: give it a delay */
    KT_ASSERT_EQ(tos_timer_delay_change(&tm[1], 3u), K_ERR_NONE);
    t0 = tm_start(1);
    tm_delay_until(t0 + 12u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 5u);
    KT_ASSERT_EQ(tm_rec[1].ticks[3], t0 + 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[4], t0 + 11u);
}

/* ---- periodic timing ---- */

KTEST(timer, periodic_first_expiry_uses_delay_or_period)
{
    k_tick_t t0;

    tm_reset();
    tm_create(0, 0u, 7u, TOS_OPT_TIMER_PERIODIC);
    tm_create(1, 3u, 7u, TOS_OPT_TIMER_PERIODIC);
    tm_create(2, 20u, 7u, TOS_OPT_TIMER_PERIODIC);      /* delay longer than the period */
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    tm_delay_until(t0 + 36u);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(tos_timer_stop(&tm[i]), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tm_rec[0].cnt, 5u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 5u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 3u);
    for (unsigned k = 0u; k < 5u; ++k) {
        KT_ASSERT_EQ(tm_rec[0].ticks[k], t0 + 7u + 7u * k);
        KT_ASSERT_EQ(tm_rec[1].ticks[k], t0 + 3u + 7u * k);
    }
    for (unsigned k = 0u; k < 3u; ++k) {
        KT_ASSERT_EQ(tm_rec[2].ticks[k], t0 + 20u + 7u * k);
    }
}

#define DRIFT_PERIODS   10000u
#define DRIFT_DELAY     5u
#define DRIFT_PERIOD    7u

static k_tick_t drift_ticks[DRIFT_PERIODS];
static volatile unsigned drift_cnt;

static void drift_cb(void *arg)
{
    (void)arg;
    if (drift_cnt < DRIFT_PERIODS) {
        drift_ticks[drift_cnt] = tos_systick_get();
    }
    drift_cnt++;
}

KTEST(timer, periodic_never_drifts_over_10000_periods)
{
    k_timer_t t;
    k_tick_t t0, last;

    memset(drift_ticks, 0, sizeof(drift_ticks));
    drift_cnt = 0u;
    KT_ASSERT_EQ(tos_timer_create(&t, DRIFT_DELAY, DRIFT_PERIOD, drift_cb, K_NULL,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_NONE);
    KT_ASSERT_EQ(t.expires, t0 + DRIFT_DELAY);
    last = t0 + DRIFT_DELAY + (k_tick_t)(DRIFT_PERIODS - 1u) * DRIFT_PERIOD;
    tm_delay_until(last + DRIFT_PERIOD / 2u);
    KT_ASSERT_EQ(tos_timer_stop(&t), K_ERR_NONE);
    KT_ASSERT_EQ(drift_cnt, DRIFT_PERIODS);
    for (unsigned k = 0u; k < DRIFT_PERIODS; ++k) {
        k_tick_t want = t0 + DRIFT_DELAY + (k_tick_t)k * DRIFT_PERIOD;
        if (drift_ticks[k] != want) {
            KT_FAIL("firing %u at tick %llu, expected %llu (start %llu)", k,
                    (unsigned long long)drift_ticks[k], (unsigned long long)want,
                    (unsigned long long)t0);
        }
    }
}

/* A task more urgent than the timer task (priority 1) that hogs the CPU over two expiries. */
static k_task_t hog_task;
KTEST_STACK(hog_stack);
static volatile k_tick_t hog_from, hog_until, hog_released;

static void hog_entry(void *arg)
{
    (void)arg;
    tos_task_delay(hog_from - tos_systick_get());
    ktest_spin_until(hog_until);
    hog_released = tos_systick_get();
}

KTEST(timer, late_service_does_not_shift_later_expiries)
{
    k_tick_t t0;

    ktest_require_async_preemption();  /* a spin loop must be preempted */

    tm_reset();
    hog_released = 0u;
    tm_create(0, 0u, 10u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(0);
    hog_from = t0 + 25u;
    hog_until = t0 + 43u;
    ktest_task_create(&hog_task, "hog", hog_entry, K_NULL, 0u, hog_stack);
    tm_delay_until(t0 + 75u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_NONE);
    KT_ASSERT_GE(hog_released, t0 + 43u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 7u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 10u);
    KT_ASSERT_EQ(tm_rec[0].ticks[1], t0 + 20u);
#if TOS_CFG_TIMER_AS_PROC
    /* callbacks run in the tick ISR: a busy task, however urgent, cannot delay them */
    KT_ASSERT_EQ(tm_rec[0].ticks[2], t0 + 30u);
    KT_ASSERT_EQ(tm_rec[0].ticks[3], t0 + 40u);
#else
    /* the timer task (priority 2) only gets the CPU when the hog lets go: both expiries that
       passed meanwhile are served late, in one pass */
    KT_ASSERT_EQ(tm_rec[0].ticks[2], hog_released);
    KT_ASSERT_EQ(tm_rec[0].ticks[3], hog_released);
#endif
    /* and the schedule is unchanged afterwards: re-armed from the expiry, not the service */
    KT_ASSERT_EQ(tm_rec[0].ticks[4], t0 + 50u);
    KT_ASSERT_EQ(tm_rec[0].ticks[5], t0 + 60u);
    KT_ASSERT_EQ(tm_rec[0].ticks[6], t0 + 70u);
}

/* ---- several timers ---- */

static void tm_expect_log(unsigned i, unsigned id, k_tick_t tick)
{
    KT_ASSERT_LT(i, tm_log_n);
    if (tm_log[i].id != id || tm_log[i].tick != tick) {
        KT_FAIL("firing #%u: timer %u at %llu, expected timer %u at %llu", i, tm_log[i].id,
                (unsigned long long)tm_log[i].tick, id, (unsigned long long)tick);
    }
}

KTEST(timer, timers_fire_in_expiry_order)
{
    k_tick_t t0;

    tm_reset();
    tm_create(0, 0u, 3u, TOS_OPT_TIMER_PERIODIC);
    tm_create(1, 0u, 5u, TOS_OPT_TIMER_PERIODIC);
    tm_create(2, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(3, 1u, 0u, TOS_OPT_TIMER_ONESHOT);     /* started last, due first */
    tm_create(4, 13u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    KT_ASSERT_EQ(tm_start(3), t0);
    KT_ASSERT_EQ(tm_start(4), t0);
    tm_delay_until(t0 + 14u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    tm_delay_until(t0 + 40u);

    KT_ASSERT_EQ(tm_log_n, 9u);
    tm_expect_log(0, 3, t0 + 1u);
    tm_expect_log(1, 0, t0 + 3u);
    tm_expect_log(2, 2, t0 + 4u);
    tm_expect_log(3, 1, t0 + 5u);
    tm_expect_log(4, 0, t0 + 6u);
    tm_expect_log(5, 0, t0 + 9u);
    tm_expect_log(6, 1, t0 + 10u);
    tm_expect_log(7, 0, t0 + 12u);
    tm_expect_log(8, 4, t0 + 13u);
}

KTEST(timer, equal_expiries_fire_in_start_order)
{
    k_tick_t t0, t1;

    tm_reset();
    /* started (in this order) on the same tick, all due at +6; the order is neither the
       creation order nor the array order */
    tm_create(0, 6u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(1, 6u, 6u, TOS_OPT_TIMER_PERIODIC);
    tm_create(2, 0u, 6u, TOS_OPT_TIMER_PERIODIC);
    tm_create(3, 6u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(3);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(0), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    /* started later, due on the same tick as the others: after them */
    tm_delay_until(t0 + 2u);
    tm_create(4, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    t1 = tm_start(4);
    KT_ASSERT_EQ(t1, t0 + 2u);
    tm_delay_until(t0 + 13u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_stop(&tm[2]), K_ERR_NONE);

    KT_ASSERT_EQ(tm_log_n, 7u);
    tm_expect_log(0, 3, t0 + 6u);
    tm_expect_log(1, 1, t0 + 6u);
    tm_expect_log(2, 0, t0 + 6u);
    tm_expect_log(3, 2, t0 + 6u);
    tm_expect_log(4, 4, t0 + 6u);
    /* the periodic pair, re-armed in firing order, keeps its order */
    tm_expect_log(5, 1, t0 + 12u);
    tm_expect_log(6, 2, t0 + 12u);
}

/* ---- callbacks acting on their own timer ---- */

KTEST(timer, callback_stops_its_own_timer)
{
    k_tick_t t0;

    tm_reset();
    tm_create(0, 0u, 5u, TOS_OPT_TIMER_PERIODIC);
    tm_rec[0].act = TM_ACT_STOP;
    tm_rec[0].act_on = 3u;
    tm_rec[0].act_err = K_ERR_PEND_ABNORMAL;
    t0 = tm_start(0);
    tm_delay_until(t0 + 40u);
    KT_ASSERT_EQ(tm_rec[0].act_done, 1);
    KT_ASSERT_EQ(tm_rec[0].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[0].state_in_cb, TIMER_STATE_RUNNING);   /* a periodic in its callback */
    KT_ASSERT_EQ(tm_rec[0].cnt, 3u);
    for (unsigned k = 0u; k < 3u; ++k) {
        KT_ASSERT_EQ(tm_rec[0].ticks[k], t0 + 5u * (k + 1u));
    }
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tos_timer_stop(&tm[0]), K_ERR_TIMER_STOPPED);
    /* it can be started again */
    tm_rec[0].act = TM_ACT_NONE;
    t0 = tm_start(0);
    tm_delay_until(t0 + 6u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 4u);
    KT_ASSERT_EQ(tm_rec[0].ticks[3], t0 + 5u);
}

KTEST(timer, callback_destroys_its_own_timer)
{
    k_tick_t t0;

    tm_reset();
    tm_create(0, 0u, 4u, TOS_OPT_TIMER_PERIODIC);
    tm_create(1, 0u, 3u, TOS_OPT_TIMER_PERIODIC);       /* a bystander */
    tm_create(2, 6u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_rec[0].act = TM_ACT_DESTROY;
    tm_rec[0].act_on = 2u;
    tm_rec[0].act_err = K_ERR_PEND_ABNORMAL;
    tm_rec[2].act = TM_ACT_DESTROY;
    tm_rec[2].act_on = 1u;
    tm_rec[2].act_err = K_ERR_PEND_ABNORMAL;
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    tm_delay_until(t0 + 31u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);

    KT_ASSERT_EQ(tm_rec[0].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[0].cnt, 2u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 4u);
    KT_ASSERT_EQ(tm_rec[0].ticks[1], t0 + 8u);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_UNUSED);
    KT_ASSERT_EQ(tos_timer_start(&tm[0]), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tm_rec[2].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[2].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t0 + 6u);
    KT_ASSERT_EQ(tos_timer_destroy(&tm[2]), K_ERR_OBJ_INVALID);
    /* the bystander kept its schedule */
    KT_ASSERT_EQ(tm_rec[1].cnt, 10u);
    for (unsigned k = 0u; k < 10u; ++k) {
        KT_ASSERT_EQ(tm_rec[1].ticks[k], t0 + 3u * (k + 1u));
    }
}

KTEST(timer, callback_restarts_its_own_timer)
{
    k_tick_t t0;

    tm_reset();
    /* a one-shot restarted from its callback twice fires three times, 5 ticks apart */
    tm_create(0, 5u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_rec[0].act = TM_ACT_RESTART;
    tm_rec[0].act_on = 2u;
    tm_rec[0].stop_in_cb = K_ERR_PEND_ABNORMAL;
    /* a periodic restarted from its first callback: delay again from there, then periods */
    tm_create(1, 3u, 10u, TOS_OPT_TIMER_PERIODIC);
    tm_rec[1].act = TM_ACT_RESTART;
    tm_rec[1].act_on = 1u;
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    tm_delay_until(t0 + 30u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);

    KT_ASSERT_EQ(tm_rec[0].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[0].cnt, 3u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 5u);
    KT_ASSERT_EQ(tm_rec[0].ticks[1], t0 + 10u);
    KT_ASSERT_EQ(tm_rec[0].ticks[2], t0 + 15u);
    /* in its last callback the one-shot had already completed: nothing to stop */
    KT_ASSERT_EQ(tm_rec[0].state_in_cb, TIMER_STATE_COMPLETED);
    KT_ASSERT_EQ(tm_rec[0].stop_in_cb, K_ERR_TIMER_STOPPED);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_COMPLETED);

    KT_ASSERT_EQ(tm_rec[1].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 4u);
    KT_ASSERT_EQ(tm_rec[1].ticks[0], t0 + 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[1], t0 + 6u);
    KT_ASSERT_EQ(tm_rec[1].ticks[2], t0 + 16u);
    KT_ASSERT_EQ(tm_rec[1].ticks[3], t0 + 26u);
}

/* ---- ISRs ---- */

static volatile k_err_t tm_isr_err[4];
static volatile int tm_isr_phase;

static void tm_isr_arm(int phase)
{
    for (unsigned i = 0u; i < 4u; ++i) {
        tm_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    tm_isr_phase = phase;
}

static void tm_isr(void)
{
    tos_knl_irq_enter();
    switch (tm_isr_phase) {
    case 0:
        tm_isr_err[0] = tos_timer_start(&tm[0]);
        break;
    case 1:
        tm_isr_err[0] = tos_timer_stop(&tm[1]);
        tm_isr_err[1] = tos_timer_create(&tm[2], 2u, 0u, tm_cb, (void *)(uintptr_t)2u,
                                         TOS_OPT_TIMER_ONESHOT);
        tm_isr_err[2] = tos_timer_start(&tm[2]);
        break;
    default:
        tm_isr_err[0] = tos_timer_destroy(&tm[3]);
        break;
    }
    tos_knl_irq_leave();
}

KTEST(timer, start_stop_create_destroy_from_isr)
{
    k_tick_t t0, t1;

    tm_reset();
    ktest_irq_connect(2, tm_isr, 0x40);

    /* a long timer is the earliest expiry; an ISR starts a shorter one, which must be served
       on time (the timer service re-plans) */
    tm_create(1, 0u, 100u, TOS_OPT_TIMER_PERIODIC);
    tm_create(0, 5u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(3, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    t0 = tm_start(1);
    tm_delay_until(t0 + 3u);
    tm_isr_arm(0);
    t1 = tos_systick_get();
    ktest_irq_raise(2);
    KT_ASSERT_EQ(tm_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(tm[0].state, TIMER_STATE_RUNNING);
    KT_ASSERT_EQ(tm[0].expires, t1 + 5u);
    tm_delay_until(t1 + 10u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t1 + 5u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 0u);

    /* stop, create and start from an ISR */
    tm_isr_arm(1);
    t1 = tos_systick_get();
    ktest_irq_raise(2);
    KT_ASSERT_EQ(tm_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(tm_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(tm_isr_err[2], K_ERR_NONE);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_STOPPED);
    tm_delay_until(t0 + 150u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t1 + 2u);

    /* destroy a running timer from an ISR */
    t1 = tm_start(3);
    tm_isr_arm(2);
    ktest_irq_raise(2);
    KT_ASSERT_EQ(tm_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(tm[3].state, TIMER_STATE_UNUSED);
    tm_delay_until(t1 + 10u);
    KT_ASSERT_EQ(tm_rec[3].cnt, 0u);
}

/* ---- callback context ---- */

static k_sem_t ctx_sem;
static k_task_t ctx_waiter;
KTEST_STACK(ctx_waiter_stack);
static volatile int ctx_waiter_done;
static volatile struct {
    int         ran;
    int         in_irq;
    int         sched_locked;
    k_err_t     sem_err;
    k_err_t     sem_nowait_err;
    k_err_t     delay_err;
    k_err_t     lock_err;
    k_err_t     post_err;
    int         waiter_done_after_post;
    k_task_t   *task;
    k_tick_t    tick;
} ctx;

static void ctx_waiter_entry(void *arg)
{
    (void)arg;
    if (tos_sem_pend(&ctx_sem, TOS_TIME_FOREVER) == K_ERR_NONE) {
        ctx_waiter_done = 1;
    }
}

static void ctx_cb(void *arg)
{
    (void)arg;
    ctx.tick = tos_systick_get();
    ctx.in_irq = knl_is_inirq();
    ctx.sched_locked = knl_is_sched_locked();
    ctx.task = tos_task_curr_task_get();
    ctx.sem_err = tos_sem_pend(&ctx_sem, 5u);
    ctx.sem_nowait_err = tos_sem_pend(&ctx_sem, TOS_TIME_NOWAIT);
    ctx.delay_err = tos_task_delay(1u);
    ctx.lock_err = tos_knl_sched_lock();
    if (ctx.lock_err == K_ERR_NONE) {
        tos_knl_sched_unlock();
    }
    /* wakes a task more urgent than the timer task: it must not run before we return */
    ctx.post_err = tos_sem_post(&ctx_sem);
    ctx.waiter_done_after_post = ctx_waiter_done;
    ctx.ran++;
}

KTEST(timer, callback_context)
{
    k_timer_t t;
    k_tick_t t0;

    memset((void *)&ctx, 0, sizeof(ctx));
    ctx_waiter_done = 0;
    KT_ASSERT_EQ(tos_sem_create(&ctx_sem, 0u), K_ERR_NONE);
    ktest_task_create(&ctx_waiter, "ctx_waiter", ctx_waiter_entry, K_NULL, 1u, ctx_waiter_stack);
    KT_ASSERT_EQ(ctx_waiter_done, 0);
    KT_ASSERT_EQ(tos_timer_create(&t, 5u, 0u, ctx_cb, K_NULL, TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_NONE);
    tm_delay_until(t0 + 10u);

    KT_ASSERT_EQ(ctx.ran, 1);
    KT_ASSERT_EQ(ctx.tick, t0 + 5u);
    KT_ASSERT_EQ(ctx.post_err, K_ERR_NONE);
    KT_ASSERT_EQ(ctx.waiter_done_after_post, 0);
    KT_ASSERT_EQ(ctx_waiter_done, 1);       /* ran once the callback was done */
#if TOS_CFG_TIMER_AS_PROC
    /* in the tick ISR */
    KT_ASSERT_EQ(ctx.in_irq, 1);
    KT_ASSERT_EQ(ctx.sem_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(ctx.sem_nowait_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(ctx.delay_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(ctx.lock_err, K_ERR_IN_IRQ);
#else
    /* in the timer task, with the scheduler locked */
    KT_ASSERT_EQ(ctx.in_irq, 0);
    KT_ASSERT_EQ(ctx.sched_locked, 1);
    KT_ASSERT(ctx.task != K_NULL);
    KT_ASSERT(ctx.task != tos_task_curr_task_get());
    KT_ASSERT_EQ(ctx.task->prio, TOS_CFG_TIMER_TASK_PRIO);
    KT_ASSERT_EQ(ctx.sem_err, K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(ctx.sem_nowait_err, K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(ctx.delay_err, K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(ctx.lock_err, K_ERR_NONE);     /* nesting one more level is allowed */
#endif
    /* the lock does not leak into the task that was interrupted */
    KT_ASSERT_EQ(knl_is_sched_locked(), 0);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_SCHED_NOT_LOCKED);
}

KTEST(timer, callback_preempts_busy_test_task)
{
    k_tick_t t0;

    ktest_require_async_preemption();  /* a spin loop must be preempted */

    tm_reset();
    tm_create(0, 5u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(1, 0u, 3u, TOS_OPT_TIMER_PERIODIC);
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    /* we never block: the callbacks must still run on time */
    ktest_spin_until(t0 + 10u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 1u);
    KT_ASSERT_EQ(tm_rec[0].ticks[0], t0 + 5u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[0], t0 + 3u);
    KT_ASSERT_EQ(tm_rec[1].ticks[1], t0 + 6u);
    KT_ASSERT_EQ(tm_rec[1].ticks[2], t0 + 9u);
    KT_ASSERT_EQ(tos_timer_stop(&tm[1]), K_ERR_NONE);
}

/* ---- more corner cases ---- */

KTEST(timer, callback_stops_or_destroys_another_due_timer)
{
    k_tick_t t0;

    tm_reset();
    /* 0, 1, 2 and 4 are all due at +4, in that order; 0's callback stops 1 and destroys 2
       before their turn in the same pass */
    tm_create(0, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(1, 0u, 4u, TOS_OPT_TIMER_PERIODIC);
    tm_create(2, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_create(4, 4u, 0u, TOS_OPT_TIMER_ONESHOT);
    tm_rec[0].act = TM_ACT_OTHERS;
    tm_rec[0].act_err = K_ERR_PEND_ABNORMAL;
    tm_rec[0].stop_in_cb = K_ERR_PEND_ABNORMAL;
    t0 = tm_start(0);
    KT_ASSERT_EQ(tm_start(1), t0);
    KT_ASSERT_EQ(tm_start(2), t0);
    KT_ASSERT_EQ(tm_start(4), t0);
    tm_delay_until(t0 + 20u);
    KT_ASSERT_EQ(tm_rec[0].stop_in_cb, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[0].act_err, K_ERR_NONE);
    KT_ASSERT_EQ(tm_rec[1].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 0u);
    KT_ASSERT_EQ(tm[1].state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tm[2].state, TIMER_STATE_UNUSED);
    KT_ASSERT_EQ(tm_log_n, 2u);
    tm_expect_log(0, 0, t0 + 4u);
    tm_expect_log(1, 4, t0 + 4u);
}

/* As tm_cb, but a timer that keeps firing ends the case instead of hanging it. */
static void tm_bounded_cb(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;

    tm_cb(arg);
    if (tm_rec[id].cnt > 100u) {
        KT_FAIL("timer %u fired %u times by tick %llu", id, tm_rec[id].cnt,
                (unsigned long long)tos_systick_get());
    }
}

KTEST(timer, huge_delay_or_period_does_not_fire_early)
{
    /* valid (not FOREVER) but more than half the tick range away */
    const k_tick_t huge = ((k_tick_t)-1 >> 1) + 10u;
    k_tick_t t0;

    tm_reset();
    KT_ASSERT_EQ(tos_timer_create(&tm[0], K_TIME_MAX, 0u, tm_bounded_cb, (void *)(uintptr_t)0u,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_create(&tm[1], huge, 0u, tm_bounded_cb, (void *)(uintptr_t)1u,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_create(&tm[2], 2u, K_TIME_MAX, tm_bounded_cb, (void *)(uintptr_t)2u,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_create(&tm[3], 0u, huge, tm_bounded_cb, (void *)(uintptr_t)3u,
                                  TOS_OPT_TIMER_PERIODIC), K_ERR_NONE);
    tm_create(4, 0u, 5u, TOS_OPT_TIMER_PERIODIC);
    t0 = tos_systick_get();
    for (unsigned i = 0u; i < 5u; ++i) {
        KT_ASSERT_EQ(tos_timer_start(&tm[i]), K_ERR_NONE);
    }
    tm_delay_until(t0 + 101u);
    KT_ASSERT_EQ(tm_rec[0].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[1].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[2].cnt, 1u);            /* its delay, then not again */
    KT_ASSERT_EQ(tm_rec[2].ticks[0], t0 + 2u);
    KT_ASSERT_EQ(tm_rec[3].cnt, 0u);
    KT_ASSERT_EQ(tm_rec[4].cnt, 20u);           /* the short one is unaffected */
    KT_ASSERT_EQ(tm_rec[4].ticks[TM_TICKS_MAX - 1u], t0 + 5u * TM_TICKS_MAX);
    for (unsigned i = 0u; i < 5u; ++i) {
        KT_ASSERT_EQ(tm[i].state, TIMER_STATE_RUNNING);
        KT_ASSERT_EQ(tos_timer_stop(&tm[i]), K_ERR_NONE);
    }
}

KTEST_PRESTART(timer, usable_before_kernel_start)
{
    k_timer_t t;

    memset(&t, 0, sizeof(t));
    KT_ASSERT_EQ(tos_timer_create(&t, 5u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_stop(&t), K_ERR_TIMER_STOPPED);
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_RUNNING);
    KT_ASSERT_EQ(tos_timer_create(&t, 5u, 0u, dummy_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tos_timer_delay_change(&t, 7u), K_ERR_TIMER_RUNNING);
    KT_ASSERT_EQ(tos_timer_stop(&t), K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_STOPPED);
    KT_ASSERT_EQ(tos_timer_delay_change(&t, 7u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_destroy(&t), K_ERR_NONE);
    KT_ASSERT_EQ(t.state, TIMER_STATE_UNUSED);
}
