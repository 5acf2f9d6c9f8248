/* Footprint, minimal: tasks, a semaphore and the tick, for a system whose tasks never end. No
   argument checks beyond NULL pointers, no assertion texts, no task destroy (a task returning
   from its entry stops the system with a panic), no scheduler lock. The port without tickless
   idle (the idle task waits with WFI between ticks), without fault, panic and stack overflow
   reports (each stops the system with its exit code), without the stack check on switches and
   without errno per task. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX           8u
#define TOS_CFG_SEM_EN                  1u
#define TOS_CFG_OBJECT_VERIFY_EN        0u
#define TOS_CFG_PTR_CHECK_EN            0u
#define TOS_CFG_ASSERT_EN               0u
#define TOS_CFG_TASK_DESTROY_EN         0u
#define TOS_CFG_SCHED_LOCK_EN           0u
#define TOS_CFG_IDLE_TASK_STK_SIZE      128u    /* the idle task uses about 72 bytes */
#define TOS_CFG_CPU_TICK_PER_SECOND     1000u
#define PORT_CM_TICKLESS                0
#define PORT_CM_FAULT_REPORT            0
#define PORT_CM_STACK_CHECK             0
#define PORT_CM_ERRNO_PER_TASK          0
#define PORT_CM_CRITICAL_INLINE         0
#define PORT_CM_IRQ_NEST_COUNT          0

#endif
