/*
 * Sprig POSIX layer: the host prelude (internal; included first by every header of the layer).
 *
 * The layer's names are macros (pthread_create -> sprig_pthread_create, pthread_t ->
 * sprig_pthread_t, ...). A header of the C library that declares the same names must therefore
 * be read *before* those macros exist: after them its declarations would be renamed too and
 * collide with the layer's. This prelude reads every such header once, with the macros not yet
 * defined; their include guards make later inclusions no-ops, in any order. It also reads the
 * kernel's tos_k.h (the layer's objects embed kernel objects).
 *
 * While it runs, SPRIG_POSIX_IN_HOST is defined: the standard-name wrappers (components/posix/
 * names/pthread.h ...) then only pass the host header through.
 *
 * On a target whose C library has no such header (newlib has no <semaphore.h> or <mqueue.h>)
 * it is skipped (__has_include).
 */
#ifndef SPRIG_POSIX_PRELUDE_H
#define SPRIG_POSIX_PRELUDE_H

#ifdef SPRIG_POSIX_IN_HOST
#define SPRIG_POSIX_PRELUDE_NESTED_
#else
#define SPRIG_POSIX_IN_HOST 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#if defined(__has_include)
#  if __has_include(<sched.h>)
#    include <sched.h>
#  endif
#  if __has_include(<pthread.h>)
#    include <pthread.h>
#  endif
#  if __has_include(<semaphore.h>)
#    include <semaphore.h>
#  endif
#  if __has_include(<mqueue.h>)
#    include <mqueue.h>
#  endif
#  if __has_include(<sys/time.h>)
#    include <sys/time.h>
#  endif
#  if __has_include(<unistd.h>)
#    include <unistd.h>
#  endif
   /* they use struct sched_param / struct sigevent in their declarations */
#  if __has_include(<spawn.h>)
#    include <spawn.h>
#  endif
#  if __has_include(<aio.h>)
#    include <aio.h>
#  endif
#else
#  include <sched.h>
#  include <pthread.h>
#endif

#include "tos_k.h"

#ifdef SPRIG_POSIX_PRELUDE_NESTED_
#undef SPRIG_POSIX_PRELUDE_NESTED_
#else
#undef SPRIG_POSIX_IN_HOST
#endif

#endif /* SPRIG_POSIX_PRELUDE_H */
