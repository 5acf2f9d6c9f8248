/* Footprint, typical: a sensor task posts readings to a consumer through a message queue, a
   mutex guards shared state, an event flags a button, a timer ticks a heartbeat, and the
   consumer allocates from the heap. */
#include "tos_k.h"

static k_task_t  sensor_task, consumer_task;
static k_stack_t sensor_stk[512], consumer_stk[512];
static k_msg_q_t readings;
static void     *readings_pool[8];
static k_mutex_t lock;
static k_event_t button;
static k_timer_t heartbeat;
static volatile unsigned shared, beats;

static void heartbeat_cb(void *arg)
{
    (void)arg;
    beats++;
    tos_event_post(&button, 1u);
}

static void sensor(void *arg)
{
    uintptr_t v = 0;
    (void)arg;
    for (;;) {
        tos_task_delay(100u);
        tos_mutex_pend(&lock);
        shared++;
        tos_mutex_post(&lock);
        tos_msg_q_post(&readings, (void *)++v);
    }
}

static void consumer(void *arg)
{
    void *msg;
    k_event_flag_t got;
    (void)arg;
    for (;;) {
        if (tos_msg_q_pend(&readings, &msg, 500u) == K_ERR_NONE) {
            void *p = tos_mmheap_alloc(32u);
            tos_mmheap_free(p);
        }
        tos_event_pend(&button, 1u, &got, TOS_TIME_NOWAIT, TOS_OPT_EVENT_PEND_ANY | TOS_OPT_EVENT_PEND_CLR);
    }
}

void application_entry(void *arg)
{
    (void)arg;
    tos_mutex_create(&lock);
    tos_event_create(&button, 0u);
    tos_msg_q_create(&readings, readings_pool, TOS_COUNT_OF(readings_pool));
    tos_timer_create(&heartbeat, 1000u, 1000u, heartbeat_cb, K_NULL, TOS_OPT_TIMER_PERIODIC);
    tos_timer_start(&heartbeat);
    tos_task_create(&consumer_task, "consumer", consumer, K_NULL, 3u, consumer_stk,
                    sizeof consumer_stk, 0u);
    tos_task_create(&sensor_task, "sensor", sensor, K_NULL, 4u, sensor_stk, sizeof sensor_stk, 0u);
}
