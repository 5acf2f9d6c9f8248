/*
 * Documented defaults for every kernel option. The app's (or board's) tos_config.h is included
 * first and wins; anything it leaves out gets the value below. Modules default to off, as in
 * TencentOS Tiny, so an existing tos_config.h keeps its footprint. See docs/api.md#configuration.
 */
#ifndef _TOS_CONFIG_DEFAULT_H_
#define _TOS_CONFIG_DEFAULT_H_

/* ---- scheduler ---- */
#ifndef TOS_CFG_TASK_PRIO_MAX
#define TOS_CFG_TASK_PRIO_MAX                   8u      /* priority levels; the last is idle's */
#endif
#ifndef TOS_CFG_ROUND_ROBIN_EN
#define TOS_CFG_ROUND_ROBIN_EN                  0u
#endif
#ifndef TOS_CFG_TASK_DYNAMIC_CREATE_EN
#define TOS_CFG_TASK_DYNAMIC_CREATE_EN          0u      /* tos_task_create_dyn; needs mmheap */
#endif
#ifndef TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN
#define TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN 0u
#endif
#ifndef TOS_CFG_IDLE_TASK_STK_SIZE
#define TOS_CFG_IDLE_TASK_STK_SIZE              256u
#endif

/* Sprig: argument and object checks on every call (K_ERR_OBJ_*). On by default; turn off only to
   squeeze footprint. */
#ifndef TOS_CFG_OBJECT_VERIFY_EN
#define TOS_CFG_OBJECT_VERIFY_EN                1u
#endif

/* Sprig: NULL pointer arguments are K_ERR_OBJ_PTR_NULL (as in TencentOS Tiny). 0 drops these
   checks too: a NULL object, name, entry or stack is then undefined behaviour, and so is a NULL
   task ("the caller") before tos_knl_start. For systems whose code is known not to pass NULL. */
#ifndef TOS_CFG_PTR_CHECK_EN
#define TOS_CFG_PTR_CHECK_EN                    1u
#endif

/* Sprig: kernel assertions (consistency checks such as the interrupt nesting limit) and the
   kernel's panics report their expression or message, file and line. 0 keeps every check but
   drops the text: a failure still stops the system through port_panic, with no expression, file
   or line (saves the strings and the code that passes them). */
#ifndef TOS_CFG_ASSERT_EN
#define TOS_CFG_ASSERT_EN                       1u
#endif

/* Sprig: tos_task_destroy, and a task that returns from its entry destroys itself. 0 is for
   systems whose tasks never end: both are compiled out, and a task that returns from its entry
   stops the system with a panic. */
#ifndef TOS_CFG_TASK_DESTROY_EN
#define TOS_CFG_TASK_DESTROY_EN                 1u
#endif

/* Sprig: tos_knl_sched_lock / tos_knl_sched_unlock. 0 compiles the scheduler lock out, and with
   it the checks for it in every blocking call. */
#ifndef TOS_CFG_SCHED_LOCK_EN
#define TOS_CFG_SCHED_LOCK_EN                   1u
#endif

/* Sprig: width of k_tick_t. The port picks the default (64-bit on hosts, 32-bit on MCUs). */
#ifndef TOS_CFG_TICK_64BIT_EN
#define TOS_CFG_TICK_64BIT_EN                   PORT_TICK_64BIT_DEFAULT
#endif

/* ---- IPC modules ---- */
#ifndef TOS_CFG_EVENT_EN
#define TOS_CFG_EVENT_EN                        0u
#endif
#ifndef TOS_CFG_MUTEX_EN
#define TOS_CFG_MUTEX_EN                        0u
#endif
#ifndef TOS_CFG_SEM_EN
#define TOS_CFG_SEM_EN                          0u
#endif
#ifndef TOS_CFG_COMPLETION_EN
#define TOS_CFG_COMPLETION_EN                   0u
#endif
#ifndef TOS_CFG_COUNTDOWNLATCH_EN
#define TOS_CFG_COUNTDOWNLATCH_EN               0u
#endif
#ifndef TOS_CFG_BARRIER_EN
#define TOS_CFG_BARRIER_EN                      0u
#endif
#ifndef TOS_CFG_RWLOCK_EN
#define TOS_CFG_RWLOCK_EN                       0u
#endif
#ifndef TOS_CFG_MESSAGE_QUEUE_EN
#define TOS_CFG_MESSAGE_QUEUE_EN                0u
#endif
#ifndef TOS_CFG_MAIL_QUEUE_EN
#define TOS_CFG_MAIL_QUEUE_EN                   0u
#endif
#ifndef TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN
#define TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN       0u
#endif
#ifndef TOS_CFG_PRIORITY_MAIL_QUEUE_EN
#define TOS_CFG_PRIORITY_MAIL_QUEUE_EN          0u
#endif

/* ---- timers ---- */
#ifndef TOS_CFG_TIMER_EN
#define TOS_CFG_TIMER_EN                        0u
#endif
#ifndef TOS_CFG_TIMER_AS_PROC
#define TOS_CFG_TIMER_AS_PROC                   0u      /* 1: callbacks run in the tick ISR */
#endif
#ifndef TOS_CFG_TIMER_TASK_PRIO
#define TOS_CFG_TIMER_TASK_PRIO                 (TOS_CFG_TASK_PRIO_MAX - 2u)
#endif
#ifndef TOS_CFG_TIMER_TASK_STK_SIZE
#define TOS_CFG_TIMER_TASK_STK_SIZE             512u
#endif

/* ---- memory ---- */
#ifndef TOS_CFG_MMHEAP_EN
#define TOS_CFG_MMHEAP_EN                       0u
#endif
#ifndef TOS_CFG_MMHEAP_DEFAULT_POOL_EN
#define TOS_CFG_MMHEAP_DEFAULT_POOL_EN          1u
#endif
#ifndef TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE
#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE        0x2000u
#endif
/* Sprig: how many pools tos_mmheap_pool_add accepts. */
#ifndef TOS_CFG_MMHEAP_POOL_MAX
#define TOS_CFG_MMHEAP_POOL_MAX                 3u
#endif
/* Sprig: largest pool (bytes) the heap must manage; sizes the control block. Defaults to the
   default pool, so a small heap has a small control block. */
#ifndef TOS_CFG_MMHEAP_POOL_SIZE_MAX
#define TOS_CFG_MMHEAP_POOL_SIZE_MAX            TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE
#endif
#ifndef TOS_CFG_MMBLK_EN
#define TOS_CFG_MMBLK_EN                        0u
#endif

/* ---- power ---- */
#ifndef TOS_CFG_PWR_MGR_EN
#define TOS_CFG_PWR_MGR_EN                      0u
#endif
#ifndef TOS_CFG_TICKLESS_EN
#define TOS_CFG_TICKLESS_EN                     0u
#endif

/* ---- CPU ---- */
#ifndef TOS_CFG_CPU_TICK_PER_SECOND
#define TOS_CFG_CPU_TICK_PER_SECOND             1000u
#endif
#ifndef TOS_CFG_CPU_CLOCK
#define TOS_CFG_CPU_CLOCK                       16000000u
#endif
#ifndef TOS_CFG_CPU_SYSTICK_PRIO
#define TOS_CFG_CPU_SYSTICK_PRIO                0xF0u   /* NVIC-style: larger is less urgent */
#endif
/* ---- port capabilities (the port's port_cpu.h may define these; see docs/porting.md) ---- */
/* 1: port_in_isr() is true in every interrupt handler, and port_irq_context_switch() called
   from any of them (nested or not) switches only once the outermost one has returned (Cortex-M:
   IPSR and PendSV). The kernel then keeps no interrupt nesting count of its own:
   tos_knl_irq_enter does nothing and every tos_knl_irq_leave may ask for the switch. */
#ifndef PORT_IRQ_NEST_HW
#define PORT_IRQ_NEST_HW                        0
#endif
/* 0: port_idle never uses its `ticks` argument (the kernel need not work the deadline out). */
#ifndef PORT_IDLE_DEADLINE_EN
#define PORT_IDLE_DEADLINE_EN                   1
#endif

#ifndef TOS_CFG_FAULT_BACKTRACE_EN
#define TOS_CFG_FAULT_BACKTRACE_EN              0u
#endif

/* ---- the boards' application task (the task whose entry is application_entry) ---- */
#ifndef SPRIG_CFG_APP_TASK_PRIO
#define SPRIG_CFG_APP_TASK_PRIO                 4u
#endif
#ifndef SPRIG_CFG_APP_TASK_STK_SIZE
#define SPRIG_CFG_APP_TASK_STK_SIZE             4096u
#endif

#endif /* _TOS_CONFIG_DEFAULT_H_ */
