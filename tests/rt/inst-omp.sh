#!/bin/sh
# OpenMP: each team's data merges under the node current in the forking
# thread at that fork, although libgomp reuses its worker threads.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
omp_test_setup
SRC=$TRUN_TOP_SRCDIR/tests/rt/inst-fib.c
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=false

for mode in trace region; do
  trun_cc $mode -O2 -fopenmp -o prog-$mode "$SRC" || die "compile $mode"
  OMP_WAIT_POLICY=passive TRUN_OUTPUT_PATH=$mode ./prog-$mode omp 8 3 > /dev/null 2> err.txt || fail "$mode run"
  check_eq "$mode: no diagnostics" "" "$(cat err.txt)"
  T=$mode/wall.txt
  [ $mode = trace ] && T=$mode/trace-wall.txt
  rt_rows $T > rows.txt
  # main > first_caller > team > team [omp parallel:N] > fib ...
  check_eq "$mode: first_caller twice" "1 2" "$(rows_of $T first_caller)"
  check_eq "$mode: second_caller once" "1 1" "$(rows_of $T second_caller)"
  omp=$(awk '/omp parallel/ { print $1, $NF }' rows.txt)
  check_eq "$mode: one team node under each caller's team, 3 threads per fork" \
    "3 6
3 3" "$omp"
  # fib rows: first under first_caller's team (2 forks x 3 threads), then
  # under second_caller's (1 x 3).
  exp=$( { fib_counts 8 | awk '{ print $1 + 4, $2 * 6 }'; fib_counts 8 | awk '{ print $1 + 4, $2 * 3 }'; } )
  check_eq "$mode: fib merged per fork point at every depth" "$exp" "$(rows_of $T fib)"
  check_no_grep "$mode: no team data at top level" '^0 .*omp' rows.txt
done
# A skipped inline function's parallel body: under its nearest
# instrumented ancestor (caller), 4 forks x 3 threads, 12 leaf calls per fork.
SRC2=$TRUN_TOP_SRCDIR/tests/rt/omp-inline.c
line=$(grep -n 'omp parallel for' "$SRC2" | cut -d: -f1)
for mode in trace region; do
  trun_cc $mode -O2 -fopenmp -fplugin-arg-trun-inline=no -o prog-inl-$mode "$SRC2" || die "compile inline $mode"
  OMP_WAIT_POLICY=passive TRUN_OUTPUT_PATH=inl-$mode ./prog-inl-$mode 3 > out.txt 2> err.txt || fail "$mode inline run"
  check_eq "$mode inline: result" 792 "$(cat out.txt)"
  T=inl-$mode/wall.txt
  [ $mode = trace ] && T=inl-$mode/trace-wall.txt
  check_eq "$mode inline: rows" "0 main 1
1 caller 4
2 kernel [omp parallel:$line] 12
3 leaf 48" "$(rt_rows $T)"
done
finish
