/*
 * Sprig simulator: a lock-free single-producer single-consumer byte ring.
 *
 * The one structure host threads and the simulated CPU exchange data through (the host I/O
 * thread fills a device's receive ring and drains its transmit ring; the CPU does the other
 * end). One thread may push and one other thread may pop at the same time without locks: the
 * producer owns `head`, the consumer owns `tail`, and each publishes its index with a release
 * store that the other side reads with an acquire load, so the bytes are visible before the
 * index that covers them.
 *
 * The storage is the caller's (a power-of-two number of bytes), so nothing here allocates:
 * the ring can be used from threads that must not call the host allocator.
 */
#ifndef SIM_SPSC_H
#define SIM_SPSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* head and tail are only accessed atomically (GCC __atomic built-ins in spsc.c, so the header
   is plain C for C++ users too). */
typedef struct {
    uint8_t *buf;
    size_t   mask;          /* capacity - 1 */
    size_t   head;          /* total bytes ever pushed (producer) */
    size_t   tail;          /* total bytes ever popped (consumer) */
} sim_spsc_t;

/* `storage` holds `capacity` bytes, a power of two >= 2. Returns 0, or -1 for a bad capacity. */
int    sim_spsc_init(sim_spsc_t *r, void *storage, size_t capacity);

/* Producer side. Copies up to `n` bytes in; returns how many fitted. */
size_t sim_spsc_push(sim_spsc_t *r, const void *data, size_t n);
/* Zero-copy: the contiguous free region at the head (its length in *len, possibly 0), then
   sim_spsc_commit() the bytes written there. */
uint8_t *sim_spsc_write_region(sim_spsc_t *r, size_t *len);
void   sim_spsc_commit(sim_spsc_t *r, size_t n);

/* Consumer side. Copies up to `n` bytes out; returns how many there were. */
size_t sim_spsc_pop(sim_spsc_t *r, void *out, size_t n);
/* Zero-copy: the contiguous filled region at the tail, then sim_spsc_consume(). */
const uint8_t *sim_spsc_read_region(sim_spsc_t *r, size_t *len);
void   sim_spsc_consume(sim_spsc_t *r, size_t n);

/* Either side (a snapshot: the other side may change it meanwhile). */
size_t sim_spsc_used(const sim_spsc_t *r);
size_t sim_spsc_free(const sim_spsc_t *r);
static inline size_t sim_spsc_capacity(const sim_spsc_t *r) { return r->mask + 1u; }

/* Empty the ring. Only while neither side is in use. */
void   sim_spsc_clear(sim_spsc_t *r);

#ifdef __cplusplus
}
#endif

#endif /* SIM_SPSC_H */
