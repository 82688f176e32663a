#!/bin/sh
# After fork() the child starts an empty profile (same open path) and
# writes its own report with its pid in the file names; the parent's is
# unaffected.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o prog "$TRUN_TOP_SRCDIR/tests/rt/fork-signal.c" || die "compile"
TRUN_COUT_OUTPUT=false ./prog fork > out.txt 2> err.txt || fail "run"
check_eq "no diagnostics" "" "$(cat err.txt)"
child=$(sed -n 's/^child //p' out.txt)
[ -n "$child" ] || fail "child pid printed"
P=trun-output/wall.txt
C=trun-output/wall-pid$child.txt
[ -f "$C" ] && pass "child table has its pid" || fail "no $C"
[ -f "trun-output/trun-pid$child.json" ] && pass "child json" || fail "child json"
check_eq "parent: before" "1 3" "$(rows_of $P before)"
check_eq "parent: in-parent" "1 7" "$(rows_of $P in-parent)"
check_eq "parent: nothing from the child" "" "$(rows_of $P in-child)"
check_eq "child: main (open at fork)" "0 1" "$(rows_of $C main)"
check_eq "child: in-child" "1 5" "$(rows_of $C in-child)"
check_eq "child: nothing from before the fork" "" "$(rows_of $C before)"
check_eq "child: nothing of the parent's later work" "" "$(rows_of $C in-parent)"
finish
