/* Kernel configuration of the Cortex-M port scenarios (tests/port-cortexm/port_tests.c). */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX                       16u
#define TOS_CFG_ROUND_ROBIN_EN                      1u
#define TOS_CFG_SEM_EN                              1u
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN  1u
#define TOS_CFG_CPU_TICK_PER_SECOND                 1000u

#endif
