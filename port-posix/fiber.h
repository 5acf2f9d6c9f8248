/*
 * Sanitizer annotations for our own stack switches (AddressSanitizer must be told, or it
 * reports false errors when the stack pointer jumps between task stacks). No-ops otherwise.
 */
#ifndef PORT_POSIX_FIBER_H
#define PORT_POSIX_FIBER_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#  define SPRIG_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define SPRIG_ASAN 1
#  endif
#endif

#ifdef SPRIG_ASAN
#include <sanitizer/common_interface_defs.h>

/* Before switching to the stack [bottom, bottom + size). `fake` keeps this context's fake
   stack for when it is resumed; NULL when this context will never run again. */
static inline void fiber_leave(void **fake, const void *bottom, size_t size)
{
    __sanitizer_start_switch_fiber(fake, bottom, size);
}

/* First thing after arriving on a stack; `fake` is what this context saved when it left
   (NULL for a context that starts fresh). */
static inline void fiber_arrive(void *fake, const void **old_bottom, size_t *old_size)
{
    __sanitizer_finish_switch_fiber(fake, old_bottom, old_size);
}
#else
static inline void fiber_leave(void **fake, const void *bottom, size_t size)
{
    (void)fake;
    (void)bottom;
    (void)size;
}

static inline void fiber_arrive(void *fake, const void **old_bottom, size_t *old_size)
{
    (void)fake;
    (void)old_bottom;
    (void)old_size;
}
#endif

#endif /* PORT_POSIX_FIBER_H */
