/*
 * Helpers of the CMSIS-RTOS2 suite (cases are KTEST cases, see tests/kernel/ktest.h).
 *
 * The case body runs in the harness's task at KTEST_MAIN_PRIO (10), which is not a CMSIS
 * thread; in CMSIS terms its priority is OS2_MAIN_PRIO (osPriorityRealtime5 with 64 levels):
 * threads at osPriorityRealtime6 and above preempt it, lower ones run while it blocks.
 */
#ifndef OS2_TEST_H
#define OS2_TEST_H

#include "ktest.h"
#include "cmsis_os2.h"
#include "sprig_os2.h"

#define OS2_MAIN_PRIO       ((osPriority_t)(TOS_CFG_TASK_PRIO_MAX - 1u - KTEST_MAIN_PRIO))
#define OS2_ABOVE_MAIN      ((osPriority_t)(OS2_MAIN_PRIO + 1))
#define OS2_BELOW_MAIN      ((osPriority_t)(OS2_MAIN_PRIO - 1))

/* Bring the layer to osKernelRunning the way an app does (osKernelInitialize, osKernelStart in
   a task that then ends), from the case's task. */
void os2_boot(void);

/* Run fn(arg) in an interrupt handler (bracketed with tos_knl_irq_enter/leave) and return once
   it has run. */
void os2_in_isr(void (*fn)(void *), void *arg);


/* Now, in kernel ticks (osKernelGetTickCount). */
#define os2_now()           osKernelGetTickCount()

/* Sleep the case's task (a plain Sprig task) for `ticks`. */
void os2_sleep(uint32_t ticks);

/* Attributes for a thread at `prio`, optionally joinable. */
osThreadAttr_t os2_attr(const char *name, osPriority_t prio, int joinable);

/* An address that is no object of the layer. */
extern uint32_t os2_bogus[16];

#endif /* OS2_TEST_H */
