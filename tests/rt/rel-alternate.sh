#!/bin/sh
# Parents calling eight different children in turn (the child cache
# holds many children per parent): every (parent, child) count exact,
# with 4 threads at once, and with a 20 us timer whose handler calls
# instrumented code (which alternates children too) between any two
# instructions of the markers.  Both modes.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"

# edges FILE: "parent child count" summed over the table's rows, a row's
# parent being the nearest row above it one level up.
edges () {
  rt_rows "$1" | awk '
    { lab[$1] = $2; p = $1 > 0 ? lab[$1 - 1] : "-"; e[p " " $2] += $3 }
    END { for (k in e) print k, e[k] }' | sort
}

# expect THREADS N HANDLED: the edges of parent_a, parent_b, in_handler.
expect () {
  for k in 0 1 2 3 4 5 6 7; do
    echo "parent_a child$k $(($1 * $2))"
    [ $k = 0 ] && echo "parent_b child$k $((2 * $1 * $2))" \
      || echo "parent_b child$k $(($1 * $2))"
  done
  [ "$3" -gt 0 ] && echo "in_handler child0 $3" && echo "in_handler child1 $3"
  :
}

N=20000
for mode in trace region; do
  trun_cc $mode -O1 -pthread -o alt-$mode "$TRUN_TOP_SRCDIR/tests/rt/alternate.c" \
    || die "compile $mode"
  [ $mode = trace ] && f=trace-wall.txt || f=wall.txt
  for how in "4 nosignal" "1 signal" "4 signal"; do
    set -- $how
    for run in 1 2 3; do
      rm -rf out
      handled=$(TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 \
        timeout 120 ./alt-$mode $1 $N $2) || { fail "$mode $how run $run"; continue; }
      what="$mode, $1 threads, $2, run $run"
      got=$(edges out/$f | grep -E '^(parent_a|parent_b|in_handler) child')
      check_eq "$what: every (parent, child) count exact" \
        "$(expect $1 $N $handled | sort)" "$got"
      calls=$(rows_of out/$f in_handler | awk '{ s += $2 } END { print s + 0 }')
      check_eq "$what: every handler call counted ($handled signals)" "$handled" "$calls"
      [ $2 = nosignal ] || [ "$handled" -gt 50 ] \
        || fail "$what: only $handled signals"
    done
  done
done
finish
