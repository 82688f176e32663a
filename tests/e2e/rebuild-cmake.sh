#!/bin/sh
# timemory-run -o on the installed program of a CMake tree configured
# without CMAKE_EXPORT_COMPILE_COMMANDS (timemory's tutorials: build,
# install, copy, rewrite): the compiles come from the tree's build.make
# recipes with their flags.make variables, -D macros included, read and
# not written; a subdirectory's target compiles where CMake runs it.
# Without the tree, a C++ program is rebuilt from its DWARF (GCC's
# "<built-in>" entry of a C++ line table is not a missing source).
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

[ -n "${CMAKE:-}" ] || skip_test "cmake not found by configure"
export HOME=$WORK/home XDG_CACHE_HOME=$WORK/cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR" run
src=$WORK/src
cp -R "$TRUN_TOP_SRCDIR/tests/e2e/fixtures/cmaketree" "$src" && chmod -R u+w "$src"
"$CMAKE" -S "$src" -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_INSTALL_PREFIX="$WORK/inst" >configure.out 2>&1 || die "cmake: $(tail -3 configure.out)"
"$CMAKE" --build build >build.out 2>&1 || die "build: $(tail -3 build.out)"
"$CMAKE" --install build >install.out 2>&1 || die "install: $(tail -3 install.out)"
[ ! -e build/compile_commands.json ] || die "the tree exported compile commands"
expected="perimeter=30 sides=4"
check_eq "the installed program" "$expected" "$("$WORK/inst/bin/tree.app")"
cp "$WORK/inst/bin/tree.app" run/13_tree
find build -type f -exec md5sum {} + | sort > tree.before

"$TIMEMORY_RUN" -v -M region -o run/13_tree.inst -- run/13_tree >tree.out 2>&1
check_eq "-o on the copy exits 0" 0 $?
check_grep "both compiles from the CMake tree" \
  "2 translation units of run/13_tree from $WORK/build/CMakeFiles/Makefile.cmake" tree.out
check_no_grep "nothing reconstructed from DWARF" 'debug information' tree.out
check_grep "the flags.make -D macros in the compile" ' -DSCALE=3 .*main\.cpp' tree.out
check_grep "the library's compile keeps its own -D" ' -DSIDES=4 .*shapes\.cpp' tree.out
check_eq "the copy computes what the original does" "$expected" \
  "$(cd run && TRUN_COUT_OUTPUT=off ./13_tree.inst)"
check_eq "scaled in its report" 4 "$(row_count run/trun-output/wall.txt 'long int scaled(long int)')"
check_eq "perimeter in its report" 1 \
  "$(row_count run/trun-output/wall.txt 'long int perimeter(const std::vector<long int>&)')"
find build -type f -exec md5sum {} + | sort > tree.after
check_eq "the tree is read, not written" "" "$(diff tree.before tree.after)"

# Without the tree: rebuilt from the DWARF (no -D, so a single-file C++
# program that needs none).
cat > solo.cpp <<'EOS'
#include <cstdio>
#include <string>
#include <vector>
static std::string
greet (const std::string &who)
{
  return "hello " + who;
}
int
main ()
{
  std::vector<std::string> v{ "a", "b" };
  for (const auto &s : v)
    std::puts (greet (s).c_str ());
  return 0;
}
EOS
"$CXX" -g -O2 solo.cpp -o solo.orig || die "g++ solo.cpp"
mkdir -p away && cp solo.orig away/13_solo && rm -f solo.orig
"$TIMEMORY_RUN" -M region -o away/13_solo.inst -- away/13_solo >solo.out 2>&1
check_eq "C++ from DWARF: -o exits 0" 0 $?
check_grep "C++ from DWARF: rebuilt from the debug information" \
  'rebuilding its 1 source from its debug information' solo.out
check_no_grep "no pseudo-file named missing" 'built-in' solo.out
check_eq "C++ from DWARF: the copy's output" "hello a
hello b" "$(cd away && TRUN_COUT_OUTPUT=off ./13_solo.inst)"
finish
