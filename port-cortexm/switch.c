/*
 * Sprig Cortex-M port: starting the scheduler, the PendSV context switch, and the halt that
 * makes tos_knl_start return.
 *
 * A task's saved context, from its saved sp upwards:
 *   r4-r11, [EXC_RETURN, with an FPU], [s16-s31, if EXC_RETURN says the task used the FPU],
 *   then the frame exception entry pushed: r0-r3, r12, lr, pc, xPSR [, s0-s15, FPSCR].
 * With lazy stacking the hardware only reserves room for s0-s15/FPSCR; the VSTM below (or
 * the first FP instruction of an ISR) fills it, so tasks that never touch the FPU, and
 * switches between them, cost nothing extra.
 */
#include "tos_k.h"

#include "cm_internal.h"
#include "port_cm.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

uint32_t cm_boot_sp;

/* The switch code reaches both through k_knl's address. */
_Static_assert(offsetof(knl_t, curr_task) == 0, "PendSV expects k_curr_task at k_knl + 0");
_Static_assert(offsetof(knl_t, next_task) == 4, "PendSV expects k_next_task at k_knl + 4");

#if PORT_CM_ERRNO_PER_TASK
#include <errno.h>

void cm_errno_switch(void);

/* From PendSV, outgoing task still current: errno travels with its task. */
void cm_errno_switch(void)
{
    k_curr_task->port_errno = errno;
    errno = k_next_task->port_errno;
}
#endif

/* PendSV runs once no other ISR is active (it is the least urgent exception). It masks the
   kernel's interrupts while k_curr_task changes hands; zero-latency interrupts still run. */
__attribute__((naked)) void PendSV_Handler(void)
{
    __asm__ volatile(
        "   movs    r3, #" STR(PORT_CM_BASEPRI) "\n"
        "   msr     basepri, r3\n"
        "   isb\n"
        "   ldr     r3, =k_knl\n"                  /* k_curr_task at +0, k_next_task at +4 */
        "   mrs     r0, psp\n"
        "   cbz     r0, 1f\n"                       /* the first start: nothing to save */
#if PORT_CM_FPU
        "   tst     lr, #0x10\n"                    /* EXC_RETURN bit 4 clear: FP frame */
        "   it      eq\n"
        "   vstmdbeq r0!, {s16-s31}\n"
        "   stmdb   r0!, {r4-r11, lr}\n"
#else
        "   stmdb   r0!, {r4-r11}\n"
#endif
        "   ldr     r1, [r3]\n"
        "   str     r0, [r1]\n"                     /* k_curr_task->sp (offset 0) */
#if PORT_CM_STACK_CHECK
        "   bl      cm_switch_check\n"              /* (sp, task); clobbers r0-r3, r12, lr */
#endif
#if PORT_CM_ERRNO_PER_TASK
        "   bl      cm_errno_switch\n"              /* clobbers r0-r3, r12, lr */
#endif
#if PORT_CM_STACK_CHECK || PORT_CM_ERRNO_PER_TASK
        "   ldr     r3, =k_knl\n"
#endif
        "1: ldr     r2, [r3, #4]\n"
        "   str     r2, [r3]\n"                     /* k_curr_task = k_next_task */
        "   ldr     r0, [r2]\n"
#if PORT_CM_FPU
        "   ldmia   r0!, {r4-r11, lr}\n"
        "   tst     lr, #0x10\n"
        "   it      eq\n"
        "   vldmiaeq r0!, {s16-s31}\n"
#else
        "   ldmia   r0!, {r4-r11}\n"
        "   mvn     lr, #2\n"                       /* EXC_RETURN 0xFFFFFFFD: thread, PSP */
#endif
        "   msr     psp, r0\n"
        "   movs    r3, #0\n"
        "   msr     basepri, r3\n"
        "   bx      lr\n");
}

/* Save the boot context (so port_cm_halt can come back here), then let PendSV start
   k_curr_task. PSP = 0 tells PendSV there is no outgoing task. r3 is pushed for 8-byte
   alignment only. */
__attribute__((naked)) void port_sched_start(void)
{
    __asm__ volatile(
        "   push    {r3-r11, lr}\n"
#if PORT_CM_FPU
        "   vpush   {s16-s31}\n"
#endif
        "   ldr     r0, =cm_boot_sp\n"
        "   mov     r1, sp\n"
        "   str     r1, [r0]\n"
        "   movs    r2, #0\n"
        "   msr     psp, r2\n"
        "   ldr     r0, =0xE000ED04\n"              /* ICSR */
        "   mov     r1, #0x10000000\n"              /* PENDSVSET */
        "   str     r1, [r0]\n"
        "   dsb\n"
        "   msr     basepri, r2\n"
        "   cpsie   i\n"
        "   isb\n"
        "2: b       2b\n");                         /* PendSV has taken over */
}

/* Back to the boot context from anywhere: thread mode on MSP if we were in a task, else stay
   in handler mode (the caller resets the system anyway). */
__attribute__((naked)) void port_cm_halt(void)
{
    __asm__ volatile(
        "   cpsid   i\n"
        "   mrs     r0, control\n"
        "   bic     r0, r0, #6\n"                   /* SPSEL = MSP, FPCA = 0 */
        "   msr     control, r0\n"
        "   isb\n"
        "   movw    r0, #:lower16:cm_boot_sp\n"
        "   movt    r0, #:upper16:cm_boot_sp\n"
        "   ldr     r0, [r0]\n"
        "   mov     sp, r0\n"
#if PORT_CM_FPU
        "   vpop    {s16-s31}\n"
#endif
        "   pop     {r3-r11, pc}\n");
}
