#!/usr/bin/env python3
"""tools/trun-json.py -- read trun's profile JSON (trun.json).

Schema version 2 (doc/json-schema.md) writes each node in a short form:
its parent's id, its label, its threads and one statistics array per
component of the tree.  This module gives the nodes back in the long
form of version 1 (id, parent, label, depth, path, threads,
open_at_finalize, throttled, unmeasured, components by name with label,
units, count, sum, min, max, mean, stddev, self, self_percent), for
scripts, tests and bench/run.py.  Version 1 documents pass through.

As a program: `trun-json.py FILE` prints the document with the nodes in
the long form, one node a line (so that grep sees a node at a time);
`trun-json.py --nodes FILE` prints only the nodes, one a line.
"""
import json
import sys

PATH_MAX_DEPTH = 128


def expand_tree(tree):
    """The nodes of one domain's tree (a dict or None) in the long form."""
    if not tree:
        return []
    nodes = tree.get("nodes", [])
    if tree.get("stats") is None:  # version 1
        return nodes
    comps = tree.get("components", [])
    stat_names = tree["stats"]
    out = []
    for i, n in enumerate(nodes):
        parent = n["p"]
        if parent >= 0:
            depth = out[parent]["depth"] + 1
            up = out[parent]["_chain"]
            chain = None if up is None or depth >= PATH_MAX_DEPTH \
                else up + [n["l"]]
        else:
            depth = 0
            chain = [n["l"]]
        cs = {}
        for c, s in zip(comps, n.get("s", [])):
            if s is None:
                continue
            st = dict(zip(stat_names, s))
            count, total = st["count"], st["sum"]
            mean = total / count if count and total is not None else 0
            pct = 0.0
            if total and total > 0 and st["self"] is not None:
                pct = min(100.0, max(0.0, 100.0 * st["self"] / total))
            cs[c["name"]] = {"label": c["label"], "units": c["units"],
                             "count": count, "sum": total, "min": st["min"],
                             "max": st["max"], "mean": mean,
                             "stddev": st["stddev"], "self": st["self"],
                             "self_percent": pct}
        out.append({"id": i, "parent": parent, "label": n["l"],
                    "depth": depth, "path": chain,
                    "threads": n.get("t", []),
                    "open_at_finalize": n.get("o", 0),
                    "throttled": bool(n.get("thr", False)),
                    "unmeasured": n.get("u", 0), "components": cs,
                    "_chain": chain})
    for n in out:
        del n["_chain"]
    return out


def expand(doc):
    """DOC with every tree's nodes in the long form (a new dict)."""
    doc = dict(doc)
    for d in ("region", "trace"):
        t = doc.get(d)
        if t:
            t = dict(t)
            if t.get("stats") is not None:
                t["nodes"] = expand_tree(t)
                t["components"] = [c["name"] for c in t["components"]]
                del t["stats"]
            doc[d] = t
    return doc


def load(path):
    with open(path) as f:
        return expand(json.load(f))


def main(argv):
    only_nodes = len(argv) > 1 and argv[1] == "--nodes"
    args = argv[2:] if only_nodes else argv[1:]
    if len(args) != 1:
        sys.stderr.write("usage: trun-json.py [--nodes] FILE\n")
        return 2
    doc = load(args[0])
    w = sys.stdout.write
    if only_nodes:
        for d in ("region", "trace"):
            for n in (doc.get(d) or {}).get("nodes", []):
                w(json.dumps(n, ensure_ascii=False) + "\n")
        return 0
    w("{\n")
    keys = list(doc)
    for k, key in enumerate(keys):
        v = doc[key]
        end = ",\n" if k + 1 < len(keys) else "\n"
        if key in ("region", "trace") and v:
            w("  %s: {" % json.dumps(key))
            inner = [(kk, vv) for kk, vv in v.items() if kk != "nodes"]
            for kk, vv in inner:
                w("%s: %s, " % (json.dumps(kk), json.dumps(vv)))
            w('"nodes": [')
            nodes = v.get("nodes", [])
            for i, n in enumerate(nodes):
                w("\n    " + json.dumps(n, ensure_ascii=False) + ("," if i + 1 < len(nodes)
                                              else ""))
            w("\n  ]}" + end)
        else:
            w("  %s: %s%s" % (json.dumps(key), json.dumps(v), end))
    w("}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
