/*
 * SPRIG_POSIX_NO_NAMES: the layer's sprig_ names only; the standard names stay the C library's
 * in the same file (for code that needs both, such as host-side glue). Compiled WITHOUT
 * components/posix/names and with _GNU_SOURCE.
 */
#define SPRIG_POSIX_NO_NAMES
#include <sprig/posix/posix.h>

#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include "ktest.h"

static void *ret_one(void *arg)
{
    (void)arg;
    return (void *)1;
}

KTEST(names, off_keeps_the_c_library_names)
{
    sprig_pthread_t t;
    void *r;

    /* the C library's, not the layer's */
    KT_ASSERT((void (*)(void))&pthread_create != (void (*)(void))&sprig_pthread_create);
    KT_ASSERT((void (*)(void))&sem_post != (void (*)(void))&sprig_sem_post);
    KT_ASSERT((void (*)(void))&clock_gettime != (void (*)(void))&sprig_clock_gettime);
    KT_ASSERT(sizeof(pthread_mutex_t) != sizeof(sprig_pthread_mutex_t));
    KT_ASSERT_EQ(SPRIG_CLOCK_REALTIME, 0);
    KT_ASSERT_EQ(sprig_pthread_create(&t, NULL, ret_one, NULL), 0);
    KT_ASSERT_EQ(sprig_pthread_join(t, &r), 0);
    KT_ASSERT_EQ((uintptr_t)r, 1u);
}
