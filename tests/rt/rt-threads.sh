#!/bin/sh
# pthreads: each thread's graph hangs under the node current in the
# creator ("threads"), and threads with the same paths merge; 64 threads.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o fib "$TRUN_TOP_SRCDIR/tests/rt/fib-region.c" || die "compile"

TRUN_COUT_OUTPUT=false ./fib 10 4 > out.txt 2> err.txt || fail "run"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_eq "threads under main" "1 1" "$(rows_of trun-output/wall.txt threads)"
check_eq "work merged under threads" "2 4" "$(rows_of trun-output/wall.txt work)"
# main's own fib (depths 1..) then the threads' fib (depths 3..), x4.
exp=$( { fib_counts 10 | awk '{ print $1 + 1, $2 }'; fib_counts 10 | awk '{ print $1 + 3, $2 * 4 }'; } )
check_eq "fib counts of main and of 4 merged threads" "$exp" \
  "$(rows_of trun-output/wall.txt fib)"
check_grep "json lists the 4 threads on work" '"label": "work".*"threads": \[1, 2, 3, 4\]' "$(long_json trun-output/trun.json)"

TRUN_COUT_OUTPUT=false TRUN_OUTPUT_PATH=t64 ./fib 6 64 > /dev/null 2> err64.txt || fail "64 threads"
check_eq "64 threads: no diagnostics" "" "$(cat err64.txt)"
check_eq "64 threads merged" "2 64" "$(rows_of t64/wall.txt work)"
exp=$( { fib_counts 6 | awk '{ print $1 + 1, $2 }'; fib_counts 6 | awk '{ print $1 + 3, $2 * 64 }'; } )
check_eq "64 threads: main's fib(6), then 64 x fib(6) merged" "$exp" \
  "$(rows_of t64/wall.txt fib)"
finish
