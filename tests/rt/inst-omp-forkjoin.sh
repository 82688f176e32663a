#!/bin/sh
# The forking thread's row of a parallel region spans fork to join
# (rt/entry/omp.c): a kernel whose bodies are tiny but whose team is
# slow (tests/rt/omp-forkjoin.cc: the second thread takes 20 ms before
# its body, so the forking thread waits at each join) has that time in
# its region's row, and almost none as its own self time; the counts
# stay one per thread per fork.  Wall-clock times are checked against
# the sleep's guaranteed lower bound only.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
omp_test_setup
command -v python3 > /dev/null || skip_test "no python3"
SRC=$TRUN_TOP_SRCDIR/tests/rt/omp-forkjoin.cc
line=$(grep -n '^#pragma omp parallel' "$SRC" | cut -d: -f1)
export TRUN_COUT_OUTPUT=false OMP_NUM_THREADS=2 OMP_DYNAMIC=false OMP_WAIT_POLICY=passive
forks=5
for mode in trace region; do
  trun_cxx $mode -O2 -fopenmp -o prog-$mode "$SRC" || die "compile $mode"
  TRUN_OUTPUT_PATH=$mode ./prog-$mode $forks > out.txt 2> err.txt || fail "$mode run"
  check_eq "$mode: result" 10 "$(cat out.txt)"
  check_eq "$mode: no diagnostics" "" "$(cat err.txt)"
  T=$mode/wall.txt
  [ $mode = trace ] && T=$mode/trace-wall.txt
  check_eq "$mode: rows, 2 bodies a fork" "0 int main(int, char**) 1
1 long int kernel() $forks
2 long int kernel() [omp parallel:$line] $((2 * forks))" "$(rt_rows $T)"
  # The sums and self times of the kernel and its region (seconds).
  python3 "$TRUN_TOP_SRCDIR/tools/trun-json.py" --nodes $mode/trun.json | python3 -c '
import json, sys
rows = {}
for line in sys.stdin:
    n = json.loads(line)
    w = n["components"]["wall_clock"]
    rows[n["label"]] = (w["sum"], w["self"])
for label, (total, own) in sorted(rows.items()):
    print("%s|%.6f|%.6f" % (label, total, own))
' > times.txt || fail "$mode: trun.json"
  slept=$(awk -v f=$forks 'BEGIN { print f * 0.020 }')
  region=$(awk -F'|' -v l="[omp parallel:$line]" 'index($1, l) { print $2 }' times.txt)
  kself=$(awk -F'|' '$1 == "long int kernel()" { print $3 }' times.txt)
  awk -v r="$region" -v s="$slept" 'BEGIN { exit !(r >= s) }' \
    && pass "$mode: the region row holds every fork's wait ($region s >= $slept s)" \
    || fail "$mode: the region row ($region s) lacks the $slept s the forking thread waited"
  awk -v k="$kself" -v s="$slept" 'BEGIN { exit !(k < s / 2) }' \
    && pass "$mode: the kernel's self time is not the wait ($kself s)" \
    || fail "$mode: the kernel's self time ($kself s) holds the join's wait ($slept s)"
done
finish
