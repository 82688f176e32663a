#!/bin/sh
# Every link the wrapper or the specs file sees gets the runtime, as
# needed: objects instrumented earlier link (no undefined __trun_*), and
# plain objects link no runtime.  A tree configured under timemory-run
# and rebuilt later without it; the wrapper called by hand; -specs= on a
# link line without any -ftrun-* flag.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"
# The wrapper's and the specs file's links add the runtime alone; a
# sanitizer-built runtime would need the sanitizer's flags on every link.
sanitizer_skip '*' "links made with the wrapper's flags only cannot load a sanitizer-built runtime"

export HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR"
fixtures=$TRUN_TOP_SRCDIR/tests/e2e/fixtures
needs_trun () { readelf -d "$1" | grep -c 'NEEDED.*libtrun'; }

printf 'int twice (int x) { return 2 * x; }\n' > twice.c
printf 'int twice (int);\nint main (void) { return twice (21) - 42; }\n' > main.c

# 1. The wrapper outside timemory-run, on instrumented and plain objects.
"$TIMEMORY_RUN" -- gcc -c twice.c main.c >wrap.out 2>&1 || die "wrapped compile failed"
wrapper=$WORK/.timemory-run/bin/gcc
"$wrapper" twice.o main.o -o inst.bin 2>link.err
check_eq "wrapper outside timemory-run links instrumented objects" 0 $?
check_no_grep "no undefined marker" '__trun' link.err
check_eq "the program needs the runtime" 1 "$(needs_trun inst.bin)"
TRUN_COUT_OUTPUT=off ./inst.bin
check_eq "and runs" 0 $?
gcc -c twice.c -o plain-twice.o && gcc -c main.c -o plain-main.o
"$wrapper" plain-twice.o plain-main.o -o plain.bin
check_eq "wrapper links plain objects" 0 $?
check_eq "without the runtime (as needed)" 0 "$(needs_trun plain.bin)"
"$wrapper" -shared -fPIC twice.c -o libplain.so
check_eq "a plain shared library needs no runtime" 0 "$(needs_trun libplain.so)"

# 2. CMake: configured and built under timemory-run, then one file
#    changed and rebuilt without it: the link of the still-instrumented
#    library with the plain object must add the runtime.
if [ -n "${CMAKE:-}" ]; then
  cp -R "$fixtures/cmakeproj" src && chmod -R u+w src
  "$TIMEMORY_RUN" -- "$CMAKE" -S src -B build >cfg.out 2>&1 \
    && "$TIMEMORY_RUN" -- "$CMAKE" --build build >b1.out 2>&1 || die "wrapped cmake build failed"
  sleep 1 && echo '// changed' >> src/shapes.cpp
  "$CMAKE" --build build >b2.out 2>&1
  check_eq "rebuilt without timemory-run: links" 0 $?
  check_no_grep "no undefined reference to the markers" 'undefined reference' b2.out
  check_eq "the program needs the runtime (its library is instrumented)" 1 "$(needs_trun build/shapes)"
  (cd build && TRUN_COUT_OUTPUT=off ./shapes >run.out)
  check_eq "and runs" "area=12 perimeter=14" "$(cat build/run.out)"
  check_eq "rect_area still measured" 1 "$(row_count build/trun-output/trace-wall.txt rect_area)"
  "$CMAKE" --build build --clean-first >b3.out 2>&1
  check_eq "a clean plain rebuild there" 0 $?
  check_eq "links no runtime" 0 "$(needs_trun build/shapes)"
else
  echo "cmake not found: CMake cases not run"
fi

# 3. -specs= on link lines without any -ftrun-* flag.
[ -s "$TRUN_SPECS" ] || die "no specs file $TRUN_SPECS"
$CC $TRUN_TEST_CFLAGS -fplugin="$TRUN_PLUGIN" -c twice.c -o spec-twice.o || die "plugin compile failed"
$CC -specs="$TRUN_SPECS" spec-twice.o plain-main.o -o spec.bin 2>spec.err
check_eq "-specs link of an instrumented object, no -ftrun-*" 0 $?
check_no_grep "-specs: no undefined marker" '__trun' spec.err
check_eq "-specs: the program needs the runtime" 1 "$(needs_trun spec.bin)"
TRUN_COUT_OUTPUT=off ./spec.bin
check_eq "-specs: it runs" 0 $?
$CC -specs="$TRUN_SPECS" plain-twice.o plain-main.o -o spec-plain.bin
check_eq "-specs: plain objects link" 0 $?
check_eq "-specs: without the runtime (as needed)" 0 "$(needs_trun spec-plain.bin)"
$CC -specs="$TRUN_SPECS" -shared -fPIC spec-twice.o -o libspec.so 2>/dev/null \
  || $CC -specs="$TRUN_SPECS" -fplugin="$TRUN_PLUGIN" -fPIC -shared twice.c -o libspec.so
check_eq "-specs: an instrumented shared library needs the runtime" 1 "$(needs_trun libspec.so)"
$CC -specs="$TRUN_SPECS" -r spec-twice.o -o partial.o
check_eq "-specs: a relocatable link still works" 0 $?
finish
