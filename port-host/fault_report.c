/*
 * Fatal reports of the host ports, formatted by hand (see fault_report.h for why).
 */
#include <string.h>

#include "fault_report.h"

void fault_out(const char *s)
{
    fault_write(s, strlen(s));
}

void fault_out_hex(uintptr_t v)
{
    char buf[2 + 2 * sizeof v + 1];
    char *p = buf + sizeof buf - 1;
    *p = '\0';
    do {
        *--p = "0123456789abcdef"[v & 15u];
        v >>= 4;
    } while (v);
    *--p = 'x';
    *--p = '0';
    fault_out(p);
}

void fault_out_dec(size_t v)
{
    char buf[24];
    char *p = buf + sizeof buf - 1;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    fault_out(p);
}

static void fault_out_task(const k_task_t *task)
{
    fault_out("task '");
    fault_out(task->name);
    fault_out("'");
}

void fault_report_overflow(const k_task_t *owner, uintptr_t addr)
{
    fault_out("sprig: stack overflow in ");
    if (owner) {
        fault_out_task(owner);
    } else {
        fault_out("the interrupt stack");
    }
    fault_out(" (fault at ");
    fault_out_hex(addr);
    if (owner) {
        /* the size the task asked for, whatever the host rounded the stack up to */
        fault_out("; stack ");
        fault_out_dec(owner->stk_size);
        fault_out(" bytes + ");
        fault_out_dec(PORT_HOST_STACK_HEADROOM);
        fault_out(" bytes host headroom");
    }
    fault_out(")\n");
}

void fault_report_fatal(const char *kind, const char *name, const uintptr_t *addr, uintptr_t pc,
                        bool on_cpu_thread, bool on_task_stack)
{
    fault_out("sprig: fatal ");
    fault_out(kind);
    fault_out(" ");
    fault_out(name);
    fault_out(" (");
    if (addr) {
        fault_out("address ");
        fault_out_hex(*addr);
        fault_out(", ");
    }
    fault_out("pc ");
    fault_out_hex(pc);
    fault_out(") while running ");
    if (!on_cpu_thread) {
        fault_out("a host thread");
    } else if (port_cpu_irq_depth) {
        fault_out("an interrupt handler");
    } else if (k_curr_task && tos_knl_is_running() && on_task_stack) {
        fault_out_task(k_curr_task);
    } else {
        fault_out("outside the kernel");
    }
    fault_out("\n");
}
