#!/bin/sh
# The program behaves as without trun: floating-point flags and rounding
# mode, signal dispositions, no MPI library loaded, raise(SIGHUP),
# `prog | head -1`; and its reports stay where they belong: resolved at
# start-up (chdir), two runs in one directory both kept, a full disk
# reported with nothing half written.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

src=$TRUN_TOP_SRCDIR/tests/rt/behave.c
$CC $TRUN_TEST_CFLAGS -O2 -o plain "$src" -lm || die "compile plain"
plain_cc -O2 -DWITH_TRUN -o api "$src" -lm || die "compile with the runtime"
trun_cc trace -O2 -DWITH_TRUN -o trace "$src" -lm || die "compile trace"
trun_cc region -O2 -DWITH_TRUN -o region "$src" -lm || die "compile region"

want=$(./plain fenv)
check_eq "plain: flags clear, rounding kept" \
  "start flags 0 round 0; after flags 0 round downward" "$want"
for p in api trace region; do
  for env in "TRUN_THROTTLE_COUNT=10000" "TRUN_THROTTLE_COUNT=0" \
             "TRUN_COMPONENTS=wall_clock,peak_rss,cpu_clock"; do
    got=$(env $env TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=fe ./$p fenv)
    check_eq "$p $env: floating-point state as without trun" "$want" "$got"
  done
done

# No MPI library (by the libraries' names: the build directory's may
# hold "mpi"), and every signal as without trun but the flush ones.
for p in api trace; do
  check_eq "$p: no MPI library loaded" "" \
    "$(ldd ./$p | awk '{ print $1 }' | grep -Ei 'mpi|ucx|ucs|ucp' || true)"
done
./plain signals > sig.plain
TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=s ./trace signals > sig.trun
flush="2 3 4 6 7 8 11 15"
exp=$(awk -v f=" $flush " 'index(f, " " $1 " ") && $2 == "default" { $2 = "handler" } { print }' sig.plain)
check_eq "signal dispositions: the plain build's, but trun's flush handlers" \
  "$exp" "$(cat sig.trun)"
TRUN_SIGNAL_HANDLERS=off TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=s ./trace signals > sig.off
check_eq "TRUN_SIGNAL_HANDLERS=off: exactly the plain build's" "$(cat sig.plain)" "$(cat sig.off)"
env --default-signal=HUP ./plain sighup; plain_rc=$?
TRUN_OUTPUT_PATH=h env --default-signal=HUP ./trace sighup; rc=$?
check_eq "raise(SIGHUP) kills as without trun" "$plain_rc" "$rc"
check_eq "raise(SIGHUP): signal 1" 129 "$rc"

# A closed pipe on stdout: the program's status, every file written.
{ env --default-signal=PIPE ./api lines; echo $? > pipe.st; } | head -1 > pipe.out
check_eq "prog | head -1: exit status 0" 0 "$(cat pipe.st)"
check_eq "prog | head -1: first line" "line 0" "$(cat pipe.out)"
json_ok () { python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
json_ok trun-output/trun.json && pass "prog | head -1: JSON written" || fail "no JSON"
check_eq "prog | head -1: table written" 4000 "$(grep -c '>>> region-' trun-output/wall.txt)"

# chdir: the default output directory is where the program started.
rm -rf trun-output elsewhere; mkdir elsewhere
TRUN_COUT_OUTPUT=off ./trace chdir elsewhere
check_grep "chdir: report where it started" 'work' trun-output/trace-wall.txt
check_eq "chdir: nothing where it went" "" "$(ls elsewhere)"

# Two runs at once, one directory: neither report lost, one message.
lost=0
for i in $(seq 1 20); do
  rm -rf two; mkdir two
  two_at_once two ./trace
  n=$(ls two | grep -c '^trace-wall.*\.txt$')
  [ "$n" = 2 ] || lost=$((lost + 1))
  m=$(cat e1 e2 | grep -c 'written by another run')
  [ "$n" = 2 ] && [ "$m" != 1 ] && fail "two runs, round $i: $m messages"
done
check_eq "two runs at once: both reports kept, 20 rounds" 0 "$lost"

# A full disk (the file size limit stands in for it): one message per
# file naming it, nothing half written, tables on stdout, status kept.
rm -rf full
( ulimit -f 1; trap '' XFSZ; TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=full ./api lines > full.out 2> full.err ); rc=$?
check_eq "full disk: exit status kept" 0 "$rc"
check_grep "full disk: message names the file" 'cannot write .*full/wall.txt' full.err
check_eq "full disk: no partial table" "" "$(ls full | grep 'wall.txt' || true)"
check_eq "full disk: no temporary file left" "" "$(ls -A full | grep '^\.' || true)"
check_grep "full disk: tables on stdout instead" 'REAL-CLOCK TIMER' full.out
finish
