#!/usr/bin/env python3
"""tests/rt/hatchet-check.py FILE TABLE NAME: hatchet's timemory reader
loads the tree JSON FILE, and its inclusive counts and sums of component
NAME, per call path summed over threads (and ranks), equal the text
table TABLE's ("-": skip that comparison).

The reader is hatchet's own: an installed hatchet package, or else the
file hatchet/readers/timemory_reader.py of a hatchet checkout named by
TRUN_HATCHET_READER, loaded with minimal stand-ins (written here) for
the four hatchet classes it builds (Node, Frame, Graph, GraphFrame), so
only pandas is needed.  Exit 77 when neither is there or pandas is not
installed."""
import importlib.util
import os
import sys
import types

try:
    import pandas  # noqa: F401
except ImportError:
    print("SKIP: no pandas")
    sys.exit(77)

path, table, name = sys.argv[1:4]


def stand_ins():
    """Just what TimemoryReader uses of hatchet's classes."""

    class Frame:
        def __init__(self, attrs):
            self.attrs = dict(attrs)

        def __getitem__(self, k):
            return self.attrs[k]

        def __hash__(self):
            return hash(tuple(sorted(self.attrs.items())))

        def __eq__(self, other):
            return self.attrs == other.attrs

    class Node:
        def __init__(self, frame, parent=None):
            self.frame = frame
            self.parents = [parent] if parent is not None else []
            self.children = []
            self._hatchet_nid = -1

        def add_child(self, node):
            self.children.append(node)

        def __hash__(self):
            return id(self)

        def __eq__(self, other):
            return self is other

        def __lt__(self, other):
            return self._hatchet_nid < other._hatchet_nid

        def path(self):
            p, n = [], self
            while n is not None:
                p.append(n.frame["name"])
                n = n.parents[0] if n.parents else None
            return tuple(reversed(p))

    class Graph:
        def __init__(self, roots):
            self.roots = roots

        def enumerate_traverse(self):
            nid, todo = 0, list(reversed(self.roots))
            while todo:
                n = todo.pop()
                n._hatchet_nid = nid
                nid += 1
                todo.extend(reversed(n.children))

    class GraphFrame:
        def __init__(self, graph, dataframe, exc_metrics, inc_metrics,
                     default_metric):
            self.graph = graph
            self.dataframe = dataframe
            self.exc_metrics = exc_metrics
            self.inc_metrics = inc_metrics
            self.default_metric = default_metric

    class Timer:
        pass

    pkg = types.ModuleType("hatchet")
    pkg.__path__ = []
    mods = {"hatchet": pkg}
    for sub, attrs in (("graphframe", {"GraphFrame": GraphFrame}),
                       ("node", {"Node": Node}), ("graph", {"Graph": Graph}),
                       ("frame", {"Frame": Frame}), ("util", {}),
                       ("util.timer", {"Timer": Timer}), ("readers", {})):
        m = types.ModuleType("hatchet." + sub)
        if sub in ("util", "readers"):
            m.__path__ = []
        m.__dict__.update(attrs)
        mods["hatchet." + sub] = m
    sys.modules.update(mods)


def load():
    try:
        import hatchet
        return hatchet.GraphFrame.from_timemory(path), True
    except ImportError:
        pass
    reader = os.environ.get("TRUN_HATCHET_READER", "")
    if not os.path.isfile(reader):
        print("SKIP: no hatchet and TRUN_HATCHET_READER does not name "
              "hatchet/readers/timemory_reader.py")
        sys.exit(77)
    stand_ins()
    spec = importlib.util.spec_from_file_location(
        "hatchet.readers.timemory_reader", reader)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "hatchet.readers"
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod.TimemoryReader(path).read(), False


gf, real = load()
df = gf.dataframe
print("ok: hatchet%s read %s: %d rows, columns %s" % (
    "" if real else "'s reader", path, len(df), sorted(map(str, df.columns))[:6]))
fails = 0
inc = "sum.%s (inc)" % name
for col in ("count", inc, "sum.%s" % name, "name"):
    if col not in df.columns:
        print("FAIL: no column %s" % col)
        fails += 1
if fails:
    sys.exit(1)
if gf.default_metric != "sum.%s" % name:
    print("FAIL: default metric %s" % gf.default_metric)
    fails += 1

# Per hatchet node (in hatchet's pre-order, which is the file's and the
# table's order): its name, count and inclusive sum over threads/ranks.
got = {}
for idx, row in df.iterrows():
    node = idx[0] if isinstance(idx, tuple) else idx
    c, s, _ = got.get(node._hatchet_nid, (0, 0.0, None))
    got[node._hatchet_nid] = (c + int(row["count"]), s + float(row[inc]),
                              node.frame["name"])
got = [got[k] for k in sorted(got)]
print("ok: %d hatchet nodes" % len(got))


def table_escape(s):
    return "".join("\\x%02x" % ord(ch) if ord(ch) < 0x20 or ord(ch) == 0x7F
                   else "\\|" if ch == "|" else ch for ch in s)


if table != "-":
    rows = []
    for line in open(table, encoding="utf-8"):
        if not line.startswith("| >>> "):
            continue
        cells = line.rstrip("\n").split(" | ")
        lab = cells[0][len("| >>> "):].lstrip(" ")
        lab = (lab[2:] if lab.startswith("|_") else lab).rstrip(" ")
        rows.append((lab, int(cells[1]), cells[5].strip()))
    bad = []
    if len(rows) != len(got):
        bad.append(("nodes", len(got), "rows", len(rows)))
    same_name = 0
    for (lab, count, s), (gc, gs, gname) in zip(rows, got):
        prec = len(s.split(".")[1]) if "." in s else 0
        same_name += table_escape(gname) == lab
        if gc != count or abs(gs - float(s)) > 0.5 * 10 ** -prec * 1.001:
            bad.append((lab[:30], count, s, gc, gs))
    if bad:
        print("FAIL: hatchet's counts/sums differ from the table: %s" % bad[:4])
        fails += 1
    else:
        print("ok: hatchet's inclusive counts and sums equal the table's "
              "(%d rows, %d names as in the table; hatchet splits the others "
              "by its func/file:line patterns)" % (len(rows), same_name))
    if same_name < len(rows) // 2:
        print("FAIL: most names differ from the table's")
        fails += 1
sys.exit(1 if fails else 0)
