/*
 * Conformance: priority mail queue (tos_priority_mail_queue.h). Fixed-size mails are copied by
 * value, posted with a priority and received most urgent first (lowest number), FIFO within a
 * priority; a post to a queue with waiters copies the mail straight into the most urgent
 * waiter's buffer. Every post, queued or handed over, must be exactly the queue's mail size.
 * create takes the caller's pool and the manager array from the kernel heap; create_dyn takes
 * both from it.
 */
#include "ktest.h"

#define PMA_CAP         4u
#define PMA_WAITERS     4u
#define PMA_MODEL_CAP   24u
#define PMA_BATCH_MAX   10u
#define PMA_CANARY      0xA5u
#define PMA_FILL        0xEEu

/* A 24-byte mail in which every byte depends on the sequence number. */
typedef struct pma_mail_st {
    uint32_t    seq;
    uint8_t     bytes[20];
} pma_mail_t;

static void mail_make(pma_mail_t *m, uint32_t seq)
{
    m->seq = seq;
    for (unsigned i = 0u; i < sizeof(m->bytes); ++i) {
        m->bytes[i] = (uint8_t)(seq * 13u + i + 1u);
    }
}

static int mail_is(const pma_mail_t *m, uint32_t seq)
{
    pma_mail_t want;

    mail_make(&want, seq);
    return memcmp(m, &want, sizeof(want)) == 0;
}

/* A receive buffer with a guard zone right after it. */
typedef struct pma_rx_st {
    pma_mail_t  mail;
    uint8_t     canary[32];
} pma_rx_t;

static void rx_init(pma_rx_t *b)
{
    memset(&b->mail, PMA_FILL, sizeof(b->mail));
    memset(b->canary, PMA_CANARY, sizeof(b->canary));
}

static int rx_canary_intact(const pma_rx_t *b)
{
    for (unsigned i = 0u; i < sizeof(b->canary); ++i) {
        if (b->canary[i] != PMA_CANARY) {
            return 0;
        }
    }
    return 1;
}

static int rx_untouched(const pma_rx_t *b)
{
    const uint8_t *p = (const uint8_t *)&b->mail;

    for (unsigned i = 0u; i < sizeof(b->mail); ++i) {
        if (p[i] != PMA_FILL) {
            return 0;
        }
    }
    return rx_canary_intact(b);
}

static k_prio_mail_q_t pma;
static pma_mail_t pma_pool[PMA_CAP];

/* ---- receiver tasks ---- */

typedef struct pma_waiter_st {
    k_tick_t            pre_delay;
    k_tick_t            timeout;
    int                 null_size;  /* pend with mail_size == NULL */
    volatile int        started;
    volatile int        done;
    volatile k_err_t    err;
    volatile size_t     size;
    volatile k_tick_t   tick;
    pma_rx_t            rx;
} pma_waiter_t;

static pma_waiter_t pma_w[PMA_WAITERS];
static k_task_t pma_tasks[PMA_WAITERS];
static k_stack_t pma_stacks[PMA_WAITERS][KTEST_STK_SIZE];
static volatile unsigned pma_done_order[PMA_WAITERS];
static volatile unsigned pma_done_cnt;

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
    memset(&pma, 0, sizeof(pma));
    memset(pma_pool, 0, sizeof(pma_pool));
    memset((void *)pma_w, 0, sizeof(pma_w));
    for (unsigned i = 0u; i < PMA_WAITERS; ++i) {
        rx_init(&pma_w[i].rx);
    }
    memset((void *)pma_done_order, 0, sizeof(pma_done_order));
    pma_done_cnt = 0u;
    pma_rng_state = 0xFEEDu;
}

static void pma_waiter_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    pma_waiter_t *w = &pma_w[i];
    size_t size = 777u;

    if (w->pre_delay) {
        tos_task_delay(w->pre_delay);
    }
    w->started = 1;
    w->err = tos_prio_mail_q_pend(&pma, &w->rx.mail, w->null_size ? K_NULL : &size, w->timeout);
    w->size = size;
    w->tick = tos_systick_get();
    pma_done_order[pma_done_cnt++] = i;
    w->done = 1;
}

static void pma_waiter_start(unsigned i, k_prio_t prio, k_tick_t pre_delay, k_tick_t timeout,
                             int null_size)
{
    pma_w[i].pre_delay = pre_delay;
    pma_w[i].timeout = timeout;
    pma_w[i].null_size = null_size;
    ktest_task_create(&pma_tasks[i], "pma_waiter", pma_waiter_entry, (void *)(uintptr_t)i, prio,
                      pma_stacks[i]);
}

static void pma_post_seq(k_prio_mail_q_t *q, uint32_t seq, k_prio_t prio)
{
    pma_mail_t m;

    mail_make(&m, seq);
    KT_ASSERT_EQ(tos_prio_mail_q_post(q, &m, sizeof(m), prio), K_ERR_NONE);
}

/* Receive without waiting and check it is mail `seq`, with its size reported. */
static void pma_expect_mail(k_prio_mail_q_t *q, uint32_t seq)
{
    pma_rx_t b;
    size_t size = 0u;

    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(pma_mail_t));
    KT_ASSERT_EQ(b.mail.seq, seq);
    KT_ASSERT(mail_is(&b.mail, seq));
    KT_ASSERT(rx_canary_intact(&b));
}

static void pma_expect_empty(k_prio_mail_q_t *q)
{
    pma_rx_t b;
    size_t size = 555u;

    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(q, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT(rx_untouched(&b));
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
    pma_mail_t m;

    pma_reset();
    mail_make(&m, 1u);
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create(K_NULL, pma_pool, PMA_CAP, sizeof(pma_mail_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, K_NULL, PMA_CAP, sizeof(pma_mail_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, 0u, sizeof(pma_mail_t)),
                 K_ERR_PRIO_Q_FULL);
    /* the manager array does not fit in the kernel heap, or a size not even in size_t */
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, (size_t)1u << 24, sizeof(pma_mail_t)),
                 K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, SIZE_MAX / 8u, 1u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, 16u, SIZE_MAX / 8u), K_ERR_OUT_OF_MEMORY);
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
    static pma_mail_t pool[32];
    uint32_t used0, free0, used, free_bytes;

    pma_reset();
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pool, 32u, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_heap_info(&used, &free_bytes);
    /* the manager array, but not the pool (which is ours) */
    KT_ASSERT_GE(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(32u));
    KT_ASSERT_LT(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(32u) + sizeof(pool) / 2u);
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 32u; ++i) {
        pma_post_seq(&pma, i, (k_prio_t)(i % 5u));
    }
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);   /* with mails queued */
    pma_expect_heap(used0, free0);

    for (uint32_t i = 0u; i < 50u; ++i) {
        KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)),
                     K_ERR_NONE);
        pma_post_seq(&pma, i, 1u);
        KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
    }
    pma_expect_heap(used0, free0);
}

KTEST(priority_mail_queue, null_args_are_rejected)
{
    pma_mail_t m;
    size_t size = 3u;

    pma_reset();
    mail_make(&m, 1u);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(K_NULL, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(K_NULL, &m, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, K_NULL, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, K_NULL, &size, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(K_NULL, &m, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, K_NULL, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(K_NULL, &m, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, K_NULL, sizeof(m), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(K_NULL, PMA_CAP, sizeof(pma_mail_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    /* none of them queued anything */
    pma_expect_empty(&pma);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}

KTEST(priority_mail_queue, destroyed_queue_is_invalid)
{
    pma_mail_t m;
    size_t size = 3u;

    pma_reset();
    mail_make(&m, 9u);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_post_seq(&pma, 1u, 0u);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &m, &size, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &m, &size, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT(mail_is(&m, 9u));
    KT_ASSERT_EQ(size, 3u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_expect_empty(&pma);
    pma_post_seq(&pma, 2u, 3u);
    pma_expect_mail(&pma, 2u);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}

KTEST(priority_mail_queue, dynamic_create_and_alloc_type_checks)
{
    k_prio_mail_q_t sq;
    pma_mail_t spool[2];
    uint32_t used0, free0, used, free_bytes;

    pma_reset();
    memset(&sq, 0, sizeof(sq));
    pma_heap_info(&used0, &free0);

    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 0u, sizeof(pma_mail_t)), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 4u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, (size_t)1u << 20, sizeof(pma_mail_t)),
                 K_ERR_OUT_OF_MEMORY);
    /* the manager array fits, the pool does not: nothing may stay allocated */
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 16u, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, SIZE_MAX / 16u + 2u, 16u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_OBJ_INVALID);
    pma_expect_heap(used0, free0);

    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 16u, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_heap_info(&used, &free_bytes);
    KT_ASSERT_GE(used, used0 + 16u * sizeof(pma_mail_t) + TOS_PRIO_Q_MGR_ARRAY_SIZE(16u));
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 16u; ++i) {
        pma_post_seq(&pma, 100u + i, (k_prio_t)(15u - i));
    }
    {
        pma_mail_t m;
        mail_make(&m, 0u);
        KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    }
    for (uint32_t i = 0u; i < 16u; ++i) {
        pma_expect_mail(&pma, 115u - i);
    }
    pma_expect_empty(&pma);

    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&sq, spool, 2u, sizeof(pma_mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    pma_post_seq(&pma, 5u, 0u);
    pma_post_seq(&sq, 6u, 0u);
    pma_expect_mail(&pma, 5u);
    pma_expect_mail(&sq, 6u);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&sq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_NONE);
    pma_expect_heap(used0, free0);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_OBJ_INVALID);
}

KTEST(priority_mail_queue, flush_drops_queued_mails_only)
{
    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_NONE);
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_post_seq(&pma, i, (k_prio_t)i);
    }
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_NONE);
    pma_expect_empty(&pma);
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_post_seq(&pma, 10u + i, 2u);
    }
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_expect_mail(&pma, 10u + i);
    }

    pma_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].started, 1);
    KT_ASSERT_EQ(tos_prio_mail_q_flush(&pma), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 0);
    pma_post_seq(&pma, 42u, 9u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 42u));
}

/* ---- order, by value, sizes ---- */

KTEST(priority_mail_queue, most_urgent_first_fifo_within_priority_by_value)
{
    pma_mail_t m;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);

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
    pma_expect_mail(&pma, 501u);
    pma_expect_mail(&pma, 503u);
    pma_post_seq(&pma, 504u, 255u);
    pma_post_seq(&pma, 505u, 0u);
    pma_expect_mail(&pma, 505u);
    pma_expect_mail(&pma, 500u);
    pma_expect_mail(&pma, 502u);
    pma_expect_mail(&pma, 504u);
    pma_expect_empty(&pma);
}

static pma_mail_t pma_model_pool[PMA_MODEL_CAP];
static struct { uint32_t seq; k_prio_t prio; } pma_model[PMA_MODEL_CAP];
static unsigned pma_model_cnt;

KTEST(priority_mail_queue, random_sequences_match_reference_model)
{
    uint32_t next_seq = 0u;
    unsigned received = 0u, fulls = 0u, empties = 0u;

    pma_reset();
    pma_model_cnt = 0u;
    memset(pma_model, 0, sizeof(pma_model));
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_model_pool, PMA_MODEL_CAP, sizeof(pma_mail_t)),
                 K_ERR_NONE);
    for (unsigned step = 0u; step < 20000u; ++step) {
        uint32_t r = pma_rng();
        int post = ((step / 250u) & 1u) ? (r % 100u) < 35u : (r % 100u) < 65u;

        if (post) {
            k_prio_t prio = (k_prio_t)((r >> 16) % 6u);
            pma_mail_t m;
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
            pma_expect_empty(&pma);
            ++empties;
        } else {
            unsigned best = 0u;

            for (unsigned i = 1u; i < pma_model_cnt; ++i) {
                if (pma_model[i].prio < pma_model[best].prio) {
                    best = i;
                }
            }
            pma_expect_mail(&pma, pma_model[best].seq);
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
    pma_rx_t b;
    size_t size = 0u;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_post_seq(&pma, 1u, 1u);
    pma_post_seq(&pma, 2u, 1u);

    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&b.mail, 1u));
    KT_ASSERT(rx_canary_intact(&b));

    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, K_NULL, 10u), K_ERR_NONE);
    KT_ASSERT(mail_is(&b.mail, 2u));
    KT_ASSERT(rx_canary_intact(&b));

    /* NULL size on the error paths too */
    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, K_NULL, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, K_NULL, 3u), K_ERR_PEND_TIMEOUT);
    KT_ASSERT(rx_untouched(&b));

    /* hand-over path: size reported to the waiter, and a NULL size works there too */
    pma_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 1);
    pma_post_seq(&pma, 3u, 7u);     /* to w1, the more urgent */
    pma_post_seq(&pma, 4u, 0u);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[1].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[1].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].size, sizeof(pma_mail_t));
    KT_ASSERT_EQ(pma_w[1].size, 777u);          /* it passed NULL: its local is untouched */
    KT_ASSERT(mail_is(&pma_w[1].rx.mail, 3u));
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 4u));
    KT_ASSERT(rx_canary_intact(&pma_w[0].rx));
    KT_ASSERT(rx_canary_intact(&pma_w[1].rx));
    pma_expect_empty(&pma);
}

KTEST(priority_mail_queue, size_mismatch_refused_on_queued_path)
{
    uint8_t big[sizeof(pma_mail_t) + 8u];
    pma_mail_t m;

    pma_reset();
    memset(big, 0x11, sizeof(big));
    mail_make(&m, 7u);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m) - 1u, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, 0u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m) - 1u, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    pma_expect_empty(&pma);

    /* on a full queue the size is still checked first */
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_post_seq(&pma, i, 4u);
    }
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_expect_mail(&pma, i);
    }
    pma_expect_empty(&pma);
}

KTEST(priority_mail_queue, size_mismatch_refused_on_handover_path)
{
    uint8_t big[sizeof(pma_mail_t) + 16u];
    pma_mail_t m;

    pma_reset();
    memset(big, 0x5A, sizeof(big));
    mail_make(&m, 3u);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].started, 1);
    KT_ASSERT_EQ(pma_w[1].started, 1);

    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m) - 4u, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, 1u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    /* nobody was woken, no buffer (or what follows it) was written, nothing was queued */
    KT_ASSERT_EQ(pma_done_cnt, 0u);
    KT_ASSERT(rx_untouched(&pma_w[0].rx));
    KT_ASSERT(rx_untouched(&pma_w[1].rx));

    pma_post_seq(&pma, 21u, 6u);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 21u));
    KT_ASSERT(rx_canary_intact(&pma_w[0].rx));
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, big, sizeof(big), 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    pma_post_seq(&pma, 22u, 6u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[1].done, 1);
    KT_ASSERT(mail_is(&pma_w[1].rx.mail, 22u));
    KT_ASSERT(rx_canary_intact(&pma_w[1].rx));
    pma_expect_empty(&pma);
}

/* ---- pend error paths ---- */

KTEST(priority_mail_queue, pend_nowait_on_empty)
{
    k_tick_t t0;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    t0 = tos_systick_get();
    pma_expect_empty(&pma);     /* NOWAIT, *mail_size = 0, buffer untouched */
    KT_ASSERT_EQ(tos_systick_get(), t0);
    pma_post_seq(&pma, 8u, 1u);
    pma_expect_mail(&pma, 8u);
}

KTEST(priority_mail_queue, pend_times_out_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1u, 2u, 5u, 37u, 1000u };

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    for (unsigned i = 0u; i < sizeof(waits) / sizeof(waits[0]); ++i) {
        pma_rx_t b;
        size_t size = 123u;
        k_tick_t t0;

        rx_init(&b);
        t0 = tos_systick_get();
        KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, (i & 1u) ? &size : K_NULL, waits[i]),
                     K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT(rx_untouched(&b));
        KT_ASSERT_EQ(size, 123u);           /* not written after blocking without a mail */
    }
    /* a later post is queued, not written into a timed-out receiver's buffer */
    pma_post_seq(&pma, 1u, 0u);
    pma_expect_mail(&pma, 1u);
}

KTEST(priority_mail_queue, pend_gets_mail_posted_before_timeout)
{
    k_tick_t t0;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    t0 = tos_systick_get();
    pma_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, 50u, 0);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 0);
    pma_post_seq(&pma, 2u, 200u);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].tick - t0, 10u);
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 2u));
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_done_cnt, 1u);
}

KTEST(priority_mail_queue, pend_with_sched_locked_is_refused)
{
    pma_rx_t b;
    k_tick_t t0;
    size_t size = 9u;

    pma_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, K_NULL, TOS_TIME_FOREVER),
                 K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT(rx_untouched(&b));
    pma_expect_empty(&pma);
    pma_post_seq(&pma, 6u, 3u);
    pma_post_seq(&pma, 7u, 2u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 5u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&b.mail, 7u));
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    pma_expect_mail(&pma, 6u);
}

static volatile k_err_t pma_isr_err[4];
static pma_rx_t pma_isr_rx;

static void pma_pend_isr(void)
{
    tos_knl_irq_enter();
    pma_isr_err[0] = tos_prio_mail_q_pend(&pma, &pma_isr_rx.mail, K_NULL, TOS_TIME_NOWAIT);
    pma_isr_err[1] = tos_prio_mail_q_pend(&pma, &pma_isr_rx.mail, K_NULL, TOS_TIME_FOREVER);
    pma_isr_err[2] = tos_prio_mail_q_pend(&pma, &pma_isr_rx.mail, K_NULL, 10u);
    tos_knl_irq_leave();
}

KTEST(priority_mail_queue, pend_from_isr_is_refused)
{
    pma_reset();
    rx_init(&pma_isr_rx);
    for (unsigned i = 0u; i < 4u; ++i) {
        pma_isr_err[i] = K_ERR_NONE;
    }
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_post_seq(&pma, 1u, 0u);
    ktest_irq_connect(0, pma_pend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(pma_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(pma_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(pma_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT(rx_untouched(&pma_isr_rx));
    pma_expect_mail(&pma, 1u);
    pma_expect_empty(&pma);
}

static void pma_start_destroy_waiters(void)
{
    pma_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u, 1);
    pma_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u, 0);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    for (unsigned i = 0u; i < PMA_WAITERS; ++i) {
        KT_ASSERT_EQ(pma_w[i].started, 1);
        KT_ASSERT_EQ(pma_w[i].done, 0);
    }
}

static void pma_check_destroy_wakeups(k_tick_t t_destroy)
{
    KT_ASSERT_EQ(pma_done_cnt, PMA_WAITERS);
    for (unsigned i = 0u; i < PMA_WAITERS; ++i) {
        KT_ASSERT_EQ(pma_w[i].err, K_ERR_PEND_DESTROY);
        KT_ASSERT_EQ(pma_w[i].tick, t_destroy);
        KT_ASSERT(rx_untouched(&pma_w[i].rx));
        KT_ASSERT_EQ(pma_w[i].size, 777u);  /* not written after blocking without a mail */
    }
    KT_ASSERT_EQ(pma_done_order[0], 0u);
    KT_ASSERT(pma_done_order[1] == 1u || pma_done_order[1] == 3u);
    KT_ASSERT(pma_done_order[2] == 1u || pma_done_order[2] == 3u);
    KT_ASSERT_NE(pma_done_order[1], pma_done_order[2]);
    KT_ASSERT_EQ(pma_done_order[3], 2u);
}

KTEST(priority_mail_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    uint32_t used0, free0;
    k_tick_t t_destroy;

    pma_reset();
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_start_destroy_waiters();
    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pma_check_destroy_wakeups(t_destroy);
    pma_expect_heap(used0, free0);
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_done_cnt, PMA_WAITERS);
}

KTEST(priority_mail_queue, destroy_dyn_wakes_waiters_and_frees_storage)
{
    uint32_t used0, free0;
    k_tick_t t_destroy;

    pma_reset();
    pma_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_mail_q_create_dyn(&pma, 8u, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_start_destroy_waiters();
    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_mail_q_destroy_dyn(&pma), K_ERR_NONE);
    KT_ASSERT_EQ(pma_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pma_check_destroy_wakeups(t_destroy);
    pma_expect_heap(used0, free0);
}

/* ---- delivery to waiters ---- */

KTEST(priority_mail_queue, post_copies_into_waiter_without_queueing)
{
    pma_mail_t m;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].started, 1);

    mail_make(&m, 31u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 255u), K_ERR_NONE);
    /* copied at once into the waiter's buffer (it has not even run yet) */
    KT_ASSERT_EQ(pma_w[0].done, 0);
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 31u));
    memset(&m, 0, sizeof(m));
    pma_expect_empty(&pma);
    pma_post_seq(&pma, 32u, 0u);        /* no waiter any more: queued */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 31u));
    KT_ASSERT(rx_canary_intact(&pma_w[0].rx));
    pma_expect_mail(&pma, 32u);
    pma_expect_empty(&pma);

    /* even a full queue accepts a post while someone waits (nothing is queued) */
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, 1u, sizeof(pma_mail_t)), K_ERR_NONE);
    rx_init(&pma_w[1].rx);
    pma_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pma_post_seq(&pma, 33u, 1u);
    pma_post_seq(&pma, 34u, 1u);        /* queued: now full */
    mail_make(&m, 35u);
    KT_ASSERT_EQ(tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT(mail_is(&pma_w[1].rx.mail, 33u));
    pma_expect_mail(&pma, 34u);
}

KTEST(priority_mail_queue, post_all_copies_into_every_waiter)
{
    pma_mail_t m;

    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(1, KTEST_MAIN_PRIO + 2u, 0u, 100u, 1);
    pma_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);

    mail_make(&m, 77u);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 5u), K_ERR_NONE);
    memset(&m, 0, sizeof(m));
    KT_ASSERT_EQ(pma_w[2].done, 1);
    pma_expect_empty(&pma);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(pma_w[i].done, 1);
        KT_ASSERT_EQ(pma_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&pma_w[i].rx.mail, 77u));
        KT_ASSERT(rx_canary_intact(&pma_w[i].rx));
    }
    KT_ASSERT_EQ(pma_w[0].size, sizeof(pma_mail_t));
    KT_ASSERT_EQ(pma_w[2].size, sizeof(pma_mail_t));

    /* with nobody waiting, one copy is queued */
    mail_make(&m, 78u);
    KT_ASSERT_EQ(tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 5u), K_ERR_NONE);
    pma_expect_mail(&pma, 78u);
    pma_expect_empty(&pma);
}

KTEST(priority_mail_queue, waiters_served_by_priority_then_fifo)
{
    pma_reset();
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    /* blocking order: w1, w3, w0, w2 */
    pma_waiter_start(0, KTEST_MAIN_PRIO + 2u, 3u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(1, KTEST_MAIN_PRIO + 2u, 1u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(2, KTEST_MAIN_PRIO + 1u, 4u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(3, KTEST_MAIN_PRIO + 1u, 2u, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(6u), K_ERR_NONE);
    for (unsigned i = 0u; i < PMA_WAITERS; ++i) {
        KT_ASSERT_EQ(pma_w[i].started, 1);
    }
    /* the mails' own priorities (most urgent last) play no part in who gets what */
    for (uint32_t i = 0u; i < PMA_WAITERS; ++i) {
        pma_post_seq(&pma, i, (k_prio_t)(PMA_WAITERS - i));
    }
    KT_ASSERT_EQ(pma_done_cnt, 0u);
    pma_expect_empty(&pma);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pma_done_cnt, PMA_WAITERS);
    KT_ASSERT(mail_is(&pma_w[3].rx.mail, 0u));
    KT_ASSERT(mail_is(&pma_w[2].rx.mail, 1u));
    KT_ASSERT(mail_is(&pma_w[1].rx.mail, 2u));
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 3u));
    KT_ASSERT_EQ(pma_done_order[0], 3u);
    KT_ASSERT_EQ(pma_done_order[1], 2u);
    KT_ASSERT_EQ(pma_done_order[2], 1u);
    KT_ASSERT_EQ(pma_done_order[3], 0u);
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
        pma_rx_t b;
        size_t size = 0u;
        k_err_t err;

        rx_init(&b);
        err = tos_prio_mail_q_pend(&pma, &b.mail, &size, TOS_TIME_FOREVER);
        if (err != K_ERR_NONE || size != sizeof(pma_mail_t) || !mail_is(&b.mail, b.mail.seq) ||
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
    static pma_mail_t pool[PMA_BATCH_MAX];
    uint32_t next_seq = 0u;

    pma_reset();
    pma_consumed_cnt = 0u;
    memset((void *)pma_consumed, 0, sizeof(pma_consumed));
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pool, PMA_BATCH_MAX, sizeof(pma_mail_t)),
                 K_ERR_NONE);
    ktest_task_create(&pma_consumer_task, "pma_consumer", pma_consumer_entry, K_NULL,
                      KTEST_MAIN_PRIO + 1u, pma_stacks[0]);
    for (unsigned batch = 0u; batch < 40u; ++batch) {
        unsigned n = 1u + pma_rng() % PMA_BATCH_MAX;
        struct { uint32_t seq; k_prio_t prio; } sent[PMA_BATCH_MAX];
        unsigned base = pma_consumed_cnt, k;

        KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
        for (unsigned i = 0u; i < n; ++i) {
            sent[i].seq = next_seq++;
            sent[i].prio = (k_prio_t)(pma_rng() % 3u);
            pma_post_seq(&pma, sent[i].seq, sent[i].prio);
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
    pma_post_seq(&pma, 0xFFFFu, 0u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pma_expect_empty(&pma);
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}

static volatile int pma_isr_phase;

static void pma_post_isr(void)
{
    pma_mail_t m;

    tos_knl_irq_enter();
    switch (pma_isr_phase) {
    case 0:
        mail_make(&m, 1u);
        pma_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 9u);
        mail_make(&m, 2u);
        pma_isr_err[1] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 1u);
        pma_isr_err[2] = tos_prio_mail_q_post(&pma, &m, sizeof(m) + 1u, 0u);
        break;
    case 1:
        mail_make(&m, 3u);
        pma_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u);
        pma_isr_err[1] = pma_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    case 2:
        mail_make(&m, 4u);
        pma_isr_err[0] = tos_prio_mail_q_post_all(&pma, &m, sizeof(m), 0u);
        break;
    default:
        for (uint32_t i = 0u; i < PMA_CAP; ++i) {
            mail_make(&m, 10u + i);
            pma_isr_err[0] = tos_prio_mail_q_post(&pma, &m, sizeof(m), (k_prio_t)(PMA_CAP - i));
        }
        pma_isr_err[1] = tos_prio_mail_q_post(&pma, &m, sizeof(m), 0u);
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
        pma_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    ktest_irq_connect(1, pma_post_isr, 0x40);

    ktest_irq_raise(1);
    KT_ASSERT_EQ(pma_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pma_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(pma_isr_err[2], K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    pma_expect_mail(&pma, 2u);
    pma_expect_mail(&pma, 1u);
    pma_expect_empty(&pma);

    pma_isr_phase = 1;
    pma_isr_err[0] = pma_isr_err[1] = K_ERR_PEND_ABNORMAL;
    pma_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pma_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pma_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].done, 1);
    KT_ASSERT_EQ(pma_w[0].err, K_ERR_NONE);
    KT_ASSERT_EQ(pma_w[0].size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&pma_w[0].rx.mail, 3u));
    KT_ASSERT(rx_canary_intact(&pma_w[0].rx));
    pma_expect_empty(&pma);

    pma_isr_phase = 2;
    pma_isr_err[0] = K_ERR_PEND_ABNORMAL;
    pma_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER, 0);
    pma_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, 300u, 0);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pma_isr_err[0], K_ERR_NONE);
    for (unsigned i = 1u; i < 3u; ++i) {
        KT_ASSERT_EQ(pma_w[i].done, 1);
        KT_ASSERT_EQ(pma_w[i].err, K_ERR_NONE);
        KT_ASSERT(mail_is(&pma_w[i].rx.mail, 4u));
        KT_ASSERT(rx_canary_intact(&pma_w[i].rx));
    }
    pma_expect_empty(&pma);

    pma_isr_phase = 3;
    pma_isr_err[0] = pma_isr_err[1] = K_ERR_PEND_ABNORMAL;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pma_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pma_isr_err[1], K_ERR_PRIO_Q_FULL);
    for (uint32_t i = 0u; i < PMA_CAP; ++i) {
        pma_expect_mail(&pma, 10u + PMA_CAP - 1u - i);
    }
    pma_expect_empty(&pma);
}

KTEST_PRESTART(priority_mail_queue, usable_before_kernel_start)
{
    pma_rx_t b;
    size_t size = 0u;

    pma_reset();
    rx_init(&b);
    KT_ASSERT_EQ(tos_prio_mail_q_create(&pma, pma_pool, PMA_CAP, sizeof(pma_mail_t)), K_ERR_NONE);
    pma_post_seq(&pma, 1u, 4u);
    pma_post_seq(&pma, 2u, 3u);
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(pma_mail_t));
    KT_ASSERT(mail_is(&b.mail, 2u));
    pma_expect_mail(&pma, 1u);
    pma_expect_empty(&pma);
    rx_init(&b);
    size = 5u;
    KT_ASSERT_EQ(tos_prio_mail_q_pend(&pma, &b.mail, &size, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(size, 0u);
    KT_ASSERT(rx_untouched(&b));
    KT_ASSERT_EQ(tos_prio_mail_q_destroy(&pma), K_ERR_NONE);
}
