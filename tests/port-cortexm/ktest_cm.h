/*
 * What the Cortex-M test glue (ktest_port.c) tells its runner (ktest_runner.c) beyond ktest.h.
 */
#ifndef SPRIG_KTEST_CM_H
#define SPRIG_KTEST_CM_H

/* Seconds of virtual time without the CPU going idle that count as a hang. */
#define KTEST_CM_BUSY_LIMIT_S   120u

typedef enum {
    KTEST_CM_TIMEOUT_NONE = 0,
    KTEST_CM_TIMEOUT_KERNEL_TIME,   /* the case's kernel-time budget ran out */
    KTEST_CM_TIMEOUT_BUSY,          /* the CPU never went idle for too long */
} ktest_cm_timeout_t;

/* Why the last case timed out. */
ktest_cm_timeout_t ktest_cm_timeout_kind(void);

#endif /* SPRIG_KTEST_CM_H */
