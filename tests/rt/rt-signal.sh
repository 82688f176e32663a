#!/bin/sh
# SIGTERM and SIGINT: the report is written (open regions closed and
# marked), then the signal's default action ends the program.  Also
# exit() called from another thread.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o prog "$TRUN_TOP_SRCDIR/tests/rt/fork-signal.c" || die "compile"
# make may start tests with SIGINT ignored (background jobs); the
# runtime rightly leaves an ignored signal alone, so reset it here.
for sig in term int; do
  TRUN_OUTPUT_PATH=$sig TRUN_COUT_OUTPUT=false \
    env --default-signal=INT,TERM ./prog $sig > out.txt 2> err.txt
  rc=$?
  if [ $sig = term ]; then want=143; else want=130; fi
  check_eq "$sig: killed by the signal" "$want" "$rc"
  check_eq "$sig: program output" "" "$(cat out.txt)"
  check_eq "$sig: inner recorded" "2 2" "$(rows_of $sig/wall.txt inner)"
  check_eq "$sig: open region closed at flush" "1 1" "$(rows_of $sig/wall.txt doomed)"
  check_grep "$sig: marked open at finalize" '"label": "doomed".*"open_at_finalize": 1' "$(long_json $sig/trun.json)"
done

TRUN_OUTPUT_PATH=te TRUN_COUT_OUTPUT=false ./prog thread-exit > out.txt 2> err.txt
check_eq "thread exit: status kept" 3 "$?"
check_eq "thread exit: no diagnostics" "" "$(cat err.txt)"
check_eq "thread exit: thread data under the open region" "2 4" "$(rows_of te/wall.txt in-thread)"
check_eq "thread exit: open region closed" "1 1" "$(rows_of te/wall.txt doomed)"
finish
