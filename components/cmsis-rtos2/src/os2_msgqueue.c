/*
 * CMSIS-RTOS2 message queues, in the layer: fixed-size slots (a header, then the message)
 * kept on a list sorted by message priority, most urgent first, FIFO within a priority; free
 * slots on a free list. Receivers wait when the queue is empty and get a message copied straight
 * into their buffer by the sender; senders wait when it is full and get their message queued by
 * whoever frees a slot (receive, reset), most urgent sender first.
 */
#include "os2_internal.h"

static osSprigMessageQueue_t *os2_mq_check(osMessageQueueId_t mq_id)
{
    osSprigMessageQueue_t *q = (osSprigMessageQueue_t *)mq_id;

    return q && q->magic == OS2_MAGIC_MSGQUEUE ? q : K_NULL;
}

static void *os2_mq_data(sprig_os2_msg_t *m)
{
    return (uint8_t *)m + SPRIG_OS2_MSG_HEADER_SIZE;
}

/* CS held (or the queue not published yet): every slot free. */
static void os2_mq_clear(osSprigMessageQueue_t *q)
{
    uint8_t *slot = (uint8_t *)q->mem;
    uint32_t i;

    q->head = K_NULL;
    q->tail = K_NULL;
    q->free = K_NULL;
    q->count = 0u;
    for (i = 0u; i < q->capacity; i++) {
        sprig_os2_msg_t *m = (sprig_os2_msg_t *)(void *)(slot + (size_t)i * q->slot_size);
        m->next = q->free;
        q->free = m;
    }
}

/* CS held, a free slot exists. */
static void os2_mq_enqueue(osSprigMessageQueue_t *q, const void *msg, uint8_t prio)
{
    sprig_os2_msg_t *m = q->free;

    q->free = m->next;
    memcpy(os2_mq_data(m), msg, q->msg_size);
    m->prio = prio;
    m->next = K_NULL;
    if (!q->head) {
        q->head = q->tail = m;
    } else if (q->tail->prio >= prio) {
        q->tail->next = m;              /* the common case: not more urgent than the last */
        q->tail = m;
    } else if (q->head->prio < prio) {
        m->next = q->head;
        q->head = m;
    } else {
        sprig_os2_msg_t *p = q->head;
        while (p->next->prio >= prio) { /* stops before the tail: tail->prio < prio */
            p = p->next;
        }
        m->next = p->next;
        p->next = m;
    }
    q->count++;
}

/* CS held, a message is queued. */
static void os2_mq_dequeue(osSprigMessageQueue_t *q, void *msg, uint8_t *prio)
{
    sprig_os2_msg_t *m = q->head;

    q->head = m->next;
    if (!q->head) {
        q->tail = K_NULL;
    }
    memcpy(msg, os2_mq_data(m), q->msg_size);
    *prio = m->prio;
    m->next = q->free;
    q->free = m;
    q->count--;
}

/* CS held: queue the messages of waiting senders while there is room. */
static void os2_mq_admit_senders(osSprigMessageQueue_t *q)
{
    sprig_os2_wait_t *w;

    while (q->count < q->capacity && (w = sprig_os2_wait_first(&q->senders)) != K_NULL) {
        os2_mq_enqueue(q, w->buf, w->prio);
        sprig_os2_wait_wake(w, (uint32_t)osOK);
    }
}

osMessageQueueId_t osMessageQueueNew(uint32_t msg_count, uint32_t msg_size,
                                     const osMessageQueueAttr_t *attr)
{
    osSprigMessageQueue_t *q;
    uint8_t alloc;
    size_t slot, total;
    void *mem;

    if (sprig_os2_in_isr() || msg_count == 0u || msg_size == 0u) {
        return K_NULL;
    }
    slot = SPRIG_OS2_MSG_HEADER_SIZE + SPRIG_OS2_ALIGN_UP((size_t)msg_size);
    if (slot > UINT32_MAX || msg_count > UINT32_MAX / slot) {
        return K_NULL;
    }
    total = (size_t)msg_count * slot;
    if (attr && attr->mq_mem) {
        if (((uintptr_t)attr->mq_mem & (sizeof(void *) - 1u)) != 0u || attr->mq_size < total) {
            return K_NULL;
        }
    } else if (attr && attr->mq_size != 0u) {
        return K_NULL;
    }
    q = (osSprigMessageQueue_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *q, _Alignof(osSprigMessageQueue_t), OS2_MAGIC_MSGQUEUE, &alloc);
    if (!q) {
        return K_NULL;
    }
    if (attr && attr->mq_mem) {
        mem = attr->mq_mem;
    } else {
        mem = tos_mmheap_alloc(total);
        if (!mem) {
            sprig_os2_cb_put(q, alloc);
            return K_NULL;
        }
        alloc |= OS2_ALLOC_MEM;
    }
    q->alloc = alloc;
    q->name = attr ? attr->name : K_NULL;
    q->msg_size = msg_size;
    q->capacity = msg_count;
    q->slot_size = (uint32_t)slot;
    q->mem = mem;
    tos_list_init(&q->receivers);
    tos_list_init(&q->senders);
    os2_mq_clear(q);
    q->magic = OS2_MAGIC_MSGQUEUE;
    return q;
}

const char *osMessageQueueGetName(osMessageQueueId_t mq_id)
{
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);

    return q ? q->name : K_NULL;
}

osStatus_t osMessageQueuePut(osMessageQueueId_t mq_id, const void *msg_ptr, uint8_t msg_prio,
                             uint32_t timeout)
{
    OS2_CS_ALLOC();
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);
    sprig_os2_wait_t *r, w;
    osStatus_t status;
    k_err_t err;
    int held;

    if (!q || !msg_ptr || (timeout != 0u && sprig_os2_in_isr())) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    r = sprig_os2_wait_first(&q->receivers);
    if (r) {
        /* a receiver waits, so the queue is empty: hand it over */
        memcpy(r->buf, msg_ptr, q->msg_size);
        r->prio = msg_prio;
        sprig_os2_wait_wake(r, (uint32_t)osOK);
        status = osOK;
    } else if (q->count < q->capacity) {
        os2_mq_enqueue(q, msg_ptr, msg_prio);
        status = osOK;
    } else if (timeout == 0u || !os2_can_wait()) {
        status = osErrorResource;
    } else {
        status = osError;               /* to wait */
        sprig_os2_wait_prepare(&w);
        w.buf = (void *)(uintptr_t)msg_ptr;
        w.prio = msg_prio;
        sprig_os2_wait_link(&w, &q->senders);
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    if (status != osError) {
        return status;
    }

    err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

    OS2_CS_ENTER();
    if (w.done) {
        status = (osStatus_t)(int32_t)w.result;     /* osOK: queued; deleted: resource */
    } else {
        sprig_os2_wait_unlink(&w);
        status = sprig_os2_wait_status(err);
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    return status;
}

osStatus_t osMessageQueueGet(osMessageQueueId_t mq_id, void *msg_ptr, uint8_t *msg_prio,
                             uint32_t timeout)
{
    OS2_CS_ALLOC();
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);
    sprig_os2_wait_t w;
    osStatus_t status;
    uint8_t prio = 0u;
    k_err_t err;
    int held;

    if (!q || !msg_ptr || (timeout != 0u && sprig_os2_in_isr())) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    if (q->count > 0u) {
        os2_mq_dequeue(q, msg_ptr, &prio);
        os2_mq_admit_senders(q);
        status = osOK;
    } else if (timeout == 0u || !os2_can_wait()) {
        status = osErrorResource;
    } else {
        status = osError;               /* to wait */
        sprig_os2_wait_prepare(&w);
        w.buf = msg_ptr;
        sprig_os2_wait_link(&w, &q->receivers);
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    if (status == osError) {
        err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

        OS2_CS_ENTER();
        if (w.done) {
            status = (osStatus_t)(int32_t)w.result; /* osOK: delivered; deleted: resource */
            prio = w.prio;
        } else {
            sprig_os2_wait_unlink(&w);
            status = sprig_os2_wait_status(err);
        }
        OS2_CS_EXIT();
        sprig_os2_wait_finish(&w);
    }
    if (status == osOK && msg_prio) {
        *msg_prio = prio;
    }
    return status;
}

uint32_t osMessageQueueGetCapacity(osMessageQueueId_t mq_id)
{
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);

    return q ? q->capacity : 0u;
}

uint32_t osMessageQueueGetMsgSize(osMessageQueueId_t mq_id)
{
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);

    return q ? q->msg_size : 0u;
}

uint32_t osMessageQueueGetCount(osMessageQueueId_t mq_id)
{
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);

    return q ? q->count : 0u;
}

uint32_t osMessageQueueGetSpace(osMessageQueueId_t mq_id)
{
    OS2_CS_ALLOC();
    osSprigMessageQueue_t *q = os2_mq_check(mq_id);
    uint32_t space;

    if (!q) {
        return 0u;
    }
    OS2_CS_ENTER();
    space = q->capacity - q->count;
    OS2_CS_EXIT();
    return space;
}

osStatus_t osMessageQueueReset(osMessageQueueId_t mq_id)
{
    OS2_CS_ALLOC();
    osSprigMessageQueue_t *q;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    q = os2_mq_check(mq_id);
    if (!q) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    os2_mq_clear(q);
    os2_mq_admit_senders(q);
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return osOK;
}

osStatus_t osMessageQueueDelete(osMessageQueueId_t mq_id)
{
    OS2_CS_ALLOC();
    osSprigMessageQueue_t *q;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    q = os2_mq_check(mq_id);
    if (!q) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    q->magic = 0u;
    sprig_os2_wait_wake_all(&q->receivers, (uint32_t)osErrorResource);
    sprig_os2_wait_wake_all(&q->senders, (uint32_t)osErrorResource);
    OS2_CS_EXIT();
    if (q->alloc & OS2_ALLOC_MEM) {
        tos_mmheap_free(q->mem);
    }
    sprig_os2_cb_put(q, q->alloc);
    sprig_os2_sched_release(held);
    return osOK;
}
