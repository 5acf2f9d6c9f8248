/*
 * Small kernel helpers and the argument-check macros used by every public call.
 */
#ifndef _TOS_KLIB_H_
#define _TOS_KLIB_H_

#include <stddef.h>

#include "tos_compiler.h"
#include "tos_ktypes.h"

#define __MACRO_BEGIN                   do {
#define __MACRO_END                     } while (0)

#define TOS_OFFSET_OF_FIELD(type, field)    offsetof(type, field)
/* (through void *: the member's container is aligned, which -Wcast-align on strict-alignment
   targets such as Arm cannot know) */
#define TOS_CONTAINER_OF_FIELD(ptr, type, field) \
    ((type *)(void *)((uint8_t *)(ptr) - TOS_OFFSET_OF_FIELD(type, field)))
#define TOS_COUNT_OF(array)             (sizeof(array) / sizeof((array)[0]))

#define TOS_MIN(a, b)                   ((a) < (b) ? (a) : (b))
#define TOS_MAX(a, b)                   ((a) > (b) ? (a) : (b))

/* NULL argument -> K_ERR_OBJ_PTR_NULL (or `rc`). Not checked with TOS_CFG_PTR_CHECK_EN 0. */
#if TOS_CFG_PTR_CHECK_EN > 0u
#define TOS_PTR_SANITY_CHECK(ptr) \
    __MACRO_BEGIN if (unlikely((ptr) == K_NULL)) { return K_ERR_OBJ_PTR_NULL; } __MACRO_END
#define TOS_PTR_SANITY_CHECK_RC(ptr, rc) \
    __MACRO_BEGIN if (unlikely((ptr) == K_NULL)) { return (rc); } __MACRO_END
#else
#define TOS_PTR_SANITY_CHECK(ptr)           __MACRO_BEGIN (void)(ptr); __MACRO_END
#define TOS_PTR_SANITY_CHECK_RC(ptr, rc)    __MACRO_BEGIN (void)(ptr); (void)(rc); __MACRO_END
#endif

/* Called from an ISR -> K_ERR_IN_IRQ. */
#define TOS_IN_IRQ_CHECK() \
    __MACRO_BEGIN if (unlikely(knl_is_inirq())) { return K_ERR_IN_IRQ; } __MACRO_END

#ifndef TOS_CFG_LIBC_PRINTF_EN
#define TOS_CFG_LIBC_PRINTF_EN          1u
#endif
#if TOS_CFG_LIBC_PRINTF_EN > 0u
#include <stdio.h>
#define tos_kprintf(...)                printf(__VA_ARGS__)
#define tos_kprintln(...)               __MACRO_BEGIN printf(__VA_ARGS__); printf("\n"); __MACRO_END
#else
#define tos_kprintf(...)
#define tos_kprintln(...)
#endif

/* Kernel assertion: a failure stops the machine with a report (see tos_knl_panic). TOS_PANIC(msg)
   stops it unconditionally. With TOS_CFG_ASSERT_EN 0 both still stop it, without the text.
   Components and apps may use them too. */
#if TOS_CFG_ASSERT_EN > 0u
#define TOS_ASSERT(exp) \
    __MACRO_BEGIN if (unlikely(!(exp))) { tos_knl_panic(#exp, __FILE__, __LINE__); } __MACRO_END
#define TOS_ASSERT_AUX(exp, func, line) \
    __MACRO_BEGIN if (unlikely(!(exp))) { tos_knl_panic(#exp, func, line); } __MACRO_END
#define TOS_PANIC(msg)                  tos_knl_panic(msg, __FILE__, __LINE__)
#else
#define TOS_ASSERT(exp) \
    __MACRO_BEGIN if (unlikely(!(exp))) { knl_panic(); } __MACRO_END
#define TOS_ASSERT_AUX(exp, func, line) \
    __MACRO_BEGIN (void)(func); (void)(line); if (unlikely(!(exp))) { knl_panic(); } __MACRO_END
#define TOS_PANIC(msg)                  knl_panic()
#endif

/**
 * Stop the system with a report: `msg` (what went wrong), `file` and `line` (where), and the
 * task or interrupt it happened in; the port decides how (host ports print to stderr and end
 * the process, Cortex-M prints on the console and halts). The text is given whatever
 * TOS_CFG_ASSERT_EN says (TOS_PANIC drops it with TOS_CFG_ASSERT_EN 0). (Sprig extension)
 * @param msg   the report; NULL for none (file and line are then not shown either)
 * Never returns. Callable anywhere: task, ISR, critical section, before tos_knl_start.
 */
__API__ __NO_RETURN__ void tos_knl_panic(const char *msg, const char *file, int line);
/* ---- kernel-internal ---- */
/* port_panic without a text: expression and file NULL, line 0. */
__NO_RETURN__ void knl_panic(void);

#endif /* _TOS_KLIB_H_ */
