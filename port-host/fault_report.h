/*
 * Fatal reports of the host ports: a stack overflow, a fatal signal or exception, and how the
 * process ends after one. They run where the C library may be unusable (a signal handler; an
 * exception handler while the faulting thread holds a C runtime lock), so the text is
 * formatted here by hand and written with the host's raw write (fault_write).
 */
#ifndef PORT_HOST_FAULT_REPORT_H
#define PORT_HOST_FAULT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tos_k.h"

/* "sprig: stack overflow in task 'NAME' (fault at ADDR; stack N bytes + H bytes host
   headroom)", or "... in the interrupt stack (fault at ADDR)" for owner NULL. */
void fault_report_overflow(const k_task_t *owner, uintptr_t addr);

/* "sprig: fatal KIND NAME (address ADDR, pc PC) while running WHO" (no address for addr NULL),
   e.g. "fatal signal SIGSEGV", "fatal exception ACCESS_VIOLATION". WHO is "a host thread"
   unless `on_cpu_thread`, then an interrupt handler, the running task if `on_task_stack`, or
   "outside the kernel". */
void fault_report_fatal(const char *kind, const char *name, const uintptr_t *addr, uintptr_t pc,
                        bool on_cpu_thread, bool on_task_stack);

/* Pieces for reports of a host's own. */
void fault_out(const char *s);
void fault_out_hex(uintptr_t v);
void fault_out_dec(size_t v);

/* Per host (stack.c): write to the standard error without the C library (POSIX: write(2);
   Windows: WriteFile on the standard error handle). */
void fault_write(const char *s, size_t n);

/* Per host (stack.c): end the process after a fatal report, as abort() does (POSIX: abort();
   Windows: break into an attached debugger, else exit status 3 without the C runtime's abort
   message or dialog). */
__attribute__((noreturn)) void fault_abort(void);

#endif /* PORT_HOST_FAULT_REPORT_H */
