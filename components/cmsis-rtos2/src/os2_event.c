/*
 * CMSIS-RTOS2 event flags.
 *
 * Implemented in the layer rather than on tos_event: CMSIS clears only the flags a satisfied
 * waiter asked for, at the moment of the set, and goes on checking the next waiters against
 * what is left; TencentOS Tiny's TOS_OPT_EVENT_PEND_CLR clears the whole word and ends the
 * post at the first clearing waiter, and without it nothing is cleared atomically.
 */
#include "os2_internal.h"

static osSprigEventFlags_t *os2_event_check(osEventFlagsId_t ef_id)
{
    osSprigEventFlags_t *e = (osSprigEventFlags_t *)ef_id;

    return e && e->magic == OS2_MAGIC_EVENT ? e : K_NULL;
}

static int os2_event_match(uint32_t have, uint32_t want, uint32_t options)
{
    if (options & osFlagsWaitAll) {
        return (have & want) == want;
    }
    return (have & want) != 0u;
}

osEventFlagsId_t osEventFlagsNew(const osEventFlagsAttr_t *attr)
{
    osSprigEventFlags_t *e;
    uint8_t alloc;

    if (sprig_os2_in_isr()) {
        return K_NULL;
    }
    e = (osSprigEventFlags_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *e, _Alignof(osSprigEventFlags_t), OS2_MAGIC_EVENT, &alloc);
    if (!e) {
        return K_NULL;
    }
    e->alloc = alloc;
    e->name = attr ? attr->name : K_NULL;
    e->flags = 0u;
    tos_list_init(&e->waiters);
    e->magic = OS2_MAGIC_EVENT;
    return e;
}

const char *osEventFlagsGetName(osEventFlagsId_t ef_id)
{
    osSprigEventFlags_t *e = os2_event_check(ef_id);

    return e ? e->name : K_NULL;
}

uint32_t osEventFlagsSet(osEventFlagsId_t ef_id, uint32_t flags)
{
    OS2_CS_ALLOC();
    osSprigEventFlags_t *e = os2_event_check(ef_id);
    sprig_os2_wait_t *w, *tmp;
    uint32_t result;
    int held;

    if (!e || (flags & ~OS2_FLAGS_MASK) != 0u) {
        return osFlagsErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    e->flags |= flags;
    /* most urgent waiter first; each takes its flags before the next one looks */
    TOS_LIST_FOR_EACH_ENTRY_SAFE(w, tmp, sprig_os2_wait_t, node, &e->waiters) {
        if (os2_event_match(e->flags, w->flags, w->options)) {
            uint32_t before = e->flags;
            if (!(w->options & osFlagsNoClear)) {
                e->flags &= ~w->flags;
            }
            sprig_os2_wait_wake(w, before);
        }
    }
    result = e->flags;
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return result;
}

uint32_t osEventFlagsClear(osEventFlagsId_t ef_id, uint32_t flags)
{
    OS2_CS_ALLOC();
    osSprigEventFlags_t *e = os2_event_check(ef_id);
    uint32_t before;

    if (!e || (flags & ~OS2_FLAGS_MASK) != 0u) {
        return osFlagsErrorParameter;
    }
    OS2_CS_ENTER();
    before = e->flags;
    e->flags &= ~flags;
    OS2_CS_EXIT();
    return before;
}

uint32_t osEventFlagsGet(osEventFlagsId_t ef_id)
{
    osSprigEventFlags_t *e = os2_event_check(ef_id);

    return e ? e->flags : 0u;
}

uint32_t osEventFlagsWait(osEventFlagsId_t ef_id, uint32_t flags, uint32_t options,
                          uint32_t timeout)
{
    OS2_CS_ALLOC();
    osSprigEventFlags_t *e = os2_event_check(ef_id);
    sprig_os2_wait_t w;
    uint32_t result;
    k_err_t err;

    if (!e || (flags & ~OS2_FLAGS_MASK) != 0u || (timeout != 0u && sprig_os2_in_isr())) {
        return osFlagsErrorParameter;
    }
    OS2_CS_ENTER();
    if (os2_event_match(e->flags, flags, options)) {
        result = e->flags;
        if (!(options & osFlagsNoClear)) {
            e->flags &= ~flags;
        }
        OS2_CS_EXIT();
        return result;
    }
    if (timeout == 0u || !os2_can_wait()) {
        OS2_CS_EXIT();
        return osFlagsErrorResource;
    }
    sprig_os2_wait_prepare(&w);
    w.flags = flags;
    w.options = options;
    sprig_os2_wait_link(&w, &e->waiters);
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

    OS2_CS_ENTER();
    if (w.done) {
        result = w.result;          /* the flags, or osFlagsErrorResource if deleted */
    } else {
        sprig_os2_wait_unlink(&w);
        result = (uint32_t)sprig_os2_wait_status(err);
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    return result;
}

osStatus_t osEventFlagsDelete(osEventFlagsId_t ef_id)
{
    OS2_CS_ALLOC();
    osSprigEventFlags_t *e;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    e = os2_event_check(ef_id);
    if (!e) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    e->magic = 0u;
    sprig_os2_wait_wake_all(&e->waiters, osFlagsErrorResource);
    OS2_CS_EXIT();
    sprig_os2_cb_put(e, e->alloc);
    sprig_os2_sched_release(held);
    return osOK;
}
