#!/bin/sh
# omp.sh -- OpenMP bodies as regions: every team thread enters a parallel
# body once per construct, with the context of this construct's fork,
# fork/join around it in the parent; tasks get plain enter/exit.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

$CC -fopenmp "$FIX/omp.c" -o plain || die "plain build"
./plain > plain.out

par="main \[omp parallel:13\]"
for O in -O0 -O2; do
  pcc omp$O $O -fopenmp "$FIX/omp.c" || die "build $O"
  OMP_DYNAMIC=false record log$O ./omp$O
  check_eq "$O same stdout" "$(cat plain.out)" "$(cat log$O.out)"
  check_balanced "$O balanced per thread" log$O
  check_eq "$O 3 threads x 2 rounds enter the body" 6 "$(count log$O "^enter [0-9]+ parallel $par$")"
  for f in f1 f2; do
    check_eq "$O $f: each of 3 threads once" 3 \
      "$(grep -E "^omp_enter [0-9]+ $f $par$" log$O | cut -d' ' -f2 | sort -u | wc -l)"
  done
  # 2 rounds, parallel for, tasks, nested outer: forked by the master;
  # the inner nested construct is forked once by each outer thread.
  check_eq "$O fork/join per construct" "6 7 7" \
    "$(count log$O '^fork 1 ') $(count log$O '^fork ') $(count log$O '^join ')"
  check_eq "$O fork and join agree" "$(grep '^fork' log$O | cut -d' ' -f3 | sort | paste -sd,)" \
    "$(grep '^join' log$O | cut -d' ' -f3 | sort | paste -sd,)"
  check_eq "$O fork precedes its bodies" "fork 1 f1" "$(grep -E "^(fork|omp_enter)" log$O | head -1)"
  check_eq "$O combined parallel for" 2 "$(count log$O '^enter [0-9]+ parallel main \[omp parallel:20\]$')"
  check_eq "$O work calls inside parallel for" 10 \
    "$(awk '/^fork 1 f3$/,/^join 1 f3$/' log$O | grep -c '^enter [0-9]* function work$')"
  check_eq "$O tasks" "1 1" \
    "$(count log$O '^enter [0-9]+ task main \[omp task:26\]$') $(count log$O '^enter [0-9]+ task main \[omp task:28\]$')"
  check_eq "$O each task gets its creation context and creating thread" \
    "$(awk '$1 == "task_create" { print $3, $2 }' log$O | sort | paste -sd,)" \
    "$(awk '$1 == "task_enter" { print $3, $4 }' log$O | sort | paste -sd,)"
  check_eq "$O two tasks created" 2 "$(count log$O '^task_create ')"
  check_eq "$O nested parallel: 2 x 2 inner bodies" 4 "$(count log$O '^enter [0-9]+ parallel main \[omp parallel:36\]$')"
  check_eq "$O main entered once" 1 "$(count log$O '^enter 1 function main$')"
done

pcc noomp -O2 -fopenmp -fplugin-arg-trun-omp=no "$FIX/omp.c" || die "build omp=no"
record noomp.log ./noomp
check_eq "omp=no: no region bodies" 0 "$(count noomp.log '^enter [0-9]+ (parallel|task)')"
check_eq "omp=no: no fork" 0 "$(count noomp.log '^fork')"
check_eq "omp=no: functions still traced" 1 "$(count noomp.log '^enter 1 function main$')"
# Bodies in functions that are not instrumented: inline or small ones
# keep their bodies as regions; an attribute or a filter drops them.
F=$FIX/omp-inline.c
lk=$(grep -n 'omp parallel for' "$F" | head -1 | cut -d: -f1)
ls=$(grep -n 'omp parallel num_threads(2)$' "$F" | head -1 | cut -d: -f1)
lt=$(grep -n 'omp task$' "$F" | cut -d: -f1)
$CC -fopenmp "$F" -o plain-inline || die "plain build omp-inline"
./plain-inline > plain-inline.out
pcc inl -O2 -fopenmp -fplugin-arg-trun-inline=no -fplugin-arg-trun-exclude='^excluded_fn$' \
    -fplugin-arg-trun-verbose "$F" 2> inl.verbose || die "build omp-inline"
OMP_DYNAMIC=false record inl.log ./inl
check_eq "skipped inline: same stdout" "$(cat plain-inline.out)" "$(cat inl.log.out)"
check_balanced "skipped inline: balanced" inl.log
check_eq "skipped inline: kernel not entered" 0 "$(count inl.log 'function kernel$')"
check_eq "skipped inline: its parallel for, 2 calls x 2 threads" 4 \
  "$(count inl.log "^enter [0-9]+ parallel kernel \\[omp parallel:$lk\\]$")"
check_eq "skipped inline: its parallel body and task" "2 1" \
  "$(count inl.log "^enter [0-9]+ parallel spawner \\[omp parallel:$ls\\]$") $(count inl.log "^enter [0-9]+ task spawner \\[omp task:$lt\\]$")"
check_eq "skipped inline: forked in main's frame" 3 "$(count inl.log '^fork 1 ')"
check_eq "attribute and filter: no bodies" 0 "$(count inl.log '(ruled_out|excluded_fn) \[omp')"
check_grep "verbose says the bodies are kept" 'skipped kernel: declared inline.*; its OpenMP bodies are instrumented' inl.verbose
check_no_grep "verbose: none kept for a filtered function" 'skipped excluded_fn.*OpenMP bodies' inl.verbose
pcc small -O2 -fopenmp -fplugin-arg-trun-min-statements=100000 "$F" || die "build min-statements"
OMP_DYNAMIC=false record small.log ./small
check_eq "min-statements: no function entered" 0 "$(count small.log '^enter [0-9]+ function')"
check_eq "min-statements: bodies kept" 4 "$(count small.log "^enter [0-9]+ parallel kernel \\[omp parallel:$lk\\]$")"
check_balanced "min-statements: balanced" small.log
# A leaf's threshold never skips a function holding an OpenMP construct.
pcc leafomp -O2 -fopenmp -fplugin-arg-trun-inline=yes \
    -fplugin-arg-trun-leaf-min-statements=100000 "$F" || die "build leaf-min-statements"
OMP_DYNAMIC=false record leafomp.log ./leafomp
check_balanced "leaf-min-statements: balanced" leafomp.log
check_eq "leaf-min-statements: the leaf not entered" 0 "$(count leafomp.log 'function work$')"
check_eq "leaf-min-statements: kernel and spawner kept" "2 1" \
  "$(count leafomp.log '^enter [0-9]+ function kernel$') $(count leafomp.log '^enter [0-9]+ function spawner$')"
check_eq "leaf-min-statements: their bodies kept" 4 \
  "$(count leafomp.log "^enter [0-9]+ parallel kernel \\[omp parallel:$lk\\]$")"
pcc inlnoomp -O2 -fopenmp -fplugin-arg-trun-inline=no -fplugin-arg-trun-omp=no "$F" || die "build omp=no inline"
record inlnoomp.log ./inlnoomp
check_eq "omp=no: no bodies of skipped functions either" 0 "$(count inlnoomp.log '^(enter [0-9]+ (parallel|task)|fork)')"
finish
