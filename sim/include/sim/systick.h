/*
 * Sprig simulator: the system tick timer (a SysTick-like periodic interrupt source).
 *
 * Interrupts fire on the boundaries k * period of virtual time (k >= 1), so tick k always
 * happens at exactly k * period ns regardless of when it is serviced: no drift. For tickless
 * idle the CPU can push the next interrupt out to a later boundary and bring it back.
 * CPU thread only.
 */
#ifndef SIM_SYSTICK_H
#define SIM_SYSTICK_H

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Start raising `line` every `period` ns. Returns 0, or -1 for a zero period. */
int  sim_systick_start(unsigned line, sim_time_t period);
void sim_systick_stop(void);
sim_time_t sim_systick_period(void);

/* Boundary index of `t`: floor(t / period). */
uint64_t sim_systick_count_at(sim_time_t t);

/* Tickless: no interrupt before boundary `tick` (an absolute boundary index). Periodic
   interrupts resume from that boundary. */
void sim_systick_skip_to(uint64_t tick);
/* Undo a skip: the next interrupt is the first boundary after now. */
void sim_systick_resume(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_SYSTICK_H */
