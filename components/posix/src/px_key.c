/*
 * Sprig POSIX layer: thread-specific data and pthread_once.
 */
#include "px_internal.h"

static struct {
    uint8_t     used;
    void      (*destructor)(void *);
} px_keys[SPRIG_POSIX_KEYS_MAX];

void px_keys_reset(void)
{
    memset(px_keys, 0, sizeof px_keys);
}

static int px_key_valid(sprig_pthread_key_t key)
{
    return key < SPRIG_POSIX_KEYS_MAX && px_keys[key].used;
}

int sprig_pthread_key_create(sprig_pthread_key_t *key, void (*destructor)(void *))
{
    PX_CS_ALLOC();
    unsigned k;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!key) {
        return EINVAL;
    }
    px_state_ready();
    PX_CS_ENTER();
    for (k = 0u; k < SPRIG_POSIX_KEYS_MAX; k++) {
        if (!px_keys[k].used) {
            px_keys[k].used = 1u;
            px_keys[k].destructor = destructor;
            /* values a deleted key left behind were forgotten at its deletion */
            PX_CS_EXIT();
            *key = (sprig_pthread_key_t)k;
            return 0;
        }
    }
    PX_CS_EXIT();
    return EAGAIN;
}

void px_keys_forget(unsigned k)
{
    px_thread_t *t;
    px_tinfo_t *info;

    TOS_LIST_FOR_EACH_ENTRY(t, px_thread_t, node, &px.threads) {
        if (t->info.keys) {
            t->info.keys[k] = K_NULL;
        }
    }
    TOS_LIST_FOR_EACH_ENTRY(info, px_tinfo_t, node, &px.adopted) {
        if (info->keys) {
            info->keys[k] = K_NULL;
        }
    }
}

int sprig_pthread_key_delete(sprig_pthread_key_t key)
{
    PX_CS_ALLOC();

    if (px_in_isr()) {
        return EPERM;
    }
    px_state_ready();
    PX_CS_ENTER();
    if (!px_key_valid(key)) {
        PX_CS_EXIT();
        return EINVAL;
    }
    px_keys[key].used = 0u;
    px_keys[key].destructor = K_NULL;
    px_keys_forget(key);
    PX_CS_EXIT();
    return 0;
}

void *sprig_pthread_getspecific(sprig_pthread_key_t key)
{
    px_tinfo_t *info;

    if (px_in_isr() || !px_key_valid(key)) {
        return K_NULL;
    }
    info = px_tinfo_find(k_curr_task);
    return info && info->keys ? info->keys[key] : K_NULL;
}

int sprig_pthread_setspecific(sprig_pthread_key_t key, const void *value)
{
    px_tinfo_t *info;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!px_key_valid(key)) {
        return EINVAL;
    }
    info = px_tinfo_get(k_curr_task);
    if (!info) {
        return ENOMEM;
    }
    if (!info->keys) {
        void **keys;
        if (!value) {
            return 0;       /* NULL is every key's value already */
        }
        keys = tos_mmheap_calloc(SPRIG_POSIX_KEYS_MAX, sizeof(void *));
        if (!keys) {
            return ENOMEM;
        }
        info->keys = keys;
    }
    info->keys[key] = (void *)(uintptr_t)value;
    return 0;
}

void px_keys_exit(px_tinfo_t *info)
{
    PX_CS_ALLOC();
    unsigned round, k;

    if (!info->keys) {
        return;
    }
    for (round = 0u; round < (unsigned)SPRIG_PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int called = 0;
        for (k = 0u; k < SPRIG_POSIX_KEYS_MAX; k++) {
            void *value;
            void (*destructor)(void *);

            PX_CS_ENTER();
            value = info->keys[k];
            destructor = px_keys[k].used ? px_keys[k].destructor : K_NULL;
            if (value && destructor) {
                info->keys[k] = K_NULL;
            }
            PX_CS_EXIT();
            if (value && destructor) {
                destructor(value);
                called = 1;
            }
        }
        if (!called) {
            break;
        }
    }
    PX_CS_ENTER();
    {
        void **keys = info->keys;
        info->keys = K_NULL;
        PX_CS_EXIT();
        tos_mmheap_free(keys);
    }
}

/* ---- pthread_once ---- */

#define PX_ONCE_NEW         0
#define PX_ONCE_RUNNING     1
#define PX_ONCE_DONE        2

int sprig_pthread_once(sprig_pthread_once_t *once_control, void (*init_routine)(void))
{
    PX_CS_ALLOC();
    px_waiter_t run;
    int held;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!once_control || !init_routine) {
        return EINVAL;
    }
    if (once_control->state == PX_ONCE_DONE) {
        return 0;
    }
    px_state_ready();
    for (;;) {
        px_waiter_t w, *r;
        px_deadline_t d;
        int err;

        PX_CS_ENTER();
        if (once_control->state == PX_ONCE_DONE) {
            PX_CS_EXIT();
            return 0;
        }
        if (once_control->state == PX_ONCE_NEW) {
            once_control->state = PX_ONCE_RUNNING;
            break;              /* we run it (still in the CS) */
        }
        /* running: in this thread (a recursive call), or in another one */
        TOS_LIST_FOR_EACH_ENTRY(r, px_waiter_t, node, &px.once_runs) {
            if (r->key == once_control && r->task == k_curr_task) {
                PX_CS_EXIT();
                return EDEADLK;
            }
        }
        err = px_block_check();
        if (err) {
            PX_CS_EXIT();
            return err == EPERM ? EPERM : EDEADLK;
        }
        px_waiter_init(&w);
        w.key = once_control;
        px_waiter_link(&w, &px.once_waits);
        PX_CS_EXIT();
        px_deadline_forever(&d);
        (void)px_waiter_wait(&w, &d, &err);
        px_waiter_fini(&w);
    }
    /* CS held: record who runs it, then run it outside the CS */
    tos_list_init(&run.node);
    run.task = k_curr_task;
    run.key = once_control;
    tos_list_add(&run.node, &px.once_runs);
    PX_CS_EXIT();

    init_routine();

    held = px_hold();
    PX_CS_ENTER();
    tos_list_del_init(&run.node);
    once_control->state = PX_ONCE_DONE;
    {
        k_list_t *curr, *next;
        TOS_LIST_FOR_EACH_SAFE(curr, next, &px.once_waits) {
            px_waiter_t *w = TOS_LIST_ENTRY(curr, px_waiter_t, node);
            if (w->key == once_control) {
                px_waiter_wake(w, 0);
            }
        }
    }
    PX_CS_EXIT();
    px_release(held);
    return 0;
}
