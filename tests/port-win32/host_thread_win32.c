/*
 * host_thread.h on Windows: a plain Win32 thread (CreateThread: no C runtime on it).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "host_thread.h"

static struct {
    HANDLE    handle;
    void    (*fn)(void *);
    void     *arg;
} thread;

static DWORD WINAPI thread_main(LPVOID unused)
{
    (void)unused;
    thread.fn(thread.arg);
    return 0;
}

bool host_thread_start(void (*fn)(void *), void *arg)
{
    thread.fn = fn;
    thread.arg = arg;
    thread.handle = CreateThread(NULL, 0, thread_main, NULL, 0, NULL);
    return thread.handle != NULL;
}

void host_thread_join(void)
{
    WaitForSingleObject(thread.handle, INFINITE);
    CloseHandle(thread.handle);
}

void host_thread_yield(void)
{
    SwitchToThread();
}
