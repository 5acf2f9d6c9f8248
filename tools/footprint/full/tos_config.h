/* Footprint, full: every kernel module and option on (the conformance suite's configuration,
   with a 4 KiB heap). Measured without dropping unused functions: everything the
   configuration contains. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX                       32u
#define TOS_CFG_ROUND_ROBIN_EN                      1u
#define TOS_CFG_OBJECT_VERIFY_EN                    1u
#define TOS_CFG_TASK_DYNAMIC_CREATE_EN              1u
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN  1u
#define TOS_CFG_EVENT_EN                            1u
#define TOS_CFG_MUTEX_EN                            1u
#define TOS_CFG_SEM_EN                              1u
#define TOS_CFG_MESSAGE_QUEUE_EN                    1u
#define TOS_CFG_MAIL_QUEUE_EN                       1u
#define TOS_CFG_COMPLETION_EN                       1u
#define TOS_CFG_COUNTDOWNLATCH_EN                   1u
#define TOS_CFG_BARRIER_EN                          1u
#define TOS_CFG_RWLOCK_EN                           1u
#define TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN           1u
#define TOS_CFG_PRIORITY_MAIL_QUEUE_EN              1u
#define TOS_CFG_TIMER_EN                            1u
#define TOS_CFG_TIMER_AS_PROC                       0u
#define TOS_CFG_MMHEAP_EN                           1u
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE            0x1000u
#define TOS_CFG_MMBLK_EN                            1u
#define TOS_CFG_PWR_MGR_EN                          1u
#define TOS_CFG_TICKLESS_EN                         1u
#define TOS_CFG_CPU_TICK_PER_SECOND                 1000u

#endif
