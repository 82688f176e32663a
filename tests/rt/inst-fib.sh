#!/bin/sh
# Programs built with the plugin: exact counts of naive fib at every
# depth in trace mode and in region mode; trace tables apart from the
# region tables; a longjmp loses nothing and warns not.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c

plain_cc -O2 -o plain "$SRC" || die "compile plain"
trun_cc trace -O2 -o trace "$SRC" || die "compile trace"
trun_cc region -O2 -o region "$SRC" || die "compile region"
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=false

TRUN_OUTPUT_PATH=p ./plain fib 16 > plain.out 2> err.txt || fail "plain run"
TRUN_OUTPUT_PATH=t ./trace fib 16 > trace.out 2>> err.txt || fail "trace run"
TRUN_OUTPUT_PATH=r ./region fib 16 > region.out 2>> err.txt || fail "region run"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_eq "trace: same output" "$(cat plain.out)" "$(cat trace.out)"
check_eq "region: same output" "$(cat plain.out)" "$(cat region.out)"

# trace mode: the region table is the uninstrumented one; functions are
# in the trace table only.
check_eq "trace: region table as without the plugin" \
  "$(rt_rows p/wall.txt)" "$(rt_rows t/wall.txt)"
check_eq "trace: main in the trace table" "0 1" "$(rows_of t/trace-wall.txt main)"
check_fib_rows "trace: fib counts at every depth" t/trace-wall.txt 1 16 1
check_grep "trace table title says trace" 'TRACE' t/trace-wall.txt

# region mode: functions and regions share one tree.
[ -f r/trace-wall.txt ] && fail "region mode wrote a trace table" || pass "no trace table"
check_eq "region: main, compute" "0 main 1
1 compute 1" "$(rt_rows r/wall.txt | head -2)"
check_fib_rows "region: fib counts at every depth" r/wall.txt 2 16 1

# longjmp out of 6 thrower frames.
TRUN_OUTPUT_PATH=j ./trace longjmp > /dev/null 2> err.txt || fail "longjmp run"
check_eq "longjmp: no warning" "" "$(cat err.txt)"
check_eq "longjmp: thrower frames closed, counts kept" "3 1
4 1
5 1
6 1
7 1
8 1" "$(rows_of j/trace-wall.txt thrower)"
check_eq "longjmp: protect closed normally" "2 1" "$(rows_of j/trace-wall.txt protect)"
check_eq "longjmp: fib under catcher" "2 1" "$(rows_of j/trace-wall.txt fib | head -1)"
check_no_grep "longjmp: nothing left open" '"open_at_finalize": [1-9]' "$(long_json j/trun.json)"
finish
