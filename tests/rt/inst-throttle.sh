#!/bin/sh
# Throttling: a tiny function called often stops being measured; its rows
# stay, marked, with the calls not measured; nothing is lost in the sum,
# also with threads calling it at once.
# At exit the throttled and never-called functions are written as a
# filter the plugin reads.  Run-time include/exclude regexes.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c
export TRUN_COUT_OUTPUT=false

trun_cc trace -O2 -o prog "$SRC" || die "compile"
TRUN_THROTTLE_COUNT=100 TRUN_OUTPUT_PATH=th ./prog fib 22 > out.txt 2> err.txt || fail "run"
check_eq "output" "fib(22) = 17711" "$(cat out.txt)"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_grep "fib marked throttled" '"label": "fib".*"throttled": true' "$(long_json th/trun.json)"
check_grep "throttled rows marked in the table" '\|_fib \[throttled\] ' th/trace-wall.txt
measured=$(rows_of th/trace-wall.txt fib | awk '{ s += $2 } END { print s }')
unmeasured=$(grep -o '"label": "fib".*' "$(long_json th/trun.json)" | grep -o '"unmeasured": [0-9]*' | awk '{ s += $2 } END { print s }')
calls=$(fib_counts 22 | awk '{ s += $2 } END { print s }')
check_eq "measured + unmeasured = every call" "$calls" "$((measured + unmeasured))"
[ "$unmeasured" -gt 0 ] && pass "some calls unmeasured" || fail "nothing throttled"
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

# Threads calling one throttled function at once: its unmeasured calls
# are counted exactly (each thread counts them in its own node of the
# call, the merge adds them up).
TT=$TRUN_TOP_SRCDIR/tests/rt/throttle-threads.c
for mode in trace region; do
  trun_cc $mode -O2 -o threads-$mode "$TT" || die "compile throttle-threads ($mode)"
  TRUN_THROTTLE_COUNT=100 TRUN_OUTPUT_PATH=tt-$mode ./threads-$mode 4 200000 > /dev/null 2> err.txt \
    || fail "$mode: threads run"
  check_eq "$mode: threads: no diagnostics" "" "$(cat err.txt)"
  table=tt-$mode/trace-wall.txt
  [ $mode = region ] && table=tt-$mode/wall.txt
  measured=$(rows_of $table tiny | awk '{ s += $2 } END { print s + 0 }')
  unmeasured=$(grep -o '"label": "tiny".*' "$(long_json tt-$mode/trun.json)" \
    | grep -o '"unmeasured": [0-9]*' | awk '{ s += $2 } END { print s + 0 }')
  check_eq "$mode: threads: measured + unmeasured = every call" 800000 \
    "$((measured + unmeasured))"
  [ "$unmeasured" -gt 700000 ] && pass "$mode: threads: tiny throttled" \
    || fail "$mode: threads: only $unmeasured calls unmeasured"
done

# Run-time filters act through the same flags.
TRUN_REGION_EXCLUDE='^fib$' TRUN_OUTPUT_PATH=ex ./prog fib 12 > /dev/null 2>&1
check_eq "exclude: no fib" "" "$(rows_of ex/trace-wall.txt fib)"
check_eq "exclude: main kept" "0 1" "$(rows_of ex/trace-wall.txt main)"
# Its markers are skipped altogether, but its calls are still counted:
# it is not written out as never called.
check_no_grep "exclude: fib not 'never called'" 'function \^fib\$' ex/trun-filter.txt
TRUN_REGION_INCLUDE='^fi' TRUN_OUTPUT_PATH=in ./prog fib 12 > /dev/null 2>&1
check_eq "include: main not recorded" "" "$(rows_of in/trace-wall.txt main)"
check_fib_rows "include: fib at every depth" in/trace-wall.txt 0 12 1
finish
