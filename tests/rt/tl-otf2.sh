#!/bin/sh
# TRUN_TIMELINE_FORMAT=otf2: the archive validates in otf2-print, every
# location's enter/leave events nest and its ENTERs per region equal the
# profile's counts per function (threads, both modes, recursion with a
# region, a small buffer written many times, OpenMP, the seed example);
# regions carry their source file and line and role; under MPI one
# archive holds every rank's locations.  A bad value warns once and
# writes the Chrome JSON; "both" writes both.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/seed-lib.sh"
SRC=$TRUN_TOP_SRCDIR/tests/rt/timeline.c
CHECK="python3 $TRUN_TOP_SRCDIR/tests/rt/otf2-check.py"
TLCHECK="python3 $TRUN_TOP_SRCDIR/tests/rt/tl-check.py"
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=off TRUN_TIMELINE=on

trun_cc trace -O1 -o tl-trace "$SRC" || die "compile trace"

# A bad value: one warning, the default (Chrome JSON).  Whatever the build.
TRUN_OUTPUT_PATH=bad TRUN_TIMELINE_FORMAT=vampir ./tl-trace threads 2 8 2 > /dev/null 2> err.txt \
  || fail "bad value run"
check_eq "bad value: one warning" 1 "$(grep -c 'TRUN_TIMELINE_FORMAT="vampir" is not chrome, otf2 or both' err.txt)"
[ -f bad/timeline.json ] && [ ! -e bad/timeline.otf2 ] && pass "bad value: the Chrome JSON" \
  || fail "bad value: files $(ls bad)"

if [ "${TRUN_HAVE_OTF2:-no}" != yes ]; then
  # Built without OTF2's headers: one warning, the Chrome JSON instead.
  TRUN_OUTPUT_PATH=none TRUN_TIMELINE_FORMAT=otf2 ./tl-trace threads 2 8 2 > /dev/null 2> err.txt
  check_eq "without OTF2: one warning" 1 "$(grep -c 'TRUN_TIMELINE_FORMAT=otf2' err.txt)"
  if r=$($TLCHECK none/timeline.json none/trun.json 2>&1); then pass "without OTF2: the Chrome JSON: $r"
  else fail "without OTF2: $r"; fi
  [ "$nfail" -eq 0 ] || finish
  skip_test "trun was configured without OTF2 (libotf2-trace-dev): the archive tests skip"
fi
[ -n "${OTF2_PRINT:-}" ] || skip_test "no otf2-print (Debian's otf2-tools) to read the archive"

export TRUN_TIMELINE_FORMAT=otf2

# check_otf2 WHAT DIR [CHECK ARGS]: DIR's archive is valid and counts as
# its profile; no raw or temporary files left.
check_otf2 () {
  what=$1 dir=$2; shift 2
  if r=$($CHECK "$@" "$dir/timeline.otf2" "$dir/trun.json" 2>&1); then
    pass "$what: $r"
  else
    fail "$what: $r"
  fi
  [ -z "$(ls -A "$dir" | grep '^\.trun-')" ] || fail "$what: raw or temporary files left in $dir: $(ls -A "$dir")"
  [ ! -e "$dir/timeline.json" ] || fail "$what: a Chrome JSON too"
}

for mode in trace region; do
  [ $mode = trace ] || trun_cc $mode -O1 -o tl-$mode "$SRC" || die "compile $mode"
  TRUN_OUTPUT_PATH=thr-$mode ./tl-$mode threads 4 12 20 > /dev/null 2> err.txt || fail "$mode threads run"
  check_eq "$mode threads: no diagnostics" "" "$(cat err.txt)"
  check_otf2 "$mode: 4 threads" thr-$mode
  "$OTF2_PRINT" -G thr-$mode/timeline.otf2 > defs.txt
  check_eq "$mode: a location per thread" 5 "$(grep -c '^LOCATION  ' defs.txt)"
  check_grep "$mode: threads named" 'Name: "pthread [0-9]+" <[0-9]+>, Type: CPU_THREAD' defs.txt
  check_grep "$mode: one process, on the host's node" 'LOCATION_GROUP +0 +Name: "tl-'$mode'" .*Type: PROCESS, Parent: "node::' defs.txt
  line=$(grep -n '^fib (int n)' "$SRC" | cut -d: -f1)
  check_grep "$mode: fib's region: a function, its file and line" \
    'REGION .*Name: "fib" .*Role: FUNCTION, Paradigm: COMPILER, .*File: "[^"]*tests/rt/timeline.c" <[0-9]+>, Begin: '"$line"',' defs.txt
  check_grep "$mode: nanosecond clock" 'CLOCK_PROPERTIES .*Ticks per Seconds: 1000000000,' defs.txt
  # Recursion with a region around it: two locations for the main thread.
  TRUN_OUTPUT_PATH=deep-$mode ./tl-$mode deep 2000 > /dev/null || fail "$mode deep run"
  check_otf2 "$mode: recursion 2000 deep in a region" deep-$mode
  "$OTF2_PRINT" -G deep-$mode/timeline.otf2 > defs.txt
  # (In trace mode the functions and the region are in two domains.)
  [ $mode = region ] ||
    check_grep "$mode: the main thread's regions, a location of their own" 'Name: "main: regions"' defs.txt
  check_grep "$mode: a region's role" 'REGION .*Name: "deep-region" .*Role: CODE, Paradigm: USER' defs.txt
  # A 4 KB buffer: the events come from the raw files.
  TRUN_OUTPUT_PATH=small-$mode TRUN_TIMELINE_BUFFER=4K ./tl-$mode threads 2 12 20 > /dev/null \
    || fail "$mode small buffer run"
  check_otf2 "$mode: small buffer" small-$mode
done

# A second run over the first: the archive is replaced, nothing stale.
TRUN_OUTPUT_PATH=thr-trace ./tl-trace threads 1 10 3 > /dev/null || fail "second run"
check_otf2 "second run replaces the archive" thr-trace
check_eq "second run: its locations only" 2 "$(ls thr-trace/timeline | grep -c '\.evt$')"

# The library cannot be loaded at run time (a mount namespace hides it):
# one warning, the Chrome JSON, nothing lost.
soname=$(sed -n 's/^#define TRUN_OTF2_SONAME "\(.*\)"$/\1/p' "$TRUN_TOP_BUILDDIR/config.h")
lib=$(ldconfig -p | awk -v so="$soname" '$1 == so { print $NF; exit }')
if [ -n "$lib" ] && unshare -m true 2>/dev/null; then
  unshare -m sh -c "mount --bind /dev/null $(readlink -f "$lib") &&
    TRUN_OUTPUT_PATH=nolib ./tl-trace threads 2 10 5" > /dev/null 2> err.txt || fail "no library run"
  check_eq "library not loadable: one warning" 1 "$(grep -c "$soname could not be loaded" err.txt)"
  if r=$($TLCHECK nolib/timeline.json nolib/trun.json 2>&1); then pass "library not loadable: the Chrome JSON: $r"
  else fail "library not loadable: $r"; fi
  [ ! -e nolib/timeline.otf2 ] || fail "library not loadable: an archive"
else
  echo "note: cannot hide $soname in a mount namespace (not root?): its fallback is not tested"
fi

# both: the archive and the Chrome JSON.
TRUN_OUTPUT_PATH=both TRUN_TIMELINE_FORMAT=both ./tl-trace threads 2 10 5 > /dev/null || fail "both run"
if r=$($CHECK both/timeline.otf2 both/trun.json 2>&1) && r2=$($TLCHECK both/timeline.json both/trun.json 2>&1); then
  pass "both: $r; $r2"
else
  fail "both: $r ${r2:-}"
fi

# OpenMP: parallel bodies are OpenMP parallel regions.
if [ "${TRUN_SANITIZERS:-none}" != thread ]; then
  trun_cc trace -O2 -fopenmp -o omp "$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c" || die "compile omp"
  OMP_WAIT_POLICY=passive TRUN_OUTPUT_PATH=ompout ./omp omp 10 3 > /dev/null || fail "omp run"
  check_otf2 "OpenMP" ompout
  "$OTF2_PRINT" -G ompout/timeline.otf2 > defs.txt
  check_grep "OpenMP: a parallel body's region" 'REGION .*Role: PARALLEL, Paradigm: OPENMP' defs.txt
  check_grep "OpenMP: workers' locations" 'Name: "OpenMP worker [0-9]+"' defs.txt
fi

# The seed example (two ranks under MPI).  It calls trun_finalize before
# MPI_Finalize, where the ranks do not write together: each rank's own
# archive, counted as its profile.
seed_plugin_build region seed build.log || die "seed build: $(cat build.log)"
TRUN_MPI_PER_RANK=on seed_launch ./seed seedout || fail "seed run: $(cat seedout.err)"
if [ "$(seed_ranks)" = 1 ]; then
  check_otf2 "seed example" seedout --groups 1
else
  for r in 0 1; do
    if x=$($CHECK --groups 1 seedout/timeline-rank$r.otf2 seedout/trun-rank$r.json 2>&1); then
      pass "seed example, rank $r's own archive: $x"
    else
      fail "seed example, rank $r: $x"
    fi
  done
fi

if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then
  . "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
  mpi_build mprog
  TRUN_MPI_PER_RANK=on mpi_run 3 mpiout ./mprog || fail "3 ranks run: $(cat mpiout.err)"
  check_eq "3 ranks: no diagnostics" "" "$(cat mpiout.err)"
  if r=$($CHECK --groups 3 mpiout/timeline.otf2 mpiout/trun-rank0.json \
           mpiout/trun-rank1.json mpiout/trun-rank2.json 2>&1); then
    pass "3 ranks: $r"
  else
    fail "3 ranks: $r"
  fi
  "$OTF2_PRINT" -G mpiout/timeline.otf2 > defs.txt
  for r in 0 1 2; do
    check_grep "rank $r: its process and main thread" 'LOCATION +'$((r << 32))' +Name: "main" .*Group: "rank '$r'"' defs.txt
  done
  check_eq "3 ranks: each region once" 1 "$(grep -c 'REGION .*Name: "local_work"' defs.txt)"
  # Without the per-rank files (the default): the same archive.
  mpi_run 2 mpiagg ./mprog || fail "2 ranks run"
  if r=$($CHECK --groups 2 mpiagg/timeline.otf2 2>&1); then pass "2 ranks, job report only: $r"
  else fail "2 ranks, job report only: $r"; fi
fi
finish
