#!/bin/sh
# Nodes are made with signals not held (core/graph.c): a signal handler
# whose calls make nodes while the interrupted code is making one, at
# any instruction of it, leaves both exact.  main makes some 11 000 new
# call paths while a 20 us timer's handler makes its own under whatever
# frame it interrupts: every count of main's paths and of the handler's
# calls is exact, each h_inner is under an h_outer, nothing is open.  On
# the interrupted stack and on an alternate signal stack, five runs each.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
DEPTH=6 REPEATS=3
trun_cc trace -O1 -o prog "$TRUN_TOP_SRCDIR/tests/rt/node-signal.c" || die "compile"
# b0 is called 4^k times at level k, each path REPEATS times.
want_b0=$(awk -v d=$DEPTH -v r=$REPEATS 'BEGIN { s = 0; p = 1; for (k = 0; k < d; k++) { s += p; p *= 4 } print s * r }')
want_leaf=$(awk -v d=$DEPTH -v r=$REPEATS 'BEGIN { print 4 ^ d * r }')
for run in 1 2 3 4 5 alt1 alt2 alt3 alt4 alt5; do
  rm -rf out
  stack=same
  case $run in alt*) stack=alt ;; esac
  handled=$(TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 \
    timeout 120 ./prog $DEPTH $REPEATS $stack 2> err.txt) || fail "run $run"
  check_eq "$run: no diagnostics" "" "$(cat err.txt)"
  rt_rows out/trace-wall.txt > rows.txt
  sum () { awk -v lab="$1" '$2 == lab { s += $3 } END { print s + 0 }' rows.txt; }
  check_eq "$run: every b0 call counted" "$want_b0" "$(sum b0)"
  check_eq "$run: every leaf call counted" "$want_leaf" "$(sum leaf)"
  check_eq "$run: leaf rows, one a path" "$(awk -v d=$DEPTH 'BEGIN { print 4 ^ d }')" \
    "$(awk '$2 == "leaf" && $1 > 1' rows.txt | grep -c .)"
  check_eq "$run: every handler call counted ($handled signals)" "$handled" "$(sum h_outer)"
  check_eq "$run: every h_inner under an h_outer" "$handled" \
    "$(awk '$2 == "h_outer" { d = $1; next } $2 == "h_inner" && $1 == d + 1 { s += $3 } END { print s + 0 }' rows.txt)"
  check_no_grep "$run: nothing left open" '"open_at_finalize": [1-9]' "$(long_json out/trun.json)"
  [ "$handled" -gt 20 ] || fail "$run: only $handled signals"
done
finish
