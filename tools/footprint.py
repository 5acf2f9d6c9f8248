#!/usr/bin/python3
"""Sprig footprint on Cortex-M: ROM and RAM per module, from the linker map.

Builds the kernel and the Cortex-M port for the mps2-an385 board (Cortex-M3) at -Os, once per
configuration in tools/footprint/<name>/ (tos_config.h and a small app.c), links each with a
map file and adds up, per object file, what the linker kept:

  ROM  code, constants, and the initial values of initialised data (.text, .rodata, .data)
  RAM  initialised and zeroed data (.data, .bss), stacks and pools the module declares included

Configurations: minimal (tasks + semaphore + tick, with every option a minimal system can do
without turned off; the target is under 1.5 KB ROM and 0.5 KB RAM for kernel + port), typical,
full. "full" keeps every function of the configuration
(--no-gc-sections for the kernel and port); the others keep what the app uses, as a real
build does.

  tools/footprint.py [--cpu cortex-m3] [--markdown] [--keep DIR] [minimal typical full]

Needs arm-none-eabi-gcc (Debian gcc-arm-none-eabi, libnewlib-arm-none-eabi). Exit status 1
if a build fails or the minimal configuration misses its target.
"""
import argparse
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CPUS = {
    "cortex-m3": ("mps2-an385", ["-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft"]),
    "cortex-m4f": ("mps2-an386", ["-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16",
                                  "-mfloat-abi=hard"]),
}
CONFIGS = ["minimal", "typical", "full"]
TARGET_ROM, TARGET_RAM = 1536, 512      # minimal kernel + port (design brief section 8)

ROM_SECTIONS = (".text", ".ARM.exidx", ".ARM.extab")


def sources(board):
    """(group, path) of everything compiled: the kernel and port are measured per module."""
    out = []
    for p in sorted(glob.glob(os.path.join(ROOT, "kernel/core/*.c")) +
                    glob.glob(os.path.join(ROOT, "kernel/pm/*.c"))):
        out.append(("kernel", p))
    for name in ("port.c", "cpu.c", "switch.c"):
        out.append(("port", os.path.join(ROOT, "port-cortexm", name)))
    bdir = os.path.join(ROOT, "port-cortexm/boards/mps2")
    for name in ("startup.c", "console.c", "syscalls.c", "bsp.c", "main.c"):
        out.append(("board", os.path.join(bdir, name)))
    out.append(("board", os.path.join(ROOT, "port-cortexm/stdio_lock.c")))
    return out


def build(config, cpu, workdir):
    """Compile and link `config`; return the map file's path."""
    board, cpu_flags = CPUS[cpu]
    cdir = os.path.join(ROOT, "tools/footprint", config)
    includes = ["-I" + cdir, "-I" + os.path.join(ROOT, "kernel/include"),
                "-I" + os.path.join(ROOT, "port-cortexm/include"),
                "-I" + os.path.join(ROOT, "port-cortexm/boards", board),
                "-I" + os.path.join(ROOT, "port-cortexm/boards/mps2/include"),
                "-I" + os.path.join(ROOT, "port-cortexm")]
    # (file names in assertion messages relative to the tree, as a release build would have)
    cflags = cpu_flags + ["-Os", "-std=c11", "-ffunction-sections", "-fdata-sections",
                          "-fmacro-prefix-map=%s/=" % ROOT,
                          "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-DNDEBUG"]
    objs, kernel_objs = [], []
    for group, src in sources(board) + [("app", os.path.join(cdir, "app.c"))]:
        obj = os.path.join(workdir, group + "-" + os.path.basename(src)[:-2] + ".o")
        subprocess.run(["arm-none-eabi-gcc"] + cflags + includes + ["-c", src, "-o", obj],
                       check=True)
        (kernel_objs if group in ("kernel", "port") else objs).append(obj)
    elf = os.path.join(workdir, config + ".elf")
    mapfile = os.path.join(workdir, config + ".map")
    ldflags = cpu_flags + ["-nostartfiles", "-T",
                           os.path.join(ROOT, "port-cortexm/boards/mps2/mps2.ld"),
                           "-Wl,-Map=" + mapfile]
    link = objs + kernel_objs + ["-Wl,--gc-sections"]
    if config == "full":
        # every global symbol of the kernel and port is a root: --gc-sections keeps all of
        # them (and what they use), and still drops what the board and libc do not need
        out = subprocess.run(["arm-none-eabi-nm", "-g", "--defined-only"] + kernel_objs,
                             check=True, capture_output=True, text=True).stdout
        for sym in sorted({l.split()[-1] for l in out.splitlines() if len(l.split()) == 3}):
            link.append("-Wl,--undefined=" + sym)
    subprocess.run(["arm-none-eabi-gcc"] + ldflags + link + ["-o", elf], check=True)
    return mapfile


def parse_map(mapfile):
    """{object path: [rom, ram]} for everything the linker kept."""
    sizes = collections.defaultdict(lambda: [0, 0])
    with open(mapfile) as f:
        text = f.read()
    body = text[text.index("Linker script and memory map"):]
    out_section = None
    pending = None          # an input section name whose numbers are on the next line
    for line in body.splitlines():
        m = re.match(r"^(\.[\w.]+|COMMON)\b", line)
        if m and not line.startswith(" "):
            out_section = m.group(1)
            pending = None
            continue
        m = re.match(r"^ (\.[\w.$]+|COMMON)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.[\w.$]+|COMMON)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if not m:
            pending = None
            continue
        name = m.group(1) or pending
        pending = None
        if name is None or out_section is None:
            continue
        size, obj = int(m.group(3), 16), m.group(4).strip()
        if size == 0 or not (obj.endswith(".o") or obj.endswith(")")):
            continue
        if out_section.startswith(ROM_SECTIONS):
            sizes[obj][0] += size
        elif out_section.startswith(".data"):
            sizes[obj][0] += size       # the initial values live in ROM...
            sizes[obj][1] += size       # ...and are copied to RAM
        elif out_section.startswith((".bss", ".noinit")):
            sizes[obj][1] += size
    return sizes


def module_of(obj):
    """(group, name) of an object file the map names."""
    base = os.path.basename(obj)
    m = re.match(r"^(kernel|port|board|app)-(.+)\.o$", base)
    if m:
        return m.group(1), m.group(2)
    m = re.match(r"^libsprig\.a\((kernel|port)-(.+)\.o\)$", base)
    if m:
        return m.group(1), m.group(2)
    return "libc", re.sub(r"\(.*\)$", "", base)


def measure(config, cpu, keep):
    workdir = keep or tempfile.mkdtemp(prefix="sprig-footprint-")
    os.makedirs(workdir, exist_ok=True)
    try:
        sizes = parse_map(build(config, cpu, workdir))
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    modules = collections.defaultdict(lambda: [0, 0])
    for obj, (rom, ram) in sizes.items():
        group, name = module_of(obj)
        key = (group, name) if group in ("kernel", "port") else (group, "")
        modules[key][0] += rom
        modules[key][1] += ram
    return modules


def report(results, markdown):
    names = list(results)
    keys = sorted({k for r in results.values() for k in r},
                  key=lambda k: (["kernel", "port", "board", "app", "libc"].index(k[0]), k[1]))
    label = {"board": "board (start-up, console, newlib glue)", "app": "the app",
             "libc": "newlib, libgcc"}
    rows = []
    for k in keys:
        if k[0] in ("kernel", "port"):
            name = "%s/%s" % ("kernel" if k[0] == "kernel" else "port-cortexm", k[1])
        else:
            name = label[k[0]]
        cells = []
        for n in names:
            rom, ram = results[n].get(k, (0, 0))
            cells.append((rom, ram))
        if all(c == (0, 0) for c in cells):
            continue
        rows.append((name, cells, k[0] in ("kernel", "port")))
    totals = []
    for n in names:
        rom = sum(v[0] for k, v in results[n].items() if k[0] in ("kernel", "port"))
        ram = sum(v[1] for k, v in results[n].items() if k[0] in ("kernel", "port"))
        totals.append((rom, ram))

    if markdown:
        print("| Module | " + " | ".join("%s ROM | %s RAM" % (n, n) for n in names) + " |")
        print("| --- | " + " | ".join("---: | ---:" for _ in names) + " |")
        for name, cells, _ in [r for r in rows if r[2]]:
            print("| %s | %s |" % (name, " | ".join("%d | %d" % c for c in cells)))
        print("| **kernel + port** | %s |" % " | ".join("**%d** | **%d**" % t for t in totals))
        for name, cells, _ in [r for r in rows if not r[2]]:
            print("| %s | %s |" % (name, " | ".join("%d | %d" % c for c in cells)))
    else:
        width = max(len(r[0]) for r in rows) + 2
        print("%-*s" % (width, "module (bytes)") + "".join("%10s ROM%8s RAM" % (n, "") for n in names))
        for name, cells, _ in [r for r in rows if r[2]]:
            print("%-*s" % (width, name) + "".join("%14d%12d" % c for c in cells))
        print("%-*s" % (width, "kernel + port") + "".join("%14d%12d" % t for t in totals))
        for name, cells, _ in [r for r in rows if not r[2]]:
            print("%-*s" % (width, name) + "".join("%14d%12d" % c for c in cells))
    return dict(zip(names, totals))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("configs", nargs="*", metavar="CONFIG", help="minimal, typical, full (default: all)")
    ap.add_argument("--cpu", default="cortex-m3", choices=sorted(CPUS))
    ap.add_argument("--markdown", action="store_true", help="a table for docs/performance.md")
    ap.add_argument("--keep", metavar="DIR", help="build there and keep the objects and maps")
    opts = ap.parse_args()
    if not shutil.which("arm-none-eabi-gcc"):
        print("footprint: arm-none-eabi-gcc not found (apt-get install gcc-arm-none-eabi "
              "libnewlib-arm-none-eabi)", file=sys.stderr)
        return 1
    for c in opts.configs:
        if c not in CONFIGS:
            ap.error("no configuration %r (%s)" % (c, ", ".join(CONFIGS)))
    results = {}
    for c in opts.configs or CONFIGS:
        try:
            results[c] = measure(c, opts.cpu, os.path.join(opts.keep, c) if opts.keep else None)
        except subprocess.CalledProcessError as e:
            print("footprint: building %s failed: %s" % (c, e), file=sys.stderr)
            return 1
    totals = report(results, opts.markdown)
    if "minimal" in totals and opts.cpu == "cortex-m3":
        rom, ram = totals["minimal"]
        ok = rom < TARGET_ROM and ram < TARGET_RAM
        over = []
        if rom >= TARGET_ROM:
            over.append("ROM %d B over" % (rom - TARGET_ROM + 1))
        if ram >= TARGET_RAM:
            over.append("RAM %d B over" % (ram - TARGET_RAM + 1))
        print("\nminimal kernel + port: %d B ROM, %d B RAM (target: under %d and %d): %s" %
              (rom, ram, TARGET_ROM, TARGET_RAM,
               "met" if ok else "MISSED (%s)" % ", ".join(over)))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
