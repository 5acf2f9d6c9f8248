/* Kernel configuration of the POSIX layer suite: what the layer needs (sprig/posix/types.h),
   64 priority levels (POSIX priorities 1..63), timers in the timer task at kernel priority 2
   (POSIX 61), and a heap large enough for thread stacks and queues. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX                       64u
#define TOS_CFG_ROUND_ROBIN_EN                      1u
#define TOS_CFG_OBJECT_VERIFY_EN                    1u
#define TOS_CFG_TASK_DYNAMIC_CREATE_EN              1u
#define TOS_CFG_MUTEX_EN                            1u
#define TOS_CFG_SEM_EN                              1u
#define TOS_CFG_RWLOCK_EN                           1u
#define TOS_CFG_TIMER_EN                            1u
#ifndef TOS_CFG_TIMER_AS_PROC
#define TOS_CFG_TIMER_AS_PROC                       0u
#endif
#define TOS_CFG_TIMER_TASK_PRIO                     2u
#define TOS_CFG_MMHEAP_EN                           1u
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE            0x80000u
#define TOS_CFG_MMHEAP_POOL_MAX                     2u
#define TOS_CFG_CPU_TICK_PER_SECOND                 1000u
#define TOS_CFG_CPU_SYSTICK_PRIO                    0xF0u

/* the layer's own options: small limits, so the suite can reach them */
#define SPRIG_POSIX_KEYS_MAX                        8u
#define SPRIG_POSIX_MQ_OPEN_MAX                     6u

#endif
