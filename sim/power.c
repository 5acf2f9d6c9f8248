/*
 * Power-state accounting. See sim/include/sim/power.h.
 */
#include "sim/power.h"

static struct {
    sim_power_state_t state;
    sim_time_t        since;
    sim_time_t        total[SIM_POWER_STATES];
} pw;

static const char *const names[SIM_POWER_STATES] = { "run", "idle", "sleep", "stop", "standby" };

void sim_power_reset(void)
{
    for (int i = 0; i < SIM_POWER_STATES; i++) {
        pw.total[i] = 0;
    }
    pw.state = SIM_POWER_RUN;
    pw.since = sim_clock_now();
}

void sim_power_set(sim_power_state_t state)
{
    sim_time_t now = sim_clock_now();
    pw.total[pw.state] += now - pw.since;
    pw.since = now;
    pw.state = state;
}

sim_power_state_t sim_power_state(void)
{
    return pw.state;
}

sim_time_t sim_power_time(sim_power_state_t state)
{
    sim_time_t t = pw.total[state];
    if (state == pw.state) {
        t += sim_clock_now() - pw.since;
    }
    return t;
}

const char *sim_power_state_name(sim_power_state_t state)
{
    return state < SIM_POWER_STATES ? names[state] : "?";
}
