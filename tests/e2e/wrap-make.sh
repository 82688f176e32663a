#!/bin/sh
# timemory-run -- make: a makefile naming gcc literally, a recursive make,
# static and shared libraries, an assembler file, a dependency-only step
# and a configure-style probe; every function reaches the report, the
# fixture's own test passes, and nothing outside the build tree changes.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/tools-lib.sh"

fixture=$TRUN_TOP_SRCDIR/tests/e2e/fixtures/wrapbuild
export HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$TMPDIR"
cp -R "$fixture" tree && chmod -R u+w tree
touch stamp
sleep 1

(cd tree && "$TIMEMORY_RUN" -- make) >build.out 2>build.err
check_eq "wrapped make exits 0" 0 $?
check_grep "summary counts functions and files" 'instrumented 6 functions in 5 files' build.err
check_grep "summary says where the report goes" 'report to trun-output/' build.err
check_grep "summary line of what was skipped, by reason" \
  '^timemory-run: skipped [0-9]+ functions? in [0-9]+ compiled units?($|: [0-9]+ [a-z-]+(, [0-9]+ [a-z-]+)*$)' build.err
(cd tree && "$TIMEMORY_RUN" -- make check) >check.out 2>check.err
check_eq "the fixture's own test passes" 0 $?
for f in main twice stat_add stat_mul shr_square; do
  check_eq "$f in the trace report" 1 "$(row_count tree/trun-output/trace-wall.txt "$f")"
done

# Pass-through steps: dependency-only output and the assembler object.
check_grep "gcc -MM output unchanged" '^main.o: main.c' tree/main.d
check_eq "asm object built" yes "$(test -f tree/asm_one.o && echo yes)"
log=tree/.timemory-run/commands.jsonl
check_no_grep "assembler step not recorded" '"file": "asm_one.S"' "$log"
check_no_grep "-MM step not recorded" '"-MM"' "$log"
for f in probe.c main.c stat_add.c stat_mul.c shared/shr.c; do
  check_grep "compile of $f recorded" "\"file\": \"$f\"" tree/.timemory-run/compile_commands.json
done
check_grep "link of app recorded" '"kind": "link".*"output": "app"' "$log"
check_no_grep "recorded commands hold no plugin flags" 'fplugin' "$log"

# Nothing outside the tree: the fixture source, HOME, TMPDIR untouched.
outside=$(find "$WORK" "$fixture" -newer stamp ! -path "$WORK/tree*" ! -path "$WORK" \
            ! -path "$WORK/*.out" ! -path "$WORK/*.err" ! -path "$HOME" ! -path "$TMPDIR")
check_eq "nothing changed outside the build tree" "" "$outside"

# The build's exit status is timemory-run's.
(cd tree && "$TIMEMORY_RUN" -- make no-such-target) >/dev/null 2>&1
check_eq "failing make's status" 2 $?
"$TIMEMORY_RUN" -- sh -c 'exit 3' >/dev/null 2>&1
check_eq "a script's status" 3 $?

# A second gcc wrapper later on PATH is skipped too: no loop.
mkdir -p loop && ln -s "$TRUN_TOP_BUILDDIR/trun-cc" loop/gcc
printf 'int helper (void) { return 4; }\nint main (void) { return helper () - 4; }\n' > loop.c
PATH=$WORK/loop:$PATH "$TIMEMORY_RUN" -- gcc loop.c -o loop.bin >loop.out 2>&1
check_eq "wrapper behind a wrapper finds the real gcc" 0 $?
TRUN_COUT_OUTPUT=off ./loop.bin
check_eq "that program runs" 0 $?
check_grep "its functions were instrumented" 'instrumented 2 functions in 1 file' loop.out

# The user's own plugin arguments (in CFLAGS, say) come after the plugin
# and win over timemory-run's.
"$TIMEMORY_RUN" -- gcc -fplugin-arg-trun-min-statements=1000 loop.c -o loop2.bin >own.out 2>&1
check_eq "a plugin argument of the user's: the compile works" 0 $?
check_grep "and it applies" 'skipped 2 functions in 1 compiled unit: 2 min-statements' own.out
"$TIMEMORY_RUN" -- gcc -fplugin-arg-trun-leaf-min-statements=1000 loop.c -o loop3.bin >leaf.out 2>&1
check_eq "leaf-min-statements through timemory-run" 0 $?
check_grep "the leaf counted in the summary" 'skipped 1 function in 1 compiled unit: 1 leaf-min-statements' leaf.out

# Preprocess-only and syntax-only steps pass through unchanged.
"$TIMEMORY_RUN" -v -- gcc -E loop.c -o loop.i >e.out 2>&1
check_eq "gcc -E through the wrappers" 0 $?
check_no_grep "-E runs the compiler unchanged" '^trun-cc:' e.out
check_no_grep "-E output has no instrumentation" '__trun' loop.i
"$TIMEMORY_RUN" -v -- gcc -fsyntax-only loop.c >syn.out 2>&1
check_no_grep "-fsyntax-only runs unchanged" '^trun-cc:' syn.out

# libtool (the one configure made for this tree): a libtool library and a
# program linked against it.
LIBTOOL=$TRUN_TOP_BUILDDIR/libtool
if [ -x "$LIBTOOL" ]; then
  mkdir lt && cd lt
  printf 'int lt_twice (int x) { return 2 * x; }\n' > twice.c
  printf 'int lt_twice (int);\n#include <stdio.h>\nint main (void) { printf ("%%d\\n", lt_twice (21)); return 0; }\n' > use.c
  cat > build.sh <<EOS
set -e
$LIBTOOL --tag=CC --mode=compile gcc -c twice.c
$LIBTOOL --tag=CC --mode=link gcc -o libtwice.la twice.lo -rpath "$WORK/lt/inst"
$LIBTOOL --tag=CC --mode=compile gcc -c use.c
$LIBTOOL --tag=CC --mode=link gcc -o use use.lo libtwice.la
EOS
  "$TIMEMORY_RUN" -- sh build.sh >lt.out 2>&1
  check_eq "libtool build through the wrappers" 0 $?
  check_grep "libtool: both files instrumented" 'instrumented 2 functions in 2 files' lt.out
  check_eq "libtool program runs" 42 "$(TRUN_COUT_OUTPUT=off ./use)"
  check_eq "lt_twice in its report" 1 "$(row_count trun-output/trace-wall.txt lt_twice)"
  cd ..
fi

# MPICH's wrappers take the compiler from MPICH_CC.
if [ "${TRUN_HAVE_MPI:-no}" = yes ]; then
  cat > mpi.c <<'EOS'
#include <mpi.h>
static int rank_of (void) { int r; MPI_Comm_rank (MPI_COMM_WORLD, &r); return r; }
int main (int argc, char **argv) { MPI_Init (&argc, &argv); int r = rank_of (); MPI_Finalize (); return r; }
EOS
  "$TIMEMORY_RUN" -- "${MPICC:-mpicc}" mpi.c -o mpi.bin >mpi.out 2>&1
  check_eq "mpicc through the wrappers" 0 $?
  check_grep "mpicc: functions instrumented" 'instrumented 2 functions in 1 file' mpi.out
  check_grep "mpi program links the runtime" 'libtrun' "$(readelf -d mpi.bin >mpi.dyn; echo mpi.dyn)"
fi
finish
