/*
 * Wake-up alarm model. See sim/include/sim/alarm.h.
 */
#include "sim/alarm.h"

#include <stddef.h>

#include "sim/irqc.h"

static struct {
    sim_event_t ev;
    unsigned    line;
} al;

static void alarm_fire(void *arg)
{
    (void)arg;
    sim_irq_set_pending(al.line);
}

void sim_alarm_init(unsigned line)
{
    al.line = line;
    sim_event_init(&al.ev, "alarm", alarm_fire, NULL);
}

void sim_alarm_set(sim_time_t delay)
{
    sim_event_schedule(&al.ev, sim_clock_now() + delay);
}

void sim_alarm_cancel(void)
{
    sim_event_cancel(&al.ev);
}

bool sim_alarm_pending(void)
{
    return sim_event_is_queued(&al.ev);
}
