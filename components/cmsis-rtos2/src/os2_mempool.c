/*
 * CMSIS-RTOS2 memory pools on tos_mmblk, with the waiting the block pool does not have: an
 * allocator waits in the layer, and a freed block goes straight to the most urgent one.
 */
#include "os2_internal.h"

static osSprigMemoryPool_t *os2_pool_check(osMemoryPoolId_t mp_id)
{
    osSprigMemoryPool_t *p = (osSprigMemoryPool_t *)mp_id;

    return p && p->magic == OS2_MAGIC_MEMPOOL ? p : K_NULL;
}

osMemoryPoolId_t osMemoryPoolNew(uint32_t block_count, uint32_t block_size,
                                 const osMemoryPoolAttr_t *attr)
{
    osSprigMemoryPool_t *p;
    uint8_t alloc;
    size_t bsize, total;
    void *mem;

    if (sprig_os2_in_isr() || block_count == 0u || block_size == 0u) {
        return K_NULL;
    }
    bsize = SPRIG_OS2_ALIGN_UP((size_t)block_size);
    if (bsize > UINT32_MAX || block_count > UINT32_MAX / bsize) {
        return K_NULL;
    }
    total = (size_t)block_count * bsize;
    if (attr && attr->mp_mem) {
        if (((uintptr_t)attr->mp_mem & (sizeof(void *) - 1u)) != 0u || attr->mp_size < total) {
            return K_NULL;
        }
    } else if (attr && attr->mp_size != 0u) {
        return K_NULL;
    }
    p = (osSprigMemoryPool_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *p, _Alignof(osSprigMemoryPool_t), OS2_MAGIC_MEMPOOL, &alloc);
    if (!p) {
        return K_NULL;
    }
    if (attr && attr->mp_mem) {
        mem = attr->mp_mem;
    } else {
        mem = tos_mmheap_alloc(total);
        if (!mem) {
            sprig_os2_cb_put(p, alloc);
            return K_NULL;
        }
        alloc |= OS2_ALLOC_MEM;
    }
    if (tos_mmblk_pool_create(&p->pool, mem, block_count, bsize) != K_ERR_NONE) {
        if (alloc & OS2_ALLOC_MEM) {
            tos_mmheap_free(mem);
        }
        sprig_os2_cb_put(p, alloc);
        return K_NULL;
    }
    p->alloc = alloc;
    p->name = attr ? attr->name : K_NULL;
    p->block_size = (uint32_t)bsize;
    tos_list_init(&p->waiters);
    p->magic = OS2_MAGIC_MEMPOOL;
    return p;
}

const char *osMemoryPoolGetName(osMemoryPoolId_t mp_id)
{
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);

    return p ? p->name : K_NULL;
}

void *osMemoryPoolAlloc(osMemoryPoolId_t mp_id, uint32_t timeout)
{
    OS2_CS_ALLOC();
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);
    sprig_os2_wait_t w;
    void *blk = K_NULL;
    k_err_t err;

    if (!p || (timeout != 0u && sprig_os2_in_isr())) {
        return K_NULL;
    }
    OS2_CS_ENTER();
    if (tos_mmblk_alloc(&p->pool, &blk) == K_ERR_NONE) {
        OS2_CS_EXIT();
        return blk;
    }
    if (timeout == 0u || !os2_can_wait()) {
        OS2_CS_EXIT();
        return K_NULL;
    }
    sprig_os2_wait_prepare(&w);
    sprig_os2_wait_link(&w, &p->waiters);
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

    OS2_CS_ENTER();
    if (w.done) {
        blk = w.buf;                    /* NULL if the pool was deleted */
    } else {
        sprig_os2_wait_unlink(&w);
        blk = K_NULL;
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    (void)err;
    return blk;
}

osStatus_t osMemoryPoolFree(osMemoryPoolId_t mp_id, void *block)
{
    OS2_CS_ALLOC();
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);
    sprig_os2_wait_t *w;
    uintptr_t start, offset;
    osStatus_t status;
    k_err_t err;
    int held;

    if (!p || !block) {
        return osErrorParameter;
    }
    /* a block of this pool: inside it, on a block boundary (what tos_mmblk_free checks too;
       needed here because a block handed to a waiter never reaches it) */
    start = (uintptr_t)p->pool.pool_start;
    if ((uintptr_t)block < start) {
        return osErrorParameter;
    }
    offset = (uintptr_t)block - start;
    if (offset % p->block_size != 0u || offset / p->block_size >= p->pool.blk_max) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    w = sprig_os2_wait_first(&p->waiters);
    if (w) {
        w->buf = block;
        sprig_os2_wait_wake(w, (uint32_t)osOK);
        status = osOK;
    } else {
        err = tos_mmblk_free(&p->pool, block);
        status = err == K_ERR_NONE ? osOK :
                 err == K_ERR_MMBLK_POOL_FULL ? osErrorResource : osErrorParameter;
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return status;
}

uint32_t osMemoryPoolGetCapacity(osMemoryPoolId_t mp_id)
{
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);

    return p ? (uint32_t)p->pool.blk_max : 0u;
}

uint32_t osMemoryPoolGetBlockSize(osMemoryPoolId_t mp_id)
{
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);

    return p ? p->block_size : 0u;
}

uint32_t osMemoryPoolGetCount(osMemoryPoolId_t mp_id)
{
    OS2_CS_ALLOC();
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);
    uint32_t used;

    if (!p) {
        return 0u;
    }
    OS2_CS_ENTER();
    used = (uint32_t)(p->pool.blk_max - p->pool.blk_free);
    OS2_CS_EXIT();
    return used;
}

uint32_t osMemoryPoolGetSpace(osMemoryPoolId_t mp_id)
{
    osSprigMemoryPool_t *p = os2_pool_check(mp_id);

    return p ? (uint32_t)p->pool.blk_free : 0u;
}

osStatus_t osMemoryPoolDelete(osMemoryPoolId_t mp_id)
{
    OS2_CS_ALLOC();
    osSprigMemoryPool_t *p;
    void *mem;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    p = os2_pool_check(mp_id);
    if (!p) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    p->magic = 0u;
    sprig_os2_wait_wake_all(&p->waiters, (uint32_t)osErrorResource);  /* buf stays NULL */
    mem = p->pool.pool_start;
    (void)tos_mmblk_pool_destroy(&p->pool);
    OS2_CS_EXIT();
    if (p->alloc & OS2_ALLOC_MEM) {
        tos_mmheap_free(mem);
    }
    sprig_os2_cb_put(p, p->alloc);
    sprig_os2_sched_release(held);
    return osOK;
}
