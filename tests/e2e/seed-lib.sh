# tests/e2e/seed-lib.sh -- what the seed scenario tests share (sourced
# after tests/lib.sh): running the example, reading its tables as paths,
# and the counts the example must produce, computed from its inputs.
#
# The example (examples/basic-region/basic-region.c), run without
# arguments, works on the values 1..10:
#   thread-region: fibonacci(v) for every v, one thread-parallel-region each
#   mpi-region:    fibonacci(v % 20 + 10) for every v, impl_fibonacci(25),
#                  then fibonacci(v) again for every v (one scatter_gather each)
SEED_VALUES="1 2 3 4 5 6 7 8 9 10"
SEED_MODULO_INPUT=25
SEED_PROGRAM=$TRUN_TOP_BUILDDIR/examples/basic-region/basic.region

seed_nvalues () { set -- $SEED_VALUES; echo $#; }
seed_mpi_values () { for v in $SEED_VALUES; do echo $((v % 20 + 10)); done; }

# fib_profile N...: calls of the naive recursive Fibonacci at each depth of
# the call tree (depth 0: the calls made with N...), one count per line.
# A call with n >= 2 makes one call with n-1 and one with n-2.
fib_profile () {
  echo "$@" | awk '{
    for (i = 1; i <= NF; i++) h[$i]++
    for (;;) {
      total = 0
      for (v in h) total += h[v]
      if (total == 0) break
      printf "%d\n", total
      for (v in nh) delete nh[v]
      for (v in h) if (v + 0 >= 2) { nh[v - 1] += h[v]; nh[v - 2] += h[v] }
      for (v in h) delete h[v]
      for (v in nh) h[v] = nh[v]
    }
  }'
}

# fib_total N...: all calls of the naive recursion.
fib_total () { fib_profile "$@" | awk '{ s += $1 } END { printf "%d\n", s }'; }

# seed_launch PROGRAM OUTDIR [ARGS...]: run PROGRAM as the seed does (under
# `$MPIEXEC -n 2` when trun was built with MPI), its report in OUTDIR and
# its stdout in OUTDIR.out.  Throttling is off (the test wants exact
# counts) and the tables are not printed (stdout is compared).
seed_launch () {
  prog=$1 outdir=$2; shift 2
  rm -rf "$outdir" "$outdir".out*
  if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then
    # One stdout file per rank: the ranks' output would interleave mid-line.
    TRUN_OUTPUT_PATH=$outdir TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=0 \
      "$MPIEXEC" -n 2 -outfile-pattern "$outdir.out.%r" "$prog" "$@" 2>"$outdir.err"
    status=$?
    cat "$outdir.out.0" "$outdir.out.1" >"$outdir.out"
    return $status
  fi
  TRUN_OUTPUT_PATH=$outdir TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=0 \
    "$prog" "$@" >"$outdir.out" 2>"$outdir.err"
}

# seed_plugin_build MODE OUT LOG: the example compiled straight through
# the plugin (mpicc, which passes the plugin options through to gcc,
# when trun was built with MPI).
seed_plugin_build () {
  if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then
    CC=$MPICC trun_cc "$1" -std=gnu11 -g -O2 -pthread -DTRUN_HAVE_MPI \
      -o "$2" "$TRUN_TOP_SRCDIR/examples/basic-region/basic-region.c" -lm >"$3" 2>&1
  else
    trun_cc "$1" -std=gnu11 -g -O2 -pthread \
      -o "$2" "$TRUN_TOP_SRCDIR/examples/basic-region/basic-region.c" -lm >"$3" 2>&1
  fi
}

# seed_ranks: how many processes seed_launch runs.
seed_ranks () { if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then echo 2; else echo 1; fi; }

# table_paths FILE: one line per table row, "RANK<TAB>DEPTH<TAB>COUNT<TAB>PATH",
# PATH being the labels from the root down joined by " > ".  RANK is the
# row's rank mark (`|1>>> `), or - for an unmarked row (`| >>> `).  The
# label cell holds "|_" itself, so cells are split at "| " only.
table_paths () {
  awk '
    match($0, /^\|[0-9 ]*>>> /) {
      rank = substr($0, 2, RLENGTH - 5); gsub(/ /, "", rank)
      if (rank == "") rank = "-"
      n = split(substr($0, RLENGTH + 1), cell, /\| /)
      label = cell[1]; sub(/^ *(\|_)?/, "", label); sub(/ +$/, "", label)
      count = cell[2]; gsub(/ /, "", count)
      depth = cell[3]; gsub(/ /, "", depth); depth += 0
      stack[depth] = label
      path = stack[0]
      for (d = 1; d <= depth; d++) path = path " > " stack[d]
      printf "%s\t%s\t%s\t%s\n", rank, depth, count, path
    }' "$1"
}

# table_shape FILE: "DEPTH LABEL COUNT" per row with the depth-0 label
# replaced by ROOT (it is the program's own argv[0]).
table_shape () {
  table_paths "$1" | awk -F'\t' '{
    n = split($4, part, / > /); label = part[n]; if ($2 == 0) label = "ROOT"
    print $1, $2, label, $3 }'
}

# path_count FILE SUFFIX [RANK]: the COUNT of the rows whose path ends with
# the whole labels SUFFIX ("a > b"), summed; empty when there is none.
path_count () {
  table_paths "$1" | awk -F'\t' -v suffix="$2" -v want="${3:-}" '
    (want == "" || $1 == want) {
      p = $4
      if (p == suffix || substr(p, length(p) - length(suffix) - 2) == " > " suffix) {
        s += $3; found = 1 }
    }
    END { if (found) printf "%d\n", s }'
}

# repeat_label LABEL N: " > LABEL" N times.
repeat_label () {
  r=; i=0
  while [ "$i" -lt "$2" ]; do r="$r > $1"; i=$((i + 1)); done
  printf '%s' "$r"
}

# check_fib_chain WHAT FILE PARENT_PATH PROFILE RANK: below PARENT_PATH,
# the impl_fibonacci row at depth k of the recursion has the k-th count of
# PROFILE (one per line), and nothing is deeper.
check_fib_chain () {
  what=$1 file=$2 parent=$3 profile=$4 rank=$5
  k=0 bad=0
  for expected in $profile; do
    k=$((k + 1))
    got=$(path_count "$file" "$parent$(repeat_label impl_fibonacci $k)" "$rank")
    if [ "$got" != "$expected" ]; then
      fail "$what: impl_fibonacci at recursion depth $k: expected $expected, got '${got}'"
      bad=1
    fi
  done
  deeper=$(path_count "$file" "$parent$(repeat_label impl_fibonacci $((k + 1)))" "$rank")
  [ -z "$deeper" ] || { fail "$what: impl_fibonacci deeper than $k levels"; bad=1; }
  [ "$bad" = 1 ] || pass "$what: impl_fibonacci counts at all $k depths"
}

# seed_table DIR LABEL: the text table for metric LABEL in report DIR that
# holds the whole run: under MPI rank 0's table aggregated across the ranks
# (counts summed), else the process's own.
seed_table () {
  if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then echo "$1/$2-mpi.txt"; else echo "$1/$2.txt"; fi
}

# check_same_output WHAT BASE OTHER: the instrumented run printed the same
# lines as the plain one (sorted: the threads' lines interleave).
check_same_output () {
  sort "$2.out" >"$2.sorted"; sort "$3.out" >"$3.sorted"
  if cmp -s "$2.sorted" "$3.sorted"; then pass "$1: same stdout as uninstrumented"
  else fail "$1: stdout differs from uninstrumented ($2.out vs $3.out)"; fi
}

# check_seed_plain DIR: the uninstrumented example's own region tree,
# from the program's structure: 7 rows (under MPI the aggregated table
# folds the ranks' rows by path and sums their counts).
check_seed_plain () {
  n=$(seed_nvalues) r=$(seed_ranks)
  for metric in peak_rss wall; do
    f=$(seed_table "$1" $metric)
    [ -s "$f" ] || { fail "plain: no $metric table ($f)"; continue; }
    check_eq "plain $metric: rows" 7 "$(table_paths "$f" | wc -l)"
    check_eq "plain $metric: generation-region" "$r" "$(path_count "$f" generation-region)"
    check_eq "plain $metric: thread-region" "$r" "$(path_count "$f" thread-region)"
    check_eq "plain $metric: thread-parallel-region" "$((r * n))" \
      "$(path_count "$f" "thread-region > thread-parallel-region")"
    check_eq "plain $metric: fibonacci under it" "$((r * n))" \
      "$(path_count "$f" "thread-region > thread-parallel-region > fibonacci")"
    check_eq "plain $metric: mpi-region" "$r" "$(path_count "$f" mpi-region)"
    check_eq "plain $metric: fibonacci under mpi-region" "$((r * 2 * n))" \
      "$(path_count "$f" "mpi-region > fibonacci")"
  done
}

# check_seed_trace BASE TRACE: trace mode leaves the region tables exactly
# as the uninstrumented program wrote them and reports the functions in
# the trace tables.
check_seed_trace () {
  base=$1 trace=$2
  for metric in peak_rss wall; do
    bf=$(seed_table "$base" $metric) tf=$(seed_table "$trace" $metric)
    [ -s "$tf" ] || { fail "trace: no $metric region table ($tf)"; continue; }
    table_shape "$bf" >base.$metric.shape; table_shape "$tf" >trace.$metric.shape
    if cmp -s base.$metric.shape trace.$metric.shape; then
      pass "trace: $metric region table has exactly the uninstrumented rows"
    else
      fail "trace: $metric region table rows differ:
$(diff base.$metric.shape trace.$metric.shape)"
    fi
  done

  tw=$(seed_table "$trace" trace-wall)
  [ -s "$tw" ] || { fail "trace: no trace table ($tw)"; return; }
  r=$(seed_ranks) n=$(seed_nvalues)
  check_eq "trace: impl_fibonacci calls in trace-wall" \
    "$(( r * $(fib_total $SEED_VALUES $(seed_mpi_values) $SEED_VALUES $SEED_MODULO_INPUT) ))" \
    "$(path_count "$tw" impl_fibonacci)"
  check_eq "trace: fibonacci calls in trace-wall" "$((r * 3 * n))" "$(path_count "$tw" fibonacci)"
  check_eq "trace: allreduce in trace-wall" "$r" "$(path_count "$tw" allreduce)"
  check_eq "trace: scatter_gather in trace-wall" "$((r * n))" "$(path_count "$tw" scatter_gather)"
  # Only the root rank makes the random numbers.
  check_eq "trace: create_rand_nums in trace-wall" "$n" \
    "$(path_count "$tw" "scatter_gather > create_rand_nums")"
  check_no_grep "trace: no in-source region in the trace table" \
    'thread-parallel-region|generation-region' "$tw"
}

# check_seed_region REGION TRACE: region mode puts the functions into the
# in-source region tree with the exact call count at every depth.
check_seed_region () {
  region=$1 trace=$2
  r=$(seed_ranks) n=$(seed_nvalues)
  f=$(seed_table "$region" peak_rss)
  [ -s "$f" ] || { fail "region: no peak_rss table ($f)"; return; }
  for metric in peak_rss wall; do
    mf=$(seed_table "$region" $metric)
    tpr="thread-region > thread-parallel-region"
    check_eq "region $metric: $tpr" "$((r * n))" "$(path_count "$mf" "$tpr")"
    check_eq "region $metric: fibonacci (function) under it" "$((r * n))" \
      "$(path_count "$mf" "$tpr > fibonacci")"
    check_eq "region $metric: fibonacci (region) under fibonacci" "$((r * n))" \
      "$(path_count "$mf" "$tpr > fibonacci > fibonacci")"
    check_fib_chain "region $metric: thread-region" "$mf" "$tpr > fibonacci > fibonacci" \
      "$(fib_profile $SEED_VALUES | awk -v r="$r" '{ print $1 * r }')" ""
    check_eq "region $metric: mpi-region > fibonacci > fibonacci" "$((r * 2 * n))" \
      "$(path_count "$mf" "mpi-region > fibonacci > fibonacci")"
    check_fib_chain "region $metric: mpi-region fibonacci" "$mf" "mpi-region > fibonacci > fibonacci" \
      "$(fib_profile $(seed_mpi_values) $SEED_VALUES | awk -v r="$r" '{ print $1 * r }')" ""
    check_fib_chain "region $metric: mpi-region modulo" "$mf" "mpi-region" \
      "$(fib_profile $SEED_MODULO_INPUT | awk -v r="$r" '{ print $1 * r }')" ""
    check_eq "region $metric: mpi-region > allreduce" "$r" "$(path_count "$mf" "mpi-region > allreduce")"
    check_eq "region $metric: mpi-region > scatter_gather" "$((r * n))" \
      "$(path_count "$mf" "mpi-region > scatter_gather")"
    check_eq "region $metric: mpi-region > scatter_gather > create_rand_nums" "$n" \
      "$(path_count "$mf" "mpi-region > scatter_gather > create_rand_nums")"
  done
  rows_region=$(table_paths "$f" | wc -l)
  rows_trace=$(table_paths "$(seed_table "$trace" peak_rss)" | wc -l)
  if [ "$rows_region" -gt "$rows_trace" ]; then
    pass "region mode prints more peak_rss rows ($rows_region) than trace mode ($rows_trace)"
  else
    fail "region mode prints $rows_region peak_rss rows, trace mode $rows_trace"
  fi
}

# check_seed_scenario: with trace.inst and region.inst built in the
# scratch dir, run them and the plain program and check everything the
# seed asserts.
check_seed_scenario () {
  [ -x trace.inst ] && [ -x region.inst ] || finish
  seed_launch "$SEED_PROGRAM" plain; check_eq "plain run exit status" 0 $?
  seed_launch ./trace.inst trace; check_eq "trace.inst exit status" 0 $?
  seed_launch ./region.inst region; check_eq "region.inst exit status" 0 $?

  check_same_output trace plain trace
  check_same_output region plain region
  check_seed_plain plain
  check_seed_trace plain trace
  check_seed_region region trace
}

# speedscope_require: skip unless Chromium and the speedscope package
# are there (tests/run-all.sh installs both); sets $chromium and $ss (the
# package's dist/release, or TRUN_SPEEDSCOPE_DIR), and builds the seed's
# region-mode copy region.inst.
speedscope_require () {
  sanitizer_skip '*' "Chromium's own run is what this checks; the runtime is covered elsewhere"
  chromium=$(command -v chromium || command -v chromium-browser || true)
  [ -n "$chromium" ] || skip_test "no chromium (Debian package chromium)"
  ss=${TRUN_SPEEDSCOPE_DIR:-$TRUN_TOP_BUILDDIR/npm/node_modules/speedscope/dist/release}
  [ -f "$ss/index.html" ] || skip_test "no speedscope in $ss (npm install --prefix BUILD/npm speedscope)"
  [ -x "$SEED_PROGRAM" ] || die "$SEED_PROGRAM not built"
  seed_plugin_build region region.inst build.log || die "build: $(tail -5 build.log)"
}
