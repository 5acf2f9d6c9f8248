/*
 * Scenarios shared by the mail queue and priority mail queue conformance cases
 * (test_mail_queue.c, test_priority_mail_queue.c): the mails, guarded receive buffers, receiver
 * tasks and the cases whose behaviour is the same for both kinds, written once against a small
 * table of operations on "the queue under test". Each file keeps its own KTEST lines (so every
 * suite.name case stays where it was) and calls these. For the FIFO mail queue a post's
 * priority is ignored; every scenario here orders its posts so the expected order holds for
 * both kinds.
 *
 * Included by exactly those two files; everything is static to each.
 */
#ifndef SPRIG_MAIL_Q_CASES_H
#define SPRIG_MAIL_Q_CASES_H

#include "ktest.h"

#define MQC_FN          static __attribute__((unused))

#define MQ_CAP          4u
#define MQ_WAITERS      4u
#define MQ_CANARY       0xA5u
#define MQ_FILL         0xEEu

/* A 24-byte mail in which every byte depends on the sequence number. */
typedef struct mail_st {
    uint32_t    seq;
    uint8_t     bytes[20];
} mail_t;

MQC_FN void mail_make(mail_t *m, uint32_t seq)
{
    m->seq = seq;
    for (unsigned i = 0u; i < sizeof(m->bytes); ++i) {
        m->bytes[i] = (uint8_t)(seq * 13u + i + 1u);
    }
}

MQC_FN int mail_is(const mail_t *m, uint32_t seq)
{
    mail_t want;

    mail_make(&want, seq);
    return memcmp(m, &want, sizeof(want)) == 0;
}

/* A receive buffer with a guard zone right after it. */
typedef struct rx_buf_st {
    mail_t      mail;
    uint8_t     canary[32];
} rx_buf_t;

MQC_FN void rx_init(rx_buf_t *b)
{
    memset(&b->mail, MQ_FILL, sizeof(b->mail));
    memset(b->canary, MQ_CANARY, sizeof(b->canary));
}

MQC_FN int rx_canary_intact(const rx_buf_t *b)
{
    for (unsigned i = 0u; i < sizeof(b->canary); ++i) {
        if (b->canary[i] != MQ_CANARY) {
            return 0;
        }
    }
    return 1;
}

MQC_FN int rx_untouched(const rx_buf_t *b)
{
    const uint8_t *p = (const uint8_t *)&b->mail;

    for (unsigned i = 0u; i < sizeof(b->mail); ++i) {
        if (p[i] != MQ_FILL) {
            return 0;
        }
    }
    return rx_canary_intact(b);
}

/* ---- the queue kind under test ---- */

typedef struct mq_ops_st {
    k_err_t (*create)(void *q, void *pool, size_t mail_cnt, size_t mail_size);
    k_err_t (*destroy)(void *q);
    k_err_t (*create_dyn)(void *q, size_t mail_cnt, size_t mail_size);
    k_err_t (*destroy_dyn)(void *q);
    k_err_t (*flush)(void *q);
    k_err_t (*pend)(void *q, void *mail_buf, size_t *mail_size, k_tick_t timeout);
    k_err_t (*post)(void *q, void *mail_buf, size_t mail_size, k_prio_t prio);  /* prio: */
    k_err_t (*post_all)(void *q, void *mail_buf, size_t mail_size, k_prio_t prio); /* if any */
    k_err_t err_size_not_match;     /* the inner queue's ITEM_SIZE_NOT_MATCH */
    k_err_t err_full;               /* the inner queue's FULL */
} mq_ops_t;

static const mq_ops_t *mq_ops;
static void *mq_q;                  /* the file's queue object */
static mail_t mq_pool[MQ_CAP];

/* ---- receiver tasks (on mq_q) ---- */

typedef struct mq_waiter_st {
    k_tick_t            pre_delay;
    k_tick_t            timeout;
    int                 null_size;  /* pend with mail_size == NULL */
    volatile int        started;
    volatile int        done;
    volatile k_err_t    err;
    volatile size_t     size;
    volatile k_tick_t   tick;
    rx_buf_t            rx;
} mq_waiter_t;

static mq_waiter_t mq_w[MQ_WAITERS];
static k_task_t mq_tasks[MQ_WAITERS];
static k_stack_t mq_stacks[MQ_WAITERS][KTEST_STK_SIZE];
static volatile unsigned mq_done_order[MQ_WAITERS];
static volatile unsigned mq_done_cnt;

/* Start a case on queue `q` (of `q_size` bytes, cleared) of the kind `ops`. */
MQC_FN void mq_reset(const mq_ops_t *ops, void *q, size_t q_size)
{
    mq_ops = ops;
    mq_q = q;
    memset(q, 0, q_size);
    memset(mq_pool, 0, sizeof(mq_pool));
    memset((void *)mq_w, 0, sizeof(mq_w));
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        rx_init(&mq_w[i].rx);
    }
    memset((void *)mq_done_order, 0, sizeof(mq_done_order));
    mq_done_cnt = 0u;
}

MQC_FN void mq_waiter_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    mq_waiter_t *w = &mq_w[i];
    size_t size = 777u;

    if (w->pre_delay) {
        tos_task_delay(w->pre_delay);
    }
    w->started = 1;
    w->err = mq_ops->pend(mq_q, &w->rx.mail, w->null_size ? K_NULL : &size, w->timeout);
    w->size = size;
    w->tick = tos_systick_get();
    mq_done_order[mq_done_cnt++] = i;
    w->done = 1;
}

MQC_FN void mq_waiter_start(unsigned i, k_prio_t prio, k_tick_t pre_delay, k_tick_t timeout,
                            int null_size)
{
    mq_w[i].pre_delay = pre_delay;
    mq_w[i].timeout = timeout;
    mq_w[i].null_size = null_size;
    ktest_task_create(&mq_tasks[i], "mq_waiter", mq_waiter_entry, (void *)(uintptr_t)i, prio,
                      mq_stacks[i]);
}

MQC_FN void mq_post_seq(void *q, uint32_t seq, k_prio_t prio)
{
    mail_t m;

    mail_make(&m, seq);
    KT_ASSERT_EQ(mq_ops->post(q, &m, sizeof(m), prio), K_ERR_NONE);
}

/* Receive without waiting and check it is mail `seq`, with its size reported. */
MQC_FN void mq_expect_mail(void *q, uint32_t seq)
{
    rx_buf_t b;
    size_t size = 0u;

    rx_init(&b);
    KT_ASSERT_EQ(mq_ops->pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT_EQ(b.mail.seq, seq);
    KT_ASSERT(mail_is(&b.mail, seq));
    KT_ASSERT(rx_canary_intact(&b));
}

MQC_FN void mq_expect_empty(void *q)
{
    rx_buf_t b;
    size_t size = 555u;

    rx_init(&b);
    KT_ASSERT_EQ(mq_ops->pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT(rx_untouched(&b));
}

MQC_FN void mq_create(void)
{
    KT_ASSERT_EQ(mq_ops->create(mq_q, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
}

/* ---- shared scenarios: each starts after mq_reset() ---- */

MQC_FN void mq_case_null_args_are_rejected(void)
{
    mail_t m;
    size_t size = 3u;

    mail_make(&m, 1u);
    mq_create();
    KT_ASSERT_EQ(mq_ops->pend(K_NULL, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->pend(K_NULL, &m, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, K_NULL, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, K_NULL, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(mq_ops->post(K_NULL, &m, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->post(mq_q, K_NULL, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->post_all(K_NULL, &m, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, K_NULL, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->create_dyn(K_NULL, MQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mq_ops->destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    /* none of them queued anything */
    mq_expect_empty(mq_q);
    KT_ASSERT_EQ(mq_ops->destroy(mq_q), K_ERR_NONE);
}

MQC_FN void mq_case_destroyed_queue_is_invalid(void)
{
    mail_t m;
    size_t size = 3u;

    mail_make(&m, 9u);
    mq_create();
    mq_post_seq(mq_q, 1u, 0u);
    KT_ASSERT_EQ(mq_ops->destroy(mq_q), K_ERR_NONE);

    KT_ASSERT_EQ(mq_ops->pend(mq_q, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, &m, &size, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT(mail_is(&m, 9u));
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_ops->flush(mq_q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_ops->destroy(mq_q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_ops->destroy_dyn(mq_q), K_ERR_OBJ_INVALID);

    mq_create();
    mq_expect_empty(mq_q);
    mq_post_seq(mq_q, 2u, 3u);
    mq_expect_mail(mq_q, 2u);
    KT_ASSERT_EQ(mq_ops->destroy(mq_q), K_ERR_NONE);
}

MQC_FN void mq_case_flush_drops_queued_mails_only(void)
{
    mq_create();
    KT_ASSERT_EQ(mq_ops->flush(mq_q), K_ERR_NONE);
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_post_seq(mq_q, i, (k_prio_t)i);
    }
    KT_ASSERT_EQ(mq_ops->flush(mq_q), K_ERR_NONE);
    mq_expect_empty(mq_q);
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_post_seq(mq_q, 10u + i, 2u);
    }
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_expect_mail(mq_q, 10u + i);
    }

    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].started, 1);
    KT_ASSERT_EQ(mq_ops->flush(mq_q), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    mq_post_seq(mq_q, 42u, 9u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 42u));
}

MQC_FN void mq_case_pend_reports_size_and_accepts_null_size(void)
{
    rx_buf_t b;
    size_t size = 0u;

    mq_create();
    mq_post_seq(mq_q, 1u, 1u);
    mq_post_seq(mq_q, 2u, 1u);

    rx_init(&b);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 1u));
    KT_ASSERT(rx_canary_intact(&b));

    rx_init(&b);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, &b.mail, K_NULL, 10u), K_ERR_NONE);
    KT_ASSERT(mail_is(&b.mail, 2u));
    KT_ASSERT(rx_canary_intact(&b));

    /* NULL size on the error paths too */
    rx_init(&b);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, &b.mail, K_NULL, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(mq_ops->pend(mq_q, &b.mail, K_NULL, 3u), K_ERR_PEND_TIMEOUT);
    KT_ASSERT(rx_untouched(&b));

    /* hand-over path: size reported to the waiter, and a NULL size works there too */
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 1);
    mq_post_seq(mq_q, 3u, 7u);      /* to w1, the more urgent */
    mq_post_seq(mq_q, 4u, 0u);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[1].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[1].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].size, sizeof(mail_t));
    KT_ASSERT_EQ(mq_w[1].size, 777u);           /* it passed NULL: its local is untouched */
    KT_ASSERT(mail_is(&mq_w[1].rx.mail, 3u));
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 4u));
    KT_ASSERT(rx_canary_intact(&mq_w[0].rx));
    KT_ASSERT(rx_canary_intact(&mq_w[1].rx));
    mq_expect_empty(mq_q);
}

MQC_FN void mq_case_size_mismatch_refused_on_queued_path(void)
{
    const k_err_t bad = mq_ops->err_size_not_match;
    uint8_t big[sizeof(mail_t) + 8u];
    mail_t m;

    memset(big, 0x11, sizeof(big));
    mail_make(&m, 7u);
    mq_create();
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, sizeof(m) - 1u, 0u), bad);
    KT_ASSERT_EQ(mq_ops->post(mq_q, big, sizeof(big), 0u), bad);
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, 0u, 0u), bad);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, &m, sizeof(m) - 1u, 0u), bad);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, big, sizeof(big), 0u), bad);
    mq_expect_empty(mq_q);

    /* on a full queue the size is still checked first */
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_post_seq(mq_q, i, 4u);
    }
    KT_ASSERT_EQ(mq_ops->post(mq_q, big, sizeof(big), 0u), bad);
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, sizeof(m), 0u), mq_ops->err_full);
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_expect_mail(mq_q, i);
    }
    mq_expect_empty(mq_q);
}

MQC_FN void mq_case_size_mismatch_refused_on_handover_path(void)
{
    const k_err_t bad = mq_ops->err_size_not_match;
    uint8_t big[sizeof(mail_t) + 16u];
    mail_t m;

    memset(big, 0x5A, sizeof(big));
    mail_make(&m, 3u);
    mq_create();
    /* one urgent waiter (would run at once if woken) and one less urgent */
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].started, 1);
    KT_ASSERT_EQ(mq_w[1].started, 1);

    KT_ASSERT_EQ(mq_ops->post(mq_q, big, sizeof(big), 0u), bad);
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, sizeof(m) - 4u, 0u), bad);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, big, sizeof(big), 0u), bad);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, &m, 1u, 0u), bad);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    /* nobody was woken, no buffer (or what follows it) was written, nothing was queued */
    KT_ASSERT_EQ(mq_done_cnt, 0u);
    KT_ASSERT(rx_untouched(&mq_w[0].rx));
    KT_ASSERT(rx_untouched(&mq_w[1].rx));

    /* the right size is delivered, and stays inside the buffer */
    mq_post_seq(mq_q, 21u, 6u);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 21u));
    KT_ASSERT(rx_canary_intact(&mq_w[0].rx));
    KT_ASSERT_EQ(mq_ops->post(mq_q, big, sizeof(big), 0u), bad);
    mq_post_seq(mq_q, 22u, 6u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[1].done, 1);
    KT_ASSERT(mail_is(&mq_w[1].rx.mail, 22u));
    KT_ASSERT(rx_canary_intact(&mq_w[1].rx));
    mq_expect_empty(mq_q);
}

MQC_FN void mq_case_pend_nowait_on_empty(void)
{
    k_tick_t t0;

    mq_create();
    t0 = tos_systick_get();
    mq_expect_empty(mq_q);      /* NOWAIT, *mail_size = 0, buffer untouched */
    KT_ASSERT_EQ(tos_systick_get(), t0);
    mq_post_seq(mq_q, 8u, 1u);
    mq_expect_mail(mq_q, 8u);
}

MQC_FN void mq_case_pend_times_out_after_exactly_n_ticks(void)
{
    static const k_tick_t waits[] = { 1u, 2u, 5u, 37u, 1000u };

    mq_create();
    for (unsigned i = 0u; i < sizeof(waits) / sizeof(waits[0]); ++i) {
        rx_buf_t b;
        size_t size = 123u;
        k_tick_t t0;

        rx_init(&b);
        t0 = tos_systick_get();
        KT_ASSERT_EQ(mq_ops->pend(mq_q, &b.mail, (i & 1u) ? &size : K_NULL, waits[i]),
                     K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT(rx_untouched(&b));
        KT_ASSERT_EQ(size, 123u);           /* not written after blocking without a mail */
    }
    /* a later post is queued, not written into a timed-out receiver's buffer */
    mq_post_seq(mq_q, 1u, 0u);
    mq_expect_mail(mq_q, 1u);
}

MQC_FN void mq_case_pend_gets_mail_posted_before_timeout(void)
{
    k_tick_t t0;

    mq_create();
    t0 = tos_systick_get();
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, 50u, 0);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    mq_post_seq(mq_q, 2u, 200u);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].tick - t0, 10u);
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 2u));
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, 1u);
}

static volatile k_err_t mq_isr_err[4];
static rx_buf_t mq_isr_rx;

MQC_FN void mq_pend_isr(void)
{
    tos_knl_irq_enter();
    mq_isr_err[0] = mq_ops->pend(mq_q, &mq_isr_rx.mail, K_NULL, TOS_TIME_NOWAIT);
    mq_isr_err[1] = mq_ops->pend(mq_q, &mq_isr_rx.mail, K_NULL, TOS_TIME_FOREVER);
    mq_isr_err[2] = mq_ops->pend(mq_q, &mq_isr_rx.mail, K_NULL, 10u);
    tos_knl_irq_leave();
}

MQC_FN void mq_case_pend_from_isr_is_refused(void)
{
    rx_init(&mq_isr_rx);
    for (unsigned i = 0u; i < 4u; ++i) {
        mq_isr_err[i] = K_ERR_NONE;
    }
    mq_create();
    mq_post_seq(mq_q, 1u, 0u);
    ktest_irq_connect(0, mq_pend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(mq_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT(rx_untouched(&mq_isr_rx));
    mq_expect_mail(mq_q, 1u);
    mq_expect_empty(mq_q);
}

/* Four waiters of mixed priorities and timeouts, all blocked on mq_q. */
MQC_FN void mq_start_destroy_waiters(void)
{
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u, 1);
    mq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u, 0);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].started, 1);
        KT_ASSERT_EQ(mq_w[i].done, 0);
    }
}

/* After a destroy at `t_destroy` and one tick: every waiter woke with K_ERR_PEND_DESTROY at
   once, by priority, with nothing written. */
MQC_FN void mq_check_destroy_wakeups(k_tick_t t_destroy)
{
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].err, K_ERR_PEND_DESTROY);
        KT_ASSERT_EQ(mq_w[i].tick, t_destroy);
        KT_ASSERT(rx_untouched(&mq_w[i].rx));
        KT_ASSERT_EQ(mq_w[i].size, 777u);   /* not written after blocking without a mail */
    }
    KT_ASSERT_EQ(mq_done_order[0], 0u);
    KT_ASSERT(mq_done_order[1] == 1u || mq_done_order[1] == 3u);
    KT_ASSERT(mq_done_order[2] == 1u || mq_done_order[2] == 3u);
    KT_ASSERT_NE(mq_done_order[1], mq_done_order[2]);
    KT_ASSERT_EQ(mq_done_order[3], 2u);
}

/* The static queue's destroy; `dyn`: made with create_dyn and destroyed with destroy_dyn. */
MQC_FN void mq_case_destroy_wakes_every_waiter(int dyn)
{
    k_tick_t t_destroy;

    if (dyn) {
        KT_ASSERT_EQ(mq_ops->create_dyn(mq_q, 8u, sizeof(mail_t)), K_ERR_NONE);
    } else {
        mq_create();
    }
    mq_start_destroy_waiters();
    t_destroy = tos_systick_get();
    KT_ASSERT_EQ((dyn ? mq_ops->destroy_dyn : mq_ops->destroy)(mq_q), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    mq_check_destroy_wakeups(t_destroy);
}

MQC_FN void mq_case_post_copies_into_waiter_without_queueing(void)
{
    mail_t m;

    mq_create();
    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].started, 1);

    mail_make(&m, 31u);
    KT_ASSERT_EQ(mq_ops->post(mq_q, &m, sizeof(m), 255u), K_ERR_NONE);
    /* copied at once into the waiter's buffer (it has not even run yet) */
    KT_ASSERT_EQ(mq_w[0].done, 0);
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 31u));
    memset(&m, 0, sizeof(m));
    mq_expect_empty(mq_q);
    mq_post_seq(mq_q, 32u, 0u);         /* no waiter any more: queued */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 31u));
    KT_ASSERT(rx_canary_intact(&mq_w[0].rx));
    mq_expect_mail(mq_q, 32u);
    mq_expect_empty(mq_q);
}

MQC_FN void mq_case_post_all_copies_into_every_waiter(void)
{
    mail_t m;

    mq_create();
    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 0u, 100u, 1);
    mq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);

    mail_make(&m, 77u);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, &m, sizeof(m), 5u), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    KT_ASSERT_EQ(mq_w[2].done, 1);
    mq_expect_empty(mq_q);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(mq_w[i].done, 1);
        KT_ASSERT_EQ(mq_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&mq_w[i].rx.mail, 77u));
        KT_ASSERT(rx_canary_intact(&mq_w[i].rx));
    }
    KT_ASSERT_EQ(mq_w[0].size, sizeof(mail_t));
    KT_ASSERT_EQ(mq_w[2].size, sizeof(mail_t));

    /* with nobody waiting, one copy is queued */
    mail_make(&m, 78u);
    KT_ASSERT_EQ(mq_ops->post_all(mq_q, &m, sizeof(m), 5u), K_ERR_NONE);
    mq_expect_mail(mq_q, 78u);
    mq_expect_empty(mq_q);
}

MQC_FN void mq_case_waiters_served_by_priority_then_fifo(void)
{
    mq_create();
    /* blocking order: w1, w3, w0, w2 */
    mq_waiter_start(0, KTEST_MAIN_PRIO + 2u, 3u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 1u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 4u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 2u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(6u), K_ERR_NONE);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].started, 1);
    }
    /* the mails' own priorities (most urgent last) play no part in who gets what */
    for (uint32_t i = 0u; i < MQ_WAITERS; ++i) {
        mq_post_seq(mq_q, i, (k_prio_t)(MQ_WAITERS - i));
    }
    KT_ASSERT_EQ(mq_done_cnt, 0u);
    mq_expect_empty(mq_q);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
    KT_ASSERT(mail_is(&mq_w[3].rx.mail, 0u));
    KT_ASSERT(mail_is(&mq_w[2].rx.mail, 1u));
    KT_ASSERT(mail_is(&mq_w[1].rx.mail, 2u));
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 3u));
    KT_ASSERT_EQ(mq_done_order[0], 3u);
    KT_ASSERT_EQ(mq_done_order[1], 2u);
    KT_ASSERT_EQ(mq_done_order[2], 1u);
    KT_ASSERT_EQ(mq_done_order[3], 0u);
}

#endif /* SPRIG_MAIL_Q_CASES_H */
