#!/bin/sh
# timemory-run -o OUT -- PROGRAM on a copied or installed PROGRAM: its
# compile commands are found through its DWARF (a compile_commands.json
# in a parent build directory; a build timemory-run wrapped, its link
# matched by build-id); without any, it is rebuilt from its DWARF (the
# producer's switches, -I from the line table, -D from -g3) with one
# line saying so; a program without -g and one whose sources moved get
# one error naming what was looked for and how to fix it; the launch
# form's summary names the cached copy, not a temporary.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

export HOME=$WORK/home XDG_CACHE_HOME=$WORK/cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR" away
fixtures=$TRUN_TOP_SRCDIR/tests/e2e/fixtures

# A project: sources in src/ (a header in include/geo/), objects compiled
# in build/app/, compile_commands.json at the top of build/ only.
mkdir -p proj/src proj/include/geo proj/build/app
cat > proj/include/geo/scale.h <<'EOS'
#define SCALE 3
static inline int scaled (int x) { return SCALE * x; }
EOS
cat > proj/src/calc.c <<'EOS'
#include "geo/scale.h"
int calc_twice (int x) { return 2 * scaled (x) + OFFSET; }
EOS
cat > proj/src/main.c <<'EOS'
#include <stdio.h>
int calc_twice (int x);
int main (void) { printf ("value=%d\n", calc_twice (7)); return 0; }
EOS
top=$WORK/proj
(cd proj/build/app \
 && gcc -g -O1 -I../../include -DOFFSET=100 -c ../../src/calc.c -o calc.o \
 && gcc -g -O1 -c ../../src/main.c -o main.o && gcc calc.o main.o -o calc) \
  || die "building the project failed"
cat > proj/build/compile_commands.json <<EOS
[
  { "directory": "$top/build/app",
    "command": "gcc -g -O1 -I../../include -DOFFSET=100 -c ../../src/calc.c -o calc.o",
    "file": "../../src/calc.c" },
  { "directory": "$top/build/app",
    "command": "gcc -g -O1 -c ../../src/main.c -o main.o",
    "file": "../../src/main.c" }
]
EOS

# 1. The binary copied elsewhere (the tutorial's cp): the database in the
#    parent of its compile directory, with its -D.
cp proj/build/app/calc away/13_calc
"$TIMEMORY_RUN" -v -M region -o away/13_calc.inst -- away/13_calc >copy.out 2>&1
check_eq "copied binary: -o exits 0" 0 $?
check_grep "copied binary: commands from the parent build dir" \
  "2 translation units of away/13_calc from $top/build/compile_commands.json" copy.out
check_no_grep "copied binary: nothing reconstructed" 'debug information' copy.out
check_eq "copied binary's copy computes with -DOFFSET" "value=142" \
  "$(cd away && TRUN_COUT_OUTPUT=off ./13_calc.inst)"
check_eq "calc_twice in its report" 1 "$(row_count away/trun-output/wall.txt calc_twice)"

# 2. No database at all: rebuilt from the DWARF.  The -D is not in it
#    (no -g3): the reconstructed compile fails and says why.
rm proj/build/compile_commands.json
"$TIMEMORY_RUN" -o away/13_calc.g1 -- away/13_calc >g1.out 2>&1
check_eq "-g without -D recorded: -o fails" 1 $?
check_grep "says what was reconstructed, and that -D is not recorded" \
  '^timemory-run: no compile commands for away/13_calc: rebuilding its 2 sources from its debug information \(compiler switches from DW_AT_producer, 1 -I directory .*\); -D macros are not recorded by GCC unless -g3, so results may differ$' g1.out
check_grep "a reconstructed compile that fails says why" 'reconstructed from away/13_calc.s debug information' g1.out

# With -g3 the -D comes back: the copy computes what the original does.
(cd proj/build/app \
 && gcc -g3 -O1 -I../../include -DOFFSET=100 -c ../../src/calc.c -o calc.o \
 && gcc -g3 -O1 -c ../../src/main.c -o main.o && gcc calc.o main.o -o calc) \
  || die "building the -g3 project failed"
cp proj/build/app/calc away/13_calc3
"$TIMEMORY_RUN" -M region -o away/13_calc3.inst -- away/13_calc3 >g3.out 2>&1
check_eq "-g3, no database: -o exits 0" 0 $?
check_grep "one line: the -D macros came from -g3" \
  'rebuilding its 2 sources from its debug information .*; 1 -D macro from its -g3 macro information$' g3.out
check_eq "reconstructed copy computes with -DOFFSET" "value=142" \
  "$(cd away && TRUN_COUT_OUTPUT=off ./13_calc3.inst)"
check_eq "calc_twice in the reconstructed copy's report" 1 \
  "$(row_count away/trun-output/wall.txt calc_twice)"
check_eq "sources and objects untouched" "" \
  "$(find proj -newer away/13_calc3 -type f)"

# A program copied into another project that has its own database: that
# database is not taken (it compiles none of the program's sources).
mkdir -p other && cp away/13_calc3 other/ \
  && printf '[{"directory": "%s/other", "command": "gcc -c x.c", "file": "x.c"}]\n' "$WORK" \
     > other/compile_commands.json
"$TIMEMORY_RUN" -o other/x.inst -- other/13_calc3 >other.out 2>&1
check_eq "another project's database is passed over" 0 $?
check_grep "and the program rebuilt from its own DWARF" 'rebuilding its 2 sources' other.out

# 3. Moved sources: one error naming them.
mv proj/src proj/src.moved
"$TIMEMORY_RUN" -o away/moved.inst -- away/13_calc3 >moved.out 2>&1
check_eq "moved sources: exit 1" 1 $?
check_grep "names the binary" '^timemory-run: cannot rebuild away/13_calc3: no compile commands found' moved.out
check_grep "names what was looked for" "in its compile directory $top/build/app" moved.out
check_grep "names the missing sources" "^    $top/src/calc.c$" moved.out
check_grep "names the other one too" "^    $top/src/main.c$" moved.out
check_grep "says how to fix it" 'put those sources back' moved.out
check_eq "one error: no compiler ran" "" "$(grep -i 'error:' moved.out)"
mv proj/src.moved proj/src

# 4. Without -g and without a database: the error says to build with -g.
gcc -O1 -Iproj/include -DOFFSET=1 proj/src/calc.c proj/src/main.c -o away/nog
"$TIMEMORY_RUN" -o away/nog.inst -- away/nog >nog.out 2>&1
check_eq "no -g, no database: exit 1" 1 $?
check_grep "no -g: names the binary" '^timemory-run: cannot rebuild away/nog: no compile commands found' nog.out
check_grep "no -g: says there is no debug information" 'no debug information .*built without -g' nog.out
check_grep "no -g: fix with -g" 'build it with -g' nog.out
check_grep "no -g: fix with exported compile commands" 'CMAKE_EXPORT_COMPILE_COMMANDS=ON' nog.out
check_grep "no -g: fix by wrapping the build" 'timemory-run -- make' nog.out
check_eq "no -g: nothing written" no "$(test -e away/nog.inst && echo yes || echo no)"

# 5. A wrapped build's program, installed elsewhere: its recorded build is
#    found through its compile directory, its link through its build-id.
cp -R "$fixtures/wrapbuild" mk && chmod -R u+w mk
(cd mk && "$TIMEMORY_RUN" -- make) >mk.out 2>&1 || die "wrapped make failed"
mkdir -p inst/bin && cp mk/app inst/bin/app
"$TIMEMORY_RUN" -v -M region -o app.region -- inst/bin/app >inst.out 2>&1
check_eq "installed copy of a wrapped build: -o exits 0" 0 $?
check_grep "its recorded build, with the link matched by build-id" \
  "from $WORK/mk/.timemory-run/commands.jsonl \(with its link command\)" inst.out
check_eq "the installed copy's output" "bits=32 sum=7 product=28" \
  "$(TRUN_COUT_OUTPUT=off ./app.region)"

# 6. The launch form names the real copy in its summary.
"$TIMEMORY_RUN" -- away/13_calc3 >launch.out 2>launch.err
check_eq "launch form runs" 0 $?
check_grep "launch summary names the cached copy" "wrote $XDG_CACHE_HOME/trun/[0-9a-f]+/13_calc3$" launch.err
check_no_grep "launch summary names no temporary" '\.tmp[0-9]' launch.err
check_eq "rebuild temp dirs removed" "" "$(ls "$TMPDIR")"
finish
