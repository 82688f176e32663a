#!/bin/sh
# modes.sh -- region mode (entry points, literal-name rewrite, mismatch
# warning), coverage mode, the verbose listing and list=FILE.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

# Region mode: literal names become descriptor calls, computed ones stay.
pcc region -O2 -fplugin-arg-trun-mode=region "$FIX/regions.c" 2> region.err \
  || die "build region"
record region.log ./region
check_eq "region: output" "done" "$(cat region.log.out)"
check_balanced "region: balanced" region.log
check_eq "region: literal begins rewritten" "solve inner solve inner alpha" \
  "$(events region.log region_begin | paste -sd' ')"
check_eq "region: literal ends rewritten" "inner solve inner solve beta" \
  "$(events region.log region_end | paste -sd' ')"
check_eq "region: computed name left alone" "computed|computed" \
  "$(grep -E '^api_(begin|end)' region.log | cut -d' ' -f3 | paste -sd'|')"
check_grep "region: descriptor per literal" '^desc region 0 1 .*regions.c:10 solve \| solve$' region.log
check_eq "region: one descriptor per name" 1 "$(count region.log '^desc region .* inner \|')"
check_grep "region: mismatch warning" \
  "regions.c:19:[0-9]+: warning: trun: region end .beta. does not match the begin .alpha. at line 18" region.err
check_eq "region: only one warning" 1 "$(grep -c 'warning:' region.err)"
check_eq "region: functions enter the region domain" 2 "$(count region.log '^enter 1 function solve$')"

# Forced garbage collection: the region descriptors and declarations
# kept across functions survive it.
if pcc region-gc -O2 -fplugin-arg-trun-mode=region --param ggc-min-expand=0 \
     --param ggc-min-heapsize=0 "$FIX/regions.c" 2> region-gc.err; then
  pass "region: forced GC builds"
else fail "region: forced GC build failed: $(grep -m1 'error' region-gc.err)"; fi
record region-gc.log ./region-gc
check_eq "region: forced GC same events" "$(grep -v '^desc' region.log)" \
  "$(grep -v '^desc' region-gc.log)"

# Trace mode leaves the API calls alone.
pcc trace -O2 "$FIX/regions.c" 2> trace.err || die "build trace"
record trace.log ./trace
check_eq "trace: API calls untouched" 0 "$(count trace.log '^region_')"
check_eq "trace: no mismatch warning" 0 "$(grep -c 'warning:' trace.err)"

# Coverage: no calls at all, just the counters.
for O in -O0 -O2; do
  pcc cov$O $O -fplugin-arg-trun-mode=coverage "$FIX/calls.c" || die "build coverage $O"
  record cov$O.log ./cov$O
  check_eq "coverage $O: output" "$(cat cov$O.log.out)" "$($CC "$FIX/calls.c" -o plain && ./plain)"
  check_eq "coverage $O: no markers" 0 "$(count cov$O.log '^(enter|exit)')"
  check_eq "coverage $O: fib counted" 15 "$(desc_calls cov$O.log fib)"
  check_eq "coverage $O: main counted" 1 "$(desc_calls cov$O.log main)"
  check_eq "coverage $O: classify counted" 3 "$(desc_calls cov$O.log classify)"
done
check_no_grep "coverage: no enter calls in code" 'call .*<__trun_(trace|region)_enter' \
  "$(objdump -dr cov-O2 > cov.dis; echo cov.dis)"

# Verbose listing: one line per function, with the reason when skipped.
pcc verb -O0 -fplugin-arg-trun-verbose -fplugin-arg-trun-exclude=square "$FIX/calls.c" \
  2> verb.err || die "build verbose"
check_grep "verbose: instrumented" 'trun: .*calls.c:20: instrumented fib$' verb.err
check_grep "verbose: attribute" 'trun: .*calls.c:22: skipped hidden: no_instrument_function attribute' verb.err
check_grep "verbose: inline" 'trun: .*calls.c:24: skipped tripled: declared inline' verb.err
check_grep "verbose: filter" "trun: .*calls.c:6: skipped square: excluded by 'square'" verb.err
check_eq "verbose: one line per function" 6 "$(grep -c '^trun: ' verb.err)"
case $(uname -m) in
  x86_64)
    # Its callers expect every register kept: never instrumented.
    printf '__attribute__ ((no_caller_saved_registers)) void keeps (void) {}\n' > nocsr.c
    $CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-verbose -mgeneral-regs-only \
      -c nocsr.c -o nocsr.o 2> nocsr.err || fail "build no_caller_saved_registers"
    check_grep "verbose: no_caller_saved_registers" \
      'skipped keeps: no_caller_saved_registers or interrupt attribute' nocsr.err ;;
esac
pcc quiet -O0 "$FIX/calls.c" 2> quiet.err || die "build quiet"
check_eq "no listing without verbose" "" "$(cat quiet.err)"
pcc verb2 -O0 -fopenmp -fplugin-arg-trun-verbose=2 "$FIX/omp.c" 2> verb2.err || die "build verbose=2"
check_grep "verbose=2: OpenMP bodies" 'instrumented main \[omp parallel:13\]' verb2.err

# list=FILE appends "file:line<TAB>label" for each instrumented function.
echo "# kept" > funcs.list
pcc list -O2 -fplugin-arg-trun-list="$PWD/funcs.list" "$FIX/calls.c" || die "build list"
check_eq "list: existing content kept" "# kept" "$(head -1 funcs.list)"
check_eq "list: instrumented functions" "classify fib main square" \
  "$(tail -n +2 funcs.list | cut -f2 | sort | paste -sd' ')"
check_grep "list: file and line" "calls.c:20	fib$" funcs.list
finish
