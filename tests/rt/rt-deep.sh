#!/bin/sh
# Depth 100000 works; mismatched ends repair the stack and warn once;
# an end with no begin warns once; regions open at exit are closed.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
sanitizer_skip thread "ThreadSanitizer stores no stack deeper than 65535 calls" \
  "(it stops with a CHECK failure in its stack depot); this recursion is 100000 deep"

plain_cc -O0 -o deep "$TRUN_TOP_SRCDIR/tests/rt/deep.c" || die "compile"
( ulimit -s unlimited 2>/dev/null; TRUN_COUT_OUTPUT=false TRUN_TEXT_OUTPUT=false \
  ./deep > out.txt 2> err.txt ) || fail "run"
check_eq "output" 100000 "$(cat out.txt)"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_eq "100000 nodes of down" 100000 "$(grep -o '"label": "down"' "$(long_json trun-output/trun.json)" | wc -l)"
check_grep "deepest node" '"label": "down", "depth": 99999' "$(long_json trun-output/trun.json)"

TRUN_COUT_OUTPUT=false ./deep mismatch > out.txt 2> err.txt || fail "run mismatch"
check_eq "warnings: one mismatch, one end without begin" 2 "$(grep -c '^trun: ' err.txt)"
check_grep "mismatch names both" 'outer.*inner' err.txt
check_grep "end without begin named" 'never-begun' err.txt
W=trun-output/wall.txt
check_eq "outer closed by its end" "0 2" "$(rows_of $W outer)"
check_eq "inner closed by the repair" "1 2" "$(rows_of $W inner)"
check_eq "left-open closed at finalize" "0 1" "$(rows_of $W left-open)"
check_grep "left-open marked" '"label": "left-open".*"open_at_finalize": 1' "$(long_json trun-output/trun.json)"
finish
