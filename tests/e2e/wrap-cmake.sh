#!/bin/sh
# timemory-run -- cmake: configure and build a small C/C++ CMake project
# (a static library and a program) through the wrappers; every function
# reaches the report, the project's own test (ctest) passes, and nothing
# outside the build tree changes.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

[ -n "${CMAKE:-}" ] || skip_test "cmake not found by configure"
fixture=$TRUN_TOP_SRCDIR/tests/e2e/fixtures/cmakeproj
export HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR" tree
cp -R "$fixture" tree/src && chmod -R u+w tree
touch stamp
sleep 1

cd tree
"$TIMEMORY_RUN" -- "$CMAKE" -S src -B build >configure.out 2>&1
check_eq "wrapped cmake configure exits 0" 0 $?
check_grep "CMake took the wrapper as its C compiler" \
  'CMAKE_C_COMPILER:FILEPATH=.*/\.timemory-run/bin/' build/CMakeCache.txt
check_grep "configure instruments nothing (probes pass through)" \
  'instrumented 0 functions in 0 files' configure.out
"$TIMEMORY_RUN" -- "$CMAKE" --build build >build.out 2>&1
check_eq "wrapped cmake --build exits 0" 0 $?
check_grep "summary counts functions and files" 'instrumented 5 functions in 2 files' build.out
(cd build && "$TIMEMORY_RUN" -- ctest --output-on-failure) >ctest.out 2>&1
check_eq "the project's own test passes" 0 $?
report=build/trun-output/trace-wall.txt
for f in 'int main()' 'int shapes::area(const rect&)' 'int shapes::perimeter(const rect&)' \
         rect_area rect_perimeter; do
  check_eq "$f in the trace report" 1 "$(row_count "$report" "$f")"
done
cd ..

outside=$(find "$WORK" "$fixture" -newer stamp ! -path "$WORK/tree*" ! -path "$WORK" \
            ! -path "$HOME" ! -path "$TMPDIR")
check_eq "nothing changed outside the build tree" "" "$outside"
finish
