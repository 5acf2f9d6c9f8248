# What the host ports (port-posix, port-win32) share: included by each one's CMakeLists.txt,
# which adds its own sources. Sources are compiled into each kernel library (they include
# tos_config.h), so this only describes them.
#
#   SPRIG_HOST_PORT_SOURCES        the port contract, the CPU's core, trace hooks, stack lists,
#                                  fault reports
#   SPRIG_HOST_PORT_X86_64_SOURCES the x86-64 architecture layer's shared part (FP state, the
#                                  interrupt trampoline's exit), for the x86-64 ports
#   SPRIG_HOST_PORT_INCLUDE_DIRS   port_cpu.h and sim_board/ (include/), the CPU's headers
#   SPRIG_HOST_BOARD_SOURCES       main() of every simulator binary
#   sprig_host_call_wraps(<def> <var>)
#                                  the linker options that turn every call listed in a
#                                  hostcall.def into a critical section (--wrap)

set(host_dir ${CMAKE_CURRENT_LIST_DIR})

set(SPRIG_HOST_PORT_SOURCES
  ${host_dir}/port.c ${host_dir}/cpu_core.c ${host_dir}/trace_port.c ${host_dir}/stack_list.c
  ${host_dir}/fault_report.c)
set(SPRIG_HOST_PORT_X86_64_SOURCES ${host_dir}/x86_64.c)
set(SPRIG_HOST_PORT_INCLUDE_DIRS ${host_dir}/include ${host_dir})
set(SPRIG_HOST_BOARD_SOURCES ${host_dir}/board/main.c)

function(sprig_host_call_wraps def var)
  file(STRINGS ${def} wrapped REGEX "^HOST_CALL")
  set(options)
  foreach(line IN LISTS wrapped)
    # one MATCHES per if(): a failed match clears CMAKE_MATCH_1
    if(line MATCHES "^HOST_CALL\\([^,]+, *([A-Za-z0-9_]+),")
      list(APPEND options "-Wl,--wrap=${CMAKE_MATCH_1}")
    elseif(line MATCHES "^HOST_CALL_VOID\\(([A-Za-z0-9_]+),")
      list(APPEND options "-Wl,--wrap=${CMAKE_MATCH_1}")
    elseif(line MATCHES "^HOST_CALL_VA\\(([A-Za-z0-9_]+)\\)")
      list(APPEND options "-Wl,--wrap=${CMAKE_MATCH_1}")
    else()
      message(FATAL_ERROR "${def}: cannot parse '${line}'")
    endif()
  endforeach()
  set(${var} ${options} PARENT_SCOPE)
endfunction()
