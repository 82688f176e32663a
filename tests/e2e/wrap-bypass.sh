#!/bin/sh
# timemory-run -- BUILD on a build that names its compiler by absolute
# path.  A CMake tree configured without timemory-run: built with trun-cc
# as its compiler and linker launcher, every function instrumented, the
# cache put back byte for byte, and a plain build afterwards plain again.
# A makefile with CC=/usr/bin/gcc: an error saying nothing was
# instrumented and how to fix it, never "instrumented 0 functions" and
# exit 0.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

export HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR"
fixtures=$TRUN_TOP_SRCDIR/tests/e2e/fixtures

# 1. CMake, configured and built plainly first.
if [ -n "${CMAKE:-}" ]; then
  cp -R "$fixtures/cmakeproj" src && chmod -R u+w src
  "$CMAKE" -S src -B build >cfg.out 2>&1 && "$CMAKE" --build build >plain.out 2>&1 \
    || die "plain cmake build failed"
  cp build/CMakeCache.txt cache.before
  "$TIMEMORY_RUN" -- "$CMAKE" --build build >b.out 2>&1
  check_eq "cmake --build on a plain tree exits 0" 0 $?
  check_grep "says the cache names another compiler, and what it does" \
    'CMakeCache.txt names .* as its C compiler, not timemory-run.s wrapper: building it' b.out
  check_grep "every function instrumented" 'instrumented 5 functions in 2 files' b.out
  check_eq "the cache is put back" "" "$(diff cache.before build/CMakeCache.txt)"
  (cd build && TRUN_COUT_OUTPUT=off ./shapes >run.out)
  check_eq "the instrumented program runs" "area=12 perimeter=14" "$(cat build/run.out)"
  for f in 'int main()' 'int shapes::area(const rect&)' rect_area rect_perimeter; do
    check_eq "$f in its report" 1 "$(row_count build/trun-output/trace-wall.txt "$f")"
  done
  "$CMAKE" --build build >plain2.out 2>&1
  check_eq "a plain build afterwards succeeds" 0 $?
  check_eq "and makes a plain program again" 0 "$(readelf -d build/shapes | grep -c libtrun)"
  check_eq "which prints no table" "area=12 perimeter=14" "$(cd build && ./shapes)"

  # make in the build tree is the same build.
  (cd build && "$TIMEMORY_RUN" -- make) >m.out 2>&1
  check_eq "make in a plain CMake tree exits 0" 0 $?
  check_grep "make there: every function instrumented" 'instrumented 5 functions in 2 files' m.out
  check_eq "make there: the cache is put back" "" "$(diff cache.before build/CMakeCache.txt)"
else
  echo "cmake not found: CMake cases not run"
fi

# 2. A makefile naming its compiler by absolute path.
gcc_path=$(command -v gcc)
mkdir abs && cd abs
printf 'CC = %s\napp: a.o\n\t$(CC) a.o -o app\na.o: a.c\n\t$(CC) -c a.c -o a.o\n' "$gcc_path" > Makefile
printf 'int twice (int x) { return 2 * x; }\nint main (void) { return twice (0); }\n' > a.c
"$TIMEMORY_RUN" -- make >abs.out 2>&1
check_eq "a build that bypassed the wrapper: exit 1" 1 $?
check_grep "says objects were compiled and the program linked without the wrapper" \
  'error: the build compiled 1 object \(a.o\) and linked 1 program \(app\) without timemory-run.s' abs.out
check_grep "says nothing was instrumented" 'nothing was instrumented' abs.out
check_grep "says how to fix it" 'timemory-run -- make CC=gcc CXX=g\+\+' abs.out
check_no_grep "does not blame the build's own status" 'the build exited with status' abs.out
# Straight after the last run: files it wrote are older than the new
# run's start stamp, on the clock file times come from.
"$TIMEMORY_RUN" -- make >again.out 2>&1
check_eq "up to date: the build's status" 0 $?
check_grep "up to date: a note that nothing was compiled" 'note: nothing was compiled' again.out
"$TIMEMORY_RUN" -- make clean CC=gcc >/dev/null 2>&1
rm -f a.o app
"$TIMEMORY_RUN" -- make CC=gcc >fixed.out 2>&1
check_eq "the fix works" 0 $?
check_grep "the fix instruments" 'instrumented 2 functions in 1 file' fixed.out
cd ..

# 3. One step, compile and link (cc a.c -o app), by absolute path: no
#    object is left, the program is.  A copy of an up-to-date program
#    (make install) is no link.
mkdir one && cd one
printf 'CC = %s\napp: a.c\n\t$(CC) -g a.c -o app\ninstall: app\n\tmkdir -p bin && cp app bin/app\n' "$gcc_path" > Makefile
cp ../abs/a.c .
"$TIMEMORY_RUN" -- make >one.out 2>&1
check_eq "one-step compile and link bypassing the wrapper: exit 1" 1 $?
check_grep "says the program was linked without the wrapper" \
  'error: the build linked 1 program \(app\) without timemory-run.s' one.out
check_no_grep "one step: no up-to-date note" 'note: nothing was compiled' one.out
"$TIMEMORY_RUN" -- make install >inst.out 2>&1
check_eq "make install of the up-to-date program: the build's status" 0 $?
check_no_grep "a copy is not a link" 'error:' inst.out
cd ..
finish
