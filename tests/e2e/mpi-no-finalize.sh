#!/bin/sh
# tests/e2e/mpi-no-finalize.sh -- ranks that exit without MPI_Finalize
# still write their own reports at exit, under names that do not collide,
# and no rank waits for a gather that cannot happen.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require

mpi_build prog
# By default hydra SIGKILLs the other ranks the moment one exits without
# MPI_Finalize, so whether they reach their exit-time reports is a race
# no library can win; -disable-auto-cleanup lets every rank exit itself.
MPIEXEC_FLAGS=-disable-auto-cleanup TRUN_COUT_OUTPUT=off mpi_run 2 out ./prog no-finalize
check_eq "exit status under mpiexec" 0 $?
check_grep "program output" '^ranks 2 total positive$' out.out
check_eq "one JSON report per rank" 2 "$(ls out | grep -v '\.tree\.json$' | grep -c '\.json$')"
check_eq "one tree JSON per rank" 2 "$(ls out | grep -c '\.tree\.json$')"
check_eq "one wall table per rank" 2 "$(ls out | grep -c 'wall.*\.txt$')"
check_eq "no aggregated table (no MPI_Finalize)" 0 "$(ls out | grep -c -- '-mpi\.txt$')"
# Each rank's table holds its own run: local_work rank+1 times.
counts=$(for f in out/*wall*.txt; do count_at "$f" "mpi-region > local_work"; done | sort | tr '\n' ' ')
check_eq "each rank's own local_work count" "1 2 " "$counts"

finish
