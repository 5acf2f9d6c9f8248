/*
 * Lock-free SPSC byte ring. See sim/include/sim/spsc.h.
 *
 * head and tail count bytes since the ring was set up (they wrap at SIZE_MAX, which the
 * unsigned subtraction head - tail tolerates); the slot of a count is count & mask.
 */
#include "sim/spsc.h"

#include <string.h>

int sim_spsc_init(sim_spsc_t *r, void *storage, size_t capacity)
{
    if (!r || !storage || capacity < 2u || (capacity & (capacity - 1u)) != 0u) {
        return -1;
    }
    r->buf = storage;
    r->mask = capacity - 1u;
    __atomic_store_n(&r->head, 0u, __ATOMIC_RELAXED);
    __atomic_store_n(&r->tail, 0u, __ATOMIC_RELAXED);
    return 0;
}

void sim_spsc_clear(sim_spsc_t *r)
{
    __atomic_store_n(&r->head, 0u, __ATOMIC_SEQ_CST);
    __atomic_store_n(&r->tail, 0u, __ATOMIC_SEQ_CST);
}

size_t sim_spsc_used(const sim_spsc_t *r)
{
    size_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
    size_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    return head - tail;
}

size_t sim_spsc_free(const sim_spsc_t *r)
{
    return sim_spsc_capacity(r) - sim_spsc_used(r);
}

uint8_t *sim_spsc_write_region(sim_spsc_t *r, size_t *len)
{
    size_t head = __atomic_load_n(&r->head, __ATOMIC_RELAXED);     /* ours */
    size_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
    size_t free_bytes = sim_spsc_capacity(r) - (head - tail);
    size_t at = head & r->mask;
    size_t to_end = sim_spsc_capacity(r) - at;
    *len = free_bytes < to_end ? free_bytes : to_end;
    return r->buf + at;
}

void sim_spsc_commit(sim_spsc_t *r, size_t n)
{
    size_t head = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
    __atomic_store_n(&r->head, head + n, __ATOMIC_RELEASE);
}

const uint8_t *sim_spsc_read_region(sim_spsc_t *r, size_t *len)
{
    size_t tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);     /* ours */
    size_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    size_t used = head - tail;
    size_t at = tail & r->mask;
    size_t to_end = sim_spsc_capacity(r) - at;
    *len = used < to_end ? used : to_end;
    return r->buf + at;
}

void sim_spsc_consume(sim_spsc_t *r, size_t n)
{
    size_t tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
    __atomic_store_n(&r->tail, tail + n, __ATOMIC_RELEASE);
}

size_t sim_spsc_push(sim_spsc_t *r, const void *data, size_t n)
{
    const uint8_t *src = data;
    size_t done = 0u;
    /* at most two pieces: up to the end of the buffer, then from its start */
    for (int piece = 0; piece < 2 && done < n; piece++) {
        size_t len;
        uint8_t *dst = sim_spsc_write_region(r, &len);
        if (len == 0u) {
            break;
        }
        if (len > n - done) {
            len = n - done;
        }
        memcpy(dst, src + done, len);
        sim_spsc_commit(r, len);
        done += len;
    }
    return done;
}

size_t sim_spsc_pop(sim_spsc_t *r, void *out, size_t n)
{
    uint8_t *dst = out;
    size_t done = 0u;
    for (int piece = 0; piece < 2 && done < n; piece++) {
        size_t len;
        const uint8_t *src = sim_spsc_read_region(r, &len);
        if (len == 0u) {
            break;
        }
        if (len > n - done) {
            len = n - done;
        }
        memcpy(dst + done, src, len);
        sim_spsc_consume(r, len);
        done += len;
    }
    return done;
}
