/*
 * System tick timer model. See sim/include/sim/systick.h.
 */
#include "sim/systick.h"

#include <stddef.h>

#include "sim/irqc.h"

static struct {
    sim_event_t ev;
    sim_time_t  period;
    unsigned    line;
} st;

static void schedule_boundary(uint64_t k)
{
    sim_event_schedule(&st.ev, (sim_time_t)k * st.period);
}

static void systick_fire(void *arg)
{
    (void)arg;
    schedule_boundary(sim_systick_count_at(sim_clock_now()) + 1u);
    sim_irq_set_pending(st.line);
}

int sim_systick_start(unsigned line, sim_time_t period)
{
    if (period == 0) {
        return -1;
    }
    sim_event_init(&st.ev, "systick", systick_fire, NULL);
    st.period = period;
    st.line = line;
    schedule_boundary(sim_systick_count_at(sim_clock_now()) + 1u);
    return 0;
}

void sim_systick_stop(void)
{
    sim_event_cancel(&st.ev);
    st.period = 0;
}

sim_time_t sim_systick_period(void)
{
    return st.period;
}

uint64_t sim_systick_count_at(sim_time_t t)
{
    return st.period ? t / st.period : 0;
}

void sim_systick_skip_to(uint64_t tick)
{
    if (!st.period) {
        return;
    }
    if (tick > SIM_TIME_NEVER / st.period) {
        sim_event_cancel(&st.ev);       /* "never": no tick until sim_systick_resume */
        return;
    }
    schedule_boundary(tick);
}

void sim_systick_resume(void)
{
    if (!st.period) {
        return;
    }
    uint64_t next = sim_systick_count_at(sim_clock_now()) + 1u;
    if (!sim_event_is_queued(&st.ev) || st.ev.when > (sim_time_t)next * st.period) {
        schedule_boundary(next);
    }
}
