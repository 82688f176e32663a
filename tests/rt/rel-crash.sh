#!/bin/sh
# A program that dies keeps its report: faults, abort(), a signal from
# outside (also while it is inside malloc: never a hang), quick_exit();
# it dies by the same signal, prints nothing it had not flushed, and its
# own handlers and TRUN_SIGNAL_HANDLERS=off are respected.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
sanitizer_skip '*' "the sanitizer's own handlers take the fatal signals" \
  "(a program built with it dies with its report, not by the signal)"

plain_cc -O1 -o crash "$TRUN_TOP_SRCDIR/tests/rt/crash.c" || die "compile"
json_ok () { python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

# run NAME ARG: the program with its report in NAME/, status in $rc.
run () {
  TRUN_OUTPUT_PATH=$1 TRUN_COUT_OUTPUT=false \
    env --default-signal timeout 60 ./crash "$2" > "$1.out" 2> "$1.err"
  rc=$?
}

for c in "segv 139" "abort 134" "fpe 136"; do
  set -- $c
  ulimit -c 0
  run "$1" "$1"
  check_eq "$1: dies by the signal" "$2" "$rc"
  check_eq "$1: work recorded" "1 5" "$(rows_of "$1/wall.txt" work)"
  check_eq "$1: outer closed at the flush" "0 1" "$(rows_of "$1/wall.txt" outer)"
  json_ok "$1/trun.json" && pass "$1: JSON complete" || fail "$1: JSON incomplete"
  check_eq "$1: no temporary files" "" "$(ls -A "$1" | grep '^\.')"
done

run quick quick
check_eq "quick_exit: status kept" 7 "$rc"
check_eq "quick_exit: work recorded" "1 5" "$(rows_of quick/wall.txt work)"

run own own
check_eq "own handler: its status" 3 "$rc"
check_eq "own handler: its output" "own handler" "$(cat own.out)"

# A signal from outside while it waits: the report, and stdout as
# without trun (what the program had not flushed is lost).
TRUN_OUTPUT_PATH=term TRUN_COUT_OUTPUT=on env --default-signal ./crash wait > term.out 2> term.err &
pid=$!
i=0; while [ "$(cat term.out)" != ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid; wait $pid; rc=$?
check_eq "SIGTERM: dies by it" 143 "$rc"
check_eq "SIGTERM: work recorded" "1 5" "$(rows_of term/wall.txt work)"
check_no_grep "SIGTERM: unflushed output stays lost" 'never flushed' term.out
check_grep "SIGTERM: tables still on stdout" 'REAL-CLOCK TIMER' term.out

# Inside malloc: 20 runs, none may hang; each dies by SIGTERM.
hung=0 bad=0 reports=0
for i in $(seq 1 20); do
  rm -rf m; TRUN_OUTPUT_PATH=m TRUN_COUT_OUTPUT=false TRUN_SIGNAL_TIMEOUT=2 \
    env --default-signal timeout -s KILL 30 ./crash malloc > m.out 2> m.err &
  pid=$!
  j=0; while [ "$(cat m.out)" != ready ] && [ $j -lt 200 ]; do sleep 0.02; j=$((j + 1)); done
  sleep 0.0$((i % 9 + 1))
  kill -TERM $pid 2>/dev/null; wait $pid; rc=$?
  [ $rc = 137 ] && hung=$((hung + 1))
  [ $rc = 143 ] || [ $rc = 137 ] || bad=$((bad + 1))
  json_ok m/trun.json && reports=$((reports + 1))
done
check_eq "SIGTERM inside malloc: no hang in 20 runs" 0 "$hung"
check_eq "SIGTERM inside malloc: dies by it" 0 "$bad"
echo "reports written: $reports of 20"
[ "$reports" -gt 0 ] && pass "SIGTERM inside malloc: reports written" || fail "no report in 20 runs"

TRUN_SIGNAL_HANDLERS=off run off segv
check_eq "handlers off: dies by the signal" 139 "$rc"
check_eq "handlers off: no report" "" "$(ls off 2>/dev/null)"
TIMEMORY_ENABLE_SIGNAL_HANDLER=false run toff segv
check_eq "timemory's switch: no report" "" "$(ls toff 2>/dev/null)"
finish
