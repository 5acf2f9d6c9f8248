/*
 * Compile-time validation of the configuration. Every error names the option to fix.
 */
#ifndef _TOS_CONFIG_CHECK_H_
#define _TOS_CONFIG_CHECK_H_

#if TOS_CFG_TASK_PRIO_MAX < 8u
#error "TOS_CFG_TASK_PRIO_MAX must be at least 8"
#endif
#if TOS_CFG_TASK_PRIO_MAX > 256u
#error "TOS_CFG_TASK_PRIO_MAX must be at most 256 (k_prio_t is 8 bits)"
#endif

#if TOS_CFG_CPU_TICK_PER_SECOND == 0u || TOS_CFG_CPU_TICK_PER_SECOND > 1000000u
#error "TOS_CFG_CPU_TICK_PER_SECOND must be between 1 and 1000000"
#endif

#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u && TOS_CFG_MMHEAP_EN == 0u
#error "TOS_CFG_TASK_DYNAMIC_CREATE_EN needs TOS_CFG_MMHEAP_EN (dynamic tasks live on the heap)"
#endif
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u && TOS_CFG_TASK_DESTROY_EN == 0u
#error "TOS_CFG_TASK_DYNAMIC_CREATE_EN needs TOS_CFG_TASK_DESTROY_EN (tos_task_destroy_dyn)"
#endif
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC == 0u && TOS_CFG_SCHED_LOCK_EN == 0u
#error "TOS_CFG_TIMER_EN with TOS_CFG_TIMER_AS_PROC 0 needs TOS_CFG_SCHED_LOCK_EN (the timer task runs callbacks with the scheduler locked)"
#endif
#if TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u && TOS_CFG_MMHEAP_EN == 0u
#error "TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN needs TOS_CFG_MMHEAP_EN"
#endif
#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u && TOS_CFG_MMHEAP_EN == 0u
#error "TOS_CFG_PRIORITY_MAIL_QUEUE_EN needs TOS_CFG_MMHEAP_EN"
#endif

#if TOS_CFG_TIMER_EN > 0u
#  if TOS_CFG_TIMER_AS_PROC != 0u && TOS_CFG_TIMER_AS_PROC != 1u
#  error "TOS_CFG_TIMER_AS_PROC must be 0 (timer task) or 1 (tick ISR)"
#  endif
#  if TOS_CFG_TIMER_AS_PROC == 0u && (TOS_CFG_TIMER_TASK_PRIO + 1u) >= TOS_CFG_TASK_PRIO_MAX
#  error "TOS_CFG_TIMER_TASK_PRIO must be below the idle priority (TOS_CFG_TASK_PRIO_MAX - 1)"
#  endif
#endif

#if TOS_CFG_MMHEAP_EN > 0u
#  if TOS_CFG_MMHEAP_DEFAULT_POOL_EN > 0u && TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE < 256u
#  error "TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE must be at least 256 bytes"
#  endif
#  if TOS_CFG_MMHEAP_POOL_MAX < 1u || TOS_CFG_MMHEAP_POOL_MAX > 32u
#  error "TOS_CFG_MMHEAP_POOL_MAX must be between 1 and 32"
#  endif
#  if TOS_CFG_MMHEAP_POOL_SIZE_MAX < 256u
#  error "TOS_CFG_MMHEAP_POOL_SIZE_MAX must be at least 256 bytes"
#  endif
#  if TOS_CFG_MMHEAP_DEFAULT_POOL_EN > 0u && TOS_CFG_MMHEAP_POOL_SIZE_MAX < TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE
#  error "TOS_CFG_MMHEAP_POOL_SIZE_MAX is smaller than TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE"
#  endif
#endif

#if TOS_CFG_TICKLESS_EN > 0u && TOS_CFG_PWR_MGR_EN == 0u
#error "TOS_CFG_TICKLESS_EN needs TOS_CFG_PWR_MGR_EN"
#endif

#if TOS_CFG_IDLE_TASK_STK_SIZE < PORT_TASK_STK_SIZE_MIN
#error "TOS_CFG_IDLE_TASK_STK_SIZE is smaller than the port's minimum stack"
#endif

#endif /* _TOS_CONFIG_CHECK_H_ */
