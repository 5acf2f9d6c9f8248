/*
 * posix_demo: a POSIX program run as a Sprig simulator binary (sprig_add_posix_app). It is
 * written against the standard headers only; the binary also contains the simulator's board
 * main() and host threads, which keep using the C library's pthreads and clocks.
 *
 * A producer thread sends three messages of rising priority to a message queue, a consumer
 * thread prints them as they arrive, a SIGEV_THREAD timer ticks every 250 ms, and the app's
 * task waits on a semaphore until the consumer is done.
 *
 *   ./posix_demo --stop-at=2s
 */
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tos_k.h"

static mqd_t queue;
static sem_t done;

static void say(const char *what, const char *detail, unsigned n)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("[%ld.%03ld] %s %s %u\n", (long)now.tv_sec, now.tv_nsec / 1000000L, what, detail, n);
}

static void *producer(void *arg)
{
    static const char *const words[] = { "one", "two", "three" };
    struct timespec pause = { 0, 300000000L };

    (void)arg;
    for (unsigned i = 0; i < 3u; i++) {
        nanosleep(&pause, NULL);
        mq_send(queue, words[i], strlen(words[i]) + 1u, i + 1u);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    char msg[32];
    unsigned prio;

    (void)arg;
    for (unsigned i = 0; i < 3u; i++) {
        if (mq_receive(queue, msg, sizeof msg, &prio) > 0) {
            say("consumer got", msg, prio);
        }
    }
    sem_post(&done);
    return NULL;
}

static void tick(union sigval v)
{
    say("timer", "tick", (unsigned)++*(int *)v.sival_ptr);
}

void application_entry(void *arg)
{
    struct mq_attr attr = { 0, 4, 32, 0 };
    struct itimerspec period = { { 0, 250000000L }, { 0, 250000000L } };
    struct sigevent ev;
    static int ticks;
    pthread_t p, c;
    timer_t timer;

    (void)arg;
    queue = mq_open("/demo", O_RDWR | O_CREAT, 0600, &attr);
    sem_init(&done, 0, 0u);
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = tick;
    ev.sigev_value.sival_ptr = &ticks;
    timer_create(CLOCK_MONOTONIC, &ev, &timer);
    timer_settime(timer, 0, &period, NULL);
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    sem_wait(&done);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    timer_delete(timer);
    mq_close(queue);
    mq_unlink("/demo");
    say("posix demo", "done, timer ticks:", (unsigned)ticks);
}
