# Fails unless every global symbol the POSIX layer library defines starts with "sprig_": the
# layer must never define pthread_create, sem_post, mq_open, clock_gettime, timer_create ...,
# which the simulator's host threads and the test runner take from the C library.
#   cmake -DNM=<nm> -DLIB=<libsprig_posix...a> -P check_link_names.cmake
execute_process(COMMAND ${NM} -g --defined-only ${LIB}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIB}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(count 0)
set(bad "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F]+ +[A-Za-z] +([^ ]+)$")
    set(sym ${CMAKE_MATCH_1})
    math(EXPR count "${count} + 1")
    # __odr_asan.* are AddressSanitizer's one-definition-rule markers, not the layer's names
    if(NOT sym MATCHES "^sprig_" AND NOT sym MATCHES "^__odr_asan[._]")
      list(APPEND bad ${sym})
    endif()
  endif()
endforeach()
if(count LESS 50)
  message(FATAL_ERROR "only ${count} defined global symbols found in ${LIB}: is it the layer?")
endif()
if(bad)
  message(FATAL_ERROR "symbols outside sprig_*: ${bad}")
endif()
message(STATUS "${count} global symbols, all sprig_*")
