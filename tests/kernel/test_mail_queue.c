/*
 * Conformance: mail queue (tos_mail_queue.h). Fixed-size mails are copied by value through a
 * FIFO; a post to a queue with waiters copies the mail straight into the most urgent waiter's
 * buffer. Every post, queued or handed over, must be exactly the queue's mail size.
 */
#include "ktest.h"

#define MAQ_CAP         4u
#define MAQ_WAITERS     4u
#define MAQ_CANARY      0xA5u
#define MAQ_FILL        0xEEu

/* A 24-byte mail in which every byte depends on the sequence number. */
typedef struct mail_st {
    uint32_t    seq;
    uint8_t     bytes[20];
} mail_t;

static void mail_make(mail_t *m, uint32_t seq)
{
    m->seq = seq;
    for (unsigned i = 0u; i < sizeof(m->bytes); ++i) {
        m->bytes[i] = (uint8_t)(seq * 13u + i + 1u);
    }
}

static int mail_is(const mail_t *m, uint32_t seq)
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

static void rx_buf_init(rx_buf_t *b)
{
    memset(&b->mail, MAQ_FILL, sizeof(b->mail));
    memset(b->canary, MAQ_CANARY, sizeof(b->canary));
}

static int rx_canary_intact(const rx_buf_t *b)
{
    for (unsigned i = 0u; i < sizeof(b->canary); ++i) {
        if (b->canary[i] != MAQ_CANARY) {
            return 0;
        }
    }
    return 1;
}

static int rx_untouched(const rx_buf_t *b)
{
    const uint8_t *p = (const uint8_t *)&b->mail;

    for (unsigned i = 0u; i < sizeof(b->mail); ++i) {
        if (p[i] != MAQ_FILL) {
            return 0;
        }
    }
    return rx_canary_intact(b);
}

static k_mail_q_t maq;
static mail_t maq_pool[MAQ_CAP];

/* ---- receiver tasks ---- */

typedef struct maq_waiter_st {
    k_tick_t            pre_delay;
    k_tick_t            timeout;
    int                 null_size;  /* pend with mail_size == NULL */
    volatile int        started;
    volatile int        done;
    volatile k_err_t    err;
    volatile size_t     size;
    volatile k_tick_t   tick;
    rx_buf_t            rx;
} maq_waiter_t;

static maq_waiter_t maq_w[MAQ_WAITERS];
static k_task_t maq_tasks[MAQ_WAITERS];
static k_stack_t maq_stacks[MAQ_WAITERS][KTEST_STK_SIZE];
static volatile unsigned maq_done_cnt;

static void maq_reset(void)
{
    memset(&maq, 0, sizeof(maq));
    memset(maq_pool, 0, sizeof(maq_pool));
    memset((void *)maq_w, 0, sizeof(maq_w));
    for (unsigned i = 0u; i < MAQ_WAITERS; ++i) {
        rx_buf_init(&maq_w[i].rx);
    }
    maq_done_cnt = 0u;
}

static void maq_waiter_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    maq_waiter_t *w = &maq_w[i];
    size_t size = 777u;

    if (w->pre_delay) {
        tos_task_delay(w->pre_delay);
    }
    w->started = 1;
    w->err = tos_mail_q_pend(&maq, &w->rx.mail, w->null_size ? K_NULL : &size, w->timeout);
    w->size = size;
    w->tick = tos_systick_get();
    maq_done_cnt++;
    w->done = 1;
}

static void maq_waiter_start(unsigned i, k_prio_t prio, k_tick_t pre_delay, k_tick_t timeout,
                             int null_size)
{
    maq_w[i].pre_delay = pre_delay;
    maq_w[i].timeout = timeout;
    maq_w[i].null_size = null_size;
    ktest_task_create(&maq_tasks[i], "maq_waiter", maq_waiter_entry, (void *)(uintptr_t)i, prio,
                      maq_stacks[i]);
}

static void maq_post_seq(k_mail_q_t *q, uint32_t seq)
{
    mail_t m;

    mail_make(&m, seq);
    KT_ASSERT_EQ(tos_mail_q_post(q, &m, sizeof(m)), K_ERR_NONE);
}

/* Receive without waiting and check it is mail `seq`, with its size reported. */
static void maq_expect_mail(k_mail_q_t *q, uint32_t seq)
{
    rx_buf_t b;
    size_t size = 0u;

    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT_EQ(b.mail.seq, seq);
    KT_ASSERT(mail_is(&b.mail, seq));
    KT_ASSERT(rx_canary_intact(&b));
}

static void maq_expect_empty(k_mail_q_t *q)
{
    rx_buf_t b;
    size_t size = 555u;

    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT(rx_untouched(&b));
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
    KT_ASSERT_EQ(tos_mail_q_create(K_NULL, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, K_NULL, MAQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, 0u, sizeof(mail_t)), K_ERR_RING_Q_FULL);

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
    mail_t m;
    size_t size = 3u;

    maq_reset();
    mail_make(&m, 1u);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mail_q_pend(K_NULL, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_pend(K_NULL, &m, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, K_NULL, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, K_NULL, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(tos_mail_q_post(K_NULL, &m, sizeof(m)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, K_NULL, sizeof(m)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_post_all(K_NULL, &m, sizeof(m)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, K_NULL, sizeof(m)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_create_dyn(K_NULL, MAQ_CAP, sizeof(mail_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    /* none of them queued anything */
    maq_expect_empty(&maq);
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);
}

KTEST(mail_queue, destroyed_queue_is_invalid)
{
    mail_t m;
    size_t size = 3u;

    maq_reset();
    mail_make(&m, 9u);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_post_seq(&maq, 1u);
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &m, &size, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT(mail_is(&m, 9u));
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&maq), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_expect_empty(&maq);
    maq_post_seq(&maq, 2u);
    maq_expect_mail(&maq, 2u);
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);
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
        maq_post_seq(&maq, 100u + i);
    }
    {
        mail_t m;
        mail_make(&m, 0u);
        KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    }
    for (uint32_t i = 0u; i < 16u; ++i) {
        maq_expect_mail(&maq, 100u + i);
    }
    maq_expect_empty(&maq);

    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mail_q_create(&sq, spool, 2u, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    maq_post_seq(&maq, 5u);
    maq_post_seq(&sq, 6u);
    maq_expect_mail(&maq, 5u);
    maq_expect_mail(&sq, 6u);

    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&maq), K_ERR_NONE);
    KT_ASSERT_EQ(maq_heap_used(), base);
    KT_ASSERT_EQ(tos_mail_q_destroy_dyn(&maq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mail_q_destroy(&sq), K_ERR_NONE);
}

KTEST(mail_queue, flush_drops_queued_mails_only)
{
    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_NONE);
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_post_seq(&maq, i);
    }
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_NONE);
    maq_expect_empty(&maq);
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_post_seq(&maq, 10u + i);
    }
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_expect_mail(&maq, 10u + i);
    }

    maq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].started, 1);
    KT_ASSERT_EQ(tos_mail_q_flush(&maq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 0);
    maq_post_seq(&maq, 42u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 42u));
}

/* ---- FIFO, by value, sizes ---- */

KTEST(mail_queue, fifo_by_value_with_wraparound)
{
    uint32_t next_in = 0u, next_out = 0u;
    mail_t m;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);

    /* copied at post time: changing the sender's buffer afterwards changes nothing */
    mail_make(&m, 500u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_NONE);
    mail_make(&m, 501u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    maq_expect_mail(&maq, 500u);
    maq_expect_mail(&maq, 501u);
    maq_expect_empty(&maq);

    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_post_seq(&maq, next_in++);
    }
    mail_make(&m, 999u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_expect_mail(&maq, next_out++);
    }
    maq_expect_empty(&maq);

    for (unsigned lap = 0u; lap < 12u; ++lap) {
        unsigned in = (lap & 1u) ? 2u : 3u, out = (lap & 1u) ? 3u : 2u;
        for (unsigned i = 0u; i < in; ++i) {
            maq_post_seq(&maq, next_in++);
        }
        for (unsigned i = 0u; i < out; ++i) {
            maq_expect_mail(&maq, next_out++);
        }
    }
    KT_ASSERT_EQ(next_in, next_out);
    maq_expect_empty(&maq);
}

KTEST(mail_queue, pend_reports_size_and_accepts_null_size)
{
    rx_buf_t b;
    size_t size = 0u;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_post_seq(&maq, 1u);
    maq_post_seq(&maq, 2u);

    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 1u));
    KT_ASSERT(rx_canary_intact(&b));

    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 10u), K_ERR_NONE);
    KT_ASSERT(mail_is(&b.mail, 2u));
    KT_ASSERT(rx_canary_intact(&b));

    /* NULL size on the error paths too */
    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 3u), K_ERR_PEND_TIMEOUT);
    KT_ASSERT(rx_untouched(&b));

    /* hand-over path: size reported to the waiter, and a NULL size works there too */
    maq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 1);
    maq_post_seq(&maq, 3u);     /* to w1, the more urgent */
    maq_post_seq(&maq, 4u);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[1].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[1].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].size, sizeof(mail_t));
    KT_ASSERT_EQ(maq_w[1].size, 777u);          /* it passed NULL: its local is untouched */
    KT_ASSERT(mail_is(&maq_w[1].rx.mail, 3u));
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 4u));
    KT_ASSERT(rx_canary_intact(&maq_w[0].rx));
    KT_ASSERT(rx_canary_intact(&maq_w[1].rx));
    maq_expect_empty(&maq);
}

KTEST(mail_queue, size_mismatch_refused_on_queued_path)
{
    uint8_t big[sizeof(mail_t) + 8u];
    mail_t m;

    maq_reset();
    memset(big, 0x11, sizeof(big));
    mail_make(&m, 7u);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m) - 1u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m) - 1u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    maq_expect_empty(&maq);

    /* on a full queue the size is still checked first */
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_post_seq(&maq, i);
    }
    KT_ASSERT_EQ(tos_mail_q_post(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_RING_Q_FULL);
    for (uint32_t i = 0u; i < MAQ_CAP; ++i) {
        maq_expect_mail(&maq, i);
    }
    maq_expect_empty(&maq);
}

KTEST(mail_queue, size_mismatch_refused_on_handover_path)
{
    uint8_t big[sizeof(mail_t) + 16u];
    mail_t m;

    maq_reset();
    memset(big, 0x5A, sizeof(big));
    mail_make(&m, 3u);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    /* one urgent waiter (would run at once if woken) and one less urgent */
    maq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].started, 1);
    KT_ASSERT_EQ(maq_w[1].started, 1);

    KT_ASSERT_EQ(tos_mail_q_post(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m) - 4u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, 1u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    /* nobody was woken, no buffer (or what follows it) was written, nothing was queued */
    KT_ASSERT_EQ(maq_done_cnt, 0u);
    KT_ASSERT(rx_untouched(&maq_w[0].rx));
    KT_ASSERT(rx_untouched(&maq_w[1].rx));

    /* the right size is delivered, and stays inside the buffer */
    maq_post_seq(&maq, 21u);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 21u));
    KT_ASSERT(rx_canary_intact(&maq_w[0].rx));
    KT_ASSERT_EQ(tos_mail_q_post(&maq, big, sizeof(big)), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    maq_post_seq(&maq, 22u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[1].done, 1);
    KT_ASSERT(mail_is(&maq_w[1].rx.mail, 22u));
    KT_ASSERT(rx_canary_intact(&maq_w[1].rx));
    maq_expect_empty(&maq);
}

/* ---- pend error paths ---- */

KTEST(mail_queue, pend_nowait_on_empty)
{
    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_expect_empty(&maq);     /* NOWAIT, *mail_size = 0, buffer untouched */
    maq_post_seq(&maq, 8u);
    maq_expect_mail(&maq, 8u);
}

KTEST(mail_queue, pend_times_out_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1u, 2u, 5u, 37u, 1000u };

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    for (unsigned i = 0u; i < sizeof(waits) / sizeof(waits[0]); ++i) {
        rx_buf_t b;
        k_tick_t t0;

        rx_buf_init(&b);
        t0 = tos_systick_get();
        KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT(rx_untouched(&b));
    }
    /* a later post is queued, not written into a timed-out receiver's buffer */
    maq_post_seq(&maq, 1u);
    maq_expect_mail(&maq, 1u);
}

KTEST(mail_queue, pend_gets_mail_posted_before_timeout)
{
    k_tick_t t0;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    t0 = tos_systick_get();
    maq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, 50u, 0);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 0);
    maq_post_seq(&maq, 2u);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].tick - t0, 10u);
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 2u));
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_done_cnt, 1u);
}

KTEST(mail_queue, pend_with_sched_locked_is_refused)
{
    rx_buf_t b;
    k_tick_t t0;

    maq_reset();
    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, TOS_TIME_FOREVER), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT(rx_untouched(&b));
    maq_expect_empty(&maq);
    maq_post_seq(&maq, 6u);
    {
        size_t size = 0u;
        KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, &size, 5u), K_ERR_NONE);
        KT_ASSERT_EQ(size, sizeof(mail_t));
        KT_ASSERT(mail_is(&b.mail, 6u));
    }
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

static volatile k_err_t maq_isr_err[4];
static rx_buf_t maq_isr_rx;

static void maq_pend_isr(void)
{
    tos_knl_irq_enter();
    maq_isr_err[0] = tos_mail_q_pend(&maq, &maq_isr_rx.mail, K_NULL, TOS_TIME_NOWAIT);
    maq_isr_err[1] = tos_mail_q_pend(&maq, &maq_isr_rx.mail, K_NULL, TOS_TIME_FOREVER);
    maq_isr_err[2] = tos_mail_q_pend(&maq, &maq_isr_rx.mail, K_NULL, 10u);
    tos_knl_irq_leave();
}

KTEST(mail_queue, pend_from_isr_is_refused)
{
    maq_reset();
    rx_buf_init(&maq_isr_rx);
    for (unsigned i = 0u; i < 4u; ++i) {
        maq_isr_err[i] = K_ERR_NONE;
    }
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_post_seq(&maq, 1u);
    ktest_irq_connect(0, maq_pend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(maq_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(maq_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(maq_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT(rx_untouched(&maq_isr_rx));
    maq_expect_mail(&maq, 1u);
    maq_expect_empty(&maq);
}

KTEST(mail_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    k_tick_t t_destroy;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u, 1);
    maq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u, 0);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    for (unsigned i = 0u; i < MAQ_WAITERS; ++i) {
        KT_ASSERT_EQ(maq_w[i].started, 1);
        KT_ASSERT_EQ(maq_w[i].done, 0);
    }
    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_done_cnt, MAQ_WAITERS);
    for (unsigned i = 0u; i < MAQ_WAITERS; ++i) {
        KT_ASSERT_EQ(maq_w[i].err, K_ERR_PEND_DESTROY);
        KT_ASSERT_EQ(maq_w[i].tick, t_destroy);
        KT_ASSERT(rx_untouched(&maq_w[i].rx));
    }
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_done_cnt, MAQ_WAITERS);
}

/* ---- delivery to waiters ---- */

KTEST(mail_queue, post_copies_into_waiter_without_queueing)
{
    mail_t m;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].started, 1);

    mail_make(&m, 31u);
    KT_ASSERT_EQ(tos_mail_q_post(&maq, &m, sizeof(m)), K_ERR_NONE);
    /* copied at once into the waiter's buffer (it has not even run yet) */
    KT_ASSERT_EQ(maq_w[0].done, 0);
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 31u));
    memset(&m, 0, sizeof(m));
    maq_expect_empty(&maq);
    maq_post_seq(&maq, 32u);        /* no waiter any more: queued */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 31u));
    KT_ASSERT(rx_canary_intact(&maq_w[0].rx));
    maq_expect_mail(&maq, 32u);
    maq_expect_empty(&maq);
}

KTEST(mail_queue, post_all_copies_into_every_waiter)
{
    mail_t m;

    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 0u, 100u, 1);
    maq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);

    mail_make(&m, 77u);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    KT_ASSERT_EQ(maq_w[2].done, 1);
    maq_expect_empty(&maq);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(maq_w[i].done, 1);
        KT_ASSERT_EQ(maq_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&maq_w[i].rx.mail, 77u));
        KT_ASSERT(rx_canary_intact(&maq_w[i].rx));
    }
    KT_ASSERT_EQ(maq_w[0].size, sizeof(mail_t));
    KT_ASSERT_EQ(maq_w[2].size, sizeof(mail_t));

    /* with nobody waiting, one copy is queued */
    mail_make(&m, 78u);
    KT_ASSERT_EQ(tos_mail_q_post_all(&maq, &m, sizeof(m)), K_ERR_NONE);
    maq_expect_mail(&maq, 78u);
    maq_expect_empty(&maq);
}

KTEST(mail_queue, waiters_served_by_priority_then_fifo)
{
    maq_reset();
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    /* blocking order: w1, w3, w0, w2 */
    maq_waiter_start(0, KTEST_MAIN_PRIO + 2u, 3u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 1u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 4u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 2u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(6u), K_ERR_NONE);
    for (unsigned i = 0u; i < MAQ_WAITERS; ++i) {
        KT_ASSERT_EQ(maq_w[i].started, 1);
    }
    for (uint32_t i = 0u; i < MAQ_WAITERS; ++i) {
        maq_post_seq(&maq, i);
    }
    KT_ASSERT_EQ(maq_done_cnt, 0u);
    maq_expect_empty(&maq);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(maq_done_cnt, MAQ_WAITERS);
    KT_ASSERT(mail_is(&maq_w[3].rx.mail, 0u));
    KT_ASSERT(mail_is(&maq_w[2].rx.mail, 1u));
    KT_ASSERT(mail_is(&maq_w[1].rx.mail, 2u));
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 3u));
}

static volatile int maq_isr_phase;

static void maq_post_isr(void)
{
    mail_t m;

    tos_knl_irq_enter();
    switch (maq_isr_phase) {
    case 0:
        mail_make(&m, 1u);
        maq_isr_err[0] = tos_mail_q_post(&maq, &m, sizeof(m));
        mail_make(&m, 2u);
        maq_isr_err[1] = tos_mail_q_post(&maq, &m, sizeof(m));
        maq_isr_err[2] = tos_mail_q_post(&maq, &m, sizeof(m) + 1u);
        break;
    case 1:
        mail_make(&m, 3u);
        maq_isr_err[0] = tos_mail_q_post(&maq, &m, sizeof(m));
        maq_isr_err[1] = maq_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    default:
        mail_make(&m, 4u);
        maq_isr_err[0] = tos_mail_q_post_all(&maq, &m, sizeof(m));
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
        maq_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    ktest_irq_connect(1, maq_post_isr, 0x40);

    ktest_irq_raise(1);
    KT_ASSERT_EQ(maq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(maq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(maq_isr_err[2], K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    maq_expect_mail(&maq, 1u);
    maq_expect_mail(&maq, 2u);
    maq_expect_empty(&maq);

    maq_isr_phase = 1;
    maq_isr_err[0] = maq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    maq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(maq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(maq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].done, 1);
    KT_ASSERT_EQ(maq_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(maq_w[0].size, sizeof(mail_t));
    KT_ASSERT(mail_is(&maq_w[0].rx.mail, 3u));
    KT_ASSERT(rx_canary_intact(&maq_w[0].rx));
    maq_expect_empty(&maq);

    maq_isr_phase = 2;
    maq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    maq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 0);
    maq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, 300u, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(maq_isr_err[0], K_ERR_NONE);
    for (unsigned i = 1u; i < 3u; ++i) {
        KT_ASSERT_EQ(maq_w[i].done, 1);
        KT_ASSERT_EQ(maq_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&maq_w[i].rx.mail, 4u));
        KT_ASSERT(rx_canary_intact(&maq_w[i].rx));
    }
    maq_expect_empty(&maq);
}

KTEST_PRESTART(mail_queue, usable_before_kernel_start)
{
    rx_buf_t b;
    size_t size = 0u;

    maq_reset();
    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_create(&maq, maq_pool, MAQ_CAP, sizeof(mail_t)), K_ERR_NONE);
    maq_post_seq(&maq, 1u);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, &size, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(mail_t));
    KT_ASSERT(mail_is(&b.mail, 1u));
    maq_expect_empty(&maq);
    rx_buf_init(&b);
    KT_ASSERT_EQ(tos_mail_q_pend(&maq, &b.mail, K_NULL, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT(rx_untouched(&b));
    KT_ASSERT_EQ(tos_mail_q_destroy(&maq), K_ERR_NONE);
}
