#!/bin/sh
# Settings: TRUN_X, else TIMEMORY_X, else TIMEMORY_GLOBAL_COMPONENTS for
# both component sets; a bad value warns once and the default is used.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o fib "$TRUN_TOP_SRCDIR/tests/rt/fib-region.c" || die "compile"

TIMEMORY_OUTPUT_PATH=tm TIMEMORY_OUTPUT_PREFIX=pre- TIMEMORY_COUT_OUTPUT=false \
  TIMEMORY_GLOBAL_COMPONENTS="wall_clock, peak_rss" ./fib 5 > out.txt 2> err.txt
check_eq "TIMEMORY_COUT_OUTPUT=false" "fib(5) = 5" "$(cat out.txt)"
check_eq "no diagnostics" "" "$(cat err.txt)"
[ -f tm/pre-wall.txt ] && pass "TIMEMORY_OUTPUT_PATH/PREFIX" || fail "no tm/pre-wall.txt"
[ -f tm/pre-peak_rss.txt ] && pass "TIMEMORY_GLOBAL_COMPONENTS" || fail "no peak_rss table"
check_eq "peak_rss counts" "1 1" "$(rows_of tm/pre-peak_rss.txt fib | head -1)"

TRUN_OUTPUT_PATH=trun TIMEMORY_OUTPUT_PATH=tm2 TRUN_COUT_OUTPUT=false \
  TIMEMORY_COMPONENTS=cpu_clock TIMEMORY_GLOBAL_COMPONENTS=peak_rss ./fib 5 > /dev/null 2>&1
[ -d trun ] && pass "TRUN_ wins over TIMEMORY_" || fail "TRUN_OUTPUT_PATH ignored"
[ -d tm2 ] && fail "TIMEMORY_OUTPUT_PATH used although TRUN_ was set" || pass "TIMEMORY_ not used"
check_eq "TIMEMORY_COMPONENTS before the global list: cpu table only" \
  "1 0 0" "$(ls trun | grep -c '^cpu.*[.]txt$') $(ls trun | grep -c wall) $(ls trun | grep -c peak)"

TRUN_OUTPUT_PATH=bad TRUN_COUT_OUTPUT=false TRUN_PRECISION=lots TRUN_MAX_DEPTH=-3 \
  TRUN_FLAT_PROFILE=maybe ./fib 5 > /dev/null 2> err.txt
check_eq "one warning per bad value" 3 "$(grep -c '^trun: ' err.txt)"
check_grep "warning names the variable" 'TRUN_PRECISION="lots"' err.txt
check_fib_rows "defaults used after bad values" bad/wall.txt 1 5 1

TRUN_OUTPUT_PATH=off TRUN_ENABLED=false ./fib 5 > out.txt 2> err.txt
check_eq "TRUN_ENABLED=false: output unchanged" "fib(5) = 5" "$(cat out.txt)"
[ -d off ] && fail "TRUN_ENABLED=false wrote a report" || pass "TRUN_ENABLED=false: no report"
finish
