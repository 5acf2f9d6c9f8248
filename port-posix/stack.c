/*
 * Task stacks on the host: each task runs on its own mapping, the size the app asked for plus
 * PORT_HOST_STACK_HEADROOM for host library frames, with an inaccessible guard region below so
 * an overflow faults at the offending instruction. The fault handler names the task.
 *
 * Stack use is measured by scanning for the lowest byte ever written: mappings start zeroed
 * (and are zeroed again with MADV_DONTNEED when recycled), so no fill pattern is needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tos_k.h"

#include "arch.h"
#include "cpu.h"
#include "fault_report.h"
#include "fiber.h"
#include "stack.h"
#include "stack_list.h"

#ifdef SPRIG_ASAN
#include <sanitizer/asan_interface.h>
#endif

#if defined(__has_include)
#  if __has_include(<valgrind/valgrind.h>)
#    include <valgrind/valgrind.h>
#    define SPRIG_HAVE_VALGRIND 1
#  endif
#endif

/* The top of a fresh stack is touched while mapping it, so the page faults of a task's first
   run are host work rather than busy time of the simulated CPU. */
#define PREFAULT_SIZE       (32u * 1024u)
/* Large enough that a big frame cannot jump over it into the next mapping. */
#define GUARD_SIZE          (64u * 1024u)
#define IRQ_STACK_SIZE      (256u * 1024u)
#define STACK_CACHE_MAX     32u

struct port_stack {
    stack_node_t        node;           /* first: the lists (stack_list.h); .next links the cache */
    uint8_t            *map;
    size_t              map_size;
    uint8_t            *lo;             /* lowest usable byte (just above the guard) */
    uint8_t            *hi;             /* one past the highest usable byte */
    unsigned            vg_id;
};

static struct {
    struct port_stack  *cache;          /* unmapped stacks kept for reuse, by node.next */
    unsigned            cached;
    struct port_stack  *irq;
    size_t              page;
} stk;

static size_t page_size(void)
{
    if (!stk.page) {
        stk.page = (size_t)sysconf(_SC_PAGESIZE);
    }
    return stk.page;
}

static struct port_stack *stack_map(size_t usable)
{
    size_t page = page_size();
    size_t size = (usable + page - 1u) / page * page;
    size_t map_size = size + GUARD_SIZE;
    struct port_stack **pp;
    struct port_stack *s;

    for (pp = &stk.cache; *pp; pp = (struct port_stack **)(void *)&(*pp)->node.next) {
        if ((*pp)->map_size == map_size) {
            s = *pp;
            *pp = (struct port_stack *)(void *)s->node.next;
            stk.cached--;
            return s;
        }
    }
    s = calloc(1u, sizeof *s);
    if (!s) {
        return NULL;
    }
    void *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (map == MAP_FAILED) {
        free(s);
        return NULL;
    }
    if (mprotect(map, GUARD_SIZE, PROT_NONE) != 0) {
        munmap(map, map_size);
        free(s);
        return NULL;
    }
    s->map = map;
    s->map_size = map_size;
    s->lo = s->map + GUARD_SIZE;
    s->hi = s->map + map_size;
    return s;
}

struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    cpu_host_enter();
    struct port_stack *s = stack_map(usable);
    if (s) {
        size_t n = TOS_MIN((size_t)(s->hi - s->lo), (size_t)PREFAULT_SIZE);
        memset(s->hi - n, 0, n);
    }
    cpu_host_exit();
    port_cpsr_restore(cpsr);
    if (!s) {
        return NULL;
    }
    s->node.owner = owner;
#ifdef SPRIG_HAVE_VALGRIND
    s->vg_id = VALGRIND_STACK_REGISTER(s->lo, s->hi);
#endif
    stack_list_link(&s->node);
    return s;
}

void *cpu_task_stack_create(k_task_t *task, size_t usable)
{
    struct port_stack *s = cpu_stack_alloc(usable, task);
    if (!s) {
        return NULL;
    }
    task->port_stack = s;
    return arch_stack_init(cpu_stack_top(s), cpu_task_entry, task);
}

void cpu_stack_free(struct port_stack *s)
{
    stack_list_unlink(&s->node);
#ifdef SPRIG_HAVE_VALGRIND
    VALGRIND_STACK_DEREGISTER(s->vg_id);
#endif
    s->node.owner = NULL;
#ifdef SPRIG_ASAN
    /* frames abandoned by a context switch leave their redzones poisoned */
    ASAN_UNPOISON_MEMORY_REGION(s->lo, (size_t)(s->hi - s->lo));
#endif
    cpu_cpsr_t cpsr = port_cpsr_save();
    cpu_host_enter();
    if (stk.cached < STACK_CACHE_MAX) {
        /* zero it for the next owner's depth measurement, and give the memory back */
        madvise(s->lo, (size_t)(s->hi - s->lo), MADV_DONTNEED);
        s->node.next = (stack_node_t *)(void *)stk.cache;
        stk.cache = s;
        stk.cached++;
    } else {
        munmap(s->map, s->map_size);
        free(s);
    }
    cpu_host_exit();
    port_cpsr_restore(cpsr);
}

void *cpu_stack_top(const struct port_stack *s)
{
    return s->hi;
}

void *cpu_stack_bottom(const struct port_stack *s)
{
    return s->lo;
}

size_t cpu_stack_size(const struct port_stack *s)
{
    return (size_t)(s->hi - s->lo);
}

size_t cpu_stack_depth(const struct port_stack *s)
{
    const uint8_t *p = s->lo;
    const uint64_t *w = (const uint64_t *)(const void *)s->lo;
    const uint64_t *end = (const uint64_t *)(const void *)s->hi;

    while (w < end && *w == 0u) {
        w++;
    }
    p = (const uint8_t *)w;
    while (p < s->hi && *p == 0u) {
        p++;
    }
    return (size_t)(s->hi - p);
}

struct port_stack *cpu_irq_stack(void)
{
    if (!stk.irq) {
        stk.irq = cpu_stack_alloc(IRQ_STACK_SIZE, NULL);
        if (!stk.irq) {
            fprintf(stderr, "sprig: cannot map the interrupt stack: %s\n", strerror(errno));
            exit(1);
        }
    }
    return stk.irq;
}

/* ------------------------------------------------------------------------------------------ */
/* fault reports: async-signal-safe, so no stdio (fault_report.h)                              */

void fault_write(const char *s, size_t n)
{
    ssize_t r = write(STDERR_FILENO, s, n);
    (void)r;
}

void fault_abort(void)
{
    abort();
}

static const struct port_stack *stack_containing(uintptr_t a, int guard)
{
    for (const stack_node_t *n = stack_list_live(); n; n = n->next) {
        const struct port_stack *s = (const struct port_stack *)(const void *)n;
        uintptr_t lo = guard ? (uintptr_t)s->map : (uintptr_t)s->lo;
        uintptr_t hi = guard ? (uintptr_t)s->lo : (uintptr_t)s->hi;
        if (a >= lo && a < hi) {
            return s;
        }
    }
    if (stk.irq) {
        const struct port_stack *s = stk.irq;
        uintptr_t lo = guard ? (uintptr_t)s->map : (uintptr_t)s->lo;
        uintptr_t hi = guard ? (uintptr_t)s->lo : (uintptr_t)s->hi;
        if (a >= lo && a < hi) {
            return s;
        }
    }
    return NULL;
}

static void cpu_on_fault(int sig, siginfo_t *si, void *uc)
{
    uintptr_t addr = (uintptr_t)si->si_addr;
    const struct port_stack *guard = stack_containing(addr, 1);

    if (guard) {
        fault_report_overflow(guard->node.owner, addr);
    } else {
        /* a signal is delivered to the thread that faulted: the CPU thread, as far as the
           report goes (it does not tell host threads apart) */
        fault_report_fatal("signal",
                           sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" :
                           sig == SIGILL ? "SIGILL" : "SIGFPE",
                           &addr, (uintptr_t)arch_uc_pc(uc), true, true);
    }
    /* let the default action happen at the faulting instruction (core dump, exit status) */
    signal(sig, SIG_DFL);
}

void cpu_faults_install(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = cpu_on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}
