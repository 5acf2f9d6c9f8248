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
#define TOS_CONTAINER_OF_FIELD(ptr, type, field) \
    ((type *)((uint8_t *)(ptr) - TOS_OFFSET_OF_FIELD(type, field)))
#define TOS_COUNT_OF(array)             (sizeof(array) / sizeof((array)[0]))

#define TOS_MIN(a, b)                   ((a) < (b) ? (a) : (b))
#define TOS_MAX(a, b)                   ((a) > (b) ? (a) : (b))

/* NULL argument -> K_ERR_OBJ_PTR_NULL (or `rc`). */
#define TOS_PTR_SANITY_CHECK(ptr) \
    __MACRO_BEGIN if (unlikely((ptr) == K_NULL)) { return K_ERR_OBJ_PTR_NULL; } __MACRO_END
#define TOS_PTR_SANITY_CHECK_RC(ptr, rc) \
    __MACRO_BEGIN if (unlikely((ptr) == K_NULL)) { return (rc); } __MACRO_END

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

/* Kernel assertion: a failure stops the machine with a report (see port_panic). */
#define TOS_ASSERT(exp) \
    __MACRO_BEGIN if (unlikely(!(exp))) { knl_assert_failed(#exp, __FILE__, __LINE__); } __MACRO_END
#define TOS_ASSERT_AUX(exp, func, line) \
    __MACRO_BEGIN if (unlikely(!(exp))) { knl_assert_failed(#exp, func, line); } __MACRO_END

__NO_RETURN__ void knl_assert_failed(const char *expr, const char *file, int line);

#endif /* _TOS_KLIB_H_ */
