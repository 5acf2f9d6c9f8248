/*
 * The shell's built-in commands: help, ps, free, uptime (and gpio, shell_gpio.c, where the
 * port has the HAL).
 */
#include <stdbool.h>
#include <string.h>

#include "shell_internal.h"

/* ---- help ---- */

static void help_line(const shell_cmd_t *cmd, void *arg)
{
    (void)arg;
    tos_shell_printfln("%-10s %s", cmd->name, cmd->help ? cmd->help : "");
}

static int cmd_help(int argc, char *argv[])
{
    if (argc > 1) {
        const shell_cmd_t *c = shell_cmd_find(argv[1]);
        if (!c) {
            tos_shell_printfln("help: unknown command: %s", argv[1]);
            return -1;
        }
        help_line(c, NULL);
        return 0;
    }
    shell_cmd_foreach(help_line, NULL);
    return 0;
}

/* ---- ps ---- */

#ifndef SHELL_PS_MAX_TASKS
#define SHELL_PS_MAX_TASKS  32
#endif

typedef struct {
    char           name[K_TASK_NAME_MAX];
    k_prio_t       prio;
    k_task_state_t state;
    bool           current;
    size_t         stk_size;
    int            stk_used;        /* -1: not measured */
} task_row_t;

/* The walker has no argument: the snapshot is the shell's (one `ps` at a time: the parser). */
static task_row_t rows[SHELL_PS_MAX_TASKS];
static int row_count, rows_missed;

static void snapshot(k_task_t *task)
{
    if (row_count == SHELL_PS_MAX_TASKS) {
        rows_missed++;
        return;
    }
    task_row_t *r = &rows[row_count++];
    memcpy(r->name, task->name, sizeof r->name);
    r->name[sizeof r->name - 1] = '\0';
    r->prio = task->prio;
    r->state = task->state;
    r->current = task == tos_task_curr_task_get();
    r->stk_size = task->stk_size;
    r->stk_used = -1;
#if TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN > 0u
    int depth;
    k_err_t e = tos_task_stack_draught_depth(task, &depth);
    if (e == K_ERR_NONE) {
        r->stk_used = depth;
    } else if (e == K_ERR_TASK_STK_OVERFLOW) {
        r->stk_used = (int)task->stk_size;
    }
#endif
}

static const char *state_name(const task_row_t *r)
{
    if (r->current) {
        return "running";
    }
    switch (r->state) {
    case K_TASK_STATE_READY:                   return "ready";
    case K_TASK_STATE_SLEEP:                   return "sleep";
    case K_TASK_STATE_PEND:                    return "pend";
    case K_TASK_STATE_PENDTIMEOUT:             return "pend+sleep";
    case K_TASK_STATE_SUSPENDED:               return "suspended";
    case K_TASK_STATE_SLEEP_SUSPENDED:         return "sleep+susp";
    case K_TASK_STATE_PEND_SUSPENDED:          return "pend+susp";
    case K_TASK_STATE_PENDTIMEOUT_SUSPENDED:   return "pend+sleep+susp";
    default:                                   return "deleted";
    }
}

static int cmd_ps(int argc, char *argv[])
{
    (void)argv;
    if (argc > 1) {
        tos_shell_printfln("usage: ps");
        return -1;
    }
    row_count = 0;
    rows_missed = 0;
    tos_task_walkthru(snapshot);
    tos_shell_printfln("%-16s %4s  %-15s %s", "NAME", "PRIO", "STATE", "STACK USED/SIZE");
    for (int i = row_count - 1; i >= 0; i--) {          /* the walk is newest first */
        const task_row_t *r = &rows[i];
        if (r->stk_used >= 0) {
            tos_shell_printfln("%-16s %4u  %-15s %d/%lu", r->name, (unsigned)r->prio,
                               state_name(r), r->stk_used, (unsigned long)r->stk_size);
        } else {
            tos_shell_printfln("%-16s %4u  %-15s -/%lu", r->name, (unsigned)r->prio,
                               state_name(r), (unsigned long)r->stk_size);
        }
    }
    if (rows_missed) {
        tos_shell_printfln("(%d more tasks not shown)", rows_missed);
    }
    return 0;
}

/* ---- free ---- */

static int cmd_free(int argc, char *argv[])
{
    (void)argv;
    if (argc > 1) {
        tos_shell_printfln("usage: free");
        return -1;
    }
#if TOS_CFG_MMHEAP_EN > 0u
    k_mmheap_info_t info;
    if (tos_mmheap_check(&info) != K_ERR_NONE) {
        tos_shell_printfln("free: the heap cannot be read");
        return -1;
    }
    tos_shell_printfln("heap: %lu bytes, %lu used, %lu free",
                       (unsigned long)(info.used + info.free), (unsigned long)info.used,
                       (unsigned long)info.free);
    return 0;
#else
    tos_shell_printfln("free: no heap (TOS_CFG_MMHEAP_EN is 0)");
    return -1;
#endif
}

/* ---- uptime ---- */

static int cmd_uptime(int argc, char *argv[])
{
    (void)argv;
    if (argc > 1) {
        tos_shell_printfln("usage: uptime");
        return -1;
    }
    k_tick_t ticks = tos_systick_get();
    unsigned long long ms = (unsigned long long)ticks * 1000u / TOS_CFG_CPU_TICK_PER_SECOND;
    unsigned long long s = ms / 1000u;
    tos_shell_printfln("up %llu:%02llu:%02llu.%03llu (%llu ticks at %lu Hz)", s / 3600u,
                       s / 60u % 60u, s % 60u, ms % 1000u, (unsigned long long)ticks,
                       (unsigned long)TOS_CFG_CPU_TICK_PER_SECOND);
    return 0;
}

const shell_cmd_t shell_builtin_commands[] = {
    { "help",   cmd_help,   "list the commands (help NAME: one command)" },
    { "ps",     cmd_ps,     "tasks: name, priority, state, stack high-water mark" },
    { "free",   cmd_free,   "heap use" },
    { "uptime", cmd_uptime, "time since the kernel started" },
#if SHELL_HAS_GPIO
    { "gpio",   shell_cmd_gpio, "gpio [read PIN | write PIN 0|1 | toggle PIN | "
                                "mode PIN in|out|od [up|down]]" },
#endif
    { K_NULL,   K_NULL,     K_NULL },
};
