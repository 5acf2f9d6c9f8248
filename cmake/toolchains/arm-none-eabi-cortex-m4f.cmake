# Cortex-M4 with single-precision FPU, hard-float ABI: preset cortex-m4f-qemu, board mps2-an386.
set(SPRIG_CM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
