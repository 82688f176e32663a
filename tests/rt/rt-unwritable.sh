#!/bin/sh
# An output path that cannot be made: one message naming it, the tables
# still on stdout, the program's exit status unchanged.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o fib "$TRUN_TOP_SRCDIR/tests/rt/fib-region.c" || die "compile"
touch blocker
TRUN_OUTPUT_PATH=blocker/sub ./fib 8 > out.txt 2> err.txt || fail "exit status"
check_eq "one message" 1 "$(grep -c '^trun: ' err.txt)"
check_grep "message names the path" 'blocker/sub' err.txt
check_eq "program output first" "fib(8) = 21" "$(head -1 out.txt)"
sed 1d out.txt > table.txt
check_fib_rows "table on stdout" table.txt 1 8 1
finish
