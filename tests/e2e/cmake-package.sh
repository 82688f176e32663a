#!/bin/sh
# The CMake packages and timemory.pc, from an install (make install
# DESTDIR=...): a project written for timemory finds it, links it by
# the name `timemory` with USE_TIMEMORY added, and runs; component and
# version requests follow find_package's rules; trun's own package
# instruments a target with trun_instrument.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

[ -n "${CMAKE:-}" ] || skip_test "cmake not found by configure"
dest=$WORK/dest
make -s -C "$TRUN_TOP_BUILDDIR" install DESTDIR="$dest" >install.out 2>&1 \
  || { cat install.out; die "make install DESTDIR"; }
cfg=$(find "$dest" -name timemoryConfig.cmake)
check_eq "timemoryConfig.cmake in libdir/cmake/timemory" "cmake/timemory/timemoryConfig.cmake" \
  "$(echo "$cfg" | awk -F/ '{ print $(NF-2) "/" $(NF-1) "/" $NF }')"
libdir=$(dirname "$(dirname "$(dirname "$cfg")")")
for f in cmake/timemory/timemoryConfigVersion.cmake cmake/trun/trunConfig.cmake \
         cmake/trun/trunConfigVersion.cmake pkgconfig/timemory.pc; do
  [ -f "$libdir/$f" ] && pass "$f installed" || fail "$f not installed"
done
prefix=$(dirname "$libdir")
check_grep "timemory.pc links libtrun" ' -ltrun' "$libdir/pkgconfig/timemory.pc"

src=$WORK/src
cp -R "$TRUN_TOP_SRCDIR/tests/e2e/fixtures/tmcmake" "$src" && chmod -R u+w "$src"
cp "$TRUN_TOP_SRCDIR/tests/rt/timemory-tutorial.cpp" "$src/tutorial.cpp"
cp "$TRUN_TOP_SRCDIR/tests/rt/timemory-capi.c" "$src/capi.c"
# The sanitizer flags (several words) as one value of each variable.
"$CMAKE" -S "$src" -B build -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_INSTALL_PREFIX="$WORK/app" \
  "-DCMAKE_C_FLAGS=$TRUN_TEST_CFLAGS" "-DCMAKE_CXX_FLAGS=$TRUN_TEST_CFLAGS" >configure.out 2>&1
check_eq "configure exits 0" 0 $?
check_grep "components per find_package's rules" \
  'timemory 3\.3\.0: cxx=TRUE shared=TRUE python=FALSE' configure.out
"$CMAKE" --build build >build.out 2>&1
check_eq "build exits 0" 0 $?
check_grep "USE_TIMEMORY reaches the compile" 'USE_TIMEMORY.*tutorial\.cpp' build/compile_commands.json
check_grep "trun_instrument: the plugin in region mode" 'fplugin-arg-trun-mode=region.*work\.c' build/compile_commands.json
"$CMAKE" --install build >install-app.out 2>&1 || "$CMAKE" --build build --target install >install-app.out 2>&1
check_eq "the project installs" 0 $?

# The tutorial's flow: run the installed program from elsewhere.
mkdir run && cd run
cp "$WORK/app/bin/tutorial" ./tutorial
TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off ./tutorial >tut.out 2>tut.err
check_eq "installed C++ program runs" 0 $?
check_eq "its scoped records" "2 8" "$(rows_of out/wall.txt thread-parallel-region)"
TRUN_OUTPUT_PATH=out-c TRUN_COUT_OUTPUT=off "$WORK/app/bin/capi" >capi.out 2>capi.err
check_eq "installed C program runs" 0 $?
check_eq "libtrun ahead of a library listed before timemory (its MPI_Init/Finalize win)" \
  "libtrun.so.0 libm.so.6" \
  "$(readelf -d "$WORK/app/bin/capi" | sed -n 's/.*NEEDED.*\[\(lib\(trun\|m\)\.so[.0-9]*\)\]/\1/p' | tr '\n' ' ' | sed 's/ $//')"
TRUN_OUTPUT_PATH=out-r TRUN_COUT_OUTPUT=off "$WORK/app/bin/regioned" >r.out 2>r.err
check_eq "instrumented program runs" "4" "$(cat r.out)"
check_eq "functions nest in the region (region mode)" "2 1" "$(rows_of out-r/wall.txt work_step | head -1)"
check_eq "the filter file left work_skipped out" "" "$(rows_of out-r/wall.txt work_skipped)"
check_eq "main instrumented too" "0 1" "$(rows_of out-r/wall.txt main)"
cd ..

# Requests find_package must refuse.
probe () {
  mkdir -p "p-$1" && printf 'cmake_minimum_required(VERSION 3.11)\nproject(p NONE)\n%s\n' "$2" > "p-$1/CMakeLists.txt"
  "$CMAKE" -S "p-$1" -B "p-$1/b" -DCMAKE_PREFIX_PATH="$prefix" > "p-$1.out" 2>&1
}
probe req 'find_package(timemory REQUIRED COMPONENTS cxx python)'
check_eq "a required component trun lacks fails configure" 1 $?
check_grep "and names it" 'component\(s\) python not provided by trun' p-req.out
probe ver 'find_package(timemory 4.0 REQUIRED)'
check_eq "a newer major version is refused" 1 $?
probe quiet 'find_package(timemory COMPONENTS papi)
if(timemory_FOUND OR timemory_papi_FOUND)
  message(FATAL_ERROR "found")
endif()'
check_eq "a lacking non-required component: not found, no error" 0 $?
probe mode 'find_package(trun REQUIRED)
add_library(x INTERFACE)
trun_instrument(x MODE fast)'
check_eq "trun_instrument: a bad MODE fails" 1 $?
check_grep "and says what is accepted" "MODE 'fast': use trace, region or coverage" p-mode.out
finish
