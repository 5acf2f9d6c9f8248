# Cortex-M3 (ARMv7-M, no FPU): preset cortex-m3-qemu, board mps2-an385.
set(SPRIG_CM_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
