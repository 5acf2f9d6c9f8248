/*
 * CMSIS-RTOS2 generic waits: osDelay, osDelayUntil.
 */
#include "os2_internal.h"

osStatus_t osDelay(uint32_t ticks)
{
    sprig_os2_wait_t w;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    if (ticks == 0u) {
        return osErrorParameter;
    }
    if (ticks != osWaitForever) {
        /* with the kernel locked or not started this returns at once, as in RTX5 */
        (void)tos_task_delay((k_tick_t)ticks);
        return osOK;
    }
    /* the kernel has no endless delay: block on a semaphore nobody posts (osThreadResume
       ends it) */
    if (!os2_can_wait()) {
        return osOK;
    }
    sprig_os2_wait_prepare(&w);
    (void)sprig_os2_wait_block(&w, TOS_TIME_FOREVER);
    sprig_os2_wait_finish(&w);
    return osOK;
}

osStatus_t osDelayUntil(uint32_t ticks)
{
    OS2_CS_ALLOC();
    uint32_t delay;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    /* Read the tick and queue the delay with interrupts masked, so no tick can slip in between
       and make the wake-up late. tos_task_delay only queues the delay and switches away; it
       reads nothing after the switch, so it may be called here (on a simulator the switch
       happens inside it, on Cortex-M at the end of this critical section). */
    OS2_CS_ENTER();
    delay = ticks - (uint32_t)tos_systick_get();
    if (delay == 0u || delay > 0x7FFFFFFFu) {
        OS2_CS_EXIT();
        return osErrorParameter;
    }
    (void)tos_task_delay((k_tick_t)delay);
    OS2_CS_EXIT();
    return osOK;
}
