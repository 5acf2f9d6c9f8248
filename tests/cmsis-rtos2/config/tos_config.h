/* Kernel configuration of the CMSIS-RTOS2 suite: what the layer needs (sprig_os2.h), 64
   priority levels, timers in the timer task above every CMSIS priority. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX                       64u
#define TOS_CFG_OBJECT_VERIFY_EN                    1u
#define TOS_CFG_TASK_DYNAMIC_CREATE_EN              1u
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN  1u
#define TOS_CFG_MUTEX_EN                            1u
#define TOS_CFG_SEM_EN                              1u
#define TOS_CFG_TIMER_EN                            1u
#define TOS_CFG_TIMER_AS_PROC                       0u
#define TOS_CFG_TIMER_TASK_PRIO                     2u
#define TOS_CFG_MMHEAP_EN                           1u
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE            0x20000u
#define TOS_CFG_MMHEAP_POOL_MAX                     2u
#define TOS_CFG_MMBLK_EN                            1u
#define TOS_CFG_CPU_TICK_PER_SECOND                 1000u
#define TOS_CFG_CPU_CLOCK                           16000000u
#define TOS_CFG_CPU_SYSTICK_PRIO                    0xF0u

#endif
