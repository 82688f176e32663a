#!/bin/sh
# tests/e2e/seed-plugin.sh -- the seed scenario without timemory-run: the
# example compiled straight through the plugin (trace and region mode),
# so the plugin and runtime half of the scenario is checked on its own.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"

[ -x "$SEED_PROGRAM" ] || die "$SEED_PROGRAM not built"
[ -f "$TRUN_PLUGIN" ] || die "$TRUN_PLUGIN not built"

source=$TRUN_TOP_SRCDIR/examples/basic-region/basic-region.c
if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then
  # mpicc passes the plugin options through to gcc.
  compiler=$MPICC mpi_flags=-DTRUN_HAVE_MPI
else
  compiler=$CC mpi_flags=
fi
for mode in trace region; do
  if CC=$compiler trun_cc $mode -std=gnu11 -g -O2 -pthread $mpi_flags \
       -o $mode.inst "$source" -lm >$mode-build.log 2>&1; then
    pass "plugin build in $mode mode"
  else
    fail "plugin build in $mode mode: $(tail -5 $mode-build.log)"
  fi
done
check_seed_scenario
finish
