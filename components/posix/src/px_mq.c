/*
 * Sprig POSIX layer: message queues in a kernel namespace.
 *
 * A queue is one heap block: the px_mq_t, then mq_maxmsg message slots (a px_msg_t header and
 * mq_msgsize bytes each). Queued messages form a list sorted by priority (higher first, FIFO
 * among equals); unused slots a free list. Blocked senders and receivers wait on waiter records
 * (px_internal.h). Hand-over keeps the order: a send to an empty queue with a waiting receiver
 * copies straight into the receiver's buffer; a receive from a full queue with a waiting sender
 * moves that sender's message into the queue.
 *
 * Lifetime: `refs` counts open descriptors, `busy` the calls blocked on the queue; it is freed
 * when it is unlinked and both are 0. Descriptors are slots of a fixed table.
 */
#include "px_internal.h"

#define PX_MQD_BASE     0x100       /* descriptor of slot 0: small integers that are not 0 */

typedef struct px_msg {
    struct px_msg  *next;
    size_t          len;
    unsigned        prio;
} px_msg_t;

typedef struct px_mq {
    k_list_t        node;           /* in px.mqs while it has its name */
    char            name[SPRIG_POSIX_MQ_NAME_MAX + 1u];
    uint8_t         unlinked;
    unsigned        refs;
    unsigned        busy;
    long            maxmsg;
    long            msgsize;
    long            curmsgs;
    px_msg_t       *head;
    px_msg_t       *free;
    k_list_t        senders;
    k_list_t        receivers;
} px_mq_t;

static struct {
    px_mq_t    *q;
    int         flags;              /* O_ACCMODE bits and O_NONBLOCK */
    uint8_t     used;
} px_mqd[SPRIG_POSIX_MQ_OPEN_MAX];

#define PX_ALIGN(n)     (((n) + sizeof(void *) * 2u - 1u) & ~(sizeof(void *) * 2u - 1u))

void px_mq_reset(void)
{
    memset(px_mqd, 0, sizeof px_mqd);
}

static void *px_msg_data(px_msg_t *m)
{
    return (uint8_t *)m + PX_ALIGN(sizeof(px_msg_t));
}

/* CS held: queue a copy of (buf, len) at prio. There is a free slot. */
static void px_mq_put(px_mq_t *q, const void *buf, size_t len, unsigned prio)
{
    px_msg_t *m = q->free, **pp;

    q->free = m->next;
    m->len = len;
    m->prio = prio;
    if (len) {
        memcpy(px_msg_data(m), buf, len);
    }
    for (pp = &q->head; *pp && (*pp)->prio >= prio; pp = &(*pp)->next) {
    }
    m->next = *pp;
    *pp = m;
    q->curmsgs++;
}

/* CS held: take the first message into buf. There is one. */
static void px_mq_get(px_mq_t *q, void *buf, size_t *len, unsigned *prio)
{
    px_msg_t *m = q->head;

    q->head = m->next;
    if (m->len) {
        memcpy(buf, px_msg_data(m), m->len);
    }
    *len = m->len;
    *prio = m->prio;
    m->next = q->free;
    q->free = m;
    q->curmsgs--;
}

/* CS held: free the queue if nothing refers to it any more. Returns the block to free. */
static px_mq_t *px_mq_unused(px_mq_t *q)
{
    return q->unlinked && q->refs == 0u && q->busy == 0u ? q : K_NULL;
}

/* ---- names ---- */

/* 0, EINVAL or ENAMETOOLONG; *len gets the length. */
static int px_mq_name_check(const char *name, size_t *len)
{
    size_t n;

    if (!name || name[0] != '/') {
        return EINVAL;
    }
    for (n = 1u; name[n]; n++) {
        if (name[n] == '/') {
            return EINVAL;
        }
        if (n >= SPRIG_POSIX_MQ_NAME_MAX) {
            return ENAMETOOLONG;
        }
    }
    if (n < 2u) {
        return EINVAL;
    }
    *len = n;
    return 0;
}

/* CS held. */
static px_mq_t *px_mq_find(const char *name)
{
    px_mq_t *q;

    TOS_LIST_FOR_EACH_ENTRY(q, px_mq_t, node, &px.mqs) {
        if (strcmp(q->name, name) == 0) {
            return q;
        }
    }
    return K_NULL;
}

static px_mq_t *px_mq_alloc(const char *name, size_t name_len, long maxmsg, long msgsize)
{
    size_t slot, total;
    px_mq_t *q;
    long i;

    if ((size_t)msgsize > SIZE_MAX / 4u) {
        return K_NULL;
    }
    slot = PX_ALIGN(PX_ALIGN(sizeof(px_msg_t)) + (size_t)msgsize);
    if ((size_t)maxmsg > (SIZE_MAX / 2u) / slot) {
        return K_NULL;
    }
    total = PX_ALIGN(sizeof(px_mq_t)) + (size_t)maxmsg * slot;
    q = tos_mmheap_alloc(total);
    if (!q) {
        return K_NULL;
    }
    memset(q, 0, sizeof *q);
    tos_list_init(&q->node);
    memcpy(q->name, name, name_len + 1u);
    q->maxmsg = maxmsg;
    q->msgsize = msgsize;
    tos_list_init(&q->senders);
    tos_list_init(&q->receivers);
    for (i = maxmsg - 1; i >= 0; i--) {
        px_msg_t *m = (px_msg_t *)(void *)((uint8_t *)q + PX_ALIGN(sizeof(px_mq_t)) +
                                           (size_t)i * slot);
        m->next = q->free;
        q->free = m;
    }
    return q;
}

sprig_mqd_t sprig_mq_open(const char *name, int oflag, ...)
{
    PX_CS_ALLOC();
    struct sprig_mq_attr *attr = K_NULL;
    px_mq_t *q, *fresh = K_NULL;
    size_t name_len;
    unsigned slot;
    int acc = oflag & O_ACCMODE;
    int err;

    if (px_in_isr()) {
        return (sprig_mqd_t)px_fail(EPERM);
    }
    err = px_mq_name_check(name, &name_len);
    if (err) {
        return (sprig_mqd_t)px_fail(err);
    }
    if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR) {
        return (sprig_mqd_t)px_fail(EINVAL);
    }
    if (oflag & O_CREAT) {
        va_list ap;
        va_start(ap, oflag);
        (void)va_arg(ap, unsigned int);     /* mode_t, promoted (no permissions here) */
        attr = va_arg(ap, struct sprig_mq_attr *);
        va_end(ap);
        if (attr && (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)) {
            return (sprig_mqd_t)px_fail(EINVAL);
        }
    }
    px_state_ready();

    /* reserve a descriptor */
    PX_CS_ENTER();
    for (slot = 0u; slot < SPRIG_POSIX_MQ_OPEN_MAX && px_mqd[slot].used; slot++) {
    }
    if (slot == SPRIG_POSIX_MQ_OPEN_MAX) {
        PX_CS_EXIT();
        return (sprig_mqd_t)px_fail(EMFILE);
    }
    px_mqd[slot].used = 1u;
    px_mqd[slot].q = K_NULL;
    q = px_mq_find(name);
    PX_CS_EXIT();

    if (!q && (oflag & O_CREAT)) {
        fresh = px_mq_alloc(name, name_len,
                            attr ? attr->mq_maxmsg : (long)SPRIG_POSIX_MQ_DEFAULT_MAXMSG,
                            attr ? attr->mq_msgsize : (long)SPRIG_POSIX_MQ_DEFAULT_MSGSIZE);
        if (!fresh) {
            err = ENOSPC;
        }
    }
    PX_CS_ENTER();
    if (!err) {
        q = px_mq_find(name);           /* again: another task may have made it meanwhile */
        if (q && (oflag & O_CREAT) && (oflag & O_EXCL)) {
            err = EEXIST;
        } else if (!q && !(oflag & O_CREAT)) {
            err = ENOENT;
        } else if (!q) {
            q = fresh;
            fresh = K_NULL;
            tos_list_add_tail(&q->node, &px.mqs);
        }
    }
    if (err) {
        px_mqd[slot].used = 0u;
    } else {
        q->refs++;
        px_mqd[slot].q = q;
        px_mqd[slot].flags = oflag & (O_ACCMODE | O_NONBLOCK);
    }
    PX_CS_EXIT();
    tos_mmheap_free(fresh);             /* NULL, or the one we did not need */
    if (err) {
        return (sprig_mqd_t)px_fail(err);
    }
    return (sprig_mqd_t)(PX_MQD_BASE + (int)slot);
}

/* CS held: the slot of a descriptor, NULL if it is not open. */
static int px_mqd_slot(sprig_mqd_t mqdes)
{
    int slot = (int)mqdes - PX_MQD_BASE;

    if (slot < 0 || slot >= (int)SPRIG_POSIX_MQ_OPEN_MAX || !px_mqd[slot].used ||
        !px_mqd[slot].q) {
        return -1;
    }
    return slot;
}

int sprig_mq_close(sprig_mqd_t mqdes)
{
    PX_CS_ALLOC();
    px_mq_t *dead;
    int slot;

    if (px_in_isr()) {
        return px_fail(EPERM);
    }
    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot < 0) {
        PX_CS_EXIT();
        return px_fail(EBADF);
    }
    px_mqd[slot].q->refs--;
    dead = px_mq_unused(px_mqd[slot].q);
    px_mqd[slot].used = 0u;
    px_mqd[slot].q = K_NULL;
    PX_CS_EXIT();
    tos_mmheap_free(dead);
    return 0;
}

int sprig_mq_unlink(const char *name)
{
    PX_CS_ALLOC();
    px_mq_t *q, *dead = K_NULL;
    size_t len;
    int err;

    if (px_in_isr()) {
        return px_fail(EPERM);
    }
    err = px_mq_name_check(name, &len);
    if (err) {
        return px_fail(err);
    }
    px_state_ready();
    PX_CS_ENTER();
    q = px_mq_find(name);
    if (q) {
        tos_list_del_init(&q->node);
        q->unlinked = 1u;
        dead = px_mq_unused(q);
    }
    PX_CS_EXIT();
    if (!q) {
        return px_fail(ENOENT);
    }
    tos_mmheap_free(dead);
    return 0;
}

/* ---- send / receive ---- */

static int px_mq_send(sprig_mqd_t mqdes, const char *msg, size_t len, unsigned prio,
                      const struct timespec *abs, int timed)
{
    PX_CS_ALLOC();
    px_waiter_t w;
    px_deadline_t d;
    px_mq_t *q, *dead;
    int slot, nonblock, held, block_err, done, err = 0;

    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot < 0 || (px_mqd[slot].flags & O_ACCMODE) == O_RDONLY) {
        PX_CS_EXIT();
        return EBADF;
    }
    q = px_mqd[slot].q;
    nonblock = (px_mqd[slot].flags & O_NONBLOCK) != 0;
    PX_CS_EXIT();
    if (len > (size_t)q->msgsize) {
        return EMSGSIZE;
    }
    if (prio >= (unsigned)SPRIG_MQ_PRIO_MAX || (!msg && len)) {
        return EINVAL;
    }
    if (px_in_isr() && !nonblock) {
        return EPERM;
    }
    block_err = px_block_check();
    px_waiter_init(&w);
    held = px_hold();
    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);          /* (closed meanwhile?) */
    if (slot < 0 || px_mqd[slot].q != q) {
        err = EBADF;
    } else if (!tos_list_empty(&q->receivers)) {
        px_waiter_t *r = px_waiter_first(&q->receivers);
        if (len) {
            memcpy(r->buf, msg, len);
        }
        r->len = len;
        r->msg_prio = prio;
        px_waiter_wake(r, 0);
    } else if (q->curmsgs < q->maxmsg) {
        px_mq_put(q, msg, len, prio);
    } else if (nonblock) {
        err = EAGAIN;
    } else if (timed && !px_ts_valid(abs)) {
        err = EINVAL;
    } else if (block_err) {
        err = block_err;
    } else {
        w.buf = (void *)(uintptr_t)msg;
        w.len = len;
        w.msg_prio = prio;
        px_waiter_link(&w, &q->senders);
        q->busy++;
        err = -1;                       /* wait */
    }
    PX_CS_EXIT();
    px_release(held);
    if (err != -1) {
        px_waiter_fini(&w);
        return err;
    }

    if (timed) {
        (void)px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abs);
    } else {
        px_deadline_forever(&d);
    }
    done = px_waiter_wait(&w, &d, &err);
    px_waiter_fini(&w);
    PX_CS_ENTER();
    q->busy--;
    dead = px_mq_unused(q);
    PX_CS_EXIT();
    tos_mmheap_free(dead);
    return done ? w.result : err;
}

int sprig_mq_send(sprig_mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio)
{
    int err = px_mq_send(mqdes, msg_ptr, msg_len, msg_prio, K_NULL, 0);

    return err ? px_fail(err) : 0;
}

int sprig_mq_timedsend(sprig_mqd_t mqdes, const char *msg_ptr, size_t msg_len,
                       unsigned msg_prio, const struct timespec *abs_timeout)
{
    int err = px_mq_send(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout, 1);

    return err ? px_fail(err) : 0;
}

static ssize_t px_mq_receive(sprig_mqd_t mqdes, char *msg, size_t len, unsigned *prio_out,
                             const struct timespec *abs, int timed)
{
    PX_CS_ALLOC();
    px_waiter_t w;
    px_deadline_t d;
    px_mq_t *q, *dead;
    size_t got = 0u;
    unsigned prio = 0u;
    int slot, nonblock, held, block_err, done, err = 0;

    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot < 0 || (px_mqd[slot].flags & O_ACCMODE) == O_WRONLY) {
        PX_CS_EXIT();
        return px_fail(EBADF);
    }
    q = px_mqd[slot].q;
    nonblock = (px_mqd[slot].flags & O_NONBLOCK) != 0;
    PX_CS_EXIT();
    if (len < (size_t)q->msgsize) {
        return px_fail(EMSGSIZE);
    }
    if (!msg) {
        return px_fail(EINVAL);
    }
    if (px_in_isr() && !nonblock) {
        return px_fail(EPERM);
    }
    block_err = px_block_check();
    px_waiter_init(&w);
    held = px_hold();
    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot < 0 || px_mqd[slot].q != q) {
        err = EBADF;
    } else if (q->curmsgs > 0) {
        px_mq_get(q, msg, &got, &prio);
        if (!tos_list_empty(&q->senders)) {
            /* room now: the most urgent waiting sender's message goes in */
            px_waiter_t *s = px_waiter_first(&q->senders);
            px_mq_put(q, s->buf, s->len, s->msg_prio);
            px_waiter_wake(s, 0);
        }
    } else if (nonblock) {
        err = EAGAIN;
    } else if (timed && !px_ts_valid(abs)) {
        err = EINVAL;
    } else if (block_err) {
        err = block_err;
    } else {
        w.buf = msg;
        px_waiter_link(&w, &q->receivers);
        q->busy++;
        err = -1;                       /* wait */
    }
    PX_CS_EXIT();
    px_release(held);
    if (err != -1) {
        px_waiter_fini(&w);
        if (err) {
            return px_fail(err);
        }
        if (prio_out) {
            *prio_out = prio;
        }
        return (ssize_t)got;
    }

    if (timed) {
        (void)px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abs);
    } else {
        px_deadline_forever(&d);
    }
    done = px_waiter_wait(&w, &d, &err);
    px_waiter_fini(&w);
    PX_CS_ENTER();
    q->busy--;
    dead = px_mq_unused(q);
    PX_CS_EXIT();
    tos_mmheap_free(dead);
    if (!done) {
        return px_fail(err);
    }
    if (prio_out) {
        *prio_out = w.msg_prio;
    }
    return (ssize_t)w.len;
}

ssize_t sprig_mq_receive(sprig_mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio)
{
    return px_mq_receive(mqdes, msg_ptr, msg_len, msg_prio, K_NULL, 0);
}

ssize_t sprig_mq_timedreceive(sprig_mqd_t mqdes, char *msg_ptr, size_t msg_len,
                              unsigned *msg_prio, const struct timespec *abs_timeout)
{
    return px_mq_receive(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout, 1);
}

/* ---- attributes ---- */

static void px_mq_attr_of(int slot, struct sprig_mq_attr *a)
{
    px_mq_t *q = px_mqd[slot].q;

    a->mq_flags = px_mqd[slot].flags & O_NONBLOCK;
    a->mq_maxmsg = q->maxmsg;
    a->mq_msgsize = q->msgsize;
    a->mq_curmsgs = q->curmsgs;
}

int sprig_mq_getattr(sprig_mqd_t mqdes, struct sprig_mq_attr *mqstat)
{
    PX_CS_ALLOC();
    int slot;

    if (!mqstat) {
        return px_fail(EINVAL);
    }
    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot >= 0) {
        px_mq_attr_of(slot, mqstat);
    }
    PX_CS_EXIT();
    return slot < 0 ? px_fail(EBADF) : 0;
}

int sprig_mq_setattr(sprig_mqd_t mqdes, const struct sprig_mq_attr *mqstat,
                     struct sprig_mq_attr *omqstat)
{
    PX_CS_ALLOC();
    struct sprig_mq_attr old;
    int slot;

    if (!mqstat || (mqstat->mq_flags & ~(long)O_NONBLOCK) != 0) {
        return px_fail(EINVAL);
    }
    PX_CS_ENTER();
    slot = px_mqd_slot(mqdes);
    if (slot >= 0) {
        px_mq_attr_of(slot, &old);
        px_mqd[slot].flags = (px_mqd[slot].flags & ~O_NONBLOCK) | (int)(mqstat->mq_flags & O_NONBLOCK);
    }
    PX_CS_EXIT();
    if (slot < 0) {
        return px_fail(EBADF);
    }
    if (omqstat) {
        *omqstat = old;
    }
    return 0;
}
