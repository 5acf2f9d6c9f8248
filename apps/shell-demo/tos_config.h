/* Kernel configuration of the shell demo. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX                       10u
#define TOS_CFG_ROUND_ROBIN_EN                      1u
#define TOS_CFG_SEM_EN                              1u
#define TOS_CFG_MUTEX_EN                            1u
#define TOS_CFG_TIMER_EN                            1u
#define TOS_CFG_TIMER_AS_PROC                       0u
#define TOS_CFG_MMHEAP_EN                           1u
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE            0x2000u
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN  1u     /* ps shows stack high-water marks */
#define TOS_CFG_CPU_TICK_PER_SECOND                 1000u

#endif
