/*
 * The simulator's host-OS layer for POSIX hosts. See sim/include/sim/host.h.
 */
#include "sim/host.h"

#include <pthread.h>
#include <time.h>

uint64_t sim_host_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *sim_host_name(void)
{
    return "posix";
}

int sim_host_thread_clock_init(sim_host_thread_clock_t *c)
{
    clockid_t id;

    c->kind = 0;
    c->handle = NULL;
    c->scale = 1.0;
    if (pthread_getcpuclockid(pthread_self(), &id) != 0) {
        return -1;
    }
    c->id = (int64_t)id;
    c->kind = 1;
    return 0;
}

uint64_t sim_host_thread_clock_ns(const sim_host_thread_clock_t *c)
{
    struct timespec ts;

    if (c->kind != 1 || clock_gettime((clockid_t)c->id, &ts) != 0) {
        return 0u;
    }
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
