/* Kernel configuration of the micro-benchmarks: the defaults plus the modules they use. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX               32u
#define TOS_CFG_SEM_EN                      1u
#define TOS_CFG_CPU_TICK_PER_SECOND         1000u

#endif
