/*
 * host_thread.h on POSIX: a pthread that blocks the CPU's interrupt signal.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include "host_thread.h"

static struct {
    pthread_t id;
    void    (*fn)(void *);
    void     *arg;
} thread;

static void *thread_main(void *unused)
{
    sigset_t set;

    (void)unused;
    sigemptyset(&set);
    sigaddset(&set, SIGURG);
    pthread_sigmask(SIG_BLOCK, &set, NULL);     /* only the CPU thread takes interrupts */
    thread.fn(thread.arg);
    return NULL;
}

bool host_thread_start(void (*fn)(void *), void *arg)
{
    thread.fn = fn;
    thread.arg = arg;
    return pthread_create(&thread.id, NULL, thread_main, NULL) == 0;
}

void host_thread_join(void)
{
    pthread_join(thread.id, NULL);
}

void host_thread_yield(void)
{
    sched_yield();
}
