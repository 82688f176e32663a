#!/bin/sh
# timemory-run's instrumentation options on a two-file program built with
# `timemory-run OPTIONS -- gcc ...`: which functions the plugin
# instrumented (--print-instrumented), what was left out
# (--print-excluded), baked defaults (-d, --env) and --dry-run.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

cp "$TRUN_TOP_SRCDIR"/tests/e2e/fixtures/options/*.c .
chmod u+w ./*.c

# build OPTIONS...: instrumented names, sorted, on one line.
build () {
  rm -f list.txt prog
  "$TIMEMORY_RUN" "$@" --print-instrumented list.txt -- gcc -O0 prog.c helpers.c -o prog \
    >build.out 2>&1 || { cat build.out >&2; echo BUILD-FAILED; return; }
  cut -f2 list.txt | sort | tr '\n' ' ' | sed 's/ $//'
}

all="big_sum helper_add helper_unused main square"
check_eq "default: every function" "$all" "$(build)"
check_eq "-E excludes" "big_sum helper_add helper_unused main" "$(build -E '^square$')"
check_eq "--function-exclude=" "big_sum helper_unused main square" "$(build --function-exclude='^helper_add$')"
check_eq "-I with two regexes" "main square" "$(build -I '^main$' '^square$')"
check_eq "-R is -I" "main" "$(build -R '^main$')"
check_eq "-MI selects a file" "helper_add helper_unused" "$(build -MI 'helpers')"
check_eq "-MR is -MI" "helper_add helper_unused" "$(build -MR 'helpers\.c$')"
check_eq "-ME skips a file" "big_sum main square" "$(build -ME 'helpers')"
check_eq "-i 5 skips the small ones" "big_sum main" "$(build -i 5)"
check_eq "--min-instructions=0" "$all" "$(build --min-instructions=0)"

printf 'main\nbig_sum\n' > only.txt
check_eq "-C collection includes" "big_sum main" "$(build -C only.txt)"
printf '# comment\n!square\n!helper_unused\n' > notthese.txt
check_eq "-C collection '!' excludes" "big_sum helper_add main" "$(build --collection notthese.txt)"

mkdir profile
printf 'exclude function ^helper_add$\n' > profile/trun-filter.txt
check_eq "--filter-from a profile dir" "big_sum helper_unused main square" \
  "$(build --filter-from profile)"

# The round trip of issue 6: a run writes its filter, the next build reads it.
build >/dev/null
rm -rf trun-output
TRUN_COUT_OUTPUT=off ./prog >/dev/null
check_grep "the run wrote a filter naming the never-called one" 'helper_unused' \
  trun-output/trun-filter.txt
check_eq "--filter-from the run's output" "big_sum helper_add main square" \
  "$(build --filter-from trun-output)"
rm -rf trun-output

build -E '^square$' --print-excluded excluded.txt >/dev/null
check_grep "--print-excluded names the excluded one" '^square$' excluded.txt
check_no_grep "--print-excluded omits instrumented ones" '^main$' excluded.txt

# -M reaches the plugin.
"$TIMEMORY_RUN" --dry-run -M coverage -- gcc prog.c -o never >dry.out 2>dry.err
check_eq "--dry-run exits 0" 0 $?
check_grep "--dry-run prints the command" '^gcc prog.c -o never$' dry.out
check_grep "--dry-run shows the plugin mode" 'fplugin-arg-trun-mode=coverage' dry.err
check_eq "--dry-run builds nothing" no "$(test -e never && echo yes || echo no)"

# -v: each instrumented compiler command is printed.
build -v >/dev/null
check_grep "-v prints the wrapped compile" '^trun-cc: .*gcc .*-fplugin=' build.out

# -d: the default trace set, baked in; the environment still wins.
build -d wall_clock,peak_rss >/dev/null
./prog >run.out
check_eq "-d program output" "9 1071 3" "$(head -1 run.out)"
check_eq "-d adds the peak_rss trace table" yes \
  "$(test -f trun-output/trace-peak_rss.txt && echo yes || echo no)"
rm -rf trun-output
TRUN_TRACE_COMPONENTS=wall_clock ./prog >/dev/null
check_eq "environment beats -d" no "$(test -f trun-output/trace-peak_rss.txt && echo yes || echo no)"
check_eq "environment's set used" 1 "$(row_count trun-output/trace-wall.txt main)"

# --env: a baked setting; the environment still wins.
rm -rf trun-output
build --env TRUN_OUTPUT_PATH=baked-out --env TRUN_COUT_OUTPUT=off >/dev/null
./prog >run.out
check_eq "--env program output unchanged" "9 1071 3" "$(cat run.out)"
check_eq "--env TRUN_OUTPUT_PATH baked" 1 "$(row_count baked-out/trace-wall.txt big_sum)"
TRUN_OUTPUT_PATH=mine ./prog >/dev/null
check_eq "environment beats --env" 1 "$(row_count mine/trace-wall.txt big_sum)"
finish
