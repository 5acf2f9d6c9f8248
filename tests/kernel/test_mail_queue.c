/*
 * Conformance: mail queue (tos_mail_queue.h). Fixed-size mails are copied by value through a
 * FIFO; a post to a queue with waiters copies the mail straight into the most urgent waiter's
 * buffer. Every post, queued or handed over, must be exactly the queue's mail size.
 *
 * The scenarios this queue shares with the priority mail queue are in mail_q_cases.h.
 */
#include "mail_q_cases.h"

static k_mail_q_t maq;

/* ---- the operations of mail_q_cases.h (a post's priority is ignored: FIFO) ---- */

static k_err_t maq_op_create(void *q, void *pool, size_t mail_cnt, size_t mail_size)
{
    return tos_mail_q_create((k_mail_q_t *)q, pool, mail_cnt, mail_size);
}

static k_err_t maq_op_destroy(void *q)
{
    return tos_mail_q_destroy((k_mail_q_t *)q);
}

static k_err_t maq_op_create_dyn(void *q, size_t mail_cnt, size_t mail_size)
{
    return tos_mail_q_create_dyn((k_mail_q_t *)q, mail_cnt, mail_size);
}

static k_err_t maq_op_destroy_dyn(void *q)
{
    return tos_mail_q_destroy_dyn((k_mail_q_t *)q);
}

static k_err_t maq_op_flush(void *q)
{
    return tos_mail_q_flush((k_mail_q_t *)q);
}

static k_err_t maq_op_pend(void *q, void *mail_buf, size_t *mail_size, k_tick_t timeout)
{
    return tos_mail_q_pend((k_mail_q_t *)q, mail_buf, mail_size, timeout);
}

static k_err_t maq_op_post(void *q, void *mail_buf, size_t mail_size, k_prio_t prio)
{
    (void)prio;
    return tos_mail_q_post((k_mail_q_t *)q, mail_buf, mail_size);
}

static k_err_t maq_op_post_all(void *q, void *mail_buf, size_t mail_size, k_prio_t prio)
{
    (void)prio;
    return tos_mail_q_post_all((k_mail_q_t *)q, mail_buf, mail_size);
}

static const mq_ops_t maq_ops = {
    maq_op_create, maq_op_destroy, maq_op_create_dyn, maq_op_destroy_dyn, maq_op_flush,
    maq_op_pend, maq_op_post, maq_op_post_all,
    K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH, K_ERR_RING_Q_FULL,
};

static void maq_reset(void)
{
    mq_reset(&maq_ops, &maq, sizeof(maq));
}

static uint32_t maq_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

/* ---- create / destroy ---- */

KTEST(mail_queue, create_rejects_bad_args)
{
    mail_t m;

    maq_reset();
    mail_make(&m, 1u);
    KT_ASSERT_EQ(tos_mail_q_create(K_NULL, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, K_NULL, MQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, MQ_CAP, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, 0u, sizeof(mail_t)), K_ERR_RING_Q_FULL);

    /* none of the failed creates made maq a queue */
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &m, K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT(mail_is(&m, 1u));
}

KTEST(mail_queue, null_args_are_rejected)
{
    maq_reset();
    mq_case_null_args_are_rejected();
}

KTEST(mail_queue, destroyed_queue_is_invalid)
{
    maq_reset();
    mq_case_destroyed_queue_is_invalid();
}

KTEST(mail_queue, dynamic_create_and_alloc_type_checks)
{
    k_mail_q_t sq;
    mail_t spool[2];
    uint32_t base;

    maq_reset();
    memset(&sq, 0, sizeof(sq));
    base = maq_heap_used();

    KT_ASSERT_EQ(tos_mail_q_create_dyn(&maq, 0u, sizeof(mail_t)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_mail_q_create_dyn(&maq, 4u, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_create_dyn(&maq, (size_t)1u << 20, sizeof(mail_t)),
                 K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(maq_heap_used(), base);

    KT_ASSERT_EQ(tos_mail_q_create_dyn(&maq, 16u, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_GE(maq_heap_used(), base + 16u * sizeof(mail_t));
    for (uint32_t i = 0u; i < 16u; ++i) {
        mq_post_seq(&maq, 100u + i, 0u);
    }
    {
        mail_t m;
        mail_make(&m, 0u);
        KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    }
    for (uint32_t i = 0u; i < 16u; ++i) {
        mq_expect_mail(&maq, 100u + i);
    }
    mq_expect_empty(&maq);

    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mail_q_create(&sq, spool, 2u, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    mq_post_seq(&maq, 5u, 0u);
    mq_post_seq(&sq, 6u, 0u);
    mq_expect_mail(&maq, 5u);
    mq_expect_mail(&sq, 6u);

    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&maq), K_ERR_NONE);
    KT_ASSERT_EQ(maq_heap_used(), base);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_destroy(&sq), K_ERR_NONE);
}

KTEST(mail_queue, flush_drops_queued_mails_only)
{
    maq_reset();
    mq_case_flush_drops_queued_mails_only();
}

/* ---- FIFO, by value, sizes ---- */

KTEST(mail_queue, fifo_by_value_with_wraparound)
{
    uint32_t next_in = 0u, next_out = 0u;
    mail_t m;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);

    /* copied at post time: changing the sender's buffer afterwards changes nothing */
    mail_make(&m, 500u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_NONE);
    mail_make(&m, 501u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    mq_expect_mail(&maq, 500u);
    mq_expect_mail(&maq, 501u);
    mq_expect_empty(&maq);

    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_post_seq(&maq, next_in++, 0u);
    }
    mail_make(&m, 999u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_expect_mail(&maq, next_out++);
    }
    mq_expect_empty(&maq);

    for (unsigned lap = 0u; lap < 12u; ++lap) {
        unsigned in = (lap & 1u) ? 2u : 3u, out = (lap & 1u) ? 3u : 2u;
        for (unsigned i = 0u; i < in; ++i) {
            mq_post_seq(&maq, next_in++, 0u);
        }
        for (unsigned i = 0u; i < out; ++i) {
            mq_expect_mail(&maq, next_out++);
        }
    }
    KT_ASSERT_EQ(next_in, next_out);
    mq_expect_empty(&maq);
}

KTEST(mail_queue, pend_reports_size_and_accepts_null_size)
{
    maq_reset();
    mq_case_pend_reports_size_and_accepts_null_size();
}

KTEST(mail_queue, size_mismatch_refused_on_queued_path)
{
    maq_reset();
    mq_case_size_mismatch_refused_on_queued_path();
}

KTEST(mail_queue, size_mismatch_refused_on_handover_path)
{
    maq_reset();
    mq_case_size_mismatch_refused_on_handover_path();
}

/* ---- pend error paths ---- */

KTEST(mail_queue, pend_nowait_on_empty)
{
    maq_reset();
    mq_case_pend_nowait_on_empty();
}

KTEST(mail_queue, pend_times_out_after_exactly_n_ticks)
{
    maq_reset();
    mq_case_pend_times_out_after_exactly_n_ticks();
}

KTEST(mail_queue, pend_gets_mail_posted_before_timeout)
{
    maq_reset();
    mq_case_pend_gets_mail_posted_before_timeout();
}

KTEST(mail_queue, pend_with_sched_locked_is_refused)
{
    rx_buf_t b;
    k_tick_t t0;

    maq_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, TOS_TIME_FOREVER), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT(rx_untouched(&b));
    mq_expect_empty(&maq);
    mq_post_seq(&maq, 6u, 0u);
    {
        size_t size = 0u;
        KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, &size, 5u), K_ERR_NONE);
        KT_ASSERT_EQ(size, sizeof(mail_t));
        KT_ASSERT(mail_is(&b.mail, 6u));
    }
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

KTEST(mail_queue, pend_from_isr_is_refused)
{
    maq_reset();
    mq_case_pend_from_isr_is_refused();
}

KTEST(mail_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    maq_reset();
    mq_case_destroy_wakes_every_waiter(0);
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
}

/* ---- delivery to waiters ---- */

KTEST(mail_queue, post_copies_into_waiter_without_queueing)
{
    maq_reset();
    mq_case_post_copies_into_waiter_without_queueing();
}

KTEST(mail_queue, post_all_copies_into_every_waiter)
{
    maq_reset();
    mq_case_post_all_copies_into_every_waiter();
}

KTEST(mail_queue, waiters_served_by_priority_then_fifo)
{
    maq_reset();
    mq_case_waiters_served_by_priority_then_fifo();
}

static volatile int maq_isr_phase;

static void maq_post_isr(void)
{
    mail_t m;

    tos_knl_irq_enter();
    switch (maq_isr_phase) {
    case 0:
        mail_make(&m, 1u);
        mq_isr_err[0] = tos_mail_q_post(&maq, &m, sizeof(m));
        mail_make(&m, 2u);
        mq_isr_err[1] = tos_mail_q_post(&maq, &m, sizeof(m));
        mq_isr_err[2] = tos_mail_q_post(&maq, &m, sizeof(m) + 1u);
        break;
    case 1:
        mail_make(&m, 3u);
        mq_isr_err[0] = tos_mail_q_post(&maq, &m, sizeof(m));
        mq_isr_err[1] = mq_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    default:
        mail_make(&m, 4u);
        mq_isr_err[0] = tos_mail_q_post_all(&maq, &m, sizeof(m));
        break;
    }
    /* the mail was copied: scribbling on the ISR's buffer is harmless */
    memset(&m, 0, sizeof(m));
    tos_knl_irq_leave();
}

KTEST(mail_queue, post_from_isr)
{
    maq_reset();
    maq_isr_phase = 0;
    for (unsigned i = 0u; i < 4u; ++i) {
        mq_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    ktest_irq_connect(1, maq_post_isr, 0x40);

    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[2], K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    mq_expect_mail(&maq, 1u);
    mq_expect_mail(&maq, 2u);
    mq_expect_empty(&maq);

    maq_isr_phase = 1;
    mq_isr_err[0] = mq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&mq_w[0].rx.mail, 3u));
    KT_ASSERT(rx_canary_intact(&mq_w[0].rx));
    mq_expect_empty(&maq);

    maq_isr_phase = 2;
    mq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    mq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 0);
    mq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, 300u, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    for (unsigned i = 1u; i < 3u; ++i) {
        KT_ASSERT_EQ(mq_w[i].done, 1);
        KT_ASSERT_EQ(mq_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&mq_w[i].rx.mail, 4u));
        KT_ASSERT(rx_canary_intact(&mq_w[i].rx));
    }
    mq_expect_empty(&maq);
}

KTEST_PRESTART(mail_queue, usable_before_kernel_start)
{
    rx_buf_t b;
    size_t size = 0u;

    maq_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    mq_post_seq(&maq, 1u, 0u);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, &size, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 1u));
    mq_expect_empty(&maq);
    rx_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT(rx_untouched(&b));
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);
}
