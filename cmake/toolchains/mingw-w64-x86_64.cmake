# Cross-build the Win32 port (SPRIG_PORT=win32) for 64-bit Windows with Debian's mingw-w64
# (package mingw-w64). The -posix compilers use the POSIX thread model, which GoogleTest's C++
# (std::mutex, std::thread) needs; tests run under Wine (package wine64), see docs/windows.md.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(SPRIG_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${SPRIG_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SPRIG_MINGW_PREFIX}-g++-posix)
set(CMAKE_ASM_COMPILER ${SPRIG_MINGW_PREFIX}-gcc-posix)
set(CMAKE_RC_COMPILER ${SPRIG_MINGW_PREFIX}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${SPRIG_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Self-contained executables (libgcc, libstdc++ and winpthreads linked in): they run under
# Wine without mingw-w64's DLL directories on WINEPATH, and on any Windows machine.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Programs are run through tests/port-win32/wine-run.sh, which gives them the build
# directory's own Wine prefix; nothing here may start Wine with the user's ~/.wine.
