#!/bin/sh
# A signal handler that calls instrumented code, arriving between any two
# instructions of the markers: its calls nest under the interrupted frame,
# the program's own nesting stays exact, every call is counted.  Both
# modes, ten runs each (a 10% failure rate shows with 88% odds), on the
# interrupted stack and on an alternate signal stack (a switch of
# execution stacks, core/stacks.c, at any instruction of the markers).
# A handler that calls the function it interrupted, from the same frame,
# updates the node the interrupted exit is updating: both samples count
# (sighandler.c's "same" handler, on a timer, and on x86-64 with sigstep
# delivering the signal at one in three of libtrun's instructions), in
# the wall clock and, on the timer, in cpu_clock (core/frames.c's
# non-wall components).
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

# Not instrumented: the tracer of the deterministic signal handler runs
# (x86-64: it reads the registers).
step_seeds=
if [ "$(uname -m)" = x86_64 ]; then
  $CC -O2 -o sigstep "$TRUN_TOP_SRCDIR/tests/rt/sigstep.c" || die "compile sigstep"
  step_seeds="step1 step2 step3"
fi
for mode in trace region; do
  trun_cc $mode -O1 -o h-$mode "$TRUN_TOP_SRCDIR/tests/rt/sighandler.c" || die "compile $mode"
  [ $mode = trace ] && f=trace-wall.txt || f=wall.txt
  [ $mode = trace ] && c=trace-cpu_clock.txt || c=cpu_clock.txt
  for run in 1 2 3 4 5 6 7 8 9 10 alt1 alt2 alt3 alt4 alt5 alt6 alt7 alt8 alt9 alt10; do
    rm -rf out
    stack=same
    case $run in alt*) stack=alt ;; esac
    handled=$(TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 \
      timeout 120 ./h-$mode 200000 $stack 2> err.txt) || fail "$mode run $run"
    check_eq "$mode $run: no diagnostics" "" "$(cat err.txt)"
    check_eq "$mode $run: top once, under main" "1 200000" "$(rows_of out/$f top)"
    check_eq "$mode $run: mid once, under top" "2 200000" "$(rows_of out/$f mid)"
    check_eq "$mode $run: leaf once, under mid" "3 200000" "$(rows_of out/$f leaf)"
    got=$(rows_of out/$f in_handler | awk '{ s += $2 } END { print s + 0 }')
    check_eq "$mode $run: every handler call counted ($handled signals)" "$handled" "$got"
    got=$(rt_rows out/$f | awk '$2 == "in_handler" { d = $1; next } $2 == "handler_leaf" && $1 == d + 1 { s += $3 } END { print s + 0 }')
    check_eq "$mode $run: every handler_leaf under in_handler" "$handled" "$got"
    [ "$handled" -gt 100 ] || fail "$mode $run: only $handled signals"
  done
  for run in 1 2 3 $step_seeds; do
    rm -rf out
    case $run in
      step*)
        TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 \
          ./sigstep ${run#step} 3 ./h-$mode 30 step same > handled.txt 2> step.err
        rc=$?
        if [ $rc = 77 ]; then
          echo "note: $(cat step.err): the stepped runs not made"
          continue
        fi
        [ $rc = 0 ] || fail "$mode sigsame $run: $(cat step.err)"
        n=30 ;;
      *)
        TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 \
          TRUN_COMPONENTS=wall_clock,cpu_clock \
          TRUN_TRACE_COMPONENTS=wall_clock,cpu_clock \
          timeout 120 ./h-$mode 200000 same same > handled.txt 2> err.txt ||
          fail "$mode sigsame run $run"
        check_eq "$mode sigsame $run: no diagnostics" "" "$(cat err.txt)"
        n=200000 ;;
    esac
    handled=$(cat handled.txt)
    check_eq "$mode sigsame $run: mid once, under top" "2 $n" "$(rows_of out/$f mid)"
    # The timer runs record cpu_clock too, whose statistics a handler's
    # record into the same node must not undo either.
    tables=$f
    case $run in step*) ;; *) tables="$f $c" ;; esac
    for table in $tables; do
      got=$(rows_of out/$table leaf | awk '{ s += $2 } END { print s + 0 }')
      check_eq "$mode sigsame $run: $table: every leaf call counted, $handled of them in handlers" \
        "$((n + handled))" "$got"
    done
  done
done
finish
