/*
 * POSIX port, portable fallback: context switches with getcontext/makecontext/swapcontext, for
 * hosts without a hand-written switch (or to cross-check one: preset posix-ucontext).
 *
 * Limitations, documented in docs/porting.md:
 *  - swapcontext saves and restores the signal mask, a system call per switch (~0.2 us).
 *  - Interrupts are not injected at arbitrary instructions: a pending interrupt is taken the
 *    next time the code unmasks interrupts (every kernel call does). A loop that never calls
 *    the kernel is therefore not preempted.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <ucontext.h>

#include "arch.h"

const bool arch_async_preemption = false;

/* What arch_stack_init leaves at the top of a new stack. */
typedef struct {
    ucontext_t uc;
    void (*entry)(void *);
    void *arg;
} boot_frame_t;

void arch_init(void)
{
}

/* makecontext passes int arguments: a pointer travels in two halves. */
static void ctx_start(unsigned hi, unsigned lo)
{
    boot_frame_t *b = (boot_frame_t *)(((uintptr_t)hi << 16 << 16) | (uintptr_t)lo);
    fesetenv(FE_DFL_ENV);       /* getcontext copied the creator's FP state: start clean */
    b->entry(b->arg);
    abort();
}

void *arch_stack_init(void *top, void (*entry)(void *), void *arg)
{
    uintptr_t t = ((uintptr_t)top - sizeof(boot_frame_t)) & ~(uintptr_t)63u;
    boot_frame_t *b = (boot_frame_t *)t;
    uintptr_t p = (uintptr_t)b;

    getcontext(&b->uc);
    b->entry = entry;
    b->arg = arg;
    /* the usable stack ends below the frame; the size only needs to be generous, the guard
       page below catches an overflow */
    b->uc.uc_stack.ss_sp = (void *)(t - 16u * 1024u);
    b->uc.uc_stack.ss_size = 16u * 1024u - 64u;
    b->uc.uc_link = NULL;
    sigemptyset(&b->uc.uc_sigmask);
    makecontext(&b->uc, (void (*)(void))ctx_start, 2, (unsigned)(p >> 16 >> 16), (unsigned)p);
    return &b->uc;
}

void arch_ctx_switch(void **save_sp, void *load_sp)
{
    ucontext_t self;        /* lives until someone switches back here */
    *save_sp = &self;
    swapcontext(&self, (ucontext_t *)load_sp);
}

void arch_ctx_jump(void *load_sp)
{
    setcontext((ucontext_t *)load_sp);
    abort();
}

typedef struct {
    void (*fn)(void *);
    void *arg;
    ucontext_t caller;
    ucontext_t callee;
} call_frame_t;

static void call_start(unsigned hi, unsigned lo)
{
    call_frame_t *c = (call_frame_t *)(((uintptr_t)hi << 16 << 16) | (uintptr_t)lo);
    c->fn(c->arg);
    setcontext(&c->caller);
}

void arch_call_on_stack(void *top, void (*fn)(void *), void *arg)
{
    call_frame_t c;
    uintptr_t p = (uintptr_t)&c;

    c.fn = fn;
    c.arg = arg;
    getcontext(&c.callee);
    c.callee.uc_stack.ss_sp = (void *)((uintptr_t)top - 64u * 1024u);
    c.callee.uc_stack.ss_size = 64u * 1024u;
    c.callee.uc_link = NULL;
    makecontext(&c.callee, (void (*)(void))call_start, 2, (unsigned)(p >> 16 >> 16), (unsigned)p);
    swapcontext(&c.caller, &c.callee);
}

bool arch_irq_redirect(void *uc, bool masked)
{
    (void)uc;
    (void)masked;
    return false;       /* taken at the next unmask */
}

void arch_fpctl_save(arch_fpctl_t *s)
{
    s->v[0] = (unsigned long)fegetround();
}

void arch_fpctl_restore(const arch_fpctl_t *s)
{
    fesetround((int)s->v[0]);
}

void *arch_uc_pc(void *ucv)
{
#if defined(__x86_64__)
    return (void *)(uintptr_t)((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (void *)(uintptr_t)((ucontext_t *)ucv)->uc_mcontext.pc;
#else
    (void)ucv;
    return NULL;
#endif
}
