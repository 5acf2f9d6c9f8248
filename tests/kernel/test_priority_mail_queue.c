/*
 * Conformance: priority mail queue (tos_priority_mail_queue.h). Fixed-size mails are copied by
 * value, posted with a priority and received most urgent first (lowest number), FIFO within a
 * priority; a post to a queue with waiters copies the mail straight into the most urgent
 * waiter's buffer. Every post, queued or handed over, must be exactly the queue's mail size.
 * create takes the caller's pool and the manager array from the kernel heap; create_dyn takes
 * both from it.
 *
 * The scenarios this queue shares with the (FIFO) mail queue are in mail_q_cases.h.
 */
#include "mail_q_cases.h"

#define PMA_MODEL_CAP   24u
#define PMA_BATCH_MAX   10u

static k_prio_mail_q_t pma;

/* ---- the operations of mail_q_cases.h ---- */

static k_err_t pma_op_create(void *q, void *pool, size_t mail_cnt, size_t mail_size)
{
    return tos_prio_mail_q_create((k_prio_mail_q_t *)q, pool, mail_cnt, mail_size);
}

static k_err_t pma_op_destroy(void *q)
{
    return tos_prio_mail_q_destroy((k_prio_mail_q_t *)q);
}

static k_err_t pma_op_create_dyn(void *q, size_t mail_cnt, size_t mail_size)
{
    return tos_prio_mail_q_create_dyn((k_prio_mail_q_t *)q, mail_cnt, mail_size);
}

static k_err_t pma_op_destroy_dyn(void *q)
{
    return tos_prio_mail_q_destroy_dyn((k_prio_mail_q_t *)q);
}

static k_err_t pma_op_flush(void *q)
{
    return tos_prio_mail_q_flush((k_prio_mail_q_t *)q);
}

static k_err_t pma_op_pend(void *q, void *mail_buf, size_t *mail_size, k_tick_t timeout)
{
    return tos_prio_mail_q_pend((k_prio_mail_q_t *)q, mail_buf, mail_size, timeout);
}

static k_err_t pma_op_post(void *q, void *mail_buf, size_t mail_size, k_prio_t prio)
{
    return tos_prio_mail_q_post((k_prio_mail_q_t *)q, mail_buf, mail_size, prio);
}

static k_err_t pma_op_post_all(void *q, void *mail_buf, size_t mail_size, k_prio_t prio)
{
    return tos_prio_mail_q_post_all((k_prio_mail_q_t *)q, mail_buf, mail_size, prio);
}

static const mq_ops_t pma_ops = {
    pma_op_create, pma_op_destroy, pma_op_create_dyn, pma_op_destroy_dyn, pma_op_flush,
    pma_op_pend, pma_op_post, pma_op_post_all,
    K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH, K_ERR_PRIO_Q_FULL,
};

static uint32_t pma_rng_state;

static uint32_t pma_rng(void)
{
    uint32_t x = pma_rng_state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    pma_rng_state = x;
    return x;
}

static void pma_reset(void)
{
    mq_reset(&pma_ops, &pma, sizeof(pma));
    pma_rng_state = 0xFEEDu;
}

static void pma_heap_info(uint32_t *used, uint32_t *free_bytes)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    *used = info.used;
    *free_bytes = info.free;
}

static void pma_expect_heap(uint32_t used0, uint32_t free0)
{
    uint32_t used, free_bytes;

    pma_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
}

/* ---- create / destroy ---- */

KTEST(priority_mail_queue, create_rejects_bad_args)
{
    uint32_t used0, free0;
    mail_t m;

    pma_reset();
    mail_make(&m, 1u);
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create(K_NULL, mq_pool, MQ_CAP, sizeof(mail_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, K_NULL, MQ_CAP, sizeof(mail_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, 0u, sizeof(mail_t)),
                 K_ERR_PRIO_Q_FULL);
    /* the manager array does not fit in the kernel heap, or a size not even in size_t */
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, (size_t)1u << 24, sizeof(mail_t)),
                 K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, SIZE_MAX / 8u, 1u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, 16u, SIZE_MAX / 8u), K_ERR_OUT_OF_MEMORY);
    pma_expect_heap(used0, free0);

    /* none of the failed creates made pma a queue */
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &m, K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT(mail_is(&m, 1u));
}

KTEST(priority_mail_queue, create_takes_manager_array_from_heap)
{
    static mail_t pool[32];
    uint32_t used0, free0, used, free_bytes;

    pma_reset();
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pool, 32u, sizeof(mail_t)), K_ERR_NONE);
    pma_heap_info(&used, &free_bytes);
    /* the manager array, but not the pool (which is ours) */
    KT_ASSERT_GE(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(32u));
    KT_ASSERT_LT(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(32u) + sizeof(pool) / 2u);
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 32u; ++i) {
        mq_post_seq(&pma, i, (k_prio_t)(i % 5u));
    }
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);   /* with mails queued */
    pma_expect_heap(used0, free0);

    for (uint32_t i = 0u; i < 50u; ++i) {
        KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, sizeof(mail_t)),
                     K_ERR_NONE);
        mq_post_seq(&pma, i, 1u);
        KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
    }
    pma_expect_heap(used0, free0);
}

KTEST(priority_mail_queue, null_args_are_rejected)
{
    pma_reset();
    mq_case_null_args_are_rejected();
}

KTEST(priority_mail_queue, destroyed_queue_is_invalid)
{
    pma_reset();
    mq_case_destroyed_queue_is_invalid();
}

KTEST(priority_mail_queue, dynamic_create_and_alloc_type_checks)
{
    k_prio_mail_q_t sq;
    mail_t spool[2];
    uint32_t used0, free0, used, free_bytes;

    pma_reset();
    memset(&sq, 0, sizeof(sq));
    pma_heap_info(&used0, &free0);

    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 0u, sizeof(mail_t)), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 4u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, (size_t)1u << 20, sizeof(mail_t)),
                 K_ERR_OUT_OF_MEMORY);
    /* the manager array fits, the pool does not: nothing may stay allocated */
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 16u, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, SIZE_MAX / 16u + 2u, 16u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_OBJ_INVALID);
    pma_expect_heap(used0, free0);

    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 16u, sizeof(mail_t)), K_ERR_NONE);
    pma_heap_info(&used, &free_bytes);
    KT_ASSERT_GE(used, used0 + 16u * sizeof(mail_t) + TOS_PRIO_Q_MGR_ARRAY_SIZE(16u));
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 16u; ++i) {
        mq_post_seq(&pma, 100u + i, (k_prio_t)(15u - i));
    }
    {
        mail_t m;
        mail_make(&m, 0u);
        KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    }
    for (uint32_t i = 0u; i < 16u; ++i) {
        mq_expect_mail(&pma, 115u - i);
    }
    mq_expect_empty(&pma);

    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&sq, spool, 2u, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    mq_post_seq(&pma, 5u, 0u);
    mq_post_seq(&sq, 6u, 0u);
    mq_expect_mail(&pma, 5u);
    mq_expect_mail(&sq, 6u);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&sq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_NONE);
    pma_expect_heap(used0, free0);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_OBJ_INVALID);
}

KTEST(priority_mail_queue, flush_drops_queued_mails_only)
{
    pma_reset();
    mq_case_flush_drops_queued_mails_only();
}

/* ---- order, by value, sizes ---- */

KTEST(priority_mail_queue, most_urgent_first_fifo_within_priority_by_value)
{
    mail_t m;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);

    /* copied at post time: changing the sender's buffer afterwards changes nothing */
    mail_make(&m, 500u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 8u), K_ERR_NONE);
    mail_make(&m, 501u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 2u), K_ERR_NONE);
    mail_make(&m, 502u);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 8u), K_ERR_NONE);
    mail_make(&m, 503u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 2u), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    mq_expect_mail(&pma, 501u);
    mq_expect_mail(&pma, 503u);
    mq_post_seq(&pma, 504u, 255u);
    mq_post_seq(&pma, 505u, 0u);
    mq_expect_mail(&pma, 505u);
    mq_expect_mail(&pma, 500u);
    mq_expect_mail(&pma, 502u);
    mq_expect_mail(&pma, 504u);
    mq_expect_empty(&pma);
}

static mail_t pma_model_pool[PMA_MODEL_CAP];
static struct { uint32_t seq; k_prio_t prio; } pma_model[PMA_MODEL_CAP];
static unsigned pma_model_cnt;

KTEST(priority_mail_queue, random_sequences_match_reference_model)
{
    uint32_t next_seq = 0u;
    unsigned received = 0u, fulls = 0u, empties = 0u;

    pma_reset();
    pma_model_cnt = 0u;
    memset(pma_model, 0, sizeof(pma_model));
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_model_pool, PMA_MODEL_CAP, sizeof(mail_t)),
                 K_ERR_NONE);
    for (unsigned step = 0u; step < 20000u; ++step) {
        uint32_t r = pma_rng();
        int post = ((step / 250u) & 1u) ? (r % 100u) < 35u : (r % 100u) < 65u;

        if (post) {
            k_prio_t prio = (k_prio_t)((r >> 16) % 6u);
            mail_t m;
            k_err_t err;

            mail_make(&m, next_seq);
            err = (r & 0x100u) ? tos_prio_mail_q_post_all(&pma, &m, sizeof(m), prio)
                               : tos_prio_mail_q_post(&pma, &m, sizeof(m), prio);
            if (pma_model_cnt == PMA_MODEL_CAP) {
                KT_ASSERT_EQ(err, K_ERR_PRIO_Q_FULL);
                ++fulls;
            } else {
                KT_ASSERT_EQ(err, K_ERR_NONE);
                pma_model[pma_model_cnt].seq = next_seq++;
                pma_model[pma_model_cnt].prio = prio;
                ++pma_model_cnt;
            }
        } else if (pma_model_cnt == 0u) {
            mq_expect_empty(&pma);
            ++empties;
        } else {
            unsigned best = 0u;

            for (unsigned i = 1u; i < pma_model_cnt; ++i) {
                if (pma_model[i].prio < pma_model[best].prio) {
                    best = i;
                }
            }
            mq_expect_mail(&pma, pma_model[best].seq);
            memmove(&pma_model[best], &pma_model[best + 1u],
                    (pma_model_cnt - best - 1u) * sizeof(pma_model[0]));
            --pma_model_cnt;
            ++received;
        }
    }
    KT_ASSERT_GT(received, 5000u);
    KT_ASSERT_GT(fulls, 50u);
    KT_ASSERT_GT(empties, 50u);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}

KTEST(priority_mail_queue, pend_reports_size_and_accepts_null_size)
{
    pma_reset();
    mq_case_pend_reports_size_and_accepts_null_size();
}

KTEST(priority_mail_queue, size_mismatch_refused_on_queued_path)
{
    pma_reset();
    mq_case_size_mismatch_refused_on_queued_path();
}

KTEST(priority_mail_queue, size_mismatch_refused_on_handover_path)
{
    pma_reset();
    mq_case_size_mismatch_refused_on_handover_path();
}

/* ---- pend error paths ---- */

KTEST(priority_mail_queue, pend_nowait_on_empty)
{
    pma_reset();
    mq_case_pend_nowait_on_empty();
}

KTEST(priority_mail_queue, pend_times_out_after_exactly_n_ticks)
{
    pma_reset();
    mq_case_pend_times_out_after_exactly_n_ticks();
}

KTEST(priority_mail_queue, pend_gets_mail_posted_before_timeout)
{
    pma_reset();
    mq_case_pend_gets_mail_posted_before_timeout();
}

KTEST(priority_mail_queue, pend_with_sched_locked_is_refused)
{
    rx_buf_t b;
    k_tick_t t0;
    size_t size = 9u;

    pma_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, K_NULL, TOS_TIME_FOREVER),
                 K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT(rx_untouched(&b));
    mq_expect_empty(&pma);
    mq_post_seq(&pma, 6u, 3u);
    mq_post_seq(&pma, 7u, 2u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 5u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 7u));
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    mq_expect_mail(&pma, 6u);
}

KTEST(priority_mail_queue, pend_from_isr_is_refused)
{
    pma_reset();
    mq_case_pend_from_isr_is_refused();
}

KTEST(priority_mail_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    uint32_t used0, free0;

    pma_reset();
    pma_heap_info(&used0, &free0);
    mq_case_destroy_wakes_every_waiter(0);
    pma_expect_heap(used0, free0);
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
}

KTEST(priority_mail_queue, destroy_dyn_wakes_waiters_and_frees_storage)
{
    uint32_t used0, free0;

    pma_reset();
    pma_heap_info(&used0, &free0);
    mq_case_destroy_wakes_every_waiter(1);
    pma_expect_heap(used0, free0);
}

/* ---- delivery to waiters ---- */

KTEST(priority_mail_queue, post_copies_into_waiter_without_queueing)
{
    mail_t m;

    pma_reset();
    mq_case_post_copies_into_waiter_without_queueing();

    /* even a full queue accepts a post while someone waits (nothing is queued) */
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, 1u, sizeof(mail_t)), K_ERR_NONE);
    rx_init(&mq_w[1].rx);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    mq_post_seq(&pma, 33u, 1u);
    mq_post_seq(&pma, 34u, 1u);        /* queued: now full */
    mail_make(&m, 35u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT(mail_is(&mq_w[1].rx.mail, 33u));
    mq_expect_mail(&pma, 34u);
}

KTEST(priority_mail_queue, post_all_copies_into_every_waiter)
{
    pma_reset();
    mq_case_post_all_copies_into_every_waiter();
}

KTEST(priority_mail_queue, waiters_served_by_priority_then_fifo)
{
    pma_reset();
    mq_case_waiters_served_by_priority_then_fifo();
}

/* A less urgent consumer drains what a burst of posts left: the first post of each burst is
   copied to it (it was waiting), the rest come out most urgent first, FIFO within a
   priority. */
static k_task_t pma_consumer_task;
static volatile uint32_t pma_consumed[PMA_BATCH_MAX * 40u];
static volatile unsigned pma_consumed_cnt;

static void pma_consumer_entry(void *arg)
{
    (void)arg;
    for (;;) {
        rx_buf_t b;
        size_t size = 0u;
        k_err_t err;

        rx_init(&b);
        err = tos_prio_mail_q_pend(&pma, &b.mail, &size, TOS_TIME_FOREVER);
        if (err != K_ERR_NONE || size != sizeof(mail_t) || !mail_is(&b.mail, b.mail.seq) ||
            !rx_canary_intact(&b)) {
            KT_FAIL("consumer got a bad mail: err %d size %u", (int)err, (unsigned)size);
        }
        if (b.mail.seq == 0xFFFFu) {
            break;
        }
        pma_consumed[pma_consumed_cnt++] = b.mail.seq;
    }
}

KTEST(priority_mail_queue, consumer_drains_bursts_in_priority_order)
{
    static mail_t pool[PMA_BATCH_MAX];
    uint32_t next_seq = 0u;

    pma_reset();
    pma_consumed_cnt = 0u;
    memset((void *)pma_consumed, 0, sizeof(pma_consumed));
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pool, PMA_BATCH_MAX, sizeof(mail_t)),
                 K_ERR_NONE);
    ktest_task_create(&pma_consumer_task, "pma_consumer", pma_consumer_entry, K_NULL,
                      KTEST_MAIN_PRIO + 1u, mq_stacks[0]);
    for (unsigned batch = 0u; batch < 40u; ++batch) {
        unsigned n = 1u + pma_rng() % PMA_BATCH_MAX;
        struct { uint32_t seq; k_prio_t prio; } sent[PMA_BATCH_MAX];
        unsigned base = pma_consumed_cnt, k;

        KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
        for (unsigned i = 0u; i < n; ++i) {
            sent[i].seq = next_seq++;
            sent[i].prio = (k_prio_t)(pma_rng() % 3u);
            mq_post_seq(&pma, sent[i].seq, sent[i].prio);
        }
        KT_ASSERT_EQ(pma_consumed_cnt, base);
        KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
        KT_ASSERT_EQ(pma_consumed_cnt, base + n);
        KT_ASSERT_EQ(pma_consumed[base], sent[0].seq);
        k = base + 1u;
        for (unsigned p = 0u; p < 3u; ++p) {
            for (unsigned i = 1u; i < n; ++i) {
                if (sent[i].prio == p) {
                    KT_ASSERT_EQ(pma_consumed[k], sent[i].seq);
                    ++k;
                }
            }
        }
        KT_ASSERT_EQ(k, base + n);
    }
    mq_post_seq(&pma, 0xFFFFu, 0u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    mq_expect_empty(&pma);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}

static volatile int pma_isr_phase;

static void pma_post_isr(void)
{
    mail_t m;

    tos_knl_irq_enter();
    switch (pma_isr_phase) {
    case 0:
        mail_make(&m, 1u);
        mq_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 9u);
        mail_make(&m, 2u);
        mq_isr_err[1] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 1u);
        mq_isr_err[2] = tos_prio_mail_q_post(&pma, &m, sizeof(m) + 1u, 0u);
        break;
    case 1:
        mail_make(&m, 3u);
        mq_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u);
        mq_isr_err[1] = mq_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    case 2:
        mail_make(&m, 4u);
        mq_isr_err[0] = tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 0u);
        break;
    default:
        for (uint32_t i = 0u; i < MQ_CAP; ++i) {
            mail_make(&m, 10u + i);
            mq_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), (k_prio_t)(MQ_CAP - i));
        }
        mq_isr_err[1] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u);
        break;
    }
    /* the mail was copied: scribbling on the ISR's buffer is harmless */
    memset(&m, 0, sizeof(m));
    tos_knl_irq_leave();
}

KTEST(priority_mail_queue, post_from_isr)
{
    pma_reset();
    pma_isr_phase = 0;
    for (unsigned i = 0u; i < 4u; ++i) {
        mq_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    ktest_irq_connect(1, pma_post_isr, 0x40);

    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[2], K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    mq_expect_mail(&pma, 2u);
    mq_expect_mail(&pma, 1u);
    mq_expect_empty(&pma);

    pma_isr_phase = 1;
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
    mq_expect_empty(&pma);

    pma_isr_phase = 2;
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
    mq_expect_empty(&pma);

    pma_isr_phase = 3;
    mq_isr_err[0] = mq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_PRIO_Q_FULL);
    for (uint32_t i = 0u; i < MQ_CAP; ++i) {
        mq_expect_mail(&pma, 10u + MQ_CAP - 1u - i);
    }
    mq_expect_empty(&pma);
}

KTEST_PRESTART(priority_mail_queue, usable_before_kernel_start)
{
    rx_buf_t b;
    size_t size = 0u;

    pma_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, mq_pool, MQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    mq_post_seq(&pma, 1u, 4u);
    mq_post_seq(&pma, 2u, 3u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 2u));
    mq_expect_mail(&pma, 1u);
    mq_expect_empty(&pma);
    rx_init(&b);
    size = 5u;
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT(rx_untouched(&b));
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}
