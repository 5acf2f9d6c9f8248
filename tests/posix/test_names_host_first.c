/*
 * The name mechanism, C library headers first: this file is compiled WITHOUT
 * components/posix/names and with _GNU_SOURCE (every declaration of the C library visible), so
 * the headers below are the C library's; the layer's <sprig/posix/posix.h> comes after them.
 * Both compile in one file, and the standard names then mean the layer.
 */
#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sprig/posix/posix.h>

#include "ktest.h"

static void *twice(void *arg)
{
    return (void *)((uintptr_t)arg * 2u);
}

KTEST(names, layer_after_the_c_library)
{
    pthread_t t;
    void *r;
    sem_t s;
    struct timespec ts;
    struct sigevent ev;
    struct sched_param sp;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

    /* the names are the layer's */
    KT_ASSERT((void (*)(void))&pthread_create == (void (*)(void))&sprig_pthread_create);
    KT_ASSERT((void (*)(void))&sem_post == (void (*)(void))&sprig_sem_post);
    KT_ASSERT((void (*)(void))&mq_open == (void (*)(void))&sprig_mq_open);
    KT_ASSERT((void (*)(void))&clock_gettime == (void (*)(void))&sprig_clock_gettime);
    KT_ASSERT((void (*)(void))&timer_create == (void (*)(void))&sprig_timer_create);
    KT_ASSERT_EQ(sizeof t, sizeof(sprig_pthread_t));
    KT_ASSERT_EQ(sizeof m, sizeof(sprig_pthread_mutex_t));
    KT_ASSERT_EQ(sizeof ev, sizeof(struct sprig_sigevent));
    KT_ASSERT_EQ(sizeof sp, sizeof(struct sprig_sched_param));
    KT_ASSERT_EQ(CLOCK_MONOTONIC, SPRIG_CLOCK_MONOTONIC);
    KT_ASSERT_EQ(SIGEV_THREAD, SPRIG_SIGEV_THREAD);
    /* and they work */
    KT_ASSERT_EQ(pthread_create(&t, NULL, twice, (void *)21), 0);
    KT_ASSERT_EQ(pthread_join(t, &r), 0);
    KT_ASSERT_EQ((uintptr_t)r, 42u);
    KT_ASSERT_EQ(sem_init(&s, 0, 1u), 0);
    KT_ASSERT_EQ(sem_wait(&s), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m), 0);
    KT_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
    KT_ASSERT_EQ(ts.tv_sec, 0);
    KT_ASSERT_EQ(ts.tv_nsec, 0L);           /* the kernel's clock, at its start */
}
