# Bare-metal Arm with Debian's gcc-arm-none-eabi and libnewlib-arm-none-eabi. Included by the
# per-CPU files (arm-none-eabi-cortex-m3.cmake, arm-none-eabi-cortex-m4f.cmake), which set
# SPRIG_CM_CPU_FLAGS first.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")

# compiler checks cannot link a program without a board's start-up code and linker script
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# one function/object per section, so the linker drops what nothing uses
set(CMAKE_C_FLAGS_INIT "${SPRIG_CM_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${SPRIG_CM_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${SPRIG_CM_CPU_FLAGS}")
# the board provides the start-up code (no crt0) and the newlib system calls
set(CMAKE_EXE_LINKER_FLAGS_INIT "${SPRIG_CM_CPU_FLAGS} -nostartfiles -Wl,--gc-sections")
# debugging under QEMU+gdb wants -Og rather than -O0: -O0 frames are large for small stacks
set(CMAKE_C_FLAGS_DEBUG_INIT "-Og -g3")
set(CMAKE_CXX_FLAGS_DEBUG_INIT "-Og -g3")
