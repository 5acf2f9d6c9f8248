/*
 * Thread-Metric 1, basic processing: one thread and no kernel call at all. Its score shows how
 * fast the CPU (or, on the simulator, the host) runs plain code, the scale by which the other
 * tests' scores are compared between machines.
 *
 * One operation: scramble a small buffer with a key that changes every time, unscramble it,
 * and check that one word came back; the check keeps the work from being optimised away and
 * makes the thread validate itself.
 */
#include "tm_test.h"

#define TM_BASIC_WORDS      128u

static volatile unsigned long tm_basic_counter;
static volatile tm_word_t tm_basic_buffer[TM_BASIC_WORDS];

static void tm_basic_thread(void)
{
    for (unsigned i = 0; i < TM_BASIC_WORDS; i++) {
        tm_basic_buffer[i] = (tm_word_t)i;
    }
    for (;;) {
        tm_word_t key = (tm_word_t)tm_basic_counter * 2654435761u + 1u;
        unsigned probe = (unsigned)(tm_basic_counter % TM_BASIC_WORDS);

        for (unsigned i = 0; i < TM_BASIC_WORDS; i++) {
            tm_basic_buffer[i] = tm_basic_buffer[i] ^ (key + i);
        }
        for (unsigned i = 0; i < TM_BASIC_WORDS; i++) {
            tm_basic_buffer[i] = tm_basic_buffer[i] ^ (key + i);
        }
        TM_CHECK(tm_basic_buffer[probe] == (tm_word_t)probe);
        tm_basic_counter++;
    }
}

static void tm_basic_start(void)
{
    /* the thread never calls the kernel: only an interrupt can take the CPU from it */
    ktest_require_async_preemption();
    TM_CHECK(tm_thread_create(0, 10, tm_basic_thread) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_basic_total(void)
{
    return tm_basic_counter;
}

static void tm_basic_check(void)
{
    /* nothing to compare: the thread checks its own work after every operation */
}

const tm_test_t tm_basic_processing = {
    "basic", "Basic Processing",
    "one scramble + unscramble pass over a 128-word buffer",
    tm_basic_start, tm_basic_total, tm_basic_check,
};
