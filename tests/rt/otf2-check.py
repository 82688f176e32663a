#!/usr/bin/env python3
"""tests/rt/otf2-check.py -- check a trun timeline written as OTF2.

otf2-check.py [--groups N] ANCHOR [PROFILE...]
  Reads the archive with otf2-print (OTF2_PRINT, else on PATH): it must
  validate with warnings as errors; every location's events are
  ENTER/LEAVE with non-decreasing timestamps that nest (each LEAVE
  closes the innermost open region, none left open) and as many as its
  definition says; every event's location and region are defined.
  --groups N: N location groups (processes), each with events.
  With PROFILEs (trun.json of each process), the ENTERs per region name
  equal the profiles' counts per label, summed (tl-check.py's reading).
  Prints "ok events E locations L groups G regions R" or the first
  problems, exit status 1.
"""
import collections
import importlib.util
import os
import re
import subprocess
import sys

PRINT = os.environ.get("OTF2_PRINT") or "otf2-print"


def otf2_print(*args):
    p = subprocess.run([PRINT, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def tl_check():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "tl_check", os.path.join(here, "tl-check.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    args = sys.argv[1:]
    groups_wanted = None
    if args[:1] == ["--groups"]:
        groups_wanted = int(args[1])
        args = args[2:]
    anchor, profiles = args[0], args[1:]
    bad = []
    rc, out, err = otf2_print("--silent", "-Werror", anchor)
    if rc != 0:
        bad.append("otf2-print --silent -Werror: status %d: %s"
                   % (rc, err.strip()[:500]))
    rc, defs, err = otf2_print("-G", anchor)
    if rc != 0:
        bad.append("otf2-print -G: status %d: %s" % (rc, err.strip()[:500]))
    locations, groups, regions = {}, {}, {}
    for line in defs.splitlines():
        f = line.split(None, 2)
        if len(f) < 3:
            continue
        if f[0] == "LOCATION":
            m = re.search(r'# Events: (\d+), Group: .* <(\d+)>$', f[2])
            locations[int(f[1])] = (int(m.group(1)), int(m.group(2)))
        elif f[0] == "LOCATION_GROUP":
            groups[int(f[1])] = f[2]
        elif f[0] == "REGION":
            regions[int(f[1])] = re.match(r'Name: "(.*?)" <\d+>', f[2]).group(1)
    rc, evs, err = otf2_print(anchor)
    if rc != 0:
        bad.append("otf2-print: status %d: %s" % (rc, err.strip()[:500]))
    stacks = collections.defaultdict(list)
    last = {}
    counts = collections.Counter()
    enters = collections.Counter()
    nev = 0
    for line in evs.splitlines():
        f = line.split()
        if not f or f[0] not in ("ENTER", "LEAVE"):
            if f and f[0].isupper() and len(f) > 2 and f[1].isdigit():
                bad.append("unexpected event %r" % line)
            continue
        nev += 1
        loc, ts = int(f[1]), int(f[2])
        region = int(re.search(r"<(\d+)>\s*$", line).group(1))
        if loc not in locations:
            bad.append("event on undefined location %d" % loc)
        if region not in regions:
            bad.append("event of undefined region %d" % region)
        if ts < last.get(loc, 0):
            bad.append("location %d: time goes back at %d" % (loc, ts))
        last[loc] = ts
        counts[loc] += 1
        st = stacks[loc]
        if f[0] == "ENTER":
            st.append(region)
            enters[regions.get(region, "?")] += 1
        elif not st or st[-1] != region:
            bad.append("location %d: LEAVE %s at %d does not close the "
                       "innermost open region %s"
                       % (loc, regions.get(region), ts,
                          regions.get(st[-1]) if st else None))
            break
        else:
            st.pop()
    for loc, st in stacks.items():
        if st:
            bad.append("location %d: %d regions left open" % (loc, len(st)))
    for loc, (n, group) in locations.items():
        if counts[loc] != n:
            bad.append("location %d: %d events, its definition says %d"
                       % (loc, counts[loc], n))
        if group not in groups:
            bad.append("location %d: undefined group %d" % (loc, group))
    if groups_wanted is not None:
        if len(groups) != groups_wanted:
            bad.append("%d location groups, want %d" % (len(groups), groups_wanted))
        for g in groups:
            if not any(counts[l] for l, (n, gg) in locations.items() if gg == g):
                bad.append("location group %d has no events" % g)
    if profiles:
        tl = tl_check()
        want = collections.Counter()
        for p in profiles:
            want.update(tl.profile_counts(p))
        for name in sorted(set(want) | set(enters)):
            if want[name] != enters[name]:
                bad.append("%s: profile %d, archive %d"
                           % (name, want[name], enters[name]))
    if bad:
        for b in bad[:20]:
            print("bad:", b)
        sys.exit(1)
    print("ok events %d locations %d groups %d regions %d"
          % (nev, len(locations), len(groups), len(regions)))


main()
