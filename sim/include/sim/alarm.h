/*
 * Sprig simulator: a wake-up alarm (an RTC-like timer that keeps running in every low-power
 * mode). Programmed with a delay, it raises its interrupt line once when the delay has passed.
 * Boards use it as the tickless wake-up source. CPU thread only.
 */
#ifndef SIM_ALARM_H
#define SIM_ALARM_H

#include <stdbool.h>

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Attach to interrupt line `line` (machine reset: call again). */
void sim_alarm_init(unsigned line);
/* Fire once, `delay` ns from now; replaces a pending alarm. */
void sim_alarm_set(sim_time_t delay);
/* Cancel a pending alarm. */
void sim_alarm_cancel(void);
bool sim_alarm_pending(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_ALARM_H */
