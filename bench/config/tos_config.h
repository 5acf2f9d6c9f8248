/* Kernel configuration of the micro-benchmarks (kernel_bench.c): the defaults plus the modules
   they measure. Argument checks stay at their defaults (on), as an app built with the defaults
   would run. */
#ifndef TOS_CONFIG_H
#define TOS_CONFIG_H

#define TOS_CFG_TASK_PRIO_MAX               32u
#define TOS_CFG_SEM_EN                      1u
#define TOS_CFG_MUTEX_EN                    1u
#define TOS_CFG_MESSAGE_QUEUE_EN            1u
#define TOS_CFG_TIMER_EN                    1u      /* callbacks in the timer task */
#define TOS_CFG_MMHEAP_EN                   1u
/* room for the mixed-size pattern (32 live blocks of up to 512 bytes) with slack */
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE    0x10000u
#define TOS_CFG_MMHEAP_POOL_SIZE_MAX        0x10000u
#define TOS_CFG_CPU_TICK_PER_SECOND         1000u

#endif
