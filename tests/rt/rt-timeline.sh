#!/bin/sh
# TRUN_TIMELINE: the Chrome trace-event file parses as JSON, every
# thread's events nest, and its events per function equal the profile's
# counts (both modes, threads, OpenMP, recursion 10 000 deep, a signal
# handler's calls, from a timer and delivered under ptrace between
# chosen instructions, handlers that fill the buffer); a buffer filled
# many times keeps RSS bounded; the disk limit stops recording with one
# warning and a valid file; SIGTERM in the middle leaves a valid, closed
# file; compression, selection;
# OpenMP forks have a flow to each body their workers ran; after
# SIGKILL, trun convert --to=chrome writes it from the raw files.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
CHECK="python3 $TRUN_TOP_SRCDIR/tests/rt/tl-check.py"
SRC=$TRUN_TOP_SRCDIR/tests/rt/timeline.c
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=off TRUN_TIMELINE=on

# check_tl WHAT DIR: DIR's timeline is valid and counts as its profile.
check_tl () {
  if r=$($CHECK "$2/timeline.json" "$2/trun.json" 2>&1); then
    pass "$1: $r"
  else
    fail "$1: $r"
  fi
  [ -z "$(ls -A "$2" | grep '^\.trun-timeline')" ] || fail "$1: raw files left in $2"
}

# Not instrumented: the tracer of the deterministic signal handler runs
# (x86-64: it reads the registers).
step_seeds=
if [ "$(uname -m)" = x86_64 ]; then
  $CC -O2 -o sigstep "$TRUN_TOP_SRCDIR/tests/rt/sigstep.c" || die "compile sigstep"
  step_seeds="1 2 3"
fi
for mode in trace region; do
  trun_cc $mode -O1 -o tl-$mode "$SRC" || die "compile $mode"
  TRUN_OUTPUT_PATH=deep-$mode ./tl-$mode deep 10000 > /dev/null 2> err.txt || fail "$mode deep run"
  check_eq "$mode deep: no diagnostics" "" "$(cat err.txt)"
  check_tl "$mode: recursion 10000 deep" deep-$mode
  TRUN_OUTPUT_PATH=thr-$mode ./tl-$mode threads 4 12 20 > /dev/null || fail "$mode threads run"
  check_tl "$mode: 4 threads" thr-$mode
  n=$(grep -c '"thread_name"' thr-$mode/timeline.json)
  check_eq "$mode: a thread_name per thread" 5 "$n"
  check_grep "$mode: threads named" '"name":"pthread [0-9]+"' thr-$mode/timeline.json
  # A 4 KB buffer (256 events) written some 2000 times.
  TRUN_OUTPUT_PATH=small-$mode TRUN_TIMELINE_BUFFER=4K \
    ./tl-$mode threads 2 12 20 > /dev/null || fail "$mode small buffer run"
  check_tl "$mode: small buffer" small-$mode
  # The signal handler calls an instrumented function between any two
  # instructions of the markers.
  trun_cc $mode -O1 -o h-$mode "$TRUN_TOP_SRCDIR/tests/rt/sighandler.c" || die "compile h $mode"
  # A 4 KB buffer: handlers often fill it while a marker is interrupted.
  for run in 1 2 3 4 5; do
    TRUN_OUTPUT_PATH=sig-$mode-$run TRUN_TIMELINE_BUFFER=4K ./h-$mode 100000 > /dev/null \
      || fail "$mode sighandler run $run"
    check_tl "$mode $run: signal handler calls" sig-$mode-$run
  done
  # The same, deterministic: sigstep single-steps the loop and delivers
  # SIGALRM at one in three of libtrun's instructions (thousands of
  # handlers in 30 iterations, some between a marker's claim of a slot
  # and its fill while the handler writes the buffer out).
  for seed in $step_seeds; do
    TRUN_OUTPUT_PATH=step-$mode-$seed TRUN_TIMELINE_BUFFER=4K \
      ./sigstep $seed 3 ./h-$mode 30 step > /dev/null 2> step.err
    rc=$?
    if [ $rc = 77 ]; then
      echo "note: $(cat step.err): the stepped runs not made"
      break
    fi
    [ $rc = 0 ] || fail "$mode sigstep $seed: $(cat step.err)"
    n=$(sed -n 's/^sigstep: [0-9]* steps, \([0-9]*\) signals$/\1/p' step.err)
    [ "${n:-0}" -ge 1000 ] || fail "$mode sigstep $seed: ${n:-no} signals: $(cat step.err)"
    check_tl "$mode sigstep $seed: $n signals at chosen instructions" step-$mode-$seed
    # Each handler records 600 events: it fills the 512-word buffer,
    # writes it out and takes the slot of a marker it interrupted
    # between that marker's claim and its fill (some ten times a run).
    TRUN_OUTPUT_PATH=storm-$mode-$seed TRUN_TIMELINE_BUFFER=4K \
      ./sigstep $seed 3 ./h-$mode 10 step storm > /dev/null 2> step.err \
      || fail "$mode sigstep storm $seed: $(cat step.err)"
    n=$(sed -n 's/^sigstep: [0-9]* steps, \([0-9]*\) signals$/\1/p' step.err)
    check_tl "$mode sigstep storm $seed: $n handlers of 600 events" storm-$mode-$seed
  done
done

# OpenMP: teams under two callers (libgomp reuses its workers).
if [ -f "$TRUN_PLUGIN" ] && [ "${TRUN_SANITIZERS:-none}" != thread ]; then
  for mode in trace region; do
    trun_cc $mode -O2 -fopenmp -o omp-$mode "$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c" || die "compile omp"
    OMP_WAIT_POLICY=passive TRUN_OUTPUT_PATH=ompout-$mode ./omp-$mode omp 10 3 > /dev/null || fail "$mode omp run"
    check_tl "$mode: OpenMP" ompout-$mode
    check_grep "$mode: OpenMP workers named" '"name":"OpenMP worker [0-9]+"' ompout-$mode/timeline.json
    # A flow from each fork to every body a worker ran (tl-check.py
    # checks their pairs): as many as the workers' body events.
    check_eq "$mode: a flow per body started on a worker (3 teams of 3)" "6 6" "$(python3 - ompout-$mode/timeline.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["traceEvents"]
workers = {(e["pid"], e["tid"]) for e in d if e["ph"] == "M" and e["name"] == "thread_name"
           and e["args"]["name"].startswith("OpenMP worker")}
bodies = sum(1 for e in d if e["ph"] == "X" and "[omp parallel" in e["name"]
             and (e["pid"], e["tid"]) in workers)
print(bodies, sum(1 for e in d if e["ph"] == "f"))
PY
)"
  done
fi

# Bounded memory: 7 MB of events through a 64 KB buffer; peak RSS within
# 4 MB of the same run without the timeline.
python3 - > rss.txt <<'PY' || fail "rss runs"
import os, resource, subprocess
def peak(out, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = dict(os.environ, TRUN_OUTPUT_PATH=out, **kw)
    subprocess.run(["./tl-trace", "threads", "1", "24", "3"], env=env,
                   stdout=subprocess.DEVNULL, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
off = peak("rss4", TRUN_TIMELINE="off")
on = peak("rss3", TRUN_TIMELINE_BUFFER="64K")  # ru_maxrss: the max so far
print(on, off)
PY
read on off < rss.txt
ev=$(python3 -c "import json; print(json.load(open('rss3/timeline.json'))['metadata']['raw_bytes'])")
[ "$ev" -gt 5000000 ] || fail "bounded RSS: only $ev raw bytes"
if [ $((on - off)) -lt 4096 ]; then pass "bounded RSS: $on KB with the timeline, $off KB without ($ev raw bytes)"
else fail "bounded RSS: $on KB with the timeline, $off KB without"; fi

# The disk limit: 1 MB, a run of some 7 MB of events.
TRUN_OUTPUT_PATH=lim TRUN_TIMELINE_MAX_MB=1 TRUN_TIMELINE_BUFFER=64K \
  ./tl-trace threads 1 24 3 > /dev/null 2> err.txt || fail "limit run"
check_eq "disk limit: one warning" 1 "$(grep -c 'TRUN_TIMELINE_MAX_MB' err.txt)"
check_grep "disk limit: says when and how" 'stopped [0-9.]+ s into the run.*set TRUN_TIMELINE_MAX_MB higher' err.txt
if r=$($CHECK lim/timeline.json 2>&1); then pass "disk limit: valid file: $r"; else fail "disk limit: $r"; fi
check_grep "disk limit: metadata says stopped" '"stopped":true' lim/timeline.json
raw=$(python3 -c "import json; print(json.load(open('lim/timeline.json'))['metadata']['raw_bytes'])")
[ "$raw" -le 1048576 ] && pass "disk limit: $raw raw bytes" || fail "disk limit: $raw raw bytes"

# SIGTERM in the middle: the report's copy writes a closed timeline.
TRUN_OUTPUT_PATH=term TRUN_TIMELINE_BUFFER=64K ./tl-region loop 12 > run.txt &
pid=$!
for i in $(seq 100); do [ -s run.txt ] && break; sleep 0.05; done
sleep 0.3
kill -TERM $pid
wait $pid
check_eq "SIGTERM: died by it" 143 "$?"
if r=$($CHECK term/timeline.json 2>&1); then pass "SIGTERM: valid, closed: $r"; else fail "SIGTERM: $r"; fi
[ -z "$(ls -A term | grep '^\.trun-timeline')" ] || fail "SIGTERM: raw files left"

# SIGKILL after the first raw blocks: nothing is written at exit, but
# the raw files and their index (names, blocks, clock pairs) are on
# disk, and trun convert --to=chrome writes the timeline from them:
# valid, nested, the functions' events there, every frame still open
# closed at the last event.
TRUN="$TRUN_TOP_BUILDDIR/trun"
TRUN_OUTPUT_PATH=k9 TRUN_TIMELINE_BUFFER=4K ./tl-region loop 12 > run.txt &
pid=$!
for i in $(seq 200); do
  [ -n "$(find k9 -name 0.raw -size +8k 2>/dev/null)" ] && break
  sleep 0.02
done
kill -KILL $pid
wait $pid
check_eq "SIGKILL: died by it" 137 "$?"
[ ! -e k9/timeline.json ] || fail "SIGKILL: a timeline.json was written"
ls -a k9 | grep -q '^\.trun-timeline-' || die "SIGKILL: no raw directory in k9: $(ls -a k9)"
"$TRUN" convert k9 --to=chrome -o k9conv 2> conv.err
check_eq "convert --to=chrome after SIGKILL: exit status" "0 " "$? $(cat conv.err)"
if r=$($CHECK k9conv/timeline.json 2>&1); then pass "convert after SIGKILL: valid, nested: $r"
else fail "convert after SIGKILL: $r"; fi
check_eq "convert after SIGKILL: names, closed at the last event" "fib iteration main; main ends last" \
  "$(python3 - k9conv/timeline.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["traceEvents"]
xs = [e for e in d if e["ph"] == "X"]
end = max(round((e["ts"] + e["dur"]) * 1000) for e in xs)
main = [e for e in xs if e["name"] == "main"]
print(" ".join(sorted({e["name"] for e in xs})) + ";",
      "main ends last" if len(main) == 1 and round((main[0]["ts"] + main[0]["dur"]) * 1000) == end
      else "main: %r, last end %d" % (main, end))
PY
)"
# A run that wrote its timeline (SIGTERM's is written) left no raw
# files: nothing to convert, said; a directory without either: status 2.
"$TRUN" convert term --to=chrome > /dev/null 2> conv.err
check_eq "convert --to=chrome, the run's timeline.json there: status 0" 0 "$?"
check_grep "convert --to=chrome: says the timeline is there already" 'term/timeline.json is there already' conv.err
mkdir -p none && cp term/trun.json none/
"$TRUN" convert none --to=chrome > /dev/null 2> conv.err
check_eq "convert --to=chrome without raw files: status 2" 2 "$?"
check_grep "convert --to=chrome without raw files: says so" 'no raw timeline in none' conv.err

# Compression, and selection by name.
TRUN_OUTPUT_PATH=gz TRUN_TIMELINE_COMPRESS=on ./tl-trace threads 2 10 5 > /dev/null || fail "gz run"
if r=$($CHECK gz/timeline.json.gz gz/trun.json 2>&1); then pass "compressed: $r"; else fail "compressed: $r"; fi
TRUN_OUTPUT_PATH=sel TRUN_TIMELINE_EXCLUDE='^fib$' ./tl-trace threads 2 10 5 > /dev/null || fail "exclude run"
check_no_grep "TRUN_TIMELINE_EXCLUDE: fib not recorded" '"name":"fib"' sel/timeline.json
check_grep "TRUN_TIMELINE_EXCLUDE: the others are" '"name":"worker"' sel/timeline.json
TRUN_OUTPUT_PATH=inc TRUN_TIMELINE_INCLUDE='^work' ./tl-trace threads 2 10 5 > /dev/null || fail "include run"
check_no_grep "TRUN_TIMELINE_INCLUDE: main not recorded" '"dur":[0-9.]+,"name":"main"' inc/timeline.json
# timemory's name for the switch.
TRUN_TIMELINE= TIMEMORY_TIMELINE_PROFILE=ON TRUN_OUTPUT_PATH=tm ./tl-trace deep 10 > /dev/null
[ -f tm/timeline.json ] && pass "TIMEMORY_TIMELINE_PROFILE=ON" || fail "TIMEMORY_TIMELINE_PROFILE=ON: no timeline"
TRUN_TIMELINE=off TRUN_OUTPUT_PATH=off ./tl-trace deep 10 > /dev/null
[ ! -e off/timeline.json ] && pass "off: no timeline" || fail "off: a timeline"
finish
