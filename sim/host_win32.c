/*
 * The simulator's host-OS layer for Windows (native, or under Wine). See sim/include/sim/host.h.
 *
 * Everything here may be called by the Win32 port's interrupt thread: QueryPerformanceCounter,
 * QueryThreadCycleTime and a raw clock_gettime system call take no lock.
 */
#include "sim/host.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <string.h>

enum {
    CLOCK_NONE = 0,
    CLOCK_CYCLES = 1,       /* QueryThreadCycleTime */
    CLOCK_LINUX = 2,        /* Wine on Linux: the Linux thread CPU-time clock */
};

static volatile uint64_t qpc_frequency;     /* counts per second; constant since boot */

uint64_t sim_host_monotonic_ns(void)
{
    LARGE_INTEGER now;
    uint64_t freq = qpc_frequency;

    if (freq == 0u) {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);      /* cannot fail on XP and later */
        freq = (uint64_t)f.QuadPart;
        qpc_frequency = freq;               /* the same value from every thread: no race */
    }
    QueryPerformanceCounter(&now);
    uint64_t c = (uint64_t)now.QuadPart;
    /* split so that counts * 1e9 cannot overflow for any realistic uptime */
    return c / freq * 1000000000u + c % freq * 1000000000u / freq;
}

const char *sim_host_name(void)
{
    return "win32";
}

/* ---- Wine on Linux: Linux system calls straight from the program (x86-64 Linux ABI) ---- */

#if defined(__x86_64__)
#define LINUX_SYS_CLOCK_GETTIME     228
#define LINUX_SYS_GETTID            186

struct linux_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

static int64_t linux_syscall2(int64_t nr, int64_t a, int64_t b)
{
    int64_t r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return r;
}

/* Whether this is Wine running on a Linux kernel (where the calls above are the kernel's). */
static int wine_on_linux(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    void (*host_version)(const char **, const char **) = NULL;
    const char *sysname = NULL, *release = NULL;

    if (!ntdll) {
        return 0;
    }
    FARPROC p = GetProcAddress(ntdll, "wine_get_host_version");
    memcpy(&host_version, &p, sizeof host_version);
    if (!host_version) {
        return 0;
    }
    host_version(&sysname, &release);
    return sysname && strcmp(sysname, "Linux") == 0;
}

static int linux_thread_clock(sim_host_thread_clock_t *c)
{
    struct linux_timespec a, b;
    int64_t tid = linux_syscall2(LINUX_SYS_GETTID, 0, 0);
    if (tid <= 0 || tid > 0x3fffffff) {
        return -1;
    }
    /* the kernel's per-thread CPU clock id: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED) */
    c->id = (int64_t)((~(uint64_t)tid << 3) | 6u);
    if (linux_syscall2(LINUX_SYS_CLOCK_GETTIME, c->id, (int64_t)(intptr_t)&a) != 0) {
        return -1;
    }
    for (volatile int i = 0; i < 100000; i++) {
    }
    if (linux_syscall2(LINUX_SYS_CLOCK_GETTIME, c->id, (int64_t)(intptr_t)&b) != 0 ||
        b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec <= a.tv_nsec)) {
        return -1;                          /* not a clock that moves with our work */
    }
    c->kind = CLOCK_LINUX;
    return 0;
}
#endif

/* ---- Windows: the thread's cycle count, scaled against the performance counter ---- */

static int cycle_clock(sim_host_thread_clock_t *c)
{
    HANDLE self;
    ULONG64 c0, c1;
    double best = 0.0;

    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self,
                         THREAD_QUERY_LIMITED_INFORMATION, FALSE, 0)) {
        return -1;
    }
    if (!QueryThreadCycleTime(self, &c0) || c0 == 0u) {
        CloseHandle(self);
        return -1;
    }
    /* the fastest of three spins is the one least disturbed by preemption */
    for (int i = 0; i < 3; i++) {
        uint64_t t0 = sim_host_monotonic_ns(), t1;
        QueryThreadCycleTime(self, &c0);
        do {
            t1 = sim_host_monotonic_ns();
        } while (t1 - t0 < 1000000u);
        QueryThreadCycleTime(self, &c1);
        double per_ns = (double)(c1 - c0) / (double)(t1 - t0);
        if (per_ns > best) {
            best = per_ns;
        }
    }
    if (best < 0.05) {                      /* not a cycle counter of at least 50 MHz */
        CloseHandle(self);
        return -1;
    }
    c->handle = self;
    c->scale = 1.0 / best;
    c->kind = CLOCK_CYCLES;
    return 0;
}

int sim_host_thread_clock_init(sim_host_thread_clock_t *c)
{
    c->kind = CLOCK_NONE;
    c->id = 0;
    c->handle = NULL;
    c->scale = 1.0;
#if defined(__x86_64__)
    if (wine_on_linux()) {
        return linux_thread_clock(c);
    }
#endif
    return cycle_clock(c);
}

uint64_t sim_host_thread_clock_ns(const sim_host_thread_clock_t *c)
{
    switch (c->kind) {
#if defined(__x86_64__)
    case CLOCK_LINUX: {
        struct linux_timespec ts;
        if (linux_syscall2(LINUX_SYS_CLOCK_GETTIME, c->id, (int64_t)(intptr_t)&ts) != 0) {
            return 0u;
        }
        return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
#endif
    case CLOCK_CYCLES: {
        ULONG64 cycles;
        if (!QueryThreadCycleTime(c->handle, &cycles)) {
            return 0u;
        }
        return (uint64_t)((double)cycles * c->scale);
    }
    default:
        return 0u;
    }
}
