#!/bin/sh
# tests/e2e/seed-plugin.sh -- the seed scenario without timemory-run: the
# example compiled straight through the plugin (trace and region mode),
# so the plugin and runtime half of the scenario is checked on its own.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"

[ -x "$SEED_PROGRAM" ] || die "$SEED_PROGRAM not built"
[ -f "$TRUN_PLUGIN" ] || die "$TRUN_PLUGIN not built"

for mode in trace region; do
  if seed_plugin_build $mode $mode.inst $mode-build.log; then
    pass "plugin build in $mode mode"
  else
    fail "plugin build in $mode mode: $(tail -5 $mode-build.log)"
  fi
done
check_seed_scenario
finish
