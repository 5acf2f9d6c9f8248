# GoogleTest for the tests of the host ports (tests/, tests/port-win32).
#
#   sprig_googletest([NO_PTHREADS])
#
# Debian's prebuilt library for this host; built from Debian's sources (package googletest)
# when cross-compiling, since the prebuilt one is for the build machine. GoogleTest's own
# CMakeLists defines the GTest::gtest and GTest::gtest_main aliases, as find_package does.
# NO_PTHREADS: a GoogleTest on the target's native threads (Win32), not on a pthreads layer.
# A macro: the imported targets of find_package belong to the calling directory.
macro(sprig_googletest)
  if(CMAKE_CROSSCOMPILING)
    if(NOT EXISTS /usr/src/googletest/CMakeLists.txt)
      message(FATAL_ERROR "cross-compiling the tests needs GoogleTest's sources: apt-get install googletest")
    endif()
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    if("${ARGN}" STREQUAL "NO_PTHREADS")
      set(gtest_disable_pthreads ON CACHE BOOL "" FORCE)
    endif()
    add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  else()
    find_package(GTest REQUIRED)
  endif()
endmacro()
