/*
 * Sprig simulator: power-state accounting. The CPU reports what it is doing (running, waiting
 * for an interrupt, or in a low-power mode) and the simulator adds up the virtual time spent in
 * each state, printed by --stats. CPU thread only.
 */
#ifndef SIM_POWER_H
#define SIM_POWER_H

#include <stdio.h>

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SIM_POWER_RUN = 0,      /* executing */
    SIM_POWER_IDLE,         /* WFI, no low-power mode */
    SIM_POWER_SLEEP,
    SIM_POWER_STOP,
    SIM_POWER_STANDBY,
    SIM_POWER_STATES
} sim_power_state_t;

/* Back to RUN with every total at zero (machine reset). */
void sim_power_reset(void);
/* From now on the CPU is in `state`. */
void sim_power_set(sim_power_state_t state);
sim_power_state_t sim_power_state(void);
/* Virtual time spent in `state` so far (including the current stretch). */
sim_time_t sim_power_time(sim_power_state_t state);
const char *sim_power_state_name(sim_power_state_t state);

#ifdef __cplusplus
}
#endif

#endif /* SIM_POWER_H */
