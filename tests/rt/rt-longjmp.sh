#!/bin/sh
# Repeated longjmps out of deep recursion: the frames a jump abandons are
# closed at the jump (entry/wrap.c reads its target from the jmp_buf), so
# the calls the setjmp caller makes next nest exactly under it, even one
# whose frame is larger than the abandoned ones'; dive's counts are exact
# at every depth; nothing is reported or left open.  longjmp, the
# fortified __longjmp_chk, and siglongjmp out of a signal handler.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/longjmp.c
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=off TRUN_VERBOSE=1
REPS=200 DEPTH=300

for mode in trace region; do
  [ $mode = trace ] && f=trace-wall.txt || f=wall.txt
  trun_cc $mode -O2 -o $mode "$SRC" || die "compile $mode"
  trun_cc $mode -O2 -D_FORTIFY_SOURCE=2 -o $mode-chk "$SRC" || die "compile $mode fortified"
  for run in plain fortified sig; do
    R=$mode-$run prog=./$mode arg=plain
    [ $run = fortified ] && prog=./$mode-chk
    [ $run = sig ] && arg=sig
    TRUN_OUTPUT_PATH=$R $prog $REPS $DEPTH $arg > out.txt 2> err.txt || fail "$R run"
    check_eq "$R: no diagnostics" "" "$(grep -v '^trun: writing' err.txt)"
    rt_rows $R/$f > rows.txt
    check_eq "$R: dive at every depth" \
      "$(awk -v d=$DEPTH -v r=$REPS 'BEGIN { for (i = 0; i <= d; i++) print i + 2, r }')" \
      "$(awk '$2 == "dive" { print $1, $3 }' rows.txt)"
    exp="1 catcher $REPS
2 after $REPS
3 leaf $REPS
2 leaf $REPS"
    [ $run = sig ] && exp="1 catcher $REPS
$((DEPTH + 3)) on_signal $REPS
$((DEPTH + 4)) leaf $REPS
2 after $REPS
3 leaf $REPS
2 leaf $REPS"
    check_eq "$R: after the jumps, calls nest under catcher" "$exp" \
      "$(awk '$2 != "dive" && $2 != "main"' rows.txt)"
    check_no_grep "$R: nothing left open" '"open_at_finalize": [1-9]' "$(long_json $R/trun.json)"
  done
done

# Closing the frames a jump abandons blocks no signals (lua yields each
# coroutine with a longjmp): the system calls that change the signal
# mask grow by glibc's own two a jump (sigsetjmp saving the mask,
# siglongjmp restoring it), however many frames each jump closes.
if command -v strace > /dev/null 2>&1; then
  for reps in 20 200; do
    TRUN_OUTPUT_PATH=mask-$reps strace -f -qq -e trace=rt_sigprocmask \
      -o mask-$reps.txt ./trace $reps $DEPTH plain > /dev/null 2>&1 || fail "strace run $reps"
  done
  check_eq "signal mask changes a jump: glibc's two" $((2 * (200 - 20))) \
    $(($(grep -c rt_sigprocmask mask-200.txt) - $(grep -c rt_sigprocmask mask-20.txt)))
else
  echo "SKIP: strace not installed: the signal mask at jumps not checked"
fi
finish
