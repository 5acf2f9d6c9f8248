#!/bin/sh
# Start the Wine prefix of a build directory before its tests run (ctest fixture "wine"), or
# stop it afterwards. docs/windows.md, "Running under Wine".
#
#   wine-prefix.sh start PREFIX     create the prefix the first time (wineboot, ~10-20 s once),
#                                   then start its wineserver persistently
#   wine-prefix.sh stop PREFIX      stop the wineserver and every Wine process of the prefix
#
# Everything Wine starts here has its stdio on /dev/null and runs detached: a wineserver or
# winedevice.exe that inherited ctest's output pipe would keep ctest waiting for it (the "ctest
# hangs after the last test" trap). Afterwards each test's `wine` finds the server running
# and starts in a fraction of a second.
set -eu

action=$1
prefix=$2
export WINEPREFIX="$prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="     # no Mono or Gecko installer prompts
export WINEARCH=win64
unset DISPLAY WAYLAND_DISPLAY                  # headless: no window for anything

case "$action" in
start)
  mkdir -p "$prefix"
  # persistent: stays up between the tests of this run; `stop` ends it
  wineserver -p </dev/null >/dev/null 2>&1 || true
  if [ ! -f "$prefix/system.reg" ] || [ ! -f "$prefix/.sprig-ready" ]; then
    echo "wine-prefix: creating $prefix (once per build directory)"
    if ! wineboot -u </dev/null >/dev/null 2>&1; then
      echo "wine-prefix: wineboot -u failed" >&2
      exit 1
    fi
    touch "$prefix/.sprig-ready"
  else
    # a fresh server starts the prefix's services (services.exe, winedevice.exe) with the
    # first Wine program: let it be this one, with nothing of ctest's inherited
    wineboot </dev/null >/dev/null 2>&1 || true
  fi
  echo "wine-prefix: wineserver running for $prefix"
  ;;
stop)
  if [ -d "$prefix" ]; then
    wineserver -k </dev/null >/dev/null 2>&1 || true
  fi
  echo "wine-prefix: stopped $prefix"
  ;;
*)
  echo "usage: wine-prefix.sh start|stop PREFIX" >&2
  exit 2
  ;;
esac
