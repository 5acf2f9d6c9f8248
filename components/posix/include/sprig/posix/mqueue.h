/*
 * Sprig POSIX layer: message queues (<mqueue.h>) in a kernel namespace. See docs/posix.md.
 * These calls return -1 and set errno on failure.
 *
 * Names live in one namespace for the whole system (the kernel's, not a file system): "/"
 * followed by 1 .. SPRIG_POSIX_MQ_NAME_MAX - 1 characters, none of them '/'. A queue and its
 * messages are allocated from the kernel heap at creation; it exists until it is unlinked and
 * its last descriptor closed. Messages are delivered by priority (0 .. MQ_PRIO_MAX - 1, larger
 * first), FIFO among equal priorities. Blocked senders and receivers are served most urgent
 * first. O_NONBLOCK is per descriptor (mq_open, mq_setattr). Descriptors are small integers,
 * at most MQ_OPEN_MAX open at once; mode is accepted and ignored (no permissions).
 *
 * ISR: calls on a descriptor opened with O_NONBLOCK, mq_getattr and mq_setattr may be made from
 * an ISR; sends and receives on a blocking descriptor, mq_open, mq_close and mq_unlink return
 * -1 with EPERM there.
 */
#ifndef SPRIG_POSIX_MQUEUE_H
#define SPRIG_POSIX_MQUEUE_H

#include <sprig/posix/types.h>
#include <sprig/posix/time.h>

/* mq_open's flags are the C library's (<fcntl.h>). Windows' has no O_NONBLOCK (no Windows file
   call takes it): the layer's is clear of every O_ flag mingw-w64 and MSVC define. */
#ifndef O_NONBLOCK
#define O_NONBLOCK  0x100000
#endif

__CDECLS_BEGIN

/**
 * Open (with O_CREAT: create if needed) the queue `name`. oflag: O_RDONLY, O_WRONLY or O_RDWR,
 * plus O_CREAT, O_EXCL, O_NONBLOCK. With O_CREAT two more arguments: mode_t mode (ignored) and
 * struct mq_attr *attr (NULL: SPRIG_POSIX_MQ_DEFAULT_MAXMSG messages of
 * SPRIG_POSIX_MQ_DEFAULT_MSGSIZE bytes; else its mq_maxmsg and mq_msgsize, both > 0).
 * @return a descriptor; (mqd_t)-1 with errno EINVAL (bad name, access mode or attr),
 *         ENAMETOOLONG, ENOENT (no such queue, no O_CREAT), EEXIST (O_CREAT | O_EXCL and it
 *         exists), EMFILE (MQ_OPEN_MAX descriptors open), ENOSPC (no heap for the queue),
 *         EPERM (ISR). ISR: no.
 */
sprig_mqd_t sprig_mq_open(const char *name, int oflag, ...);
/** Close a descriptor; a queue unlinked before is freed with its last descriptor.
    @return 0; -1 with EBADF, EPERM (ISR). */
int sprig_mq_close(sprig_mqd_t mqdes);
/** Remove the name; open descriptors keep working, and a new queue may take the name.
    @return 0; -1 with ENOENT, EINVAL (bad name), ENAMETOOLONG, EPERM (ISR). */
int sprig_mq_unlink(const char *name);
/**
 * Queue a copy of msg_len bytes at msg_prio. When the queue is full: wait for room, or fail
 * with EAGAIN on an O_NONBLOCK descriptor.
 * @return 0; -1 with EBADF (not open for writing), EMSGSIZE (msg_len > mq_msgsize), EINVAL
 *         (msg_prio >= MQ_PRIO_MAX; msg_ptr NULL with msg_len > 0), EAGAIN, EPERM, EDEADLK.
 */
int sprig_mq_send(sprig_mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio);
/** mq_send with an absolute CLOCK_REALTIME deadline for the wait.
    @return as mq_send, plus ETIMEDOUT; EINVAL (abstime NULL or bad tv_nsec, when it would
            wait). */
int sprig_mq_timedsend(sprig_mqd_t mqdes, const char *msg_ptr, size_t msg_len,
                       unsigned msg_prio, const struct timespec *abs_timeout);
/**
 * Take the oldest message of the highest priority into msg_ptr. When the queue is empty:
 * wait, or fail with EAGAIN on an O_NONBLOCK descriptor.
 * @param msg_prio receives the priority if not NULL
 * @return the message length; -1 with EBADF (not open for reading), EMSGSIZE
 *         (msg_len < mq_msgsize), EINVAL (msg_ptr NULL), EAGAIN, EPERM, EDEADLK.
 */
ssize_t sprig_mq_receive(sprig_mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio);
/** mq_receive with an absolute CLOCK_REALTIME deadline for the wait.
    @return as mq_receive, plus ETIMEDOUT; EINVAL (bad abstime when it would wait). */
ssize_t sprig_mq_timedreceive(sprig_mqd_t mqdes, char *msg_ptr, size_t msg_len,
                              unsigned *msg_prio, const struct timespec *abs_timeout);
/** Geometry, current count, and the descriptor's O_NONBLOCK flag.
    @return 0; -1 with EBADF, EINVAL (mqstat NULL). ISR: yes. */
int sprig_mq_getattr(sprig_mqd_t mqdes, struct sprig_mq_attr *mqstat);
/** Set the descriptor's O_NONBLOCK from mqstat->mq_flags (other fields are ignored); omqstat
    (if not NULL) receives the attributes before the change.
    @return 0; -1 with EBADF, EINVAL (mqstat NULL, or mq_flags other than 0/O_NONBLOCK).
    ISR: yes. */
int sprig_mq_setattr(sprig_mqd_t mqdes, const struct sprig_mq_attr *mqstat,
                     struct sprig_mq_attr *omqstat);

__CDECLS_END

#ifndef SPRIG_POSIX_NO_NAMES
#define mq_open                         sprig_mq_open
#define mq_close                        sprig_mq_close
#define mq_unlink                       sprig_mq_unlink
#define mq_send                         sprig_mq_send
#define mq_timedsend                    sprig_mq_timedsend
#define mq_receive                      sprig_mq_receive
#define mq_timedreceive                 sprig_mq_timedreceive
#define mq_getattr                      sprig_mq_getattr
#define mq_setattr                      sprig_mq_setattr
#endif

#endif /* SPRIG_POSIX_MQUEUE_H */
