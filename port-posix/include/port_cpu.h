/*
 * The POSIX port's port_cpu.h is the host ports' (port-host/include/port_cpu.h). This file is
 * here so that a kernel compiled against port-posix/include alone (the configuration checks in
 * tests/system and tests/cmsis-rtos2 do) finds it.
 */
#include "../../port-host/include/port_cpu.h"
