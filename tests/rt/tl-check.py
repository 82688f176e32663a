#!/usr/bin/env python3
"""tests/rt/tl-check.py -- check a trun timeline (Chrome trace-event JSON).

tl-check.py TIMELINE [PROFILE]
  Parses TIMELINE (.json or .json.gz) with python's json module, checks
  its shape (traceEvents, displayTimeUnit, metadata, a thread_name for
  every tid with events, a process_name) and that every track's complete
  events nest (each pair either disjoint or one inside the other).
  Flow events ("s" and "f", OpenMP forks to their bodies): each id has
  one of each, with the same cat and name, the "f" binding to its
  enclosing slice ("bp": "e") on another thread of the same process,
  each inside a complete event of its track, the fork not after the
  body's start.
  Prints "ok events N tracks T flows F" or the first problems, exit
  status 1.  With PROFILE (a trun.json), also checks that the events per
  name equal the profile's counts per label (both domains, every node
  summed).
"""
import collections
import gzip
import importlib.util
import json
import os
import sys


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def profile_counts(path, callers=None):
    """The counts per label; into CALLERS (label -> Counter), with it, the
    counts per label of each node's parent."""
    here = os.path.dirname(os.path.abspath(__file__))
    tool = os.path.join(here, "..", "..", "tools", "trun-json.py")
    spec = importlib.util.spec_from_file_location("trun_json", tool)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with open(path) as f:
        doc = json.load(f)
    counts = collections.Counter()
    for dom in ("region", "trace"):
        nodes = mod.expand_tree(doc.get(dom))
        for n in nodes:
            comps = n.get("components") or {}
            wall = comps.get("wall_clock") or comps.get("wall") or {}
            if isinstance(comps, list):
                wall = comps[0] if comps else {}
            count = int(wall.get("count", 0))
            counts[n["label"]] += count
            if callers is not None:
                up = n.get("parent", -1)
                caller = nodes[up]["label"] if 0 <= up < len(nodes) else "-"
                callers[n["label"]][caller] += count
    return counts


def main():
    doc = load(sys.argv[1])
    bad = []
    for key in ("traceEvents", "displayTimeUnit", "metadata"):
        if key not in doc:
            bad.append("no %s" % key)
    evs = doc.get("traceEvents", [])
    names = {}
    procs = set()
    tracks = collections.defaultdict(list)
    tl_callers = collections.defaultdict(collections.Counter)
    flows = collections.defaultdict(dict)
    for e in evs:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            names[(e["pid"], e["tid"])] = e["args"]["name"]
        elif e.get("ph") == "M" and e.get("name") == "process_name":
            procs.add(e["pid"])
        elif e.get("ph") == "X":
            if not isinstance(e.get("ts"), (int, float)) or e.get("dur", -1) < 0:
                bad.append("bad X event %r" % e)
            tracks[(e["pid"], e["tid"])].append(e)
        elif e.get("ph") in ("s", "f"):
            if e["ph"] in flows[e.get("id")]:
                bad.append("flow id %r: two %r events" % (e.get("id"), e["ph"]))
            flows[e.get("id")][e["ph"]] = e
        elif e.get("ph") not in ("M",):
            bad.append("unexpected event %r" % e)
    for key, xs in tracks.items():
        if key not in names:
            bad.append("track %r has no thread_name" % (key,))
        if key[0] not in procs:
            bad.append("pid %r has no process_name" % key[0])
        # Sort by start, longer first: each event must end within the
        # innermost open one that contains its start.
        # In integer nanoseconds, by start, longer first: each event must
        # end within the innermost open one that contains its start.
        spans = sorted((round(e["ts"] * 1000), -round(e["dur"] * 1000),
                        e["name"]) for e in xs)
        stack = []  # (end, name) of the events open around the next
        for s, negd, name in spans:
            t = s - negd
            while stack and stack[-1][0] <= s and not (stack[-1][0] == s
                                                        and t == s):
                stack.pop()
            if stack and t > stack[-1][0]:
                bad.append("track %r: %s at %d..%d ns overlaps the event "
                           "around it (ends %d)" % (key, name, s, t,
                                                    stack[-1][0]))
                break
            tl_callers[name][stack[-1][1] if stack else "-"] += 1
            stack.append((t, name))
    def inside(e):
        t = round(e["ts"] * 1000)
        return any(round(x["ts"] * 1000) <= t <= round((x["ts"] + x["dur"]) * 1000)
                   for x in tracks.get((e["pid"], e["tid"]), ()))
    for fid, pair in flows.items():
        s, f = pair.get("s"), pair.get("f")
        if not s or not f:
            bad.append("flow id %r: %s without its pair" % (fid, list(pair)))
            continue
        if (s.get("cat"), s.get("name")) != (f.get("cat"), f.get("name")):
            bad.append("flow id %r: cat/name differ" % fid)
        if f.get("bp") != "e":
            bad.append("flow id %r: its f does not bind to the enclosing slice" % fid)
        if s["pid"] != f["pid"] or s["tid"] == f["tid"]:
            bad.append("flow id %r: from %r to %r, not another thread of the process"
                       % (fid, (s["pid"], s["tid"]), (f["pid"], f["tid"])))
        if round(s["ts"] * 1000) > round(f["ts"] * 1000):
            bad.append("flow id %r: the fork at %r is after the body's start %r"
                       % (fid, s["ts"], f["ts"]))
        for x in (s, f):
            if not inside(x):
                bad.append("flow id %r: its %s at %r is in no slice of its track"
                           % (fid, x["ph"], x["ts"]))
    nx = sum(len(x) for x in tracks.values())
    if len(sys.argv) > 2:
        callers = collections.defaultdict(collections.Counter)
        want = profile_counts(sys.argv[2], callers)
        got = collections.Counter()
        for xs in tracks.values():
            for e in xs:
                got[e["name"]] += 1
        for name in sorted(set(want) | set(got)):
            if want[name] != got[name]:
                # By caller too (the profile's parent node, the event
                # around it): where a rare difference comes from.
                by = sorted(set(callers[name]) | set(tl_callers[name]))
                bad.append("%s: profile %d, timeline %d (by caller, profile/"
                           "timeline: %s)" % (
                               name, want[name], got[name],
                               ", ".join("%s %d/%d" % (c, callers[name][c],
                                                       tl_callers[name][c])
                                         for c in by
                                         if callers[name][c]
                                         != tl_callers[name][c])))
    if bad:
        for b in bad[:20]:
            print("bad:", b)
        sys.exit(1)
    print("ok events %d tracks %d flows %d" % (nx, len(tracks), len(flows)))


if __name__ == "__main__":
    main()
