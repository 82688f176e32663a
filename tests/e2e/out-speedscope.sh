#!/bin/sh
# tests/e2e/out-speedscope.sh -- the seed example's folded stacks in a
# real browser: speedscope (the npm package, served on 127.0.0.1) in
# headless Chromium imports wall.folded without error and shows its
# frames.  Skips when Chromium or the package is missing (tests/run-all.sh
# installs both).  TRUN_SPEEDSCOPE_DIR: the package's dist/release elsewhere.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"
speedscope_require
seed_launch ./region.inst out || fail "seed run: $(tail -3 out.err)"
folded=out/wall.folded
[ -s "$folded" ] || die "no $folded: $(ls out)"
r=$(python3 "$TRUN_TOP_SRCDIR/tests/e2e/speedscope-cdp.py" "$chromium" "$ss" "$folded" shot.png) \
  || fail "chromium: $r"
echo "$r" > page.json
check_eq "speedscope imports wall.folded" "ok" "$(python3 -c '
import json
d = json.load(open("page.json"))
print("error" if d["error"] else "ok" if "wall.folded" in d["title"] else "not loaded: " + d["title"])')"
[ -s shot.png ] && pass "a screenshot" || fail "no screenshot"
# The picture is not blank: the frames drawn give it many colours.
colours=$(python3 "$TRUN_TOP_SRCDIR/tests/rt/flame-check.py" png shot.png | sed -n 's/^colours //p')
[ "${colours:-0}" -gt 20 ] && pass "the screenshot is not blank ($colours colours)" \
  || fail "the screenshot looks blank (${colours:-no} colours)"
finish
