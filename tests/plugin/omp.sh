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
  check_eq "$O nested parallel: 2 x 2 inner bodies" 4 "$(count log$O '^enter [0-9]+ parallel main \[omp parallel:36\]$')"
  check_eq "$O main entered once" 1 "$(count log$O '^enter 1 function main$')"
done

pcc noomp -O2 -fopenmp -fplugin-arg-trun-omp=no "$FIX/omp.c" || die "build omp=no"
record noomp.log ./noomp
check_eq "omp=no: no region bodies" 0 "$(count noomp.log '^enter [0-9]+ (parallel|task)')"
check_eq "omp=no: no fork" 0 "$(count noomp.log '^fork')"
check_eq "omp=no: functions still traced" 1 "$(count noomp.log '^enter 1 function main$')"
finish
