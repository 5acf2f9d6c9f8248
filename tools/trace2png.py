#!/usr/bin/env python3
"""Render a Chrome/Perfetto trace-event JSON file (such as a Sprig simulator's --trace output)
as a PNG timeline: one row per track (thread), a time axis, coloured slices for complete ("X")
events and markers for instant ("i") events.

usage: trace2png.py TRACE.json OUT.png [--from T] [--to T] [--width N]

T is a time from the start of the trace clock: a number with an optional unit ns, us, ms,
s (the default), m, h ("1.5s", "250ms"). --width is the image width in pixels (default 1600).
Needs only Python's standard library: the PNG is written with zlib and struct, the text with a
small built-in bitmap font. Exit status: 0 done, 1 the input cannot be read or is not a trace
(or the output cannot be written), 2 bad command line.
"""
import json
import math
import struct
import sys
import zlib

USAGE = "usage: trace2png.py TRACE.json OUT.png [--from T] [--to T] [--width N]"

# ---- a 5x7 bitmap font: a character, then its rows ('#' ink); seven, and two more below
# the baseline for the letters with descenders ----

FONT_ROWS = r"""
  ..... ..... ..... ..... ..... ..... .....
! ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..
" .#.#. .#.#. ..... ..... ..... ..... .....
# .#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.
$ ..#.. .#### #.#.. .###. ..#.# ####. ..#..
% ##... ##..# ...#. ..#.. .#... #..## ...##
& .##.. #..#. #.#.. .#... #.#.# #..#. .##.#
' ..#.. ..#.. ..... ..... ..... ..... .....
( ...#. ..#.. .#... .#... .#... ..#.. ...#.
) .#... ..#.. ...#. ...#. ...#. ..#.. .#...
* ..... ..#.. #.#.# .###. #.#.# ..#.. .....
+ ..... ..#.. ..#.. ##### ..#.. ..#.. .....
, ..... ..... ..... ..... .##.. ..#.. .#...
- ..... ..... ..... ##### ..... ..... .....
. ..... ..... ..... ..... ..... .##.. .##..
/ ..... ....# ...#. ..#.. .#... #.... .....
0 .###. #...# #..## #.#.# ##..# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 ##### ...#. ..#.. ...#. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ...#. .##..
: ..... .##.. .##.. ..... .##.. .##.. .....
; ..... .##.. .##.. ..... .##.. ..#.. .#...
< ...#. ..#.. .#... #.... .#... ..#.. ...#.
= ..... ..... ##### ..... ##### ..... .....
> .#... ..#.. ...#. ....# ...#. ..#.. .#...
? .###. #...# ....# ...#. ..#.. ..... ..#..
@ .###. #...# ....# .##.# #.#.# #.#.# .###.
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ###.. #..#. #...# #...# #...# #..#. ###..
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
[ .###. .#... .#... .#... .#... .#... .###.
\ ..... #.... .#... ..#.. ...#. ....# .....
] .###. ...#. ...#. ...#. ...#. ...#. .###.
^ ..#.. .#.#. #...# ..... ..... ..... .....
_ ..... ..... ..... ..... ..... ..... #####
` .#... ..#.. ..... ..... ..... ..... .....
a ..... ..... .###. ....# .#### #...# .####
b #.... #.... #.##. ##..# #...# #...# ####.
c ..... ..... .###. #.... #.... #...# .###.
d ....# ....# .##.# #..## #...# #...# .####
e ..... ..... .###. #...# ##### #.... .###.
f ..##. .#..# .#... ###.. .#... .#... .#...
g ..... ..... .#### #...# #...# #...# .#### ....# .###.
h #.... #.... #.##. ##..# #...# #...# #...#
i ..#.. ..... .##.. ..#.. ..#.. ..#.. .###.
j ...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..
k #.... #.... #..#. #.#.. ##... #.#.. #..#.
l .##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
m ..... ..... ##.#. #.#.# #.#.# #...# #...#
n ..... ..... #.##. ##..# #...# #...# #...#
o ..... ..... .###. #...# #...# #...# .###.
p ..... ..... ####. #...# #...# #...# ####. #.... #....
q ..... ..... .#### #...# #...# #...# .#### ....# ....#
r ..... ..... #.##. ##..# #.... #.... #....
s ..... ..... .###. #.... .###. ....# ####.
t .#... .#... ###.. .#... .#... .#..# ..##.
u ..... ..... #...# #...# #...# #..## .##.#
v ..... ..... #...# #...# #...# .#.#. ..#..
w ..... ..... #...# #...# #.#.# #.#.# .#.#.
x ..... ..... #...# .#.#. ..#.. .#.#. #...#
y ..... ..... #...# #...# #...# #...# .#### ....# .###.
z ..... ..... ##### ...#. ..#.. .#... #####
{ ...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.
| ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
} .#... ..#.. ..#.. ...#. ..#.. ..#.. .#...
~ ..... ..... .#... #.#.# ...#. ..... .....
"""


def _load_font():
    font = {}
    for line in FONT_ROWS.split("\n"):
        if len(line) < 3:
            continue
        rows = line[2:].split()
        font[line[0]] = [[x for x, c in enumerate(r) if c == "#"] for r in rows]
    return font


FONT = _load_font()
CHAR_W = 6          # 5 pixels and a gap
CHAR_H = 7

# ---- colours ----

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
TEXT = (40, 40, 40)
GREY = (120, 120, 120)
GRID = (225, 225, 225)
SHADE = (246, 246, 248)
PALETTE = [(66, 133, 244), (219, 68, 55), (244, 180, 0), (15, 157, 88), (171, 71, 188),
           (0, 172, 193), (255, 112, 67), (158, 157, 36), (92, 107, 192), (240, 98, 146),
           (0, 137, 123), (121, 85, 72)]
POWER_COLOURS = {"idle": (176, 190, 197), "sleep": (129, 199, 132), "stop": (77, 182, 172),
                 "standby": (38, 166, 154)}
MARK_POST = (46, 125, 50)
MARK_PEND = (230, 120, 0)
MARK_BLOCKED = (198, 40, 40)
MARK_TIMER = (21, 101, 192)
MARK_OTHER = (97, 97, 97)


def colour_of(name):
    if name in POWER_COLOURS:
        return POWER_COLOURS[name]
    return PALETTE[zlib.crc32(name.encode("utf-8", "replace")) % len(PALETTE)]


def ink_on(bg):
    return BLACK if (bg[0] * 299 + bg[1] * 587 + bg[2] * 114) > 150000 else WHITE


# ---- a canvas and the PNG writer ----

class Canvas:
    def __init__(self, width, height, bg=WHITE):
        self.w = width
        self.h = height
        self.px = bytearray(bytes(bg) * (width * height))

    def rect(self, x0, y0, x1, y1, colour):
        """Fill [x0, x1) x [y0, y1), clipped."""
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        y0, y1 = max(0, int(y0)), min(self.h, int(y1))
        if x0 >= x1 or y0 >= y1:
            return
        run = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            off = (y * self.w + x0) * 3
            self.px[off:off + len(run)] = run

    def dot(self, x, y, colour):
        if 0 <= x < self.w and 0 <= y < self.h:
            off = (y * self.w + x) * 3
            self.px[off:off + 3] = bytes(colour)

    def text(self, x, y, s, colour, max_width=None):
        """Draw s with its top-left corner at (x, y); cut to max_width pixels. Returns the
        width drawn."""
        if max_width is not None and len(s) * CHAR_W > max_width:
            n = max(0, max_width // CHAR_W)
            s = s[:n - 1] + "~" if n >= 2 else s[:n]
        for i, ch in enumerate(s):
            glyph = FONT.get(ch, FONT["?"])
            for row, xs in enumerate(glyph):
                for gx in xs:
                    self.dot(x + i * CHAR_W + gx, y + row, colour)
        return len(s) * CHAR_W

    def marker(self, x, y, colour):
        """A small downward triangle, its tip at (x, y + 4)."""
        for dy in range(5):
            half = 4 - dy
            self.rect(x - half, y + dy, x + half + 1, y + dy + 1, colour)

    def png(self):
        raw = bytearray()
        stride = self.w * 3
        for y in range(self.h):
            raw.append(0)       # filter: none
            raw += self.px[y * stride:(y + 1) * stride]

        def chunk(kind, data):
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)   # 8-bit RGB
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


# ---- reading the trace ----

class TraceError(Exception):
    pass


UNITS = (("ns", 1e-3), ("us", 1.0), ("ms", 1e3), ("min", 60e6), ("s", 1e6), ("m", 60e6),
         ("h", 3600e6))


def parse_time(text):
    """'1.5s' -> microseconds (the unit of the trace's ts)."""
    for suffix, scale in UNITS:
        if text.endswith(suffix):
            number, unit_scale = text[:-len(suffix)], scale
            break
    else:
        number, unit_scale = text, 1e6
    try:
        value = float(number)
    except ValueError:
        raise ValueError("not a time: '%s' (want e.g. 1.5s, 250ms)" % text)
    if not math.isfinite(value) or value < 0:
        raise ValueError("not a time: '%s' (want e.g. 1.5s, 250ms)" % text)
    return value * unit_scale


def _number(e, key, path):
    v = e.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise TraceError("%s: not a trace-event file (an event without a numeric '%s': %s)"
                         % (path, key, json.dumps(e)[:60]))
    return float(v)


def _no_constants(name):
    raise ValueError("%s is not JSON" % name)


class Track:
    def __init__(self, key):
        self.key = key
        self.name = None
        self.sort = None
        self.slices = []        # (start, end, name, cat)
        self.instants = []      # (ts, name, cat, args)

    def label(self):
        return self.name if self.name is not None else "%s/%s" % self.key

    def order(self):
        return (self.sort if self.sort is not None else 1 << 40, self.key[0], self.key[1])


def load_trace(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise TraceError("%s: cannot read: %s" % (path, e.strerror or e))
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError) as e:
        raise TraceError("%s: not valid JSON: %s" % (path, e))
    if isinstance(doc, dict):
        events = doc.get("traceEvents")
        meta = doc.get("otherData") if isinstance(doc.get("otherData"), dict) else {}
    else:
        events, meta = doc, {}
    if not isinstance(events, list):
        raise TraceError("%s: not a trace-event file (no traceEvents list)" % path)
    tracks = {}
    process = None

    def track(e):
        pid, tid = e.get("pid", 0), e.get("tid", 0)
        key = (pid, tid)
        if key not in tracks:
            tracks[key] = Track(key)
        return tracks[key]

    for e in events:
        if not isinstance(e, dict) or not isinstance(e.get("ph"), str):
            raise TraceError("%s: not a trace-event file (an event without 'ph': %s)"
                             % (path, json.dumps(e)[:60]))
        ph = e["ph"]
        args = e.get("args") if isinstance(e.get("args"), dict) else {}
        name = e.get("name") if isinstance(e.get("name"), str) else "?"
        if ph == "M":
            if name == "thread_name" and isinstance(args.get("name"), str):
                track(e).name = args["name"]
            elif name == "thread_sort_index" and isinstance(args.get("sort_index"), int):
                track(e).sort = args["sort_index"]
            elif name == "process_name" and isinstance(args.get("name"), str):
                process = args["name"]
        elif ph == "X":
            ts = _number(e, "ts", path)
            dur = _number(e, "dur", path) if "dur" in e else 0.0
            track(e).slices.append((ts, ts + max(0.0, dur), name, e.get("cat", "")))
        elif ph in ("i", "I", "n"):
            track(e).instants.append((_number(e, "ts", path), name, e.get("cat", ""), args))
        # B/E pairs, counters, flows...: not drawn
    if not any(t.slices or t.instants for t in tracks.values()):
        raise TraceError("%s: the trace has no slices or instant events to draw" % path)
    return process or meta.get("program"), sorted(tracks.values(), key=Track.order)


# ---- layout ----

def nice_step(span, target):
    raw = span / max(1, target)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def time_label(us, step):
    """us (microseconds) in the unit that suits a tick spacing of `step` microseconds."""
    for unit, scale in (("s", 1e6), ("ms", 1e3), ("us", 1.0), ("ns", 1e-3)):
        if step >= scale or unit == "ns":
            break
    rel = step / scale
    digits = 0 if rel >= 1 else min(9, int(math.ceil(-math.log10(rel) - 1e-9)))
    return "%.*f %s" % (digits, us / scale, unit)


def render(program, tracks, t0, t1, width):
    row_h = 18
    label_w = min(220, max(60, 14 + CHAR_W * max(len(t.label()) for t in tracks)))
    top = 26
    axis_h = 34
    legend_h = 16
    height = top + row_h * len(tracks) + axis_h + legend_h
    cv = Canvas(width, height)
    x0 = label_w
    x1 = width - 10
    span = t1 - t0

    def xpos(t):
        return x0 + (t - t0) / span * (x1 - x0)

    # title
    title = "%s   %s - %s   %d tracks" % (program or "trace", time_label(t0, span),
                                           time_label(t1, span), len(tracks))
    cv.text(8, 8, title, TEXT, width - 16)

    # grid and axis
    step = nice_step(span, max(2, (x1 - x0) // 120))
    first = math.ceil(t0 / step) * step
    ticks = []
    t = first
    while t <= t1 + step * 1e-9:
        ticks.append(t)
        t += step
    rows_bottom = top + row_h * len(tracks)
    for i in range(len(tracks)):
        if i % 2:
            cv.rect(0, top + i * row_h, width, top + (i + 1) * row_h, SHADE)
    for t in ticks:
        x = int(round(xpos(t)))
        cv.rect(x, top, x + 1, rows_bottom + 4, GRID)
        label = time_label(t, step)
        lx = min(max(x - len(label) * CHAR_W // 2, x0 - 20), width - len(label) * CHAR_W - 2)
        cv.text(lx, rows_bottom + 8, label, TEXT)
    cv.rect(x0, rows_bottom, x1, rows_bottom + 1, GREY)

    # tracks
    for i, tr in enumerate(tracks):
        y = top + i * row_h
        cv.text(6, y + (row_h - CHAR_H) // 2, tr.label(), TEXT, label_w - 12)
        for start, end, name, cat in tr.slices:
            if end < t0 or start > t1:
                continue
            a = xpos(max(start, t0))
            b = xpos(min(end, t1))
            colour = colour_of(name)
            xa = int(math.floor(a))
            xb = max(xa + 1, int(math.ceil(b)))     # at least a pixel: zero-width slices show
            cv.rect(xa, y + 3, xb, y + row_h - 3, colour)
            if xb - xa >= 4 * CHAR_W:
                cv.text(xa + 3, y + (row_h - CHAR_H) // 2, name, ink_on(colour), xb - xa - 6)
        for ts, name, cat, args in tr.instants:
            if ts < t0 or ts > t1:
                continue
            if name.startswith("post"):
                colour = MARK_POST
            elif name.startswith("pend"):
                colour = MARK_BLOCKED if args.get("blocked") is True else MARK_PEND
            elif cat == "timer" or "timer" in name:
                colour = MARK_TIMER
            else:
                colour = MARK_OTHER
            cv.marker(int(round(xpos(ts))), y + 1, colour)

    # legend
    ly = height - legend_h + 2
    x = 8
    for colour, text in ((MARK_POST, "post"), (MARK_PEND, "pend"), (MARK_BLOCKED, "pend, blocked"),
                         (MARK_TIMER, "timer fired"), (MARK_OTHER, "other event")):
        cv.marker(x + 4, ly, colour)
        x += 12
        x += cv.text(x, ly, text, TEXT) + 14
    cv.text(x, ly, "bars: running tasks, ISRs, power states (at least 1 px wide)", GREY)
    return cv


def main(argv):
    args = argv[1:]
    opts = {"--from": None, "--to": None, "--width": None}
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        key, eq, value = a.partition("=")
        if key in opts:
            if not eq:
                if i + 1 >= len(args):
                    return usage("%s needs a value" % key)
                value = args[i + 1]
                i += 1
            opts[key] = value
        elif a in ("-h", "--help"):
            print(USAGE)
            print(__doc__.split("\n\n", 1)[1].split("\n\n", 1)[0] if __doc__ else "")
            return 0
        elif a.startswith("--"):
            return usage("unknown option '%s'" % a)
        else:
            positional.append(a)
        i += 1
    if len(positional) != 2:
        return usage("want a trace file and an output file")
    src, dst = positional
    try:
        width = int(opts["--width"]) if opts["--width"] is not None else 1600
        if not 200 <= width <= 20000:
            raise ValueError
    except ValueError:
        return usage("invalid --width '%s' (want 200..20000 pixels)" % opts["--width"])
    try:
        t_from = parse_time(opts["--from"]) if opts["--from"] is not None else None
        t_to = parse_time(opts["--to"]) if opts["--to"] is not None else None
    except ValueError as e:
        return usage(str(e))
    try:
        program, tracks = load_trace(src)
    except TraceError as e:
        sys.stderr.write("trace2png.py: %s\n" % e)
        return 1
    lo = min([s for t in tracks for s, _, _, _ in t.slices] +
             [ts for t in tracks for ts, _, _, _ in t.instants])
    hi = max([e for t in tracks for _, e, _, _ in t.slices] +
             [ts for t in tracks for ts, _, _, _ in t.instants])
    t0 = t_from if t_from is not None else lo
    t1 = t_to if t_to is not None else hi
    if t1 <= t0:
        if t_from is not None and t_to is not None:
            return usage("--to must be after --from")
        t1 = t0 + 1.0
    png = render(program, tracks, t0, t1, width).png()
    try:
        with open(dst, "wb") as f:
            f.write(png)
    except OSError as e:
        sys.stderr.write("trace2png.py: %s: cannot write: %s\n" % (dst, e.strerror or e))
        return 1
    return 0


def usage(reason):
    sys.stderr.write("trace2png.py: %s\n%s\n" % (reason, USAGE))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
