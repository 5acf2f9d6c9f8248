/*
 * hello: the smallest useful Sprig app. A producer task samples a (pretend) sensor every
 * 500 ms and queues the readings; a consumer task prints them; a software timer prints a
 * heartbeat every second. The same source builds for the simulator and for a board.
 *
 *   ./hello --stop-at=5s
 */
#include <stdio.h>

#include "tos_k.h"

#define STK_SIZE    2048u

static k_task_t  producer_task;
static k_task_t  consumer_task;
static k_stack_t producer_stk[STK_SIZE];
static k_stack_t consumer_stk[STK_SIZE];
static k_msg_q_t readings;
static void     *readings_pool[8];
static k_timer_t heartbeat;

/* One line per event, stamped with the kernel's uptime. */
static void say(const char *who, const char *what, unsigned long value)
{
    k_time_t ms = tos_tick2millisec(tos_systick_get());
    printf("[%6lu.%03lu] %-9s %s %lu\n", (unsigned long)(ms / 1000u),
           (unsigned long)(ms % 1000u), who, what, value);
}

static void producer_entry(void *arg)
{
    unsigned long sample = 20u;     /* a temperature that drifts up and down */
    int step = 1;

    (void)arg;
    for (;;) {
        tos_sleep_ms(500u);
        sample = (unsigned long)((long)sample + step);
        if (sample == 25u || sample == 18u) {
            step = -step;
        }
        if (tos_msg_q_post(&readings, (void *)(uintptr_t)sample) != K_ERR_NONE) {
            say("producer", "queue full, dropped reading", sample);
        }
    }
}

static void consumer_entry(void *arg)
{
    void *msg;

    (void)arg;
    while (tos_msg_q_pend(&readings, &msg, TOS_TIME_FOREVER) == K_ERR_NONE) {
        say("consumer", "temperature (C):", (unsigned long)(uintptr_t)msg);
    }
}

static void heartbeat_cb(void *arg)
{
    k_mmheap_info_t heap;

    (void)arg;
    tos_mmheap_check(&heap);
    say("timer", "heartbeat, free heap bytes:", (unsigned long)heap.free);
}

void application_entry(void *arg)
{
    (void)arg;
    printf("hello from Sprig %d.%d.%d (TencentOS Tiny API %s)\n", SPRIG_VERSION_MAJOR,
           SPRIG_VERSION_MINOR, SPRIG_VERSION_PATCH, TOS_VERSION);

    tos_msg_q_create(&readings, readings_pool, TOS_COUNT_OF(readings_pool));
    tos_task_create(&consumer_task, "consumer", consumer_entry, K_NULL, 3u, consumer_stk,
                    sizeof consumer_stk, 0u);
    tos_task_create(&producer_task, "producer", producer_entry, K_NULL, 5u, producer_stk,
                    sizeof producer_stk, 0u);
    tos_timer_create(&heartbeat, 1000u, 1000u, heartbeat_cb, K_NULL, TOS_OPT_TIMER_PERIODIC);
    tos_timer_start(&heartbeat);
    /* returning ends this task; the others carry on */
}
