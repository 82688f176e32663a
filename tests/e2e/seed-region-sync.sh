#!/bin/sh
# tests/e2e/seed-region-sync.sh -- the seed scenario end to end
# (../shared/seed/timemory-run-region-sync.md): timemory-run makes
# trace.inst and region.inst from the uninstrumented examples' basic.region
# through its compile_commands.json, and their reports are checked against
# the plain program's and against counts computed from its inputs.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"

[ -x "$SEED_PROGRAM" ] || die "$SEED_PROGRAM not built"
[ -x "$TIMEMORY_RUN" ] || die "$TIMEMORY_RUN not built"

# The seed's own commands.
for mode in trace region; do
  if "$TIMEMORY_RUN" --mode=$mode -o $mode.inst -- "$SEED_PROGRAM" >$mode-build.log 2>&1; then
    pass "timemory-run --mode=$mode -o $mode.inst"
  else
    fail "timemory-run --mode=$mode -o $mode.inst: $(tail -5 $mode-build.log)"
  fi
done
check_seed_scenario
finish
