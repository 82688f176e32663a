#!/usr/bin/env python3
"""tests/rt/flame-check.py -- read trun's flame graphs for the tests.

  flame-check.py svg FILE [NAME...]
      FILE parses as XML (so every name is escaped and every character
      allowed), is self-contained (no reference to anything outside it),
      and its frames nest: each lies within one frame of the row below
      it, the root spans the width.  Each NAME is the whole name of some
      frame (its hover text's first line).  Prints "frames N", "depth
      N", "merged N" (callees merged into a drawn frame) and one
      "name ..." line per frame.
  flame-check.py png FILE
      Decodes the PNG (zlib and struct only) and prints "size W H",
      "coloured F": the share of pixels of a frame's colours (warm:
      red high, blue low), which a blank or unstyled page has none of,
      and "colours N": how many distinct colours (any palette) it has.
Exit status 1 with a line "FAIL: ..." when a check fails.
"""

import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_svg(path, names):
    text = open(path, "rb").read().decode("utf-8")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        fail("%s does not parse as XML: %s" % (path, e))
    if root.tag != SVG + "svg":
        fail("root element is %s" % root.tag)
    # Nothing outside the file: no links, no imports, no URLs but the
    # namespace's.
    for bad in ("href", "@import", "url(", "<image", "<iframe", "src="):
        if bad in text:
            fail("reference to outside: %r" % bad)
    urls = set(re.findall(r"https?://[^\"' ]+", text))
    if urls - {"http://www.w3.org/2000/svg"}:
        fail("URLs: %s" % sorted(urls))
    width = float(root.get("width"))
    frames = []
    merged = 0
    for g in root.iter(SVG + "g"):
        if g.get("class") != "f":
            continue
        title = g.find(SVG + "title").text or ""
        rect = g.find(SVG + "rect")
        name, _, rest = title.partition("\n")
        m = re.search(r"(\d+) narrow callees? merged", rest)
        merged += int(m.group(1)) if m else 0
        frames.append((name, float(rect.get("x")), float(rect.get("width")),
                       int(rect.get("y"))))
    if not frames:
        fail("no frames")
    rows = {}
    for f in frames:
        rows.setdefault(f[3], []).append(f)
    bottom = max(rows)
    base = rows[bottom]
    if len(base) != 1 or base[0][0] != "all":
        fail("bottom row is not one 'all' frame: %s" % base)
    if abs(base[0][1] - 10) > 0.01 or abs(base[0][2] - (width - 20)) > 0.01:
        fail("root does not span the width: %s" % (base[0],))
    for y, row in rows.items():
        if y == bottom:
            continue
        below = rows.get(y + 16)
        if not below:
            fail("row at y=%d has no row below" % y)
        for name, x, w, _ in row:
            if not any(bx - 0.02 <= x and x + w <= bx + bw + 0.03
                       for _, bx, bw, _ in below):
                fail("frame %r (x %.2f w %.2f) outside every frame below"
                     % (name, x, w))
        row.sort(key=lambda f: f[1])
        for a, b in zip(row, row[1:]):
            if b[1] < a[1] + a[2] - 0.03:
                fail("frames %r and %r overlap" % (a[0], b[0]))
    have = {f[0] for f in frames}
    for n in names:
        if n not in have:
            fail("no frame named %r (have %s)" % (n, sorted(have)[:40]))
    print("frames %d" % len(frames))
    print("depth %d" % (len(rows) - 1))
    print("merged %d" % merged)
    for n in sorted(have):
        print("name " + n.replace("\n", "\\n"))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        fail("PNG kind not handled: depth %d colour type %d interlace %d"
             % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(h):
        off = y * (stride + 1)
        ft = raw[off]
        line = bytearray(raw[off + 1:off + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ft == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
        pixels.append(line)
        prev = line
    return w, h, bpp, pixels


def check_png(path):
    w, h, bpp, pixels = decode_png(path)
    warm = 0
    colours = set()
    for line in pixels:
        for i in range(0, len(line), bpp):
            r, g, b = line[i], line[i + 1], line[i + 2]
            colours.add((r, g, b))
            if r >= 190 and b <= 80 and g <= 235:
                warm += 1
    print("size %d %d" % (w, h))
    print("coloured %.4f" % (warm / float(w * h)))
    print("colours %d" % len(colours))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("svg", "png"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "svg":
        check_svg(sys.argv[2], sys.argv[3:])
    else:
        check_png(sys.argv[2])


if __name__ == "__main__":
    main()
