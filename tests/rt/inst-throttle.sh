#!/bin/sh
# Throttling: a tiny function called often stops being measured and
# counted: from then on its calls call no marker (trun/abi.h).  Its rows
# stay, marked, with the counts they had at the throttle; calls open
# then still count; later calls are absent, their children attached to
# the caller's node with exact counts; one warning says so.  Also with
# threads calling it at once.  At exit the throttled and never-called
# functions are written as a filter the plugin reads.  Run-time
# include/exclude regexes.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c
export TRUN_COUT_OUTPUT=false

trun_cc trace -O2 -o prog "$SRC" || die "compile"
# TRUN_THROTTLE_VALUE=1s: every function is short enough, so fib is
# throttled at the first exit taking a level's count past 100.
TRUN_THROTTLE_COUNT=100 TRUN_THROTTLE_VALUE=1s TRUN_OUTPUT_PATH=th ./prog fib-late 22 \
  > out.txt 2> err.txt || fail "run"
check_eq "output" "fib(22) = 17711" "$(cat out.txt)"
check_eq "one warning" 1 "$(grep -c . err.txt)"
check_grep "the warning: how many, and how to get exact counts" \
  '^trun: 1 function was throttled .*TRUN_THROTTLE_COUNT=0 \(or TIMEMORY_THROTTLE_COUNT=0\) gives exact counts$' err.txt
check_grep "fib marked throttled" '"label": "fib".*"throttled": true' "$(long_json th/trun.json)"
check_grep "throttled rows marked in the table" '\|_fib \[throttled\] ' th/trace-wall.txt
check_eq "every depth's fib row marked" "$(rows_of th/trace-wall.txt fib | grep -c .)" \
  "$(grep -c '|_fib \[throttled\] ' th/trace-wall.txt)"
check_eq "fib's counts stop at the throttle, open calls counted" \
  "$(fib_throttled_counts 22 100 | awk '{ print $1 + 1, $2 }')" "$(rows_of th/trace-wall.txt fib)"
check_no_grep "no call in flight: nothing unmeasured" '"unmeasured": [1-9]' "$(long_json th/trun.json)"
check_eq "main measured" "0 1" "$(rows_of th/trace-wall.txt main)"
check_grep "filter lists fib" '^exclude function \^fib\$$' th/trun-filter.txt
check_grep "filter lists a never-called function" '^exclude function \^second_caller\$$' th/trun-filter.txt
check_no_grep "filter keeps main" '\^main\$' th/trun-filter.txt

# The next build reads the filter: fib is not instrumented at all.
trun_cc trace -O2 -fplugin-arg-trun-filter=th/trun-filter.txt -o prog2 "$SRC" || fail "filter not accepted by the plugin"
TRUN_OUTPUT_PATH=f ./prog2 fib 22 > /dev/null 2>&1
check_eq "filtered build: no fib" "" "$(rows_of f/trace-wall.txt fib)"
check_eq "filtered build: main" "0 1" "$(rows_of f/trace-wall.txt main)"

# Off: every call measured.
TRUN_THROTTLE_COUNT=0 TRUN_OUTPUT_PATH=off ./prog fib 16 > /dev/null 2>&1
check_fib_rows "TRUN_THROTTLE_COUNT=0" off/trace-wall.txt 1 16 1
check_no_grep "nothing throttled" '"throttled": true' "$(long_json off/trun.json)"

# Threads calling one throttled function at once: each thread's count
# of tiny stops at the throttle (at most TRUN_THROTTLE_COUNT + 1 each,
# and one call in flight, unmeasured), the stacks stay balanced, and
# leaf, which tiny calls every 5000th time, keeps its exact count,
# under worker once tiny is throttled.
TT=$TRUN_TOP_SRCDIR/tests/rt/throttle-threads.c
T=4 N=200000
for mode in trace region; do
  trun_cc $mode -O2 -o threads-$mode "$TT" || die "compile throttle-threads ($mode)"
  TRUN_THROTTLE_COUNT=100 TRUN_THROTTLE_VALUE=1s TRUN_OUTPUT_PATH=tt-$mode \
    ./threads-$mode $T $N > /dev/null 2> err.txt || fail "$mode: threads run"
  check_grep "$mode: threads: the one warning" '^trun: 1 function was throttled ' err.txt
  check_eq "$mode: threads: no other diagnostics" 1 "$(grep -c . err.txt)"
  label_totals tt-$mode/trun.json > labels.txt
  check_eq "$mode: threads: main, worker, leaf exact, no frame left open" \
    "leaf $((T * N / 5000)) 0 0
main 1 0 0
worker $T 0 0" "$(grep -v '^tiny ' labels.txt)"
  set -- $(grep '^tiny ' labels.txt)
  measured=${2:-0} unmeasured=${3:-0} open=${4:-0}
  [ "$measured" -ge 101 ] && [ "$measured" -le $((T * 101)) ] \
    && pass "$mode: threads: tiny counted up to the throttle ($measured)" \
    || fail "$mode: threads: tiny counted $measured times"
  [ "$unmeasured" -le $T ] && pass "$mode: threads: at most a call in flight per thread" \
    || fail "$mode: threads: $unmeasured calls unmeasured"
  check_eq "$mode: threads: tiny's frames closed" 0 "$open"
  check_grep "$mode: threads: tiny marked throttled" '"label": "tiny".*"throttled": true' \
    "$(long_json tt-$mode/trun.json)"
  # Before the throttle tiny made at most T * 101 calls, and so at most
  # T * 101 / 5000 + T calls of leaf under tiny.
  under_worker=$(label_paths tt-$mode/trun.json leaf | awk '$1 == "main>worker>leaf" { print $2 }')
  [ "${under_worker:-0}" -ge $((T * N / 5000 - T * 101 / 5000 - T)) ] \
    && pass "$mode: threads: leaf's later calls under worker" \
    || fail "$mode: threads: leaf under worker: ${under_worker:-none}"
done

# Run-time filters act through the same flags.
TRUN_REGION_EXCLUDE='^fib$' TRUN_OUTPUT_PATH=ex ./prog fib 12 > /dev/null 2>&1
check_eq "exclude: no fib" "" "$(rows_of ex/trace-wall.txt fib)"
check_eq "exclude: main kept" "0 1" "$(rows_of ex/trace-wall.txt main)"
# Its markers are skipped altogether and its calls not counted (as with
# Score-P's filters): the filter file does not call it never called.
check_no_grep "exclude: fib not 'never called'" 'function \^fib\$' ex/trun-filter.txt
TRUN_REGION_INCLUDE='^fi' TRUN_OUTPUT_PATH=in ./prog fib 12 > /dev/null 2>&1
check_eq "include: main not recorded" "" "$(rows_of in/trace-wall.txt main)"
check_fib_rows "include: fib at every depth" in/trace-wall.txt 0 12 1
finish
