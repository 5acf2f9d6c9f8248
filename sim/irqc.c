/*
 * NVIC-like interrupt controller model. See sim/include/sim/irqc.h.
 */
#include "sim/irqc.h"

#include <stdatomic.h>

_Static_assert(SIM_IRQ_LINES == 64u, "pending/enabled masks are one 64-bit word");

static struct {
    _Atomic uint64_t  pending;          /* any thread sets, CPU thread clears */
    _Atomic uint64_t  enabled;          /* CPU thread writes; signal handler reads */
    uint8_t           prio[SIM_IRQ_LINES];
    sim_isr_t         isr[SIM_IRQ_LINES];
    uint8_t           active[SIM_IRQ_LINES];   /* stack of active lines, innermost last */
    _Atomic unsigned  nactive;
    _Atomic unsigned  exec_prio;
    _Atomic unsigned  basepri;
    sim_irq_kick_fn_t kick;
    uint64_t          taken;
    uint64_t          count[SIM_IRQ_LINES];
} irq = { .exec_prio = SIM_IRQ_PRIO_THREAD };

static inline uint64_t bit(unsigned line)
{
    return (uint64_t)1u << line;
}

void sim_irq_reset(void)
{
    atomic_store(&irq.pending, 0);
    atomic_store(&irq.enabled, 0);
    for (unsigned i = 0; i < SIM_IRQ_LINES; i++) {
        irq.prio[i] = 0;
        irq.isr[i] = 0;
        irq.count[i] = 0;
    }
    atomic_store(&irq.nactive, 0u);
    atomic_store(&irq.exec_prio, SIM_IRQ_PRIO_THREAD);
    atomic_store(&irq.basepri, 0u);
    irq.taken = 0;
}

void sim_irq_set_kick(sim_irq_kick_fn_t fn)
{
    irq.kick = fn;
}

int sim_irq_connect(unsigned line, sim_isr_t isr)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    irq.isr[line] = isr;
    return 0;
}

int sim_irq_set_priority(unsigned line, uint8_t prio)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    irq.prio[line] = prio;
    return 0;
}

int sim_irq_enable(unsigned line)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    atomic_fetch_or(&irq.enabled, bit(line));
    /* enabling a line that is already pending makes it takeable now */
    if ((atomic_load(&irq.pending) & bit(line)) && irq.kick) {
        irq.kick();
    }
    return 0;
}

int sim_irq_disable(unsigned line)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    atomic_fetch_and(&irq.enabled, ~bit(line));
    return 0;
}

int sim_irq_set_pending(unsigned line)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    atomic_fetch_or(&irq.pending, bit(line));
    if (irq.kick) {
        irq.kick();
    }
    return 0;
}

int sim_irq_clear_pending(unsigned line)
{
    if (line >= SIM_IRQ_LINES) {
        return -1;
    }
    atomic_fetch_and(&irq.pending, ~bit(line));
    return 0;
}

bool sim_irq_is_enabled(unsigned line)
{
    return line < SIM_IRQ_LINES && (atomic_load(&irq.enabled) & bit(line));
}

bool sim_irq_is_pending(unsigned line)
{
    return line < SIM_IRQ_LINES && (atomic_load(&irq.pending) & bit(line));
}

bool sim_irq_is_active(unsigned line)
{
    if (line >= SIM_IRQ_LINES) {
        return false;
    }
    unsigned n = atomic_load(&irq.nactive);
    for (unsigned i = 0; i < n; i++) {
        if (irq.active[i] == line) {
            return true;
        }
    }
    return false;
}

uint8_t sim_irq_priority(unsigned line)
{
    return line < SIM_IRQ_LINES ? irq.prio[line] : 0;
}

void sim_irq_set_basepri(uint8_t basepri)
{
    atomic_store(&irq.basepri, basepri);
    if (irq.kick && sim_irq_should_preempt()) {
        irq.kick();
    }
}

uint8_t sim_irq_basepri(void)
{
    return (uint8_t)atomic_load(&irq.basepri);
}

unsigned sim_irq_exec_priority(void)
{
    return atomic_load_explicit(&irq.exec_prio, memory_order_relaxed);
}

unsigned sim_irq_nesting(void)
{
    return atomic_load_explicit(&irq.nactive, memory_order_relaxed);
}

int sim_irq_next(void)
{
    uint64_t cand = atomic_load_explicit(&irq.pending, memory_order_acquire) &
                    atomic_load_explicit(&irq.enabled, memory_order_relaxed);
    if (!cand) {
        return -1;
    }
    unsigned limit = atomic_load_explicit(&irq.exec_prio, memory_order_relaxed);
    unsigned basepri = atomic_load_explicit(&irq.basepri, memory_order_relaxed);
    if (basepri != 0u && basepri < limit) {
        limit = basepri;
    }
    int best = -1;
    unsigned best_prio = limit;
    while (cand) {
        unsigned line = (unsigned)__builtin_ctzll(cand);
        cand &= cand - 1u;
        if (irq.prio[line] < best_prio) {
            best_prio = irq.prio[line];
            best = (int)line;
        }
    }
    return best;
}

bool sim_irq_should_preempt(void)
{
    return sim_irq_next() >= 0;
}

sim_isr_t sim_irq_activate(unsigned line)
{
    atomic_fetch_and(&irq.pending, ~bit(line));
    unsigned n = atomic_load_explicit(&irq.nactive, memory_order_relaxed);
    irq.active[n] = (uint8_t)line;
    atomic_store_explicit(&irq.nactive, n + 1u, memory_order_relaxed);
    atomic_store_explicit(&irq.exec_prio, irq.prio[line], memory_order_relaxed);
    irq.taken++;
    irq.count[line]++;
    return irq.isr[line];
}

void sim_irq_complete(unsigned line)
{
    (void)line;
    unsigned n = atomic_load_explicit(&irq.nactive, memory_order_relaxed) - 1u;
    atomic_store_explicit(&irq.nactive, n, memory_order_relaxed);
    atomic_store_explicit(&irq.exec_prio, n ? irq.prio[irq.active[n - 1u]] : SIM_IRQ_PRIO_THREAD,
                          memory_order_relaxed);
}

uint64_t sim_irq_taken(void)
{
    return irq.taken;
}

uint64_t sim_irq_count(unsigned line)
{
    return line < SIM_IRQ_LINES ? irq.count[line] : 0;
}
