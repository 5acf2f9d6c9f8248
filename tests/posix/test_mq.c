/*
 * Message queues: mq_open, mq_close, mq_unlink, mq_send, mq_receive, mq_timedsend,
 * mq_timedreceive, mq_getattr, mq_setattr.
 */
#include "px_test.h"

static struct mq_attr attr_of(long maxmsg, long msgsize)
{
    struct mq_attr a = { 0 };
    a.mq_maxmsg = maxmsg;
    a.mq_msgsize = msgsize;
    return a;
}

static mqd_t open_new(const char *name, int oflag, long maxmsg, long msgsize)
{
    struct mq_attr a = attr_of(maxmsg, msgsize);
    mqd_t q = mq_open(name, oflag | O_CREAT | O_EXCL, 0600, &a);
    KT_ASSERT(q != (mqd_t)-1);
    return q;
}

static void send_str(mqd_t q, const char *s, unsigned prio)
{
    KT_ASSERT_EQ(mq_send(q, s, strlen(s) + 1u, prio), 0);
}

static void expect_str(mqd_t q, const char *s, unsigned prio)
{
    char buf[64];
    unsigned p = 999u;
    ssize_t n = mq_receive(q, buf, sizeof buf, &p);
    KT_ASSERT_EQ(n, (ssize_t)(strlen(s) + 1u));
    KT_ASSERT_STR_EQ(buf, s);
    KT_ASSERT_EQ(p, prio);
}

#define EXPECT_FAIL(call, err) \
    do { errno = 0; KT_ASSERT_EQ((long)(call), -1L); KT_ASSERT_EQ(errno, (err)); } while (0)

/* ---- open / close / unlink ---- */

KTEST(mq, open_create_and_reopen)
{
    struct mq_attr a;
    mqd_t q1, q2;

    EXPECT_FAIL(mq_open("/q", O_RDWR), ENOENT);
    q1 = open_new("/q", O_RDWR, 4, 32);
    KT_ASSERT_EQ(mq_getattr(q1, &a), 0);
    KT_ASSERT_EQ(a.mq_maxmsg, 4);
    KT_ASSERT_EQ(a.mq_msgsize, 32);
    KT_ASSERT_EQ(a.mq_curmsgs, 0);
    KT_ASSERT_EQ(a.mq_flags, 0);
    {
        struct mq_attr b = attr_of(4, 32);
        EXPECT_FAIL(mq_open("/q", O_RDWR | O_CREAT | O_EXCL, 0600, &b), EEXIST);
    }
    /* O_CREAT without O_EXCL opens the existing one (its attr is ignored) */
    {
        struct mq_attr b = attr_of(99, 99);
        q2 = mq_open("/q", O_WRONLY | O_CREAT, 0600, &b);
    }
    KT_ASSERT(q2 != (mqd_t)-1 && q2 != q1);
    send_str(q2, "hello", 3u);
    expect_str(q1, "hello", 3u);
    KT_ASSERT_EQ(mq_close(q2), 0);
    EXPECT_FAIL(mq_close(q2), EBADF);
    KT_ASSERT_EQ(mq_close(q1), 0);
    KT_ASSERT_EQ(mq_unlink("/q"), 0);
    EXPECT_FAIL(mq_unlink("/q"), ENOENT);
}

KTEST(mq, default_attributes)
{
    struct mq_attr a;
    mqd_t q = mq_open("/dflt", O_RDONLY | O_CREAT, 0600, (struct mq_attr *)K_NULL);

    KT_ASSERT(q != (mqd_t)-1);
    KT_ASSERT_EQ(mq_getattr(q, &a), 0);
    KT_ASSERT_EQ(a.mq_maxmsg, SPRIG_POSIX_MQ_DEFAULT_MAXMSG);
    KT_ASSERT_EQ(a.mq_msgsize, SPRIG_POSIX_MQ_DEFAULT_MSGSIZE);
    KT_ASSERT_EQ(mq_close(q), 0);
}

KTEST(mq, names_and_flags)
{
    char longname[SPRIG_POSIX_MQ_NAME_MAX + 2u];
    struct mq_attr bad;

    EXPECT_FAIL(mq_open("noslash", O_RDWR | O_CREAT, 0600, K_NULL), EINVAL);
    EXPECT_FAIL(mq_open("/", O_RDWR | O_CREAT, 0600, K_NULL), EINVAL);
    EXPECT_FAIL(mq_open("/a/b", O_RDWR | O_CREAT, 0600, K_NULL), EINVAL);
    EXPECT_FAIL(mq_open(K_NULL, O_RDWR), EINVAL);
    EXPECT_FAIL(mq_unlink("nope"), EINVAL);
    memset(longname, 'x', sizeof longname);
    longname[0] = '/';
    longname[SPRIG_POSIX_MQ_NAME_MAX + 1u] = '\0';          /* one character too many */
    EXPECT_FAIL(mq_open(longname, O_RDWR | O_CREAT, 0600, K_NULL), ENAMETOOLONG);
    EXPECT_FAIL(mq_unlink(longname), ENAMETOOLONG);
    longname[SPRIG_POSIX_MQ_NAME_MAX] = '\0';                /* the longest */
    KT_ASSERT(mq_open(longname, O_RDWR | O_CREAT, 0600, K_NULL) != (mqd_t)-1);
    KT_ASSERT_EQ(mq_unlink(longname), 0);
    EXPECT_FAIL(mq_open("/x", O_ACCMODE | O_CREAT, 0600, K_NULL), EINVAL);  /* access mode */
    bad = attr_of(0, 8);
    EXPECT_FAIL(mq_open("/x", O_RDWR | O_CREAT, 0600, &bad), EINVAL);
    bad = attr_of(8, -1);
    EXPECT_FAIL(mq_open("/x", O_RDWR | O_CREAT, 0600, &bad), EINVAL);
    bad = attr_of(0x10000000L, 0x10000L);                    /* no heap for that */
    EXPECT_FAIL(mq_open("/x", O_RDWR | O_CREAT, 0600, &bad), ENOSPC);
    EXPECT_FAIL(mq_open("/x", O_RDWR), ENOENT);             /* nothing was created */
}

KTEST(mq, descriptors_run_out_emfile)
{
    mqd_t q[SPRIG_POSIX_MQ_OPEN_MAX];

    KT_ASSERT_EQ(MQ_OPEN_MAX, (int)SPRIG_POSIX_MQ_OPEN_MAX);
    q[0] = open_new("/m", O_RDWR, 2, 8);
    for (unsigned i = 1; i < SPRIG_POSIX_MQ_OPEN_MAX; i++) {
        q[i] = mq_open("/m", O_RDWR);
        KT_ASSERT(q[i] != (mqd_t)-1);
    }
    EXPECT_FAIL(mq_open("/m", O_RDWR), EMFILE);
    KT_ASSERT_EQ(mq_close(q[2]), 0);
    KT_ASSERT(mq_open("/m", O_RDWR) != (mqd_t)-1);
}

KTEST(mq, unlink_while_open)
{
    uint32_t base = ktest_heap_used();
    mqd_t q, q2;

    q = open_new("/u", O_RDWR, 2, 16);
    send_str(q, "kept", 1u);
    KT_ASSERT_EQ(mq_unlink("/u"), 0);
    EXPECT_FAIL(mq_open("/u", O_RDWR), ENOENT);
    /* the name is free for a new, different queue */
    q2 = open_new("/u", O_RDWR, 2, 16);
    {
        struct mq_attr a;
        KT_ASSERT_EQ(mq_getattr(q2, &a), 0);
        KT_ASSERT_EQ(a.mq_curmsgs, 0);
    }
    /* the unlinked one still works */
    send_str(q, "more", 2u);
    expect_str(q, "more", 2u);
    expect_str(q, "kept", 1u);
    KT_ASSERT_EQ(mq_close(q), 0);           /* the last descriptor: freed */
    KT_ASSERT_EQ(mq_close(q2), 0);
    KT_ASSERT_EQ(mq_unlink("/u"), 0);
    KT_ASSERT_EQ(ktest_heap_used(), base);
}

/* ---- send / receive ---- */

KTEST(mq, priority_order_fifo_among_equals)
{
    mqd_t q = open_new("/p", O_RDWR, 8, 16);

    send_str(q, "low-a", 1u);
    send_str(q, "high", 30u);
    send_str(q, "low-b", 1u);
    send_str(q, "zero", 0u);
    send_str(q, "mid", 10u);
    send_str(q, "high-2", 30u);
    expect_str(q, "high", 30u);
    expect_str(q, "high-2", 30u);
    expect_str(q, "mid", 10u);
    expect_str(q, "low-a", 1u);
    expect_str(q, "low-b", 1u);
    expect_str(q, "zero", 0u);
}

KTEST(mq, sizes_priorities_and_access)
{
    char buf[16];
    mqd_t q = open_new("/s", O_RDWR, 2, 8);
    mqd_t r = mq_open("/s", O_RDONLY);
    mqd_t w = mq_open("/s", O_WRONLY);
    unsigned p;

    EXPECT_FAIL(mq_send(q, "123456789", 9u, 0u), EMSGSIZE);
    KT_ASSERT_EQ(mq_send(q, "12345678", 8u, 0u), 0);
    KT_ASSERT_EQ(mq_send(q, "", 0u, 0u), 0);                 /* empty messages are fine */
    EXPECT_FAIL(mq_receive(q, buf, 7u, K_NULL), EMSGSIZE);
    KT_ASSERT_EQ(mq_receive(q, buf, 8u, K_NULL), 8);
    KT_ASSERT_EQ(mq_receive(q, buf, 8u, &p), 0);
    EXPECT_FAIL(mq_send(q, "x", 1u, MQ_PRIO_MAX), EINVAL);
    KT_ASSERT_EQ(mq_send(q, "x", 1u, MQ_PRIO_MAX - 1), 0);
    EXPECT_FAIL(mq_send(q, K_NULL, 1u, 0u), EINVAL);
    EXPECT_FAIL(mq_receive(q, K_NULL, 8u, K_NULL), EINVAL);
    EXPECT_FAIL(mq_send(r, "x", 1u, 0u), EBADF);
    EXPECT_FAIL(mq_receive(w, buf, 8u, K_NULL), EBADF);
    KT_ASSERT_EQ(mq_receive(r, buf, 8u, &p), 1);
    KT_ASSERT_EQ(p, (unsigned)(MQ_PRIO_MAX - 1));
    EXPECT_FAIL(mq_send((mqd_t)12345, "x", 1u, 0u), EBADF);
    EXPECT_FAIL(mq_receive((mqd_t)-1, buf, 8u, K_NULL), EBADF);
    {
        struct mq_attr a;
        EXPECT_FAIL(mq_getattr((mqd_t)0, &a), EBADF);
        EXPECT_FAIL(mq_getattr(q, K_NULL), EINVAL);
    }
}

KTEST(mq, nonblocking_eagain_and_setattr)
{
    struct mq_attr a, old;
    char buf[8];
    mqd_t q;

    {
        struct mq_attr c = attr_of(2, 8);
        q = mq_open("/n", O_RDWR | O_CREAT | O_NONBLOCK, 0600, &c);
    }
    KT_ASSERT(q != (mqd_t)-1);
    KT_ASSERT_EQ(mq_getattr(q, &a), 0);
    KT_ASSERT_EQ(a.mq_flags, O_NONBLOCK);
    EXPECT_FAIL(mq_receive(q, buf, sizeof buf, K_NULL), EAGAIN);
    send_str(q, "a", 0u);
    send_str(q, "b", 0u);
    EXPECT_FAIL(mq_send(q, "c", 2u, 0u), EAGAIN);
    KT_ASSERT_EQ(mq_getattr(q, &a), 0);
    KT_ASSERT_EQ(a.mq_curmsgs, 2);
    /* blocking again: a timed send now waits and times out */
    a.mq_flags = 0;
    a.mq_maxmsg = 77;                                       /* ignored */
    KT_ASSERT_EQ(mq_setattr(q, &a, &old), 0);
    KT_ASSERT_EQ(old.mq_flags, O_NONBLOCK);
    KT_ASSERT_EQ(old.mq_curmsgs, 2);
    KT_ASSERT_EQ(mq_getattr(q, &a), 0);
    KT_ASSERT_EQ(a.mq_flags, 0);
    KT_ASSERT_EQ(a.mq_maxmsg, 2);
    {
        struct timespec ts = px_after(CLOCK_REALTIME, 3u);
        k_tick_t t0 = px_now();
        EXPECT_FAIL(mq_timedsend(q, "c", 2u, 0u, &ts), ETIMEDOUT);
        KT_ASSERT_EQ(px_now() - t0, 3u);
    }
    a.mq_flags = O_NONBLOCK | O_CREAT;
    EXPECT_FAIL(mq_setattr(q, &a, K_NULL), EINVAL);
    EXPECT_FAIL(mq_setattr(q, K_NULL, K_NULL), EINVAL);
    a.mq_flags = O_NONBLOCK;
    EXPECT_FAIL(mq_setattr((mqd_t)77, &a, K_NULL), EBADF);
    KT_ASSERT_EQ(mq_setattr(q, &a, K_NULL), 0);
    EXPECT_FAIL(mq_send(q, "c", 2u, 0u), EAGAIN);
}

static mqd_t tq;
static volatile k_tick_t got_tick;
static char got_buf[64];
static volatile unsigned got_prio;

static void *receive_one(void *arg)
{
    ssize_t n = mq_receive(tq, got_buf, sizeof got_buf, (unsigned *)&got_prio);
    got_tick = px_now();
    (void)arg;
    return (void *)(intptr_t)n;
}

static void *send_after(void *arg)
{
    px_sleep((k_tick_t)(uintptr_t)arg);
    send_str(tq, "late", 7u);
    return K_NULL;
}

KTEST(mq, blocked_receiver_gets_the_message)
{
    pthread_t t;
    void *n;
    k_tick_t t0 = px_now();

    tq = open_new("/r", O_RDWR, 2, 32);
    got_tick = 0u;
    t = px_spawn(PX_ABOVE, receive_one, K_NULL);
    KT_ASSERT_EQ(got_tick, 0u);                     /* waiting */
    px_sleep(6u);
    send_str(tq, "direct", 4u);                    /* handed straight over */
    KT_ASSERT_EQ(got_tick, t0 + 6u);
    KT_ASSERT_EQ(pthread_join(t, &n), 0);
    KT_ASSERT_EQ((intptr_t)n, 7);
    KT_ASSERT_STR_EQ(got_buf, "direct");
    KT_ASSERT_EQ(got_prio, 4u);
    {
        struct mq_attr a;
        KT_ASSERT_EQ(mq_getattr(tq, &a), 0);
        KT_ASSERT_EQ(a.mq_curmsgs, 0);              /* never queued */
    }
}

static volatile k_tick_t sent_tick[3];

static void *send_blocking(void *arg)
{
    int i = (int)(intptr_t)arg;
    char msg[8] = { 's', (char)('0' + i), 0 };
    KT_ASSERT_EQ(mq_send(tq, msg, 3u, (unsigned)(10 + i)), 0);
    sent_tick[i] = px_now();
    return K_NULL;
}

KTEST(mq, blocked_senders_keep_priority_order)
{
    pthread_t t[3];
    k_tick_t t0 = px_now();

    tq = open_new("/f", O_RDWR, 1, 8);
    send_str(tq, "first", 0u);                      /* full */
    for (int i = 0; i < 3; i++) {
        sent_tick[i] = 0u;
    }
    t[0] = px_spawn(PX_ABOVE, send_blocking, (void *)0);        /* prio 10 */
    t[1] = px_spawn(PX_ABOVE + 2, send_blocking, (void *)1);    /* prio 11, most urgent */
    t[2] = px_spawn(PX_ABOVE + 1, send_blocking, (void *)2);    /* prio 12 */
    px_sleep(2u);
    expect_str(tq, "first", 0u);                    /* room: the most urgent sender's goes in */
    KT_ASSERT_EQ(sent_tick[1], t0 + 2u);
    KT_ASSERT_EQ(sent_tick[0], 0u);
    expect_str(tq, "s1", 11u);
    expect_str(tq, "s2", 12u);
    expect_str(tq, "s0", 10u);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(t[i], K_NULL), 0);
    }
}

KTEST(mq, timed_receive)
{
    struct timespec ts;
    char buf[32];
    unsigned p;
    pthread_t t;
    k_tick_t t0 = px_now();

    tq = open_new("/t", O_RDWR, 2, 32);
    ts = px_after(CLOCK_REALTIME, 9u);
    EXPECT_FAIL(mq_timedreceive(tq, buf, sizeof buf, K_NULL, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 9u);
    ts.tv_nsec = -3;
    EXPECT_FAIL(mq_timedreceive(tq, buf, sizeof buf, K_NULL, &ts), EINVAL);
    EXPECT_FAIL(mq_timedreceive(tq, buf, sizeof buf, K_NULL, K_NULL), EINVAL);
    t = px_spawn(PX_BELOW, send_after, (void *)5u);
    ts = px_after(CLOCK_REALTIME, 100u);
    KT_ASSERT_EQ(mq_timedreceive(tq, buf, sizeof buf, &p, &ts), 5);
    KT_ASSERT_EQ(px_now() - t0, 14u);
    KT_ASSERT_EQ(p, 7u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* a message is taken whatever the deadline */
    send_str(tq, "now", 1u);
    ts.tv_sec = 0;
    ts.tv_nsec = 1000000000L;                  /* out of range: no wait needed, no error */
    KT_ASSERT_EQ(mq_timedreceive(tq, buf, sizeof buf, &p, &ts), 4);
    KT_ASSERT_EQ(mq_timedsend(tq, "x", 2u, 0u, &ts), 0);      /* room: ditto */
}

/* ---- interrupts ---- */

static mqd_t isr_nb, isr_b;
static volatile long isr_res[6];
static volatile int isr_err[6];
static char isr_buf[16];

static void mq_in_isr(void *arg)
{
    (void)arg;
    errno = 0;
    isr_res[0] = mq_send(isr_nb, "isr", 4u, 5u);
    isr_err[0] = errno;
    errno = 0;
    isr_res[1] = mq_send(isr_b, "isr", 4u, 5u);
    isr_err[1] = errno;
    errno = 0;
    isr_res[2] = mq_receive(isr_b, isr_buf, sizeof isr_buf, K_NULL);
    isr_err[2] = errno;
    errno = 0;
    isr_res[3] = mq_close(isr_nb);
    isr_err[3] = errno;
    errno = 0;
    isr_res[4] = (long)mq_open("/isr", O_RDWR);
    isr_err[4] = errno;
    errno = 0;
    isr_res[5] = mq_unlink("/isr");
    isr_err[5] = errno;
}

static void mq_receive_in_isr(void *arg)
{
    (void)arg;
    errno = 0;
    isr_res[0] = mq_receive(isr_nb, isr_buf, sizeof isr_buf, K_NULL);
    isr_err[0] = errno;
    isr_res[1] = mq_receive(isr_nb, isr_buf, sizeof isr_buf, K_NULL);
    isr_err[1] = errno;
}

KTEST(mq, in_isr)
{
    pthread_t t;

    isr_b = open_new("/isr", O_RDWR, 2, 16);
    isr_nb = mq_open("/isr", O_RDWR | O_NONBLOCK);
    KT_ASSERT(isr_nb != (mqd_t)-1);
    px_in_isr(mq_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_res[0], 0);
    KT_ASSERT_EQ(isr_res[1], -1);
    KT_ASSERT_EQ(isr_err[1], EPERM);
    KT_ASSERT_EQ(isr_res[2], -1);
    KT_ASSERT_EQ(isr_err[2], EPERM);
    for (int i = 3; i < 6; i++) {
        KT_ASSERT_EQ(isr_res[i], -1);
        KT_ASSERT_EQ(isr_err[i], EPERM);
    }
    expect_str(isr_b, "isr", 5u);
    /* an ISR's send wakes a blocked receiver */
    tq = isr_b;
    got_tick = 0u;
    t = px_spawn(PX_ABOVE, receive_one, K_NULL);
    px_in_isr(mq_in_isr, K_NULL);
    KT_ASSERT_EQ(got_tick, px_now());
    KT_ASSERT_STR_EQ(got_buf, "isr");
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* non-blocking receive in an ISR */
    send_str(isr_b, "one", 2u);
    px_in_isr(mq_receive_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_res[0], 4);
    KT_ASSERT_EQ(isr_res[1], -1);
    KT_ASSERT_EQ(isr_err[1], EAGAIN);
}

KTEST(mq, blocking_with_scheduler_locked_edeadlk)
{
    pthread_spinlock_t s;
    char buf[8];
    mqd_t q = open_new("/l", O_RDWR, 1, 8);

    KT_ASSERT_EQ(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&s), 0);
    EXPECT_FAIL(mq_receive(q, buf, sizeof buf, K_NULL), EDEADLK);
    KT_ASSERT_EQ(mq_send(q, "a", 2u, 0u), 0);               /* room: no wait */
    EXPECT_FAIL(mq_send(q, "b", 2u, 0u), EDEADLK);
    KT_ASSERT_EQ(mq_receive(q, buf, sizeof buf, K_NULL), 2);
    KT_ASSERT_EQ(pthread_spin_unlock(&s), 0);
}

KTEST(mq, close_unlink_frees_memory)
{
    uint32_t base = ktest_heap_used();
    mqd_t q = open_new("/mem", O_RDWR, 16, 64);

    KT_ASSERT_GE(ktest_heap_used(), base + 16u * 64u);
    KT_ASSERT_EQ(mq_unlink("/mem"), 0);
    KT_ASSERT_GT(ktest_heap_used(), base);             /* still open */
    KT_ASSERT_EQ(mq_close(q), 0);
    KT_ASSERT_EQ(ktest_heap_used(), base);
}
