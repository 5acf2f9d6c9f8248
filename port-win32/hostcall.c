/*
 * The C runtime's calls as critical sections: the wrappers of hostcall.def (the why:
 * port-host/hostcall.h). --wrap reaches every call in the program's objects, the C++ runtime
 * and mingw-w64's static libraries included.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostcall.h"

#include "hostcall.def"
