/*
 * Thread-Metric 7, synchronization processing: one thread takes a semaphore's token and puts
 * it back. One operation: one get + put.
 *
 * Validity: both must succeed every time (the token is always there to take).
 */
#include "tm_test.h"

static volatile unsigned long tm_sync_counter;

static void tm_sync_thread(void)
{
    for (;;) {
        TM_CHECK(tm_semaphore_get(0) == TM_SUCCESS);
        TM_CHECK(tm_semaphore_put(0) == TM_SUCCESS);
        tm_sync_counter++;
    }
}

static void tm_sync_start(void)
{
    TM_CHECK(tm_semaphore_create(0) == TM_SUCCESS);
    TM_CHECK(tm_thread_create(0, 10, tm_sync_thread) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_sync_total(void)
{
    return tm_sync_counter;
}

static void tm_sync_check(void)
{
    /* the thread checks every get and put */
}

const tm_test_t tm_synchronization_processing = {
    "synchronization", "Synchronization Processing",
    "one semaphore get + put",
    tm_sync_start, tm_sync_total, tm_sync_check,
};
