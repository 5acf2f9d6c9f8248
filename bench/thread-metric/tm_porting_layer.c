/*
 * Thread-Metric porting layer on the TencentOS Tiny API (tos_k.h). Everything here is portable;
 * the software interrupt line is the only per-port part (tm_port_sim.c, tm_port_cm.c).
 *
 * Choices that decide what the tests measure:
 *   - priorities: test priority p is kernel priority TM_TOS_PRIO_BASE + p, the reporter runs at
 *     TM_TOS_PRIO_BASE: no test thread can delay its wake-up;
 *   - queues are mail queues (tos_mail_q): the message is copied in and out, as the published
 *     rules ask, rather than a pointer being passed (tos_msg_q);
 *   - semaphore get and queue receive do not wait: in these tests the token or message is always
 *     there, so a wait would only hide a broken test;
 *   - memory pools are fixed-size block pools (tos_mmblk), the RTOS-native equivalent.
 */
#include "tos_k.h"

#include "tm_api.h"

#define TM_TOS_PRIO_BASE    4u
#define TM_STACK_SIZE       2048u
#define TM_QUEUE_DEPTH      8u
#define TM_POOL_BLOCKS      16u     /* a 2 KiB pool of 128-byte blocks */

#if TM_TOS_PRIO_BASE + TM_PRIORITY_LOWEST >= TOS_CFG_TASK_PRIO_MAX - 1u
#error "TOS_CFG_TASK_PRIO_MAX leaves no room for the Thread-Metric priorities above idle"
#endif

static k_task_t tm_tasks[TM_THREADS_MAX];
static k_stack_t tm_stacks[TM_THREADS_MAX][TM_STACK_SIZE] __attribute__((aligned(8)));
static void (*tm_entries[TM_THREADS_MAX])(void);

static k_mail_q_t tm_queues[TM_QUEUES_MAX];
static tm_word_t tm_queue_pools[TM_QUEUES_MAX][TM_QUEUE_DEPTH * TM_MESSAGE_WORDS];

static k_sem_t tm_semaphores[TM_SEMAPHORES_MAX];

static k_mmblk_pool_t tm_pools[TM_POOLS_MAX];
static uint8_t tm_pool_memory[TM_POOLS_MAX][TM_POOL_BLOCKS * TM_BLOCK_SIZE]
    __attribute__((aligned(sizeof(void *))));

static int tm_ok(k_err_t err)
{
    return err == K_ERR_NONE ? TM_SUCCESS : TM_ERROR;
}

/* ---- threads ---- */

int tm_reporter_init(void)
{
    return tm_ok(tos_task_prio_change(tos_task_curr_task_get(), (k_prio_t)TM_TOS_PRIO_BASE));
}

/* Tests' entries take no argument; the kernel's take one. */
static void tm_thread_trampoline(void *arg)
{
    tm_entries[(intptr_t)arg]();
}

int tm_thread_create(int id, int priority, void (*entry)(void))
{
    k_err_t err;

    if (id < 0 || id >= TM_THREADS_MAX || priority < 1 || priority > TM_PRIORITY_LOWEST) {
        return TM_ERROR;
    }
    tm_entries[id] = entry;
    err = tos_task_create(&tm_tasks[id], "tm", tm_thread_trampoline, (void *)(intptr_t)id,
                          (k_prio_t)(TM_TOS_PRIO_BASE + (unsigned)priority), tm_stacks[id],
                          sizeof tm_stacks[id], 0u);
    if (err != K_ERR_NONE) {
        return TM_ERROR;
    }
    /* the creator is more urgent, so the new thread has not run yet */
    return tm_ok(tos_task_suspend(&tm_tasks[id]));
}

int tm_thread_resume(int id)
{
    if (id < 0 || id >= TM_THREADS_MAX) {
        return TM_ERROR;
    }
    return tm_ok(tos_task_resume(&tm_tasks[id]));
}

int tm_thread_suspend(int id)
{
    if (id < 0 || id >= TM_THREADS_MAX) {
        return TM_ERROR;
    }
    return tm_ok(tos_task_suspend(&tm_tasks[id]));
}

void tm_thread_relinquish(void)
{
    tos_task_yield();
}

void tm_thread_sleep_ticks(uint32_t ticks)
{
    (void)tos_task_delay((k_tick_t)ticks);
}

/* ---- queues ---- */

int tm_queue_create(int id)
{
    if (id < 0 || id >= TM_QUEUES_MAX) {
        return TM_ERROR;
    }
    return tm_ok(tos_mail_q_create(&tm_queues[id], tm_queue_pools[id], TM_QUEUE_DEPTH,
                                   TM_MESSAGE_WORDS * sizeof(tm_word_t)));
}

int tm_queue_send(int id, const tm_word_t *message)
{
    return tm_ok(tos_mail_q_post(&tm_queues[id], (void *)message,
                                 TM_MESSAGE_WORDS * sizeof(tm_word_t)));
}

int tm_queue_receive(int id, tm_word_t *message)
{
    size_t size = 0u;
    k_err_t err = tos_mail_q_pend(&tm_queues[id], message, &size, TOS_TIME_NOWAIT);

    if (err != K_ERR_NONE || size != TM_MESSAGE_WORDS * sizeof(tm_word_t)) {
        return TM_ERROR;
    }
    return TM_SUCCESS;
}

/* ---- semaphores ---- */

int tm_semaphore_create(int id)
{
    if (id < 0 || id >= TM_SEMAPHORES_MAX) {
        return TM_ERROR;
    }
    return tm_ok(tos_sem_create(&tm_semaphores[id], 1u));
}

int tm_semaphore_get(int id)
{
    return tm_ok(tos_sem_pend(&tm_semaphores[id], TOS_TIME_NOWAIT));
}

int tm_semaphore_put(int id)
{
    return tm_ok(tos_sem_post(&tm_semaphores[id]));
}

/* ---- memory pools ---- */

int tm_memory_pool_create(int id)
{
    if (id < 0 || id >= TM_POOLS_MAX) {
        return TM_ERROR;
    }
    return tm_ok(tos_mmblk_pool_create(&tm_pools[id], tm_pool_memory[id], TM_POOL_BLOCKS,
                                       TM_BLOCK_SIZE));
}

int tm_memory_pool_allocate(int id, unsigned char **block)
{
    void *blk = K_NULL;
    k_err_t err = tos_mmblk_alloc(&tm_pools[id], &blk);

    *block = blk;
    return tm_ok(err);
}

int tm_memory_pool_deallocate(int id, unsigned char *block)
{
    return tm_ok(tos_mmblk_free(&tm_pools[id], block));
}

/* ---- interrupts: the kernel's ISR bracket (the line itself is per port) ---- */

void tm_interrupt_enter(void)
{
    tos_knl_irq_enter();
}

void tm_interrupt_leave(void)
{
    tos_knl_irq_leave();
}

/* ---- time ---- */

uint32_t tm_ticks(void)
{
    return (uint32_t)tos_systick_get();
}

uint32_t tm_ticks_per_second(void)
{
    return TOS_CFG_CPU_TICK_PER_SECOND;
}
