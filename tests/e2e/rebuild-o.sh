#!/bin/sh
# timemory-run -o OUT -- PROGRAM: an instrumented copy from a CMake
# compile_commands.json and from the commands a wrapped build recorded;
# PROGRAM and its objects stay untouched; the error without compile
# commands; and the launch form that rebuilds into the cache and runs.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

export HOME=$WORK/home XDG_CACHE_HOME=$WORK/cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR"
fixtures=$TRUN_TOP_SRCDIR/tests/e2e/fixtures

# 1. A CMake program with compile_commands.json, built without trun.
if [ -n "${CMAKE:-}" ]; then
  cp -R "$fixtures/cmakeproj" cm && chmod -R u+w cm
  "$CMAKE" -S cm -B cm/build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=Debug \
    >cm.cfg 2>&1 && "$CMAKE" --build cm/build >cm.build 2>&1 \
    || die "plain cmake build failed"
  sums=$(cd cm/build && md5sum shapes libgeometry.a CMakeFiles/*/*.o)
  "$TIMEMORY_RUN" -o shapes.inst -- cm/build/shapes >o.out 2>&1
  check_eq "-o from compile_commands.json exits 0" 0 $?
  check_grep "-o summary" 'instrumented 5 functions in 2 files.*wrote shapes.inst' o.out
  check_eq "PROGRAM and its objects untouched" "$sums" \
    "$(cd cm/build && md5sum shapes libgeometry.a CMakeFiles/*/*.o)"
  check_eq "the copy prints what the program prints" "$(cm/build/shapes)" \
    "$(TRUN_COUT_OUTPUT=off ./shapes.inst)"
  for f in 'int main()' 'int shapes::area(const rect&)' rect_area rect_perimeter; do
    check_eq "$f in the copy's report" 1 "$(row_count trun-output/trace-wall.txt "$f")"
  done
  check_eq "no report from the original" "" "$(ls cm/build | grep trun-output)"

  # --compile-commands for a program away from its build tree.
  mkdir away && cp cm/build/shapes away/
  "$TIMEMORY_RUN" -M region --compile-commands cm/build/compile_commands.json \
    -o away/shapes.region -- away/shapes >away.out 2>&1
  check_eq "--compile-commands FILE" 0 $?
  (cd away && TRUN_COUT_OUTPUT=off ./shapes.region >/dev/null)
  check_eq "region mode copy reports rect_area" 1 "$(row_count away/trun-output/wall.txt rect_area)"

  # Launch form: rebuilt into the cache once, then run with its arguments.
  "$TIMEMORY_RUN" -- cm/build/shapes >launch.out 2>launch.err
  check_eq "launch form exits with the program's status" 0 $?
  check_grep "launch form runs the copy" '^area=12 perimeter=14$' launch.out
  check_grep "launch form's copy is instrumented" 'rect_area' launch.out
  check_eq "the copy sits in the cache" 1 "$(find "$XDG_CACHE_HOME/trun" -name shapes -type f | wc -l)"
  "$TIMEMORY_RUN" -v -- cm/build/shapes >/dev/null 2>launch2.err
  check_grep "second launch reuses the cache" 'using the cached' launch2.err
else
  echo "cmake not found: CMake cases not run"
fi

# 2. A program whose commands a wrapped build recorded (static archive
#    members and the recorded link command).
cp -R "$fixtures/wrapbuild" mk && chmod -R u+w mk
(cd mk && "$TIMEMORY_RUN" -- make) >mk.out 2>&1 || die "wrapped make failed"
sums=$(cd mk && md5sum app main.o lib/*.o lib/libstat.a)
"$TIMEMORY_RUN" -M region -o app.region -- mk/app >o2.out 2>&1
check_eq "-o from a recorded build exits 0" 0 $?
check_grep "recorded -o summary" 'instrumented 4 functions in 3 files' o2.out
check_eq "recorded PROGRAM and objects untouched" "$sums" \
  "$(cd mk && md5sum app main.o lib/*.o lib/libstat.a)"
rm -rf trun-output
check_eq "the copy's output" "bits=32 sum=7 product=28" "$(TRUN_COUT_OUTPUT=off ./app.region)"
for f in main twice stat_add stat_mul; do
  check_eq "$f in the region report" 1 "$(row_count trun-output/wall.txt "$f")"
done

# 3. No compile commands anywhere: an error saying how to get them.
mkdir bare && printf 'int main (void) { return 0; }\n' > bare/h.c
gcc bare/h.c -o bare/h
"$TIMEMORY_RUN" -o h.inst -- bare/h >none.out 2>&1
check_eq "no compile commands: exit 1" 1 $?
check_grep "says CMake's option" 'CMAKE_EXPORT_COMPILE_COMMANDS=ON' none.out
check_grep "says bear" 'bear -- make' none.out
check_grep "says timemory-run -- make" 'timemory-run -- make' none.out
check_eq "no output written" no "$(test -e h.inst && echo yes || echo no)"
"$TIMEMORY_RUN" -o h.inst -- bare/nonexistent >none2.out 2>&1
check_eq "missing program: exit 1" 1 $?
check_eq "rebuild temp dirs removed" "" "$(ls "$TMPDIR")"
finish
