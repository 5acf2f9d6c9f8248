/*
 * Thread-Metric porting layer: the only RTOS services the eight tests use. Objects are named
 * by small integer ids, so a test reads the same whatever RTOS sits underneath; this tree
 * implements them on the TencentOS Tiny API (tm_porting_layer.c) plus one software interrupt
 * line per port (tm_port_sim.c, tm_port_cm.c).
 *
 * Every function returns TM_SUCCESS or TM_ERROR; the tests treat TM_ERROR as a failed run.
 */
#ifndef TM_API_H
#define TM_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TM_SUCCESS          0
#define TM_ERROR            1

/* Capacities: the largest test (cooperative, preemptive) uses five threads. */
#define TM_THREADS_MAX      5
#define TM_QUEUES_MAX       1
#define TM_SEMAPHORES_MAX   1
#define TM_POOLS_MAX        1

/* Priorities: 1 is the most urgent a test may use, TM_PRIORITY_LOWEST the least. The reporter
   runs above all of them (tm_reporter_init). */
#define TM_PRIORITY_LOWEST  16

/* A queue message: four machine words, so 16 bytes on a 32-bit CPU and 32 on a 64-bit host. */
#define TM_MESSAGE_WORDS    4
typedef uintptr_t tm_word_t;

/* Memory pool: blocks of this size. */
#define TM_BLOCK_SIZE       128u

/* ---- threads ---- */

/* Make the calling thread the reporter: more urgent than every test thread, so it wakes on
   time and the counters stand still while it reads them. */
int  tm_reporter_init(void);

/* Create thread `id` at `priority`, suspended: it first runs when tm_thread_resume(id) is
   called. The caller must be more urgent than `priority` (the reporter is). */
int  tm_thread_create(int id, int priority, void (*entry)(void));
int  tm_thread_resume(int id);          /* also from an interrupt handler */
int  tm_thread_suspend(int id);         /* a thread may suspend itself */
void tm_thread_relinquish(void);        /* to the next ready thread of the same priority */
void tm_thread_sleep_ticks(uint32_t ticks);

/* ---- queues: copy TM_MESSAGE_WORDS words in and out ---- */

int  tm_queue_create(int id);
int  tm_queue_send(int id, const tm_word_t *message);
int  tm_queue_receive(int id, tm_word_t *message);      /* fails when the queue is empty */

/* ---- counting semaphores, created with one token ---- */

int  tm_semaphore_create(int id);
int  tm_semaphore_get(int id);          /* fails when no token is available */
int  tm_semaphore_put(int id);          /* also from an interrupt handler */

/* ---- memory pools of TM_BLOCK_SIZE-byte blocks ---- */

int  tm_memory_pool_create(int id);
int  tm_memory_pool_allocate(int id, unsigned char **block);
int  tm_memory_pool_deallocate(int id, unsigned char *block);

/* ---- the software interrupt (one per port: tm_port_*.c) ----
   tm_interrupt_connect installs `handler` on the port's software line at a priority that may
   use the kernel; tm_cause_interrupt raises it, and the handler has run when it returns.
   Handlers call tm_interrupt_enter first and tm_interrupt_leave last (the kernel's ISR
   bracket: a thread made ready in the handler runs after tm_interrupt_leave). */
void tm_interrupt_connect(void (*handler)(void));
void tm_cause_interrupt(void);
void tm_interrupt_enter(void);
void tm_interrupt_leave(void);

/* ---- time ---- */

/* Kernel ticks since the kernel started, and their rate. */
uint32_t tm_ticks(void);
uint32_t tm_ticks_per_second(void);

#ifdef __cplusplus
}
#endif

#endif /* TM_API_H */
