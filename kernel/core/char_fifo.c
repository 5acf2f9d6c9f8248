/*
 * Character FIFO: a ring queue of 1-byte items (see tos_char_fifo.h).
 *
 * Single-byte calls go through the ring queue API, which does its own locking. The stream calls
 * move the whole run in one critical section with at most two memcpy()s (before and after the
 * wrap point), so a stream pushed from an ISR is never interleaved with another one and a task
 * draining the fifo sees it whole or not at all.
 */
#include "tos_k.h"

/* Stream calls report their count as an int: never move more than INT_MAX bytes in one call. */
#define CHR_FIFO_STREAM_MAX     ((size_t)(~0u >> 1))

/* The fifo's ring queue when the fifo (and its ring queue) is valid; NULL otherwise. */
__STATIC__ k_ring_q_t *chr_fifo_ring_q(k_chr_fifo_t *chr_fifo)
{
    if (chr_fifo == K_NULL) {
        return K_NULL;
    }
    if (!knl_object_verify(&chr_fifo->knl_obj, KNL_OBJ_TYPE_CHAR_FIFO) ||
        !knl_object_verify(&chr_fifo->ring_q.knl_obj, KNL_OBJ_TYPE_RING_QUEUE)) {
        return K_NULL;
    }
    return &chr_fifo->ring_q;
}

__API__ k_err_t tos_chr_fifo_create(k_chr_fifo_t *chr_fifo, void *buffer, size_t size)
{
    k_err_t err;

    TOS_PTR_SANITY_CHECK(chr_fifo);

    err = tos_ring_q_create(&chr_fifo->ring_q, buffer, size, sizeof(uint8_t));
    if (err != K_ERR_NONE) {
        return err;
    }

    TOS_OBJ_INIT(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);

    return K_ERR_NONE;
}

__API__ k_err_t tos_chr_fifo_destroy(k_chr_fifo_t *chr_fifo)
{
    k_err_t err;

    TOS_OBJ_CHECK(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);
    TOS_OBJ_STATIC_CHECK(chr_fifo);

    err = tos_ring_q_destroy(&chr_fifo->ring_q);
    if (err != K_ERR_NONE) {
        return err;
    }

    TOS_OBJ_DEINIT(chr_fifo);

    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u

__API__ k_err_t tos_chr_fifo_create_dyn(k_chr_fifo_t *chr_fifo, size_t fifo_size)
{
    k_err_t err;

    TOS_PTR_SANITY_CHECK(chr_fifo);

    err = tos_ring_q_create_dyn(&chr_fifo->ring_q, fifo_size, sizeof(uint8_t));
    if (err != K_ERR_NONE) {
        return err;
    }

    knl_object_init(&chr_fifo->knl_obj, KNL_OBJ_TYPE_CHAR_FIFO, KNL_OBJ_ALLOC_TYPE_DYNAMIC);

    return K_ERR_NONE;
}

__API__ k_err_t tos_chr_fifo_destroy_dyn(k_chr_fifo_t *chr_fifo)
{
    k_err_t err;

    TOS_OBJ_CHECK(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);
    TOS_OBJ_DYNAMIC_CHECK(chr_fifo);

    err = tos_ring_q_destroy_dyn(&chr_fifo->ring_q);
    if (err != K_ERR_NONE) {
        return err;
    }

    TOS_OBJ_DEINIT(chr_fifo);

    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN */

__API__ k_err_t tos_chr_fifo_push(k_chr_fifo_t *chr_fifo, uint8_t data)
{
    TOS_OBJ_CHECK(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);

    return tos_ring_q_enqueue(&chr_fifo->ring_q, &data, sizeof(uint8_t));
}

__API__ int tos_chr_fifo_push_stream(k_chr_fifo_t *chr_fifo, uint8_t *stream, size_t size)
{
    TOS_CPU_CPSR_ALLOC();
    k_ring_q_t *ring_q;
    size_t cnt, first;

    ring_q = chr_fifo_ring_q(chr_fifo);
    if (ring_q == K_NULL || stream == K_NULL) {
        return 0;
    }
    size = TOS_MIN(size, CHR_FIFO_STREAM_MAX);

    TOS_CPU_INT_DISABLE();

    cnt   = TOS_MIN(size, ring_q->item_cnt - ring_q->total);
    first = TOS_MIN(cnt, ring_q->item_cnt - ring_q->tail);     /* up to the end of the pool */

    memcpy(&ring_q->pool[ring_q->tail], stream, first);
    memcpy(&ring_q->pool[0], &stream[first], cnt - first);     /* the rest wraps to the start */

    ring_q->tail += cnt;
    if (ring_q->tail >= ring_q->item_cnt) {
        ring_q->tail -= ring_q->item_cnt;
    }
    ring_q->total += cnt;

    TOS_CPU_INT_ENABLE();

    return (int)cnt;
}

__API__ k_err_t tos_chr_fifo_pop(k_chr_fifo_t *chr_fifo, uint8_t *out)
{
    TOS_OBJ_CHECK(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);

    return tos_ring_q_dequeue(&chr_fifo->ring_q, out, K_NULL);
}

__API__ int tos_chr_fifo_pop_stream(k_chr_fifo_t *chr_fifo, uint8_t *buffer, size_t size)
{
    TOS_CPU_CPSR_ALLOC();
    k_ring_q_t *ring_q;
    size_t cnt, first;

    ring_q = chr_fifo_ring_q(chr_fifo);
    if (ring_q == K_NULL || buffer == K_NULL) {
        return 0;
    }
    size = TOS_MIN(size, CHR_FIFO_STREAM_MAX);

    TOS_CPU_INT_DISABLE();

    cnt   = TOS_MIN(size, ring_q->total);
    first = TOS_MIN(cnt, ring_q->item_cnt - ring_q->head);     /* up to the end of the pool */

    memcpy(buffer, &ring_q->pool[ring_q->head], first);
    memcpy(&buffer[first], &ring_q->pool[0], cnt - first);     /* the rest from the start */

    ring_q->head += cnt;
    if (ring_q->head >= ring_q->item_cnt) {
        ring_q->head -= ring_q->item_cnt;
    }
    ring_q->total -= cnt;

    TOS_CPU_INT_ENABLE();

    return (int)cnt;
}

__API__ k_err_t tos_chr_fifo_flush(k_chr_fifo_t *chr_fifo)
{
    TOS_OBJ_CHECK(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO);

    return tos_ring_q_flush(&chr_fifo->ring_q);
}

__API__ int tos_chr_fifo_is_empty(k_chr_fifo_t *chr_fifo)
{
    TOS_OBJ_CHECK_RC(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO, K_FALSE);

    return tos_ring_q_is_empty(&chr_fifo->ring_q);
}

__API__ int tos_chr_fifo_is_full(k_chr_fifo_t *chr_fifo)
{
    TOS_OBJ_CHECK_RC(chr_fifo, KNL_OBJ_TYPE_CHAR_FIFO, K_FALSE);

    return tos_ring_q_is_full(&chr_fifo->ring_q);
}
