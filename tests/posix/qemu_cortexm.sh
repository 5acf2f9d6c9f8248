#!/bin/sh
# The POSIX layer suite on the Cortex-M3 board (mps2-an385) under QEMU:
#
#   tests/posix/qemu_cortexm.sh <build-dir> [case-prefix...]
#
# Builds the kernel, the Cortex-M port and board, the Cortex-M ktest runner
# (tests/port-cortexm), the layer and tests/posix/test_*.c (not test_names_*.c, which test
# against glibc) with arm-none-eabi-gcc, then runs them with tests/port-cortexm/qemu_run.py.
# Exit status 0 when every case passed or was skipped.
set -e
R=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:?usage: $0 <build-dir> [case-prefix...]}
shift
O=$B/obj
mkdir -p "$O"
CPU="-mcpu=cortex-m3 -mthumb -mfloat-abi=soft"
CF="$CPU -ffunction-sections -fdata-sections -Og -g -std=c11 -Wall -Wextra -Werror
    -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wpointer-arith -Wcast-align -Wundef
    -Wno-unused-parameter"
INC="-I$R/tests/kernel -I$R/tests/port-cortexm -I$R/tests/posix -I$R/components/posix/include
     -I$R/tests/posix/config -I$R/kernel/include -I$R/port-cortexm/include
     -I$R/port-cortexm/boards/mps2-an385 -I$R/port-cortexm/boards/mps2/include"
objs=""
cc() {
    f=$1
    shift
    o=$O/$(echo "$f" | sed "s|^$R/||; s|^$O/||; s|/|_|g").o
    # shellcheck disable=SC2086
    arm-none-eabi-gcc $CF $INC "$@" -c "$f" -o "$o"
    objs="$objs $o"
}
for f in "$R"/kernel/core/*.c "$R"/kernel/pm/*.c; do cc "$f"; done
for f in port cpu switch stdio_lock; do cc "$R/port-cortexm/$f.c" -I"$R/port-cortexm"; done
for f in startup console syscalls bsp; do cc "$R/port-cortexm/boards/mps2/$f.c" -I"$R/port-cortexm"; done
cc "$R/tests/port-cortexm/ktest_runner.c"
cc "$R/tests/port-cortexm/ktest_port.c"
cc "$R/tests/kernel/ktest.c"
for f in "$R"/components/posix/src/*.c; do cc "$f"; done
tests=$(ls "$R"/tests/posix/test_*.c | grep -v /test_names_)
for f in $tests "$R/tests/posix/px_test.c"; do cc "$f" -I"$R/components/posix/names"; done
# the case table, made as the tree's build makes it
cat > "$O/table.cmake" <<EOT
include($R/cmake/SprigKtest.cmake)
sprig_ktest_table($O/cases.c $(echo $tests))
EOT
cmake -P "$O/table.cmake"
cc "$O/cases.c"
WRAP=""
for fn in printf vprintf fprintf vfprintf puts putchar fputs fputc fwrite ktest_port_reset; do
    WRAP="$WRAP -Wl,--wrap=$fn"
done
# shellcheck disable=SC2086
arm-none-eabi-gcc $CPU -nostartfiles -Wl,--gc-sections -T"$R/port-cortexm/boards/mps2/mps2.ld" \
    $WRAP $objs -o "$B/posix_tests.elf"
args=""
for a in "$@"; do args="$args --arg $a"; done
# shellcheck disable=SC2086
exec python3 "$R/tests/port-cortexm/qemu_run.py" --machine mps2-an385 --elf "$B/posix_tests.elf" \
    --icount 5 --timeout 1500 --expect-exit 0x53 --expect "^[0-9]+ passed, 0 failed" $args
