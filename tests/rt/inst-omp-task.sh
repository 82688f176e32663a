#!/bin/sh
# OpenMP tasks: each task body is attached under the node current in the
# creating thread when it created the task, whichever thread runs it, so
# a recursive task program nests exactly as its calls do.  Untied tasks
# too: libgomp runs a task body to its end on the thread that started it
# (a taskwait inside runs other tasks on top of it, it never resumes the
# body elsewhere), so an untied body's enter and exit are on one thread.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
omp_test_setup
SRC=$TRUN_TOP_SRCDIR/tests/rt/omp-fib-task.c
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=false OMP_WAIT_POLICY=passive OMP_DYNAMIC=false
la=$(grep -n 'omp task shared(a)' "$SRC" | cut -d: -f1)
lb=$(grep -n 'omp task shared(b)' "$SRC" | cut -d: -f1)
lp=$(grep -n 'omp parallel' "$SRC" | cut -d: -f1)
N=16

for variant in trace region region-untied; do
  mode=${variant%-untied}
  clauses=
  [ $variant = $mode ] || clauses=-DTASK_CLAUSES=untied
  trun_cc $mode -O2 -fopenmp $clauses -o prog-$variant "$SRC" || die "compile $variant"
  for threads in 1 3; do
    R=$variant-$threads
    TRUN_OUTPUT_PATH=$R ./prog-$variant $N $threads > out.txt 2> err.txt || fail "$R run"
    check_eq "$R: result" "fib($N) = 987" "$(cat out.txt)"
    check_eq "$R: no diagnostics" "" "$(cat err.txt)"
    T=$R/wall.txt
    [ $mode = trace ] && T=$R/trace-wall.txt
    rt_rows $T > rows.txt
    check_eq "$R: main, then one team node entered by every thread" \
      "0 main 1
1 main [omp parallel:$lp] $threads" "$(head -2 rows.txt)"
    # fib at recursion level k sits at table depth 2 + 2k, under the task
    # its caller created at depth 1 + 2k: the sum over rows per depth is
    # fib's call count at that level.
    exp=$(fib_counts $N | awk '{ print $1 * 2 + 2, $2 }')
    got=$(awk '$2 == "fib" && NF == 3 { c[$1] += $NF } END { for (d in c) print d, c[d] }' rows.txt | sort -n)
    check_eq "$R: fib calls per depth" "$exp" "$got"
    exp=$(fib_counts $N | awk 'NR > 1 { print $1 * 2 + 1, $2 }')
    got=$(awk '$2 == "fib" && $3 == "[omp" { c[$1] += $NF } END { for (d in c) print d, c[d] }' rows.txt | sort -n)
    check_eq "$R: task bodies per depth" "$exp" "$got"
    check_eq "$R: tasks of both constructs" "$(fib_counts $N | awk 'NR > 1 { s += $2 } END { print s / 2, s / 2 }')" \
      "$(awk -v l="[omp task:$la]" '$3 " " $4 == l { s += $NF } END { print s }' rows.txt) $(awk -v l="[omp task:$lb]" '$3 " " $4 == l { s += $NF } END { print s }' rows.txt)"
    check_no_grep "$R: nothing else directly under the team node" '^2 (fib \[omp|main)' rows.txt
    # With several threads, the tasks really ran on more than one (each
    # node of the path tree is one thread's).  OpenMP does not promise
    # it: on a loaded machine the sleeping workers (passive wait) may
    # wake only after the first thread ran every task, so up to five
    # more runs are tried before this counts as a failure.
    ran=$(grep -o '"threads": *\[[0-9]*\]' "$(long_json $R/trun.json)" | sort -u | wc -l)
    try=0
    while [ $threads -gt 1 ] && [ "$ran" -le 1 ] && [ $try -lt 5 ]; do
      try=$((try + 1))
      TRUN_OUTPUT_PATH=$R-again ./prog-$variant $N $threads > /dev/null 2>&1
      ran=$(grep -o '"threads": *\[[0-9]*\]' "$(long_json $R-again/trun.json)" | sort -u | wc -l)
    done
    if [ $threads -gt 1 ]; then
      [ "$ran" -gt 1 ] && pass "$R: tasks ran on $ran threads" || fail "$R: tasks ran on $ran thread(s) only, in 6 runs"
    fi
  done
done
finish
