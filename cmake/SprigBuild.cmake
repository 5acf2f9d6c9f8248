# Build helpers shared by every directory.
#
#   sprig_warnings(<target>)               -Wall -Wextra -Werror and friends
#   sprig_kernel_library(<target> CONFIG_DIR <dir>)
#                                          kernel + port built against <dir>/tos_config.h
#   sprig_add_app(<name> CONFIG_DIR <dir> SOURCES ...)
#                                          a simulator binary running application_entry()
#   sprig_app_link_component(<app> <suffix> <builder>)
#                                          links <app> with a component built once per kernel
#                                          library by <builder>(<target> KERNEL <kernel-lib>)

function(sprig_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Werror
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>
    -Wshadow -Wpointer-arith -Wcast-align -Wundef
    -Wno-unused-parameter)
endfunction()

set(SPRIG_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. CACHE INTERNAL "")

# One kernel (+ port) library per distinct configuration directory.
function(sprig_kernel_library target)
  cmake_parse_arguments(K "" "CONFIG_DIR" "" ${ARGN})
  if(NOT K_CONFIG_DIR OR NOT EXISTS ${K_CONFIG_DIR}/tos_config.h)
    message(FATAL_ERROR "sprig_kernel_library(${target}): CONFIG_DIR must contain tos_config.h")
  endif()
  add_library(${target} STATIC ${SPRIG_KERNEL_SOURCES} ${SPRIG_PORT_SOURCES})
  target_include_directories(${target} PUBLIC
    ${K_CONFIG_DIR} ${SPRIG_ROOT}/kernel/include ${SPRIG_PORT_INCLUDE_DIRS})
  target_include_directories(${target} PRIVATE ${SPRIG_PORT_PRIVATE_INCLUDE_DIRS})
  target_compile_definitions(${target} PRIVATE ${SPRIG_PORT_DEFINITIONS})
  target_link_libraries(${target} PUBLIC ${SPRIG_PORT_LIBRARIES})
  target_link_options(${target} INTERFACE ${SPRIG_PORT_LINK_OPTIONS})
  sprig_warnings(${target})
endfunction()

function(sprig_add_app name)
  cmake_parse_arguments(A "" "CONFIG_DIR" "SOURCES" ${ARGN})
  string(MAKE_C_IDENTIFIER "${A_CONFIG_DIR}" key)
  string(MD5 key "${key}")
  string(SUBSTRING "${key}" 0 10 key)
  set(klib sprig_kernel_${key})
  if(NOT TARGET ${klib})
    sprig_kernel_library(${klib} CONFIG_DIR ${A_CONFIG_DIR})
  endif()
  add_executable(${name} ${A_SOURCES} ${SPRIG_BOARD_SOURCES})
  target_link_libraries(${name} PRIVATE ${klib})
  sprig_warnings(${name})
endfunction()

function(sprig_app_link_component name suffix builder)
  get_target_property(libs ${name} LINK_LIBRARIES)
  list(GET libs 0 klib)
  if(NOT TARGET ${klib}_${suffix})
    cmake_language(CALL ${builder} ${klib}_${suffix} KERNEL ${klib})
  endif()
  target_link_libraries(${name} PRIVATE ${klib}_${suffix})
endfunction()
