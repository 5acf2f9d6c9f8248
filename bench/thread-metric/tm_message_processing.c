/*
 * Thread-Metric 6, message processing: one thread sends a message of four machine words to a
 * queue and receives it back. One operation: one send + receive.
 *
 * Validity: the message received must be the one sent, word for word; every message differs
 * from the last in its first word (the count), so a queue that handed back stale data would
 * be seen.
 */
#include "tm_test.h"

static volatile unsigned long tm_msg_counter;

static void tm_msg_thread(void)
{
    tm_word_t sent[TM_MESSAGE_WORDS] = { 0u, 0x11112222u, 0x33334444u, 0x55556666u };
    tm_word_t received[TM_MESSAGE_WORDS];

    for (;;) {
        sent[0] = (tm_word_t)tm_msg_counter;
        TM_CHECK(tm_queue_send(0, sent) == TM_SUCCESS);
        TM_CHECK(tm_queue_receive(0, received) == TM_SUCCESS);
        for (unsigned i = 0; i < TM_MESSAGE_WORDS; i++) {
            TM_CHECK(received[i] == sent[i]);
        }
        tm_msg_counter++;
    }
}

static void tm_msg_start(void)
{
    TM_CHECK(tm_queue_create(0) == TM_SUCCESS);
    TM_CHECK(tm_thread_create(0, 10, tm_msg_thread) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_msg_total(void)
{
    return tm_msg_counter;
}

static void tm_msg_check(void)
{
    /* the thread compares every message it receives */
}

const tm_test_t tm_message_processing = {
    "message", "Message Processing",
    "one send + receive of a 4-word message (16 bytes on 32-bit, 32 on 64-bit)",
    tm_msg_start, tm_msg_total, tm_msg_check,
};
