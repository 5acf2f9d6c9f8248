/*
 * Sprig POSIX layer: threads, thread attributes, scheduling.
 *
 * A thread is a px_thread_t from the kernel heap whose first member is its Sprig task, created
 * with px_thread_entry as its entry and the block as its argument (which is how a task is
 * recognised as a pthread). Its stack is the caller's (pthread_attr_setstack) or from the heap.
 *
 * Ending: the thread runs its key destructors, records its value and state in a CS, wakes its
 * joiner, and destroys its task. Its memory can only be freed once the task is gone
 * (K_TASK_STATE_DELETED) and not running: the joiner frees it at once if so, otherwise the
 * block waits on the zombie list, reclaimed by the next pthread_create/join/detach. A thread
 * with a joiner first raises itself to the most urgent priority with the largest slice, so
 * that the joiner runs only after the task is gone and frees the memory at once.
 */
#include "px_internal.h"

static void px_thread_entry(void *arg);

px_thread_t *px_thread_of(k_task_t *task)
{
    if (task && task->entry == px_thread_entry) {
        return (px_thread_t *)task->arg;
    }
    return K_NULL;
}

/* ---- liveness of an arbitrary task (pthread_t of a task not made by pthread_create) ---- */

static k_task_t *px_walk_target;
static int px_walk_found;

static void px_walk_find(k_task_t *task)
{
    if (task == px_walk_target) {
        px_walk_found = 1;
    }
}

int px_task_live(k_task_t *task)
{
    PX_CS_ALLOC();
    int found;

    if (!task) {
        return 0;
    }
    PX_CS_ENTER();      /* tos_task_walkthru masks too; the statics are used inside this CS */
    px_walk_target = task;
    px_walk_found = 0;
    tos_task_walkthru(px_walk_find);
    found = px_walk_found;
    PX_CS_EXIT();
    return found;
}

/* ---- per-thread information ---- */

static int px_tinfo_stale(px_tinfo_t *info)
{
    k_task_t *task = info->task;

    return !px_task_live(task) || task->entry != info->entry || task->stk_base != info->stk_base;
}

static uint8_t px_policy_of_slice(const k_task_t *task)
{
    return task->timeslice_reload == PX_FIFO_SLICE ? (uint8_t)SPRIG_SCHED_FIFO
                                                   : (uint8_t)SPRIG_SCHED_RR;
}

px_tinfo_t *px_tinfo_find(k_task_t *task)
{
    PX_CS_ALLOC();
    px_thread_t *t = px_thread_of(task);
    px_tinfo_t *info, *found = K_NULL;

    if (t) {
        return &t->info;
    }
    if (!task) {
        return K_NULL;
    }
    px_state_ready();
    PX_CS_ENTER();
    TOS_LIST_FOR_EACH_ENTRY(info, px_tinfo_t, node, &px.adopted) {
        if (info->task == task && info->entry == task->entry &&
            info->stk_base == task->stk_base) {
            found = info;
            break;
        }
    }
    PX_CS_EXIT();
    return found;
}

static void px_tinfo_free(px_tinfo_t *info)
{
    tos_mmheap_free(info->keys);
    tos_mmheap_free(info);
}

/* Reclaim the records of adopted tasks that are gone (they ended without pthread_exit). */
static void px_adopted_reap(void)
{
    PX_CS_ALLOC();

    for (;;) {
        px_tinfo_t *info, *dead = K_NULL;
        PX_CS_ENTER();
        TOS_LIST_FOR_EACH_ENTRY(info, px_tinfo_t, node, &px.adopted) {
            if (px_tinfo_stale(info)) {
                dead = info;
                break;
            }
        }
        if (dead) {
            tos_list_del_init(&dead->node);
            /* a PRIO_PROTECT mutex it still held must not point into freed memory */
            while (!tos_list_empty(&dead->protect)) {
                tos_list_del_init(dead->protect.next);
            }
        }
        PX_CS_EXIT();
        if (!dead) {
            return;
        }
        px_tinfo_free(dead);
    }
}

static void px_tinfo_setup(px_tinfo_t *info, k_task_t *task, k_prio_t base, uint8_t policy)
{
    tos_list_init(&info->node);
    tos_list_init(&info->protect);
    info->task = task;
    info->keys = K_NULL;
    info->base = base;
    info->policy = policy;
    info->entry = task->entry;
    info->stk_base = task->stk_base;
}

px_tinfo_t *px_tinfo_get(k_task_t *task)
{
    PX_CS_ALLOC();
    px_tinfo_t *info = px_tinfo_find(task);

    if (info || !task) {
        return info;
    }
    px_adopted_reap();
    info = tos_mmheap_calloc(1u, sizeof *info);
    if (!info) {
        return K_NULL;
    }
    px_tinfo_setup(info, task, task->prio_base, px_policy_of_slice(task));
    info->adopted = 1u;
    PX_CS_ENTER();
    tos_list_add_tail(&info->node, &px.adopted);
    PX_CS_EXIT();
    return info;
}

void px_prio_recompute(px_tinfo_t *info)
{
    PX_CS_ALLOC();
    k_prio_t want;
    sprig_pthread_mutex_t *m;

    PX_CS_ENTER();
    want = info->base;
    TOS_LIST_FOR_EACH_ENTRY(m, sprig_pthread_mutex_t, protect_node, &info->protect) {
        if (m->ceiling < want) {
            want = m->ceiling;
        }
    }
    PX_CS_EXIT();
    if (info->task->prio_base != want) {
        (void)tos_task_prio_change(info->task, want);
    }
}

/* ---- reclaiming ended threads ---- */

static void px_thread_free(px_thread_t *t)
{
    t->magic = PX_MAGIC_DEAD;
    tos_mmheap_free(t->stack_alloc);
    tos_mmheap_free(t);
}

/* Free the zombies whose task is gone. */
static void px_reap(void)
{
    PX_CS_ALLOC();

    px_state_ready();
    for (;;) {
        px_thread_t *t, *dead = K_NULL;
        PX_CS_ENTER();
        TOS_LIST_FOR_EACH_ENTRY(t, px_thread_t, node, &px.zombies) {
            if (t->task.state == K_TASK_STATE_DELETED && &t->task != k_curr_task) {
                dead = t;
                break;
            }
        }
        if (dead) {
            tos_list_del_init(&dead->node);
        }
        PX_CS_EXIT();
        if (!dead) {
            break;
        }
        px_thread_free(dead);
    }
    px_adopted_reap();
}

/* `t` has ended and nobody will join it: free it now or once its task is gone. CS not held. */
static void px_thread_release(px_thread_t *t)
{
    PX_CS_ALLOC();
    int now;

    PX_CS_ENTER();
    tos_list_del_init(&t->node);
    now = t->task.state == K_TASK_STATE_DELETED && &t->task != k_curr_task;
    if (!now) {
        tos_list_add_tail(&t->node, &px.zombies);
    }
    PX_CS_EXIT();
    if (now) {
        px_thread_free(t);
    }
}

/* A pthread that is running or ended but not joined yet. */
static px_thread_t *px_thread_lookup(sprig_pthread_t thread)
{
    PX_CS_ALLOC();
    px_thread_t *t, *found = K_NULL;

    px_state_ready();
    PX_CS_ENTER();
    TOS_LIST_FOR_EACH_ENTRY(t, px_thread_t, node, &px.threads) {
        if ((sprig_pthread_t)t == thread) {
            found = t;
            break;
        }
    }
    PX_CS_EXIT();
    return found;
}

/* ---- create / exit / join / detach ---- */

static void px_thread_entry(void *arg)
{
    px_thread_t *t = (px_thread_t *)arg;

    sprig_pthread_exit(t->start(t->arg));
}

static k_timeslice_t px_slice_of(int policy)
{
    return policy == SPRIG_SCHED_FIFO ? PX_FIFO_SLICE : (k_timeslice_t)0u;
}

static int px_policy_valid(int policy)
{
    return policy == SPRIG_SCHED_FIFO || policy == SPRIG_SCHED_RR || policy == SPRIG_SCHED_OTHER;
}

static int px_prio_valid(int prio)
{
    return prio >= SPRIG_POSIX_PRIO_MIN && prio <= SPRIG_POSIX_PRIO_MAX;
}

int sprig_pthread_create(sprig_pthread_t *thread, const sprig_pthread_attr_t *attr,
                         void *(*start_routine)(void *), void *arg)
{
    PX_CS_ALLOC();
    sprig_pthread_attr_t def;
    px_thread_t *t;
    k_stack_t *stack;
    size_t stack_size;
    k_prio_t kprio;
    int policy;
    k_err_t err;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!thread || !start_routine || (attr && attr->magic != PX_MAGIC_ATTR)) {
        return EINVAL;
    }
    if (!attr) {
        (void)sprig_pthread_attr_init(&def);
        attr = &def;
    }
    /* (the fields are public: check what pthread_attr_set* would have refused) */
    if (attr->stacksize < SPRIG_PTHREAD_STACK_MIN ||
        (attr->inheritsched == SPRIG_PTHREAD_EXPLICIT_SCHED &&
         (!px_prio_valid(attr->schedparam.sched_priority) ||
          !px_policy_valid(attr->schedpolicy)))) {
        return EINVAL;
    }
    px_reap();

    if (attr->inheritsched == SPRIG_PTHREAD_EXPLICIT_SCHED) {
        kprio = SPRIG_POSIX_PRIO_TO_K(attr->schedparam.sched_priority);
        policy = attr->schedpolicy;
    } else if (k_curr_task && tos_knl_is_running()) {
        px_tinfo_t *me = px_tinfo_find(k_curr_task);
        kprio = me ? me->base : k_curr_task->prio_base;
        policy = me ? me->policy : px_policy_of_slice(k_curr_task);
    } else {
        kprio = SPRIG_POSIX_PRIO_TO_K(attr->schedparam.sched_priority);
        policy = attr->schedpolicy;
    }

    t = tos_mmheap_calloc(1u, sizeof *t);
    if (!t) {
        return EAGAIN;
    }
    if (attr->stackaddr) {
        stack = (k_stack_t *)attr->stackaddr;
        stack_size = attr->stacksize;
    } else {
        stack_size = attr->stacksize;
        stack = tos_mmheap_aligned_alloc(stack_size, 16u);
        if (!stack) {
            tos_mmheap_free(t);
            return EAGAIN;
        }
        t->stack_alloc = stack;
    }
    t->magic = PX_MAGIC_THREAD;
    t->start = start_routine;
    t->arg = arg;
    t->detached = attr->detachstate == SPRIG_PTHREAD_CREATE_DETACHED;
    t->state = PX_THREAD_RUNNING;
    tos_list_init(&t->node);
    /* the task's entry is set by tos_task_create; the info's copy is only for adopted tasks */
    tos_list_init(&t->info.node);
    tos_list_init(&t->info.protect);
    t->info.task = &t->task;
    t->info.base = kprio;
    t->info.policy = (uint8_t)policy;

    *thread = (sprig_pthread_t)t;       /* before it can run */
    PX_CS_ENTER();
    tos_list_add_tail(&t->node, &px.threads);
    PX_CS_EXIT();
    err = tos_task_create(&t->task, "pthread", px_thread_entry, t, kprio, stack, stack_size,
                          px_slice_of(policy));
    if (err != K_ERR_NONE) {
        PX_CS_ENTER();
        tos_list_del_init(&t->node);
        PX_CS_EXIT();
        px_thread_free(t);
        return EAGAIN;
    }
    return 0;
}

void sprig_pthread_exit(void *value_ptr)
{
    PX_CS_ALLOC();
    k_task_t *self = k_curr_task;
    px_thread_t *t;
    px_tinfo_t *info;
    int held;

    if (px_in_isr() || !tos_knl_is_running() || tos_knl_is_sched_locked()) {
        tos_knl_panic("pthread_exit from an ISR, before tos_knl_start or with the scheduler "
                      "locked", __FILE__, __LINE__);
    }
    info = px_tinfo_find(self);
    if (info) {
        px_keys_exit(info);
        /* PRIO_PROTECT mutexes still held must not point into memory about to be freed */
        PX_CS_ENTER();
        while (!tos_list_empty(&info->protect)) {
            tos_list_del_init(info->protect.next);
        }
        PX_CS_EXIT();
    }
    t = px_thread_of(self);
    if (!t) {
        /* a task not made by pthread_create */
        if (info) {
            PX_CS_ENTER();
            tos_list_del_init(&info->node);
            PX_CS_EXIT();
            px_tinfo_free(info);
        }
        tos_task_exit();
    }

    if (t->joiner) {
        /* let the joiner run only once the task is gone (see the top of this file) */
        tos_robin_timeslice_set(K_NULL, PX_FIFO_SLICE);
        (void)tos_task_prio_change(self, 0u);
    }
    held = px_hold();
    PX_CS_ENTER();
    t->retval = value_ptr;
    t->state = PX_THREAD_EXITED;
    if (t->detached) {
        tos_list_del_init(&t->node);
        tos_list_add_tail(&t->node, &px.zombies);
    } else if (t->joiner) {
        px_waiter_wake(t->joiner, 0);
        t->joiner = K_NULL;
    }
    PX_CS_EXIT();
    px_release(held);
    tos_task_exit();
}

int sprig_pthread_join(sprig_pthread_t thread, void **retval)
{
    PX_CS_ALLOC();
    px_thread_t *t, *me;
    px_waiter_t w;
    px_deadline_t d;
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    if (thread == (sprig_pthread_t)k_curr_task && k_curr_task) {
        return EDEADLK;
    }
    px_reap();
    t = px_thread_lookup(thread);
    if (!t) {
        return px_task_live((k_task_t *)thread) ? EINVAL : ESRCH;
    }
    me = px_thread_of(k_curr_task);
    PX_CS_ENTER();
    if (t->detached || t->joiner) {
        PX_CS_EXIT();
        return EINVAL;
    }
    if (t->state == PX_THREAD_EXITED) {
        tos_list_del_init(&t->node);        /* joined: no other call finds it any more */
        PX_CS_EXIT();
        goto collect;
    }
    /* joining a thread that (through a chain of joins) joins us would never end */
    for (px_thread_t *x = t; x; x = x->joining) {
        if (x->joining == me && me) {
            PX_CS_EXIT();
            return EDEADLK;
        }
    }
    err = px_block_check();
    if (err) {
        PX_CS_EXIT();
        return err;
    }
    px_waiter_init(&w);
    t->joiner = &w;
    if (me) {
        me->joining = t;
    }
    PX_CS_EXIT();

    px_deadline_forever(&d);
    (void)px_waiter_wait(&w, &d, &err);     /* no deadline: ends only when woken */
    px_waiter_fini(&w);
    if (me) {
        me->joining = K_NULL;
    }
    PX_CS_ENTER();
    tos_list_del_init(&t->node);
    PX_CS_EXIT();
collect:
    if (retval) {
        *retval = t->retval;
    }
    px_thread_release(t);
    return 0;
}

int sprig_pthread_detach(sprig_pthread_t thread)
{
    PX_CS_ALLOC();
    px_thread_t *t;
    int ended;

    if (px_in_isr()) {
        return EPERM;
    }
    px_reap();
    t = px_thread_lookup(thread);
    if (!t) {
        return px_task_live((k_task_t *)thread) ? EINVAL : ESRCH;
    }
    PX_CS_ENTER();
    if (t->detached || t->joiner) {
        PX_CS_EXIT();
        return EINVAL;
    }
    t->detached = 1u;
    ended = t->state == PX_THREAD_EXITED;
    PX_CS_EXIT();
    if (ended) {
        px_thread_release(t);
    }
    return 0;
}

sprig_pthread_t sprig_pthread_self(void)
{
    return (sprig_pthread_t)(tos_knl_is_running() ? k_curr_task : K_NULL);
}

int sprig_pthread_equal(sprig_pthread_t t1, sprig_pthread_t t2)
{
    return t1 == t2;
}

/* ---- scheduling parameters ---- */

/* The task of a live thread, NULL if none. */
static k_task_t *px_live_task(sprig_pthread_t thread)
{
    px_thread_t *t = px_thread_lookup(thread);

    if (t) {
        return t->state == PX_THREAD_RUNNING ? &t->task : K_NULL;
    }
    return px_task_live((k_task_t *)thread) ? (k_task_t *)thread : K_NULL;
}

int sprig_pthread_getschedparam(sprig_pthread_t thread, int *policy,
                                struct sprig_sched_param *param)
{
    k_task_t *task;
    px_tinfo_t *info;

    if (!policy || !param) {
        return EINVAL;
    }
    task = px_live_task(thread);
    if (!task) {
        return ESRCH;
    }
    info = px_tinfo_find(task);
    *policy = info ? info->policy : px_policy_of_slice(task);
    param->sched_priority = SPRIG_POSIX_PRIO_FROM_K(task->prio);
    return 0;
}

static int px_setsched(sprig_pthread_t thread, int policy, int prio, int keep_policy)
{
    k_task_t *task;
    px_tinfo_t *info;

    if (px_in_isr()) {
        return EPERM;
    }
    if ((!keep_policy && !px_policy_valid(policy)) || !px_prio_valid(prio)) {
        return EINVAL;
    }
    task = px_live_task(thread);
    if (!task) {
        return ESRCH;
    }
    info = px_tinfo_get(task);
    if (!info) {
        return ENOMEM;
    }
    if (!keep_policy) {
        info->policy = (uint8_t)policy;
        tos_robin_timeslice_set(task, px_slice_of(policy));
    }
    info->base = SPRIG_POSIX_PRIO_TO_K(prio);
    px_prio_recompute(info);
    return 0;
}

int sprig_pthread_setschedparam(sprig_pthread_t thread, int policy,
                                const struct sprig_sched_param *param)
{
    if (!param) {
        return EINVAL;
    }
    return px_setsched(thread, policy, param->sched_priority, 0);
}

int sprig_pthread_setschedprio(sprig_pthread_t thread, int prio)
{
    return px_setsched(thread, 0, prio, 1);
}

int sprig_sched_yield(void)
{
    if (px_in_isr()) {
        return px_fail(EPERM);
    }
    tos_task_yield();
    return 0;
}

int sprig_sched_get_priority_max(int policy)
{
    return px_policy_valid(policy) ? SPRIG_POSIX_PRIO_MAX : px_fail(EINVAL);
}

int sprig_sched_get_priority_min(int policy)
{
    return px_policy_valid(policy) ? SPRIG_POSIX_PRIO_MIN : px_fail(EINVAL);
}

/* ---- attributes ---- */

#define PX_ATTR_OK(a)   ((a) && (a)->magic == PX_MAGIC_ATTR)

int sprig_pthread_attr_init(sprig_pthread_attr_t *attr)
{
    if (!attr) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_ATTR;
    attr->detachstate = SPRIG_PTHREAD_CREATE_JOINABLE;
    attr->inheritsched = SPRIG_PTHREAD_INHERIT_SCHED;
    attr->schedpolicy = SPRIG_SCHED_RR;
    attr->scope = SPRIG_PTHREAD_SCOPE_SYSTEM;
    attr->schedparam.sched_priority = (SPRIG_POSIX_PRIO_MIN + SPRIG_POSIX_PRIO_MAX) / 2;
    attr->stackaddr = K_NULL;
    attr->stacksize = SPRIG_POSIX_THREAD_STACK_DEFAULT;
    return 0;
}

int sprig_pthread_attr_destroy(sprig_pthread_attr_t *attr)
{
    if (!PX_ATTR_OK(attr)) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_DEAD;
    return 0;
}

int sprig_pthread_attr_setdetachstate(sprig_pthread_attr_t *attr, int detachstate)
{
    if (!PX_ATTR_OK(attr) || (detachstate != SPRIG_PTHREAD_CREATE_JOINABLE &&
                              detachstate != SPRIG_PTHREAD_CREATE_DETACHED)) {
        return EINVAL;
    }
    attr->detachstate = detachstate;
    return 0;
}

int sprig_pthread_attr_getdetachstate(const sprig_pthread_attr_t *attr, int *detachstate)
{
    if (!PX_ATTR_OK(attr) || !detachstate) {
        return EINVAL;
    }
    *detachstate = attr->detachstate;
    return 0;
}

int sprig_pthread_attr_setstacksize(sprig_pthread_attr_t *attr, size_t stacksize)
{
    if (!PX_ATTR_OK(attr) || stacksize < SPRIG_PTHREAD_STACK_MIN) {
        return EINVAL;
    }
    attr->stacksize = stacksize;
    attr->stackaddr = K_NULL;
    return 0;
}

int sprig_pthread_attr_getstacksize(const sprig_pthread_attr_t *attr, size_t *stacksize)
{
    if (!PX_ATTR_OK(attr) || !stacksize) {
        return EINVAL;
    }
    *stacksize = attr->stacksize;
    return 0;
}

int sprig_pthread_attr_setstack(sprig_pthread_attr_t *attr, void *stackaddr, size_t stacksize)
{
    if (!PX_ATTR_OK(attr) || !stackaddr || stacksize < SPRIG_PTHREAD_STACK_MIN) {
        return EINVAL;
    }
    attr->stackaddr = stackaddr;
    attr->stacksize = stacksize;
    return 0;
}

int sprig_pthread_attr_getstack(const sprig_pthread_attr_t *attr, void **stackaddr,
                                size_t *stacksize)
{
    if (!PX_ATTR_OK(attr) || !stackaddr || !stacksize) {
        return EINVAL;
    }
    *stackaddr = attr->stackaddr;
    *stacksize = attr->stacksize;
    return 0;
}

int sprig_pthread_attr_setschedparam(sprig_pthread_attr_t *attr,
                                     const struct sprig_sched_param *param)
{
    if (!PX_ATTR_OK(attr) || !param || !px_prio_valid(param->sched_priority)) {
        return EINVAL;
    }
    attr->schedparam = *param;
    return 0;
}

int sprig_pthread_attr_getschedparam(const sprig_pthread_attr_t *attr,
                                     struct sprig_sched_param *param)
{
    if (!PX_ATTR_OK(attr) || !param) {
        return EINVAL;
    }
    *param = attr->schedparam;
    return 0;
}

int sprig_pthread_attr_setschedpolicy(sprig_pthread_attr_t *attr, int policy)
{
    if (!PX_ATTR_OK(attr) || !px_policy_valid(policy)) {
        return EINVAL;
    }
    attr->schedpolicy = policy;
    return 0;
}

int sprig_pthread_attr_getschedpolicy(const sprig_pthread_attr_t *attr, int *policy)
{
    if (!PX_ATTR_OK(attr) || !policy) {
        return EINVAL;
    }
    *policy = attr->schedpolicy;
    return 0;
}

int sprig_pthread_attr_setinheritsched(sprig_pthread_attr_t *attr, int inheritsched)
{
    if (!PX_ATTR_OK(attr) || (inheritsched != SPRIG_PTHREAD_INHERIT_SCHED &&
                              inheritsched != SPRIG_PTHREAD_EXPLICIT_SCHED)) {
        return EINVAL;
    }
    attr->inheritsched = inheritsched;
    return 0;
}

int sprig_pthread_attr_getinheritsched(const sprig_pthread_attr_t *attr, int *inheritsched)
{
    if (!PX_ATTR_OK(attr) || !inheritsched) {
        return EINVAL;
    }
    *inheritsched = attr->inheritsched;
    return 0;
}

int sprig_pthread_attr_setscope(sprig_pthread_attr_t *attr, int scope)
{
    if (!PX_ATTR_OK(attr) || (scope != SPRIG_PTHREAD_SCOPE_SYSTEM &&
                              scope != SPRIG_PTHREAD_SCOPE_PROCESS)) {
        return EINVAL;
    }
    attr->scope = scope;
    return 0;
}

int sprig_pthread_attr_getscope(const sprig_pthread_attr_t *attr, int *scope)
{
    if (!PX_ATTR_OK(attr) || !scope) {
        return EINVAL;
    }
    *scope = attr->scope;
    return 0;
}
