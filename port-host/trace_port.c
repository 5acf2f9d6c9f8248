/*
 * The kernel's trace hooks (kernel/include/tos_trace.h) on the simulator: each port_trace_*()
 * turns kernel structures into plain values (task numbers, names, object kinds) and hands them
 * to the simulator's trace recorder (sim/trace.c), which writes the --trace file. The kernel
 * calls these only while port_trace_enabled is set, i.e. while a trace file is open. The same
 * on every host port; how the user stops a traced run (a signal, Ctrl-C) is trace_stop.h's.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "tos_k.h"

#include "cpu.h"
#include "sim_board/irq_map.h"
#include "trace_stop.h"

#include "sim/trace.h"

#if TOS_TRACE_EN

int port_trace_enabled;

static bool atexit_done;

static const char *kind_name(knl_obj_type_t kind)
{
    switch (kind) {
    case KNL_OBJ_TYPE_SEMAPHORE:                return "sem";
    case KNL_OBJ_TYPE_MUTEX:                    return "mutex";
    case KNL_OBJ_TYPE_EVENT:                    return "event";
    case KNL_OBJ_TYPE_MESSAGE_QUEUE:            return "msg_q";
    case KNL_OBJ_TYPE_MAIL_QUEUE:               return "mail_q";
    case KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE:   return "prio_msg_q";
    case KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE:      return "prio_mail_q";
    case KNL_OBJ_TYPE_COMPLETION:               return "completion";
    case KNL_OBJ_TYPE_COUNTDOWNLATCH:           return "countdownlatch";
    case KNL_OBJ_TYPE_BARRIER:                  return "barrier";
    case KNL_OBJ_TYPE_RWLOCK:                   return "rwlock";
    case KNL_OBJ_TYPE_TIMER:                    return "timer";
    default:                                    return "object";
    }
}

static const char *outcome(k_err_t err)
{
    switch (err) {
    case K_ERR_NONE:                return "ok";
    case K_ERR_PEND_NOWAIT:         return "nowait";
    case K_ERR_PEND_TIMEOUT:        return "timeout";
    case K_ERR_PEND_DESTROY:        return "destroyed";
    case K_ERR_PEND_OWNER_DIE:      return "owner died";
    case K_ERR_PEND_SCHED_LOCKED:   return "sched locked";
    default:                        return "error";
    }
}

static const char *power_name(int mode)
{
#if TOS_CFG_PWR_MGR_EN > 0u
    switch (mode) {
    case TOS_LOW_POWER_MODE_SLEEP:      return "sleep";
    case TOS_LOW_POWER_MODE_STOP:       return "stop";
    case TOS_LOW_POWER_MODE_STANDBY:    return "standby";
    default:                            return "idle";
    }
#else
    (void)mode;
    return "idle";
#endif
}

__PORT__ void port_trace_task_switch(const k_task_t *from, const k_task_t *to)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_task_switch(from ? from->port_task_id : 0u, to ? to->port_task_id : 0u,
                          to ? to->name : NULL, to ? to->prio : 0u);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_task_create(const k_task_t *task)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_task_new(task->port_task_id, task->name, task->prio);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_task_destroy(const k_task_t *task)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_task_gone(task->port_task_id);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_isr_enter(unsigned line)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_isr_enter(line);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_isr_exit(unsigned line)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_isr_exit(line);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_post(const void *obj, knl_obj_type_t kind)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_post(kind_name(kind), obj);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_pend(const void *obj, knl_obj_type_t kind, int blocked, k_err_t err)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_pend(kind_name(kind), obj, blocked != 0, (int)err, outcome(err));
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_timer_fire(const void *tmr)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    sim_trace_timer_fire(tmr);
    port_cpsr_restore(cpsr);
}

__PORT__ void port_trace_power(int mode, int enter)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    /* states: 0 running, 1 + the TOS_LOW_POWER_MODE_* value (NONE is a plain WFI) */
    sim_trace_power(enter ? (unsigned)mode + 1u : 0u, enter ? power_name(mode) : "run");
    port_cpsr_restore(cpsr);
}

/* ---- the trace file ---- */

static void trace_atexit(void)
{
    /* exit() called by the app: still finish the file */
    if (port_trace_enabled) {
        port_trace_enabled = 0;
        (void)sim_trace_close();
    }
}

int port_trace_open(const char *path, const char *program)
{
    if (sim_trace_open(path, program) != 0) {
        return -1;
    }
    sim_trace_set_host_work(cpu_host_enter, cpu_host_exit);
    sim_trace_name_irq(SIM_IRQ_SYSTICK, "systick");
    sim_trace_name_irq(SIM_IRQ_ALARM, "alarm");
    port_trace_enabled = 1;
    /* A traced program that is interrupted still writes a complete file: the user's stop
       halts the machine, main() closes the trace, and the process then ends as the stop would
       have ended it. */
    trace_stop_install();
    if (!atexit_done) {
        atexit_done = true;
        atexit(trace_atexit);
    }
    return 0;
}

int port_trace_close(void)
{
    if (!port_trace_enabled) {
        return 0;
    }
    port_trace_enabled = 0;
    int rc = sim_trace_close();
    trace_stop_finish();
    return rc;
}

#else /* the app compiled the hooks out (PORT_TRACE_EN 0) */

int port_trace_open(const char *path, const char *program)
{
    (void)path;
    (void)program;
    errno = ENOTSUP;
    return -1;
}

int port_trace_close(void)
{
    return 0;
}

#endif
