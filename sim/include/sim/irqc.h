/*
 * Sprig simulator: the interrupt controller (an NVIC-like model).
 *
 * SIM_IRQ_LINES lines, each with a handler, an 8-bit priority (0 is the most urgent, as on the
 * NVIC), an enable bit, a pending bit and an active bit. An interrupt preempts the CPU when it is
 * pending and enabled, its priority is strictly more urgent than the current execution priority
 * (the most urgent active line, or thread level), and it is not masked by BASEPRI. PRIMASK lives
 * in the CPU (the port), which asks this controller what to take next.
 *
 * Threading: sim_irq_set_pending() may be called from any host thread (device models on the I/O
 * thread, test hammers); it sets the bit atomically and kicks the CPU. Everything else is for
 * the CPU thread. sim_irq_should_preempt() is also async-signal-safe.
 */
#ifndef SIM_IRQC_H
#define SIM_IRQC_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_IRQ_LINES        64u
#define SIM_IRQ_PRIO_THREAD  256u   /* execution priority when no interrupt is active */

typedef void (*sim_isr_t)(void);

/* The CPU's doorbell: called after a line becomes pending (from whatever thread raised it). */
typedef void (*sim_irq_kick_fn_t)(void);

/* All lines disabled, not pending, not active, priority 0, no handler; BASEPRI off.
   Keeps the kick handler. */
void sim_irq_reset(void);
void sim_irq_set_kick(sim_irq_kick_fn_t fn);

/* Returns 0, or -1 if `line` is out of range. */
int  sim_irq_connect(unsigned line, sim_isr_t isr);
int  sim_irq_set_priority(unsigned line, uint8_t prio);
int  sim_irq_enable(unsigned line);
int  sim_irq_disable(unsigned line);
int  sim_irq_set_pending(unsigned line);
int  sim_irq_clear_pending(unsigned line);

bool    sim_irq_is_enabled(unsigned line);
bool    sim_irq_is_pending(unsigned line);
bool    sim_irq_is_active(unsigned line);
uint8_t sim_irq_priority(unsigned line);

/* BASEPRI: 0 disables masking; otherwise lines with priority >= basepri cannot preempt. */
void    sim_irq_set_basepri(uint8_t basepri);
uint8_t sim_irq_basepri(void);

/* Current execution priority: the priority of the innermost active line, or
   SIM_IRQ_PRIO_THREAD. */
unsigned sim_irq_exec_priority(void);
/* Number of active (nested) interrupts. */
unsigned sim_irq_nesting(void);

/* CPU side. The line that should be taken now (pending, enabled, more urgent than the execution
   priority, not masked by BASEPRI; ties go to the lowest line number), or -1. */
int  sim_irq_next(void);
bool sim_irq_should_preempt(void);
/* Take `line`: clear pending, mark active, raise the execution priority. Returns its handler. */
sim_isr_t sim_irq_activate(unsigned line);
/* The handler of the innermost active line returned. */
void sim_irq_complete(unsigned line);

/* Statistics: interrupts taken since reset, in all and on one line. */
uint64_t sim_irq_taken(void);
uint64_t sim_irq_count(unsigned line);

#ifdef __cplusplus
}
#endif

#endif /* SIM_IRQC_H */
