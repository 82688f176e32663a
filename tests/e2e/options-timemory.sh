#!/bin/sh
# timemory-run's command line as timemory parses it (issue 12): lists up
# to the next option or "--" and comma-separated, timemory's Dyninst-only
# options accepted with one note, its --print-* listings, --label, -j,
# -c, and the module filters on a tutorial-style basic-region.cpp.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"
command -v g++ >/dev/null || skip_test "no g++"

cp "$TRUN_TOP_SRCDIR"/tests/e2e/fixtures/modules/* .
chmod u+w ./*
CXXBUILD="g++ -g -O0 -std=c++14 -pthread basic-region.cpp other.cpp -o basic.region"

# listing OPTIONS...: a wrapped build's timemory listing, on one line.
listing () {
  "$TIMEMORY_RUN" "$@" -- $CXXBUILD 2>build.err | sed 's/^ *//' | grep . | tr '\n' ' ' \
    | sed 's/ $//'
}

check_eq "-MI 'basic*' selects basic-region.cpp's functions (and its header's)" \
  "basic-region.cpp: fibonacci impl_fibonacci main helpers.hpp: scale" \
  "$(listing -MI 'basic*' --print-instrumented functions)"
check_eq "-ME 'basic*' leaves only other.cpp" "other.cpp" \
  "$(listing -ME 'basic*' --print-instrumented modules)"
check_eq "-MI with two regexes" "basic-region.cpp helpers.hpp other.cpp" \
  "$(listing -MI 'basic*' 'other' --print-instrumented modules)"
check_eq "-I with a comma list, then -E" "basic-region.cpp: fibonacci other.cpp: other_work" \
  "$(listing -I ^fibonacci,other_work main -E '^main$' --print-instrumented functions)"
check_eq "-I regex with {m,n} is one regex" "basic-region.cpp: impl_fibonacci" \
  "$(listing -I '^i(m){1,2}pl' --print-instrumented functions)"
check_eq "--print-available modules" "basic-region.cpp helpers.hpp other.cpp" \
  "$(listing -I nothing_matches --print-available modules)"
check_eq "--print-excluded functions: available minus instrumented" \
  "basic-region.cpp: impl_fibonacci" \
  "$(listing -E impl --print-excluded functions | sed 's/^.*\(basic-region.cpp: impl_fibonacci\).*$/\1/')"
check_eq "--print-instrumented functions+ has the signatures" \
  "basic-region.cpp: long int fibonacci(long int)" \
  "$(listing -I '^fibonacci' --print-instrumented functions+)"
check_eq "--print-instrumented pair" "basic-region.cpp: [basic-region.cpp] --> [ 19 ][fibonacci]" \
  "$(listing -I '^fibonacci' --print-instrumented pair)"
check_eq "--print-overlapping prints nothing" "" "$(listing --print-overlapping functions)"
"$TIMEMORY_RUN" --print-available bogus -- true >/dev/null 2>&1
check_eq "--print-available with a bad choice: status 2" 2 $?

# The build made above is what -o finds; timemory's README form.
"$TIMEMORY_RUN" -- $CXXBUILD >/dev/null 2>&1 || fail "wrapped build"
"$TIMEMORY_RUN" -d wall_clock peak_rss -o app.inst -- ./basic.region >out.txt 2>err.txt
check_eq "-d wall_clock peak_rss -o app.inst -- ./app: status" 0 $?
check_eq "-d ... -o: app.inst written" yes "$(test -x app.inst && echo yes || echo no)"
TRUN_COUT_OUTPUT=off ./app.inst >run.out
check_eq "app.inst runs" "144 233 66 198" "$(cat run.out)"
check_eq "-d's two components baked in" yes \
  "$(test -f trun-output/trace-peak_rss.txt && test -f trun-output/trace-wall.txt && echo yes || echo no)"
rm -rf trun-output

# A print listing on a program writes nothing and runs nothing.
"$TIMEMORY_RUN" --print-instrumented functions -o never.inst -- ./basic.region >list.txt 2>/dev/null
check_eq "--print-instrumented with -o: status" 0 $?
check_eq "--print-instrumented with -o: nothing written" no "$(test -e never.inst && echo yes || echo no)"
check_grep "--print-instrumented with -o: the list" '^    impl_fibonacci$' list.txt
"$TIMEMORY_RUN" --print-instrumented modules -c ./basic.region >list.txt 2>/dev/null
check_eq "-c PROGRAM (no --) with a listing" "basic-region.cpp helpers.hpp other.cpp" \
  "$(sed 's/^ *//' list.txt | tr '\n' ' ' | sed 's/ $//')"
check_eq "-c ran nothing" no "$(test -d trun-output && echo yes || echo no)"

# --print-dir: the four listings as files, the program still written.
"$TIMEMORY_RUN" --print-dir lists -o app2.inst -- ./basic.region >/dev/null 2>&1
for f in available instrumented excluded overlapping; do
  check_eq "--print-dir wrote $f-instr.txt" yes "$(test -f lists/$f-instr.txt && echo yes || echo no)"
done
check_grep "--print-dir's available list" 'other_work' lists/available-instr.txt
check_eq "--print-dir still writes -o's program" yes "$(test -x app2.inst && echo yes || echo no)"

# --label: file and line in the labels of the report.
"$TIMEMORY_RUN" --label file line -j 2 -o app3.inst -- ./basic.region >/dev/null 2>&1
check_eq "--label file line -j 2: status" 0 $?
TRUN_COUT_OUTPUT=off ./app3.inst >/dev/null
check_grep "--label file line: the label holds file:line" 'fibonacci\(long int\) \[basic-region.cpp:19\]' \
  trun-output/trace-wall.txt
rm -rf trun-output
"$TIMEMORY_RUN" --label bogus -- true >/dev/null 2>&1
check_eq "--label with a bad value: status 2" 2 $?

# timemory's Dyninst-only options: accepted with their arguments, one note.
"$TIMEMORY_RUN" -e -m main -l -s -L libtimemory -S --cstdlib --prefer shared --driver --ompt \
  --load libinstr libother --init-functions f1 f2 --fini-functions g1 -b 10 \
  --dynamic-callsites -r 64 --min-address-range-loop 128 --traps false --loop-traps \
  --allow-overlapping --dyninst-options TypeChecking SaveFPR -p 1 -j \
  -o app4.inst -- ./basic.region >out.txt 2>err.txt
check_eq "Dyninst-only options: status" 0 $?
check_eq "Dyninst-only options: the program is written" yes \
  "$(test -x app4.inst && echo yes || echo no)"
check_eq "Dyninst-only options: one note" 1 "$(grep -c 'note: without effect' err.txt)"
for opt in -e -m -l -s -L -S --cstdlib --prefer --driver --ompt --load --init-functions \
           --fini-functions -b --dynamic-callsites -r --min-address-range-loop --traps \
           --loop-traps --allow-overlapping --dyninst-options -p; do
  if grep 'note: without effect' err.txt | grep -q -- " $opt ("; then
    pass "the note names $opt"
  else
    fail "the note does not name $opt: $(cat err.txt)"
  fi
done
check_no_grep "the note does not name -j (it sets the rebuild's parallelism)" ' -j \(' err.txt

# --env: lists, and a value with commas stays whole.
"$TIMEMORY_RUN" --env TRUN_OUTPUT_PATH=envout,TRUN_COUT_OUTPUT=off \
  TRUN_TRACE_COMPONENTS=wall_clock,peak_rss -o app5.inst -- ./basic.region >/dev/null 2>&1
./app5.inst >/dev/null
check_eq "--env A=1,B=2 C=x,y: all three baked" yes \
  "$(test -f envout/trace-peak_rss.txt && test -f envout/trace-wall.txt && echo yes || echo no)"
finish
