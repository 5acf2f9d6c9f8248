/*
 * Thread-Metric, "lean" configuration (Cortex-M only): config/tos_config.h without the run-time
 * checks a release build of another RTOS leaves out by default, for a like-for-like count of
 * instructions against FreeRTOS (design brief §8): no object or NULL-pointer checks on kernel
 * calls, no assertions, no stack check on every switch, no errno per task. The kernel's
 * behaviour for correct calls is the same.
 */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX               32u
#define TOS_CFG_ROUND_ROBIN_EN              0u      /* the cooperative test's rule */
#define TOS_CFG_SEM_EN                      1u
#define TOS_CFG_MAIL_QUEUE_EN               1u
#define TOS_CFG_MMBLK_EN                    1u
#define TOS_CFG_CPU_TICK_PER_SECOND         1000u

#define TOS_CFG_OBJECT_VERIFY_EN            0u
#define TOS_CFG_PTR_CHECK_EN                0u
#define TOS_CFG_ASSERT_EN                   0u
#define PORT_CM_STACK_CHECK                 0
#define PORT_CM_ERRNO_PER_TASK              0

#endif
