/*
 * Sprig POSIX layer: <mqueue.h> under its standard name, for apps written against POSIX
 * (components/posix/names on the include path ahead of the system directories; see
 * docs/posix.md). The C library's own <mqueue.h> is read first, then the layer's
 * <sprig/posix/mqueue.h>, whose macros send the standard names to the layer. No include guard:
 * every inclusion passes through to the C library's header (itself guarded).
 *
 * While a C library header is being read for the layer (SPRIG_POSIX_IN_HOST), a nested
 * <mqueue.h> only passes through: the layer's names are defined once the outermost C library
 * header is complete, never in the middle of one.
 */
#ifndef SPRIG_POSIX_IN_HOST
#  define SPRIG_POSIX_IN_HOST 1
#  define SPRIG_POSIX_NAMES_OUTER_MQUEUE_
#endif
#ifdef __has_include_next
#  if __has_include_next(<mqueue.h>)
#    include_next <mqueue.h>
#  endif
#else
#  include_next <mqueue.h>
#endif
#ifdef SPRIG_POSIX_NAMES_OUTER_MQUEUE_
#  undef SPRIG_POSIX_NAMES_OUTER_MQUEUE_
#  undef SPRIG_POSIX_IN_HOST
#  include <sprig/posix/mqueue.h>
#endif
