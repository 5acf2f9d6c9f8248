/*
 * Conformance: character FIFO (tos_char_fifo.h).
 */
#include "ktest.h"

/* Byte n of the test streams. */
static uint8_t cf_byte(uint32_t n)
{
    return (uint8_t)(n * 131u + 17u);
}

static uint32_t cf_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

KTEST(chr_fifo, create_rejects_bad_args) {
    k_chr_fifo_t f;
    uint8_t buf[8];

    memset(&f, 0, sizeof(f));
    KT_ASSERT_EQ(tos_chr_fifo_create(K_NULL, buf, sizeof(buf)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_create(&f, K_NULL, sizeof(buf)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, 0u), K_ERR_RING_Q_FULL);

    /* None of the failed creates made f a fifo. */
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 1u), K_ERR_OBJ_INVALID);
}

KTEST(chr_fifo, push_pop_in_order) {
    k_chr_fifo_t f;
    uint8_t buf[8], out = 0u;
    uint32_t i;

    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_FALSE);

    for (i = 0u; i < 8u; ++i) {
        KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_FALSE);
        KT_ASSERT_EQ(tos_chr_fifo_push(&f, cf_byte(i)), K_ERR_NONE);
        KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_FALSE);
    }
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 0xAAu), K_ERR_RING_Q_FULL);

    for (i = 0u; i < 8u; ++i) {
        KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_NONE);
        KT_ASSERT_EQ(out, cf_byte(i));
    }
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_RING_Q_EMPTY);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&f), K_ERR_NONE);
}

KTEST(chr_fifo, null_arguments) {
    k_chr_fifo_t f;
    uint8_t buf[4], out = 0u;

    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 0x5Au), K_ERR_NONE);

    KT_ASSERT_EQ(tos_chr_fifo_push(K_NULL, 1u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_pop(K_NULL, &out), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(K_NULL, buf, sizeof(buf)), 0);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, K_NULL, 2u), 0);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(K_NULL, buf, sizeof(buf)), 0);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, K_NULL, 2u), 0);

    /* The refused calls changed nothing: the byte pushed first is still the only one. */
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_NONE);
    KT_ASSERT_EQ(out, 0x5Au);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
}

KTEST(chr_fifo, destroyed_fifo_is_invalid) {
    k_chr_fifo_t f;
    uint8_t buf[4], data[2] = { 1u, 2u }, out = 0u;

    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 9u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&f), K_ERR_NONE);

    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_flush(&f), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&f), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_destroy_dyn(&f), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, data, sizeof(data)), 0);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, data, sizeof(data)), 0);

    /* Created again, it starts empty. */
    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_RING_Q_EMPTY);
}

KTEST(chr_fifo, never_created_fifo_is_invalid) {
    k_chr_fifo_t f;
    uint8_t data[2] = { 1u, 2u }, out = 0u;

    memset(&f, 0, sizeof(f));
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &out), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_flush(&f), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&f), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, data, sizeof(data)), 0);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, data, sizeof(data)), 0);
}

KTEST(chr_fifo, stream_partial_counts) {
    k_chr_fifo_t f;
    uint8_t buf[8], in[16], out[16];
    uint32_t i;

    for (i = 0u; i < sizeof(in); ++i) {
        in[i] = cf_byte(i);
    }
    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);

    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, 0u), 0);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);

    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, &in[0], 5u), 5);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, &in[5], 5u), 3);     /* only 3 fit */
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, &in[8], 1u), 0);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, in[8]), K_ERR_RING_Q_FULL);

    memset(out, 0xEE, sizeof(out));
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, 0u), 0);
    KT_ASSERT_EQ(out[0], 0xEEu);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, 6u), 6);
    KT_ASSERT(memcmp(out, &in[0], 6u) == 0);
    KT_ASSERT_EQ(out[6], 0xEEu);                            /* nothing past the count */

    memset(out, 0xEE, sizeof(out));
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, sizeof(out)), 2);     /* only 2 left */
    KT_ASSERT(memcmp(out, &in[6], 2u) == 0);
    KT_ASSERT_EQ(out[2], 0xEEu);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, 1u), 0);
}

KTEST(chr_fifo, streams_and_bytes_wrap_around) {
    k_chr_fifo_t f;
    uint8_t buf[7], chunk[9], out[9], byte = 0u;
    uint32_t next_in = 0u, next_out = 0u, count = 0u, round, i, len, want;
    int got;

    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);

    for (round = 0u; round < 400u; ++round) {
        /* Producer: a stream of 0..8 bytes, or a single push every fourth round. */
        if (round % 4u == 3u) {
            if (count < 7u) {
                KT_ASSERT_EQ(tos_chr_fifo_push(&f, cf_byte(next_in)), K_ERR_NONE);
                ++next_in;
                ++count;
            } else {
                KT_ASSERT_EQ(tos_chr_fifo_push(&f, cf_byte(next_in)), K_ERR_RING_Q_FULL);
            }
        } else {
            len = (round * 5u + 1u) % 9u;
            for (i = 0u; i < len; ++i) {
                chunk[i] = cf_byte(next_in + i);
            }
            want = TOS_MIN(len, 7u - count);
            KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, chunk, len), (int)want);
            next_in += want;
            count += want;
        }
        KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), count == 7u ? K_TRUE : K_FALSE);

        /* Consumer: a stream read of 0..8 bytes, or a single pop every fifth round. */
        if (round % 5u == 4u) {
            if (count > 0u) {
                KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &byte), K_ERR_NONE);
                KT_ASSERT_EQ(byte, cf_byte(next_out));
                ++next_out;
                --count;
            } else {
                KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &byte), K_ERR_RING_Q_EMPTY);
            }
        } else {
            len = (round * 7u + 4u) % 9u;
            want = TOS_MIN(len, count);
            got = tos_chr_fifo_pop_stream(&f, out, len);
            KT_ASSERT_EQ(got, (int)want);
            for (i = 0u; i < want; ++i) {
                KT_ASSERT_EQ(out[i], cf_byte(next_out + i));
            }
            next_out += want;
            count -= want;
        }
        KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), count == 0u ? K_TRUE : K_FALSE);
    }
    KT_ASSERT_GT(next_out, 700u);   /* many laps of the 7-byte buffer */
}

KTEST(chr_fifo, flush_drops_everything) {
    k_chr_fifo_t f;
    uint8_t buf[6], in[6], out[6], byte = 0u;
    uint32_t i;

    KT_ASSERT_EQ(tos_chr_fifo_create(&f, buf, sizeof(buf)), K_ERR_NONE);
    for (i = 0u; i < sizeof(in); ++i) {
        in[i] = cf_byte(i + 50u);
    }

    /* Flush from a wrapped position. */
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, 4u), 4);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, 4u), 4);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, 5u), 5);

    KT_ASSERT_EQ(tos_chr_fifo_flush(&f), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&f), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&f, &byte), K_ERR_RING_Q_EMPTY);

    /* Full capacity again, in order. */
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, sizeof(in)), 6);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_TRUE);
    memset(out, 0, sizeof(out));
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, sizeof(out)), 6);
    KT_ASSERT(memcmp(out, in, sizeof(in)) == 0);
}

KTEST(chr_fifo, static_dynamic_destroy_mismatch) {
    k_chr_fifo_t sf, df;
    uint8_t buf[4], out = 0u;
    uint32_t base = cf_heap_used();

    KT_ASSERT_EQ(tos_chr_fifo_create(&sf, buf, sizeof(buf)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_destroy_dyn(&sf), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_chr_fifo_push(&sf, 3u), K_ERR_NONE);      /* still working */
    KT_ASSERT_EQ(tos_chr_fifo_pop(&sf, &out), K_ERR_NONE);
    KT_ASSERT_EQ(out, 3u);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&sf), K_ERR_NONE);

    KT_ASSERT_EQ(tos_chr_fifo_create_dyn(&df, 4u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_destroy(&df), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_chr_fifo_push(&df, 4u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&df, &out), K_ERR_NONE);
    KT_ASSERT_EQ(out, 4u);
    KT_ASSERT_EQ(tos_chr_fifo_destroy_dyn(&df), K_ERR_NONE);
    KT_ASSERT_EQ(cf_heap_used(), base);
}

KTEST(chr_fifo, create_dyn) {
    k_chr_fifo_t f;
    uint8_t in[10], out[10];
    uint32_t base = cf_heap_used(), i;

    memset(&f, 0, sizeof(f));
    KT_ASSERT_EQ(tos_chr_fifo_create_dyn(K_NULL, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_chr_fifo_create_dyn(&f, 0u), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_chr_fifo_create_dyn(&f, (size_t)1u << 26), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(cf_heap_used(), base);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 1u), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_chr_fifo_create_dyn(&f, 10u), K_ERR_NONE);
    KT_ASSERT_GE(cf_heap_used(), base + 10u);
    for (i = 0u; i < sizeof(in); ++i) {
        in[i] = cf_byte(i);
    }
    for (i = 0u; i < 5u; ++i) {
        KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, 7u), 7);
        KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&f, out, sizeof(out)), 7);
        KT_ASSERT(memcmp(out, in, 7u) == 0);
    }
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&f, in, sizeof(in)), 10);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&f), K_TRUE);

    KT_ASSERT_EQ(tos_chr_fifo_destroy_dyn(&f), K_ERR_NONE);
    KT_ASSERT_EQ(cf_heap_used(), base);
    KT_ASSERT_EQ(tos_chr_fifo_push(&f, 1u), K_ERR_OBJ_INVALID);
}

/* ---- ISR use: a UART-style receive path ---- */

static k_chr_fifo_t         cf_rx;
static uint8_t              cf_rx_buf[16];
static volatile uint32_t    cf_rx_seq;          /* next byte the "UART" delivers */
static volatile uint32_t    cf_rx_dropped;      /* bytes that did not fit */
static volatile unsigned    cf_rx_runs;

/* Each interrupt delivers a burst of 1..6 bytes: as one stream, or byte by byte on odd runs. */
static void cf_rx_isr(void)
{
    uint8_t burst[6];
    uint32_t len, i;
    int pushed = 0;

    tos_knl_irq_enter();
    len = (cf_rx_runs * 5u) % 6u + 1u;
    for (i = 0u; i < len; ++i) {
        burst[i] = cf_byte(cf_rx_seq + i);
    }
    if (cf_rx_runs % 2u == 0u) {
        pushed = tos_chr_fifo_push_stream(&cf_rx, burst, len);
    } else {
        while ((uint32_t)pushed < len && tos_chr_fifo_push(&cf_rx, burst[pushed]) == K_ERR_NONE) {
            ++pushed;
        }
    }
    /* What fits goes in, in order; the rest of the burst is lost (overrun). */
    cf_rx_seq += (uint32_t)pushed;
    cf_rx_dropped += len - (uint32_t)pushed;
    ++cf_rx_runs;
    tos_knl_irq_leave();
}

static void cf_rx_reset(void)
{
    cf_rx_seq = 0u;
    cf_rx_dropped = 0u;
    cf_rx_runs = 0u;
    KT_ASSERT_EQ(tos_chr_fifo_create(&cf_rx, cf_rx_buf, sizeof(cf_rx_buf)), K_ERR_NONE);
}

KTEST(chr_fifo, isr_pushes_task_drains) {
    uint8_t out[8], byte = 0u;
    uint32_t next_out = 0u, round, i, irqs;
    int got;

    cf_rx_reset();
    ktest_irq_connect(0u, cf_rx_isr, 0u);

    for (round = 0u; round < 200u; ++round) {
        irqs = round % 4u;     /* 0..3 bursts, up to 18 bytes: overruns the 16-byte fifo */
        for (i = 0u; i < irqs; ++i) {
            ktest_irq_raise(0u);
        }
        if (round % 3u == 0u) {
            got = tos_chr_fifo_pop_stream(&cf_rx, out, (round % 8u) + 1u);
            KT_ASSERT_GE(got, 0);
            for (i = 0u; i < (uint32_t)got; ++i) {
                KT_ASSERT_EQ(out[i], cf_byte(next_out + i));
            }
            next_out += (uint32_t)got;
        } else if (tos_chr_fifo_pop(&cf_rx, &byte) == K_ERR_NONE) {
            KT_ASSERT_EQ(byte, cf_byte(next_out));
            ++next_out;
        }
    }
    /* Drain the rest. */
    while ((got = tos_chr_fifo_pop_stream(&cf_rx, out, sizeof(out))) > 0) {
        for (i = 0u; i < (uint32_t)got; ++i) {
            KT_ASSERT_EQ(out[i], cf_byte(next_out + i));
        }
        next_out += (uint32_t)got;
    }

    KT_ASSERT_EQ(cf_rx_runs, 300u);
    KT_ASSERT_EQ(next_out, cf_rx_seq);      /* every byte the ISR got in came out, in order */
    KT_ASSERT_GT(cf_rx_dropped, 0u);        /* the overrun path was exercised */
    KT_ASSERT_GT(next_out, 200u);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&cf_rx), K_TRUE);
}

/* The fifo's critical sections nest: called with interrupts masked, they must not let a pending
   interrupt in. */
KTEST(chr_fifo, calls_under_masked_interrupts_keep_them_masked) {
    TOS_CPU_CPSR_ALLOC();
    uint8_t data[3] = { 7u, 8u, 9u }, out[3] = { 0u, 0u, 0u }, byte = 0u;

    cf_rx_reset();
    ktest_irq_connect(0u, cf_rx_isr, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);
    KT_ASSERT_EQ(tos_chr_fifo_push_stream(&cf_rx, data, sizeof(data)), 3);
    KT_ASSERT_EQ(tos_chr_fifo_push(&cf_rx, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_pop(&cf_rx, &byte), K_ERR_NONE);
    KT_ASSERT_EQ(tos_chr_fifo_pop_stream(&cf_rx, out, sizeof(out)), 3);
    KT_ASSERT_EQ(tos_chr_fifo_is_empty(&cf_rx), K_TRUE);
    KT_ASSERT_EQ(tos_chr_fifo_is_full(&cf_rx), K_FALSE);
    KT_ASSERT_EQ(tos_chr_fifo_flush(&cf_rx), K_ERR_NONE);
    KT_ASSERT_EQ(cf_rx_runs, 0u);
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(byte, 7u);
    KT_ASSERT_EQ(out[0], 8u);
    KT_ASSERT_EQ(out[2], 10u);
    KT_ASSERT_EQ(cf_rx_runs, 1u);           /* taken as soon as interrupts were unmasked */
    KT_ASSERT_EQ(tos_chr_fifo_pop(&cf_rx, &byte), K_ERR_NONE);
    KT_ASSERT_EQ(byte, cf_byte(0u));
}
