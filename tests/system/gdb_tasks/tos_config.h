/* Kernel configuration of the gdb task-awareness test program. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX               10u
#define TOS_CFG_SEM_EN                      1u
#define TOS_CFG_MUTEX_EN                    1u
#define TOS_CFG_CPU_TICK_PER_SECOND         1000u
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN  1u

#define SPRIG_CFG_APP_TASK_PRIO             2u      /* above everything it creates */

#endif
