#!/bin/sh
# tests/e2e/mpi-timemory.sh -- the tutorial-style C++ program of
# rt-timemory-dropin.sh with MPI (USE_MPI, as timemory's tutorials
# build it: MPI_Init before timemory_init_library, MPI_Finalize after
# timemory_finalize_library), g++ -std=c++14 -Wall -Werror, on 2 ranks:
# rank 0's job tables hold both ranks' regions, counts summed.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require

# mpicc's own flags (MPICH: -show), for g++; -ltrun ahead of the MPI
# library, as on an mpicc line, so that its MPI_Finalize is the one called.
mpi_flags=$($MPICC -show | tr ' ' '\n' | grep -E '^-(I|L|l|Wl)' | tr '\n' ' ')
$CXX $TRUN_TEST_CFLAGS -std=c++14 -Wall -Wextra -Werror -DUSE_MPI -I"$TRUN_INCLUDE" \
  -o tut "$TRUN_TOP_SRCDIR/tests/rt/timemory-tutorial.cpp" \
  -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun $mpi_flags -pthread \
  || die "compile the C++ MPI program"

TRUN_COUT_OUTPUT=off mpi_run 2 out ./tut
check_eq "exit status under mpiexec" 0 $?
# F(5) + F(10) + ... + F(40) on each rank, reduced over 2 ranks.
# (The ranks' lines can interleave on the shared stdout: count the value.)
check_eq "both ranks print the reduced sum" 2 "$(grep -o 'sum\|224952240' out.out | grep -c 224952240)"
agg=out/wall-mpi.txt
[ -s "$agg" ] || die "no job table $agg; files: $(ls out)"
check_grep "the job table spans both ranks" 'ACROSS 2 MPI RANKS' "$agg"
check_eq "main: once per rank" 2 "$(count_at "$agg" main)"
check_eq "scoped records on 4 threads of each rank" 16 \
  "$(count_at "$agg" "main > thread-region > thread-parallel-region")"
check_eq "their fibonacci records" 16 \
  "$(count_at "$agg" "main > thread-region > thread-parallel-region > fibonacci")"
check_eq "mpi-region under main on both ranks" 2 "$(count_at "$agg" "main > mpi-region")"
check_eq "ranks that ran mpi-region" "0-1" "$(cell_at "$agg" "mpi-region" 7)"
check_eq "the warnings of the components trun lacks, once a rank" 2 \
  "$(grep -c "component(s) current_peak_rss not measured by trun" out.err)"

# Through the plugin in region mode: the instrumented main records wall
# time only (the component set grows inside it), so the peak_rss job
# table's tree starts below it, at depth 0, as each rank's own table does.
$CXX $TRUN_TEST_CFLAGS -std=c++14 -Wall -Werror -DUSE_MPI -I"$TRUN_INCLUDE" \
  -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=region -o tut-region \
  "$TRUN_TOP_SRCDIR/tests/rt/timemory-tutorial.cpp" \
  -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun $mpi_flags -pthread \
  || die "compile the C++ MPI program through the plugin"
TRUN_COUT_OUTPUT=off mpi_run 2 region ./tut-region
check_eq "region mode under mpiexec" 0 $?
for t in region/peak_rss-mpi.txt region/wall-mpi.txt; do
  check_eq "$t: rows nest from depth 0" ok "$(rows "$t" | awk -F'\t' '
    NR == 1 && $2 != 0 { bad = 1 } NR > 1 && $2 > prev + 1 { bad = 1 } { prev = $2 }
    END { print (NR && !bad) ? "ok" : "bad" }')"
done
check_eq "peak_rss job table: its top row is the main region" 2 "$(count_at region/peak_rss-mpi.txt main)"

# Linked the other way round (the MPI library first, as a CMake project
# that lists MPI::MPI_CXX before a plain -ltrun gets), the program's
# MPI_Init and MPI_Finalize are the library's: each rank writes its own files after
# one warning, nothing lost.
$CXX $TRUN_TEST_CFLAGS -std=c++14 -Wall -Werror -DUSE_MPI -I"$TRUN_INCLUDE" -o tut-late \
  "$TRUN_TOP_SRCDIR/tests/rt/timemory-tutorial.cpp" $mpi_flags -Wl,--no-as-needed \
  -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun -pthread || die "compile tut-late"
TRUN_COUT_OUTPUT=off mpi_run 2 late ./tut-late
check_eq "libtrun after the MPI library: exit 0" 0 $?
check_eq "one warning, naming the fix" 1 "$(grep -c "MPI_Init and MPI_Finalize are the MPI library's.*link -ltrun ahead" late.err)"
check_eq "each rank's own tables" "late/wall-rank0.txt late/wall-rank1.txt" \
  "$(echo late/wall-rank*.txt)"
check_eq "rank 1's scoped records" 8 \
  "$(count_at late/wall-rank1.txt "main > thread-region > thread-parallel-region")"
finish
