/* Footprint, typical: what a small connected device uses. Argument checks on, tickless idle. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX           16u
#define TOS_CFG_ROUND_ROBIN_EN          1u
#define TOS_CFG_SEM_EN                  1u
#define TOS_CFG_MUTEX_EN                1u
#define TOS_CFG_EVENT_EN                1u
#define TOS_CFG_MESSAGE_QUEUE_EN        1u
#define TOS_CFG_TIMER_EN                1u
#define TOS_CFG_TIMER_AS_PROC           0u
#define TOS_CFG_MMHEAP_EN               1u
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE 0x1000u
#define TOS_CFG_CPU_TICK_PER_SECOND     1000u

#endif
