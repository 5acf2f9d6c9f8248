/*
 * Builds without libuv (cross builds whose target has no libuv): no host I/O thread. Channels
 * that need one (pty, tcp) are refused when opened, and a stdin that is a terminal or pipe is
 * not read; files, stdout, loopback and stimulus scripts work as usual. See sim/ioloop.h.
 */
#include "ioloop_internal.h"

bool sim_io_thread_supported(void)
{
    return false;
}

int sim_io_thread_start(char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    return 0;
}

bool sim_io_thread_running(void)
{
    return false;
}

void sim_io_thread_wake(void)
{
}

void sim_io_thread_stop(void)
{
}
