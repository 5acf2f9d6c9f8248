/*
 * Thread-Metric 8, memory allocation: one thread allocates a 128-byte block from a pool,
 * writes it and gives it back. One operation: one allocate + deallocate.
 *
 * Validity: both must succeed every time, and the block must be writable at both ends.
 */
#include "tm_test.h"

static volatile unsigned long tm_mem_counter;

static void tm_mem_thread(void)
{
    for (;;) {
        unsigned char *block = NULL;

        TM_CHECK(tm_memory_pool_allocate(0, &block) == TM_SUCCESS);
        TM_CHECK(block != NULL);
        block[0] = (unsigned char)tm_mem_counter;
        block[TM_BLOCK_SIZE - 1u] = (unsigned char)~tm_mem_counter;
        TM_CHECK(tm_memory_pool_deallocate(0, block) == TM_SUCCESS);
        tm_mem_counter++;
    }
}

static void tm_mem_start(void)
{
    TM_CHECK(tm_memory_pool_create(0) == TM_SUCCESS);
    TM_CHECK(tm_thread_create(0, 10, tm_mem_thread) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_mem_total(void)
{
    return tm_mem_counter;
}

static void tm_mem_check(void)
{
    /* the thread checks every allocation and release */
}

const tm_test_t tm_memory_allocation = {
    "memory", "Memory Allocation",
    "one 128-byte block allocate + deallocate",
    tm_mem_start, tm_mem_total, tm_mem_check,
};
