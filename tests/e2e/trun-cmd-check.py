#!/usr/bin/env python3
"""tests/e2e/trun-cmd.sh's checks on JSON and CSV files.

  same A B        two JSON documents equal in structure, strings and
                  integers, other numbers within 1e-6 relative (trun.json
                  keeps 12 significant digits; exclusive values are
                  differences of them)
  csv A B         two CSV files the same, numbers within 1e-6 relative
  counts M A B... per call path of the region domain, M's count is the
                  sum of the others' (trun.json files)
"""
import csv
import json
import sys

TOL = 1e-6


def close(a, b):
    return abs(a - b) <= TOL * max(abs(a), abs(b)) + 1e-15


def same(a, b, where="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            return "%s: keys %s != %s" % (where, sorted(a), sorted(b))
        for k in a:
            r = same(a[k], b[k], where + "." + k)
            if r:
                return r
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: %d != %d items" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            r = same(x, y, "%s[%d]" % (where, i))
            if r:
                return r
        return None
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str):
        return None if a == b else "%s: %r != %r" % (where, a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if close(a, b) else "%s: %r != %r" % (where, a, b)
    return None if a == b else "%s: %r != %r" % (where, a, b)


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def csv_same(fa, fb):
    ra = list(csv.reader(open(fa, newline="")))
    rb = list(csv.reader(open(fb, newline="")))
    if len(ra) != len(rb):
        return "%d != %d rows" % (len(ra), len(rb))
    for i, (x, y) in enumerate(zip(ra, rb)):
        if len(x) != len(y):
            return "row %d: %d != %d cells" % (i, len(x), len(y))
        for j, (p, q) in enumerate(zip(x, y)):
            if p == q:
                continue
            u, v = num(p), num(q)
            if u is None or v is None or not close(u, v):
                return "row %d cell %d: %r != %r" % (i, j, p, q)
    return None


def paths(f):
    doc = json.load(open(f))
    out = {}
    nodes = (doc.get("region") or {}).get("nodes", [])
    path = []
    for n in nodes:
        p = out_path = (path[n["p"]] if n["p"] >= 0 else ()) + (n["l"],)
        path.append(p)
        s = n["s"][0]
        if s:
            out[out_path] = out.get(out_path, 0) + s[0]
    return out


def main():
    what = sys.argv[1]
    if what == "same":
        r = same(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])))
    elif what == "csv":
        r = csv_same(sys.argv[2], sys.argv[3])
    else:
        merged = paths(sys.argv[2])
        want = {}
        for f in sys.argv[3:]:
            for k, v in paths(f).items():
                want[k] = want.get(k, 0) + v
        r = None if merged == want else "merged %r != summed %r" % (merged, want)
    if r:
        print(r)
        sys.exit(1)
    print("equal")


main()
