/*
 * Compiler abstraction for the Sprig kernel (TencentOS Tiny compatible names).
 * Everything compiler-specific in the kernel goes through these macros.
 */
#ifndef _TOS_COMPILER_H_
#define _TOS_COMPILER_H_

/* Function markers: documentation only. */
#define __API__                     /* public kernel API */
#define __KNL__                     /* kernel-internal */
#define __KERNEL__                  /* older TencentOS spelling of __KNL__ */
#define __PORT__                    /* provided by the port */
#define __DEBUG__                   /* debugging aid */

#ifdef __cplusplus
#define __CDECLS_BEGIN              extern "C" {
#define __CDECLS_END                }
#else
#define __CDECLS_BEGIN
#define __CDECLS_END
#endif

#define __ASM__                     __asm__
#define __VOLATILE__                volatile
#define __INLINE__                  inline
#define __STATIC__                  static
#define __STATIC_INLINE__           static inline

#if defined(__GNUC__) || defined(__clang__)
#define __HOOK__                    __attribute__((weak))    /* user hook with a default */
#define __WEAK__                    __attribute__((weak))
#define __UNUSED__                  __attribute__((unused))
#define __USED__                    __attribute__((used))
#define __PACKED__                  __attribute__((packed))
#define __ALIGNED__(x)              __attribute__((aligned(x)))
#define __PURE__                    __attribute__((pure))
#define __CONST__                   __attribute__((const))
#define __NO_RETURN__               __attribute__((noreturn))
#define __NAKED__                   __attribute__((naked))
#define likely(x)                   __builtin_expect(!!(x), 1)
#define unlikely(x)                 __builtin_expect(!!(x), 0)
#else
#define __HOOK__
#define __WEAK__
#define __UNUSED__
#define __USED__
#define __PACKED__
#define __ALIGNED__(x)
#define __PURE__
#define __CONST__
#define __NO_RETURN__
#define __NAKED__
#define likely(x)                   (x)
#define unlikely(x)                 (x)
#endif

#endif /* _TOS_COMPILER_H_ */
