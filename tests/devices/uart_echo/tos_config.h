/* Kernel configuration of the UART echo app (system tests of the UART's host ends). */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX               10u
#define TOS_CFG_CPU_TICK_PER_SECOND         1000u

#endif
