#!/usr/bin/env python3
"""tests/rt/out-check.py DIR LABEL NAME: the tree JSON, folded stacks and
CSV of component NAME (files LABEL.*) in DIR against each other and
against the text table LABEL.txt.  Prints "ok: ..." lines; exits 1 with
"FAIL: ..." lines when something differs."""
import csv
import json
import math
import re
import sys

d, label, name = sys.argv[1:4]
exact = len(sys.argv) > 4 and sys.argv[4] == "exact"  # one thread
fails = []


def check(what, cond, detail=""):
    if cond:
        print("ok: " + what)
    else:
        fails.append(what)
        print("FAIL: %s %s" % (what, detail))


def table_escape(s):
    out = []
    for ch in s:
        if ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        elif ch == "|":
            out.append("\\|")
        else:
            out.append(ch)
    return "".join(out)


def path_escape(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == ";" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


# ---- the text table: depth, shown label, count, sum text per row
rows = []
for line in open("%s/%s.txt" % (d, label), encoding="utf-8"):
    if not line.startswith("| >>> "):
        continue
    cells = line.rstrip("\n").split(" | ")
    lab = cells[0][len("| >>> "):].lstrip(" ")
    if lab.startswith("|_"):
        lab = lab[2:]
    rows.append((int(cells[2]), lab.rstrip(" "), int(cells[1]), cells[5].strip(),
                 float(cells[10].strip(" |"))))
check("table has rows", len(rows) > 0)

# ---- the tree JSON
doc = json.load(open("%s/%s.tree.json" % (d, label), encoding="utf-8"))
check("one component under timemory", list(doc["timemory"]) == [name])
c = doc["timemory"][name]
for key in ("properties", "type", "description", "unit_value", "unit_repr",
            "thread_scope_only", "thread_count", "mpi_size", "upcxx_size",
            "process_count", "num_ranks", "concurrency", "mpi"):
    check("component field " + key, key in c)
check("properties name the component",
      c["properties"]["id"] == name and c["properties"]["enum"] == name.upper())
check("mpi is [[root]]: one process", len(c["mpi"]) == 1 and len(c["mpi"][0]) == 1)
root = c["mpi"][0][0]
check("root is a dummy with hash 0",
      root["node"]["hash"] == 0 and root["node"]["is_dummy"] is True)

nodes = []  # pre-order: (depth, node, path, children)
stack = [(child, ()) for child in reversed(root["children"])]
bad_fields = 0
while stack:
    t, parent = stack.pop()
    n = t["node"]
    for key in ("hash", "prefix", "tid", "pid", "depth", "is_dummy"):
        bad_fields += key not in n
    for kind in ("inclusive", "exclusive"):
        bad_fields += "laps" not in n[kind]["entry"]
        for key in ("sum", "count", "min", "max", "sqr", "mean", "stddev"):
            bad_fields += key not in n[kind]["stats"]
    bad_fields += n["hash"] == 0 or not isinstance(n["tid"], list)
    path = parent + (n["prefix"],)
    nodes.append((n["depth"], n, path, t["children"]))
    stack.extend((ch, path) for ch in reversed(t["children"]))
check("every node has timemory's fields", bad_fields == 0, str(bad_fields))
check("as many nodes as table rows", len(nodes) == len(rows),
      "%d nodes, %d rows" % (len(nodes), len(rows)))

prec = max(len(r[3].split(".")[1]) if "." in r[3] else 0 for r in rows)
tol = 0.5 * 10 ** -prec * 1.001 + 1e-12
mismatch = []
for (depth, n, path, _), (tdepth, tlab, tcount, tsum, _) in zip(nodes, rows):
    inc = n["inclusive"]
    if (depth != tdepth or table_escape(n["prefix"]) != tlab
            or inc["entry"]["laps"] != tcount or inc["stats"]["count"] != tcount
            or abs(inc["stats"]["sum"] - float(tsum)) > tol):
        mismatch.append((depth, n["prefix"][:40], inc["entry"]["laps"],
                         inc["stats"]["sum"], tdepth, tlab[:40], tcount, tsum))
check("depth, name, inclusive count and sum equal the table's", not mismatch,
      str(mismatch[:3]))

# Exclusive is the runtime's self value (doc/outputs.md): between the
# inclusive value less every child's (threads under a node can add up
# to more than its time) and the inclusive value, exactly the former
# with one thread, and the table's % SELF.
excl_bad = []
for (_, n, _, children), row in zip(nodes, rows):
    child = sum(ch["node"]["inclusive"]["stats"]["sum"] for ch in children)
    excl = n["exclusive"]["stats"]["sum"]
    inc = n["inclusive"]["stats"]["sum"]
    eps = 1e-9 * max(1.0, abs(inc))
    share = 100.0 * excl / inc if inc > 0 else 0.0
    if (excl < -eps or excl > inc + eps or excl < inc - child - eps
            or (exact and abs(excl - (inc - child)) > eps)
            or abs(share - row[4]) > 0.051):
        excl_bad.append((n["prefix"][:30], inc, child, excl, row[4]))
check("exclusive: the self value, within [incl - children, incl], the table's % SELF",
      not excl_bad, str(excl_bad[:3]))
longest = max(len(n["prefix"]) for _, n, _, _ in nodes)
check("names whole (longest %d)" % longest, longest >= 300)
multi = [n["tid"] for _, n, _, _ in nodes if len(n["tid"]) > 1]
if not exact:
    check("merged threads listed in tid", len(multi) > 0)

# ---- folded stacks
paths = {";".join(path_escape(p) for p in path): n for _, n, path, _ in nodes}
total = 0
bad_lines = []
raw = open("%s/%s.folded" % (d, label), "rb").read()
for line in raw.decode("utf-8").split("\n")[:-1]:
    m = re.fullmatch(r"(.+) ([1-9][0-9]*)", line)
    if not m or m.group(1) not in paths:
        bad_lines.append(line[:80])
        continue
    total += int(m.group(2))
check("folded: every line a known path and a positive integer", not bad_lines,
      str(bad_lines[:3]))
check("folded: ends with a line end", raw.endswith(b"\n"))
unit = {"sec": 1e6, "msec": 1e3, "usec": 1.0, "nsec": 1e-3}.get(c["unit_repr"], 1.0)
roots = sum(ch["node"]["inclusive"]["stats"]["sum"] for ch in root["children"])
# The lines add up to the self values (the exclusive ones), with one
# thread to the roots' inclusive value.
want = sum(max(n["exclusive"]["stats"]["sum"], 0.0) for _, n, _, _ in nodes) * unit
check("folded: values sum to the self values (%d vs %.3f)"
      % (total, want), abs(total - want) <= 1.0)
if exact:
    check("folded: ... which is the roots' inclusive value (%.3f)" % (roots * unit),
          abs(total - roots * unit) <= 1.0)
if not exact:
    check("folded: ';' in a name escaped", "odd\\x3bname" in raw.decode("utf-8"))

# ---- CSV (when written)
try:
    f = open("%s/%s.csv" % (d, label), encoding="utf-8", newline="")
except FileNotFoundError:
    f = None
if f:
    text = f.read()
    check("csv: rows end in CRLF", text.endswith("\r\n")
          and text.count("\r\n") >= len(nodes) + 1)
    recs = list(csv.reader(text.splitlines(keepends=True)))
    head = recs[0]
    check("csv: header", head[:11] == ["label", "count", "depth", "metric",
                                       "units", "sum", "mean", "min", "max",
                                       "stddev", "self_percent"]
          and head[11:] == ["id", "parent", "path", "threads"])
    recs = recs[1:]
    check("csv: one row per node", len(recs) == len(nodes),
          "%d rows, %d nodes" % (len(recs), len(nodes)))
    bad = []
    ids = {}
    for rec, (depth, n, path, _) in zip(recs, nodes):
        r = dict(zip(head, rec))
        ids[r["id"]] = path
        inc = n["inclusive"]["stats"]
        if (r["label"] != n["prefix"] or int(r["count"]) != inc["count"]
                or int(r["depth"]) != depth
                or not math.isclose(float(r["sum"]), inc["sum"], rel_tol=1e-11)
                or r["path"] != ";".join(path_escape(p) for p in path)
                or r["threads"] != " ".join(str(t) for t in n["tid"])
                or (r["parent"] != "0" and ids.get(r["parent"]) != path[:-1])):
            bad.append(rec[:3])
    check("csv: label, count, depth, sum, path, threads, parent match", not bad,
          str(bad[:3]))
    check("csv: quoted label with comma, quotes and line end read back",
          any(r[0] == 'a "quoted", name\nwith a line end' for r in recs))

sys.exit(1 if fails else 0)
