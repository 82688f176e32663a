#!/bin/sh
# tests/e2e/tl-speedscope.sh -- the seed example's timeline in a real
# browser: speedscope (the npm package, served on 127.0.0.1) in headless
# Chromium imports it without error and shows the program's threads.
# Skips when Chromium or the package is missing (tests/run-all.sh
# installs both: Debian's chromium, `npm install speedscope` into the
# build tree).  TRUN_SPEEDSCOPE_DIR: the package's dist/release elsewhere.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"
speedscope_require
# impl_fibonacci's recursion left out (TRUN_TIMELINE_INCLUDE/EXCLUDE):
# some 300 000 events a rank otherwise, which take minutes to import
# in a headless browser on a loaded 2-core machine.
TRUN_TIMELINE=on TRUN_TIMELINE_EXCLUDE='^impl_fibonacci$' seed_launch ./region.inst out \
  || fail "seed run: $(tail -3 out.err)"
tl=out/timeline.json
[ -f "$tl" ] || tl=out/timeline-rank0.json
[ -f "$tl" ] || die "no timeline in out/: $(ls out)"
# Threads with events (speedscope shows one profile each).
threads=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(len({(e["pid"], e["tid"]) for e in d["traceEvents"] if e["ph"] == "X"}))' "$tl")
r=$(python3 "$TRUN_TOP_SRCDIR/tests/e2e/speedscope-cdp.py" "$chromium" "$ss" "$tl" shot.png) \
  || fail "chromium: $r"
echo "$r" > page.json
got=$(python3 -c '
import json, re, sys
d = json.load(open("page.json"))
m = re.search(r"\((\d+)/(\d+)\)", d["text"])
print("error" if d["error"] else "ok", m.group(2) if m else 1,
      "main" if "main (tid 0)" in d["text"] else "-")')
check_eq "speedscope imports the timeline and shows its $threads threads, main first" \
  "ok $threads main" "$got"
[ -s shot.png ] && pass "a screenshot" || fail "no screenshot"
finish
