/*
 * The name mechanism, the layer first: this file is compiled WITHOUT components/posix/names and
 * with _GNU_SOURCE. <sprig/posix/posix.h> comes first (its prelude reads the C library's
 * headers before defining any name); the C library's headers included afterwards are no-ops
 * or declare nothing the layer renames in a conflicting way.
 */
#include <sprig/posix/posix.h>

#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include "ktest.h"

static void tick(union sigval v)
{
    (*(volatile int *)v.sival_ptr)++;
}

KTEST(names, layer_before_the_c_library)
{
    static volatile int fired;
    struct sigevent ev;
    struct itimerspec its = { { 0, 0 }, { 0, 2000000L } };
    timer_t tm;
    mqd_t q;
    struct mq_attr a = { 0, 2, 8, 0 };
    char buf[8];

    KT_ASSERT((void (*)(void))&pthread_join == (void (*)(void))&sprig_pthread_join);
    KT_ASSERT((void (*)(void))&mq_send == (void (*)(void))&sprig_mq_send);
    KT_ASSERT((void (*)(void))&nanosleep == (void (*)(void))&sprig_nanosleep);
    KT_ASSERT_EQ(sizeof(mqd_t), sizeof(sprig_mqd_t));
    KT_ASSERT_EQ(sizeof(struct mq_attr), sizeof(struct sprig_mq_attr));
    KT_ASSERT_EQ(sizeof(struct itimerspec), sizeof(struct sprig_itimerspec));
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = tick;
    ev.sigev_value.sival_ptr = (void *)&fired;
    fired = 0;
    KT_ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &ev, &tm), 0);
    KT_ASSERT_EQ(timer_settime(tm, 0, &its, NULL), 0);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(fired, 1);
    KT_ASSERT_EQ(timer_delete(tm), 0);
    q = mq_open("/names", O_RDWR | O_CREAT, 0600, &a);
    KT_ASSERT(q != (mqd_t)-1);
    KT_ASSERT_EQ(mq_send(q, "hi", 3u, 1u), 0);
    KT_ASSERT_EQ(mq_receive(q, buf, sizeof buf, NULL), 3);
    KT_ASSERT_EQ(mq_close(q), 0);
}
