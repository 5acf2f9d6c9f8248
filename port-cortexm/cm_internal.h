/*
 * Sprig Cortex-M port: declarations shared by the port's own files.
 */
#ifndef CM_INTERNAL_H
#define CM_INTERNAL_H

#include <stdint.h>

#include "tos_k.h"

/* Fill of unused task stack, and the canary in a stack's lowest word: a task whose canary
   changed has overflowed. */
#define CM_STACK_FILL           0xCCCCCCCCu

/* Lowest and highest usable address of a task's stack (word and 8-byte aligned). */
static inline uint32_t cm_stack_bottom(const k_task_t *task)
{
    return ((uint32_t)task->stk_base + 3u) & ~3u;
}

static inline uint32_t cm_stack_top(const k_task_t *task)
{
    return ((uint32_t)task->stk_base + (uint32_t)task->stk_size) & ~7u;
}

/* Console output for reports: polled, usable from any context (board_console_write). */
void cm_report_str(const char *s);
void cm_report_hex(uint32_t v);
void cm_report_dec(uint32_t v);
/* " in task 'NAME'" / " before the kernel started" for the running context. */
void cm_report_where(void);

/* Called by PendSV after saving the outgoing task (sp = its saved stack pointer). */
void cm_switch_check(uint32_t sp, k_task_t *task);

/* Set by port_sched_start: MSP of the boot context tos_knl_start returns to on a halt. */
extern uint32_t cm_boot_sp;

#endif /* CM_INTERNAL_H */
