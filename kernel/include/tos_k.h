/*
 * Sprig kernel: the one header apps include. Source-compatible with TencentOS Tiny's tos_k.h.
 *
 * Configuration comes from the app's (or board's) tos_config.h, found on the include path, over
 * the defaults in tos_config_default.h.
 */
#ifndef _TOS_K_H_
#define _TOS_K_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tos_config.h"
#include "port_cpu.h"
#include "tos_config_default.h"
#include "tos_config_check.h"

#include "tos_compiler.h"

__CDECLS_BEGIN

#include "tos_ktypes.h"
#include "tos_err.h"
#include "tos_klib.h"
#include "tos_cpu.h"
#include "tos_list.h"
#include "tos_slist.h"
#include "tos_kobj.h"
#include "tos_time.h"
#include "tos_pend.h"
#include "tos_task.h"
#include "tos_sys.h"
#include "tos_sched.h"
#include "tos_tick.h"
#include "tos_robin.h"
#include "tos_ring_queue.h"
#include "tos_char_fifo.h"
#include "tos_sem.h"
#include "tos_mutex.h"
#include "tos_event.h"
#include "tos_message_queue.h"
#include "tos_mail_queue.h"
#include "tos_mmblk.h"
#include "tos_mmheap.h"
#include "tos_timer.h"
#include "tos_bitmap.h"
#include "tos_binary_heap.h"
#include "tos_priority_queue.h"
#include "tos_blocking_queue.h"
#include "tos_completion.h"
#include "tos_countdownlatch.h"
#include "tos_barrier.h"
#include "tos_rwlock.h"
#include "tos_priority_message_queue.h"
#include "tos_priority_mail_queue.h"
#include "tos_stopwatch.h"
#include "tos_pm.h"
#include "tos_tickless.h"
#include "tos_global.h"
#include "tos_trace.h"
#include "port.h"
#include "tos_version.h"

__CDECLS_END

#endif /* _TOS_K_H_ */
