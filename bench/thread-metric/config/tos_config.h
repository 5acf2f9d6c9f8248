/*
 * Kernel configuration of the Thread-Metric suite (bench/thread-metric): the defaults plus the
 * objects the porting layer uses. Argument checks stay at their defaults (on), as an
 * application built with the defaults would run.
 */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

/* the reporter and up to five test threads, each at its own level, plus idle */
#define TOS_CFG_TASK_PRIO_MAX               32u

/* The cooperative test requires that nothing but tos_task_yield moves a thread off the CPU:
   time slicing must stay off (tm_cooperative_scheduling.c checks it). */
#define TOS_CFG_ROUND_ROBIN_EN              0u

#define TOS_CFG_SEM_EN                      1u      /* synchronization, interrupt processing */
#define TOS_CFG_MAIL_QUEUE_EN               1u      /* message processing: copies the message */
#define TOS_CFG_MMBLK_EN                    1u      /* memory allocation: fixed-size blocks */

#define TOS_CFG_CPU_TICK_PER_SECOND         1000u

#endif
