#!/bin/sh
# tests/e2e/mpi-specs.sh -- a program built and linked through trun's specs
# file by mpicc (`mpicc -specs=trun.specs -ftrun-mode=region`) gets the
# MPI wrappers without LD_PRELOAD: libtrun must come before libmpich in
# the program's libraries, so its MPI_Init/MPI_Finalize interpose.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require
[ -s "$TRUN_SPECS" ] || die "no specs file $TRUN_SPECS"

$MPICC -specs="$TRUN_SPECS" -ftrun-mode=region -I"$TRUN_INCLUDE" \
  "$TRUN_TOP_SRCDIR/tests/e2e/mpi-prog.c" -o prog || die "cannot build through the specs"
needed=$(LC_ALL=C readelf -d prog | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -E '^lib(trun|mpich|mpi)\.' | head -1)
check_eq "libtrun is the first of libtrun/libmpich the program needs" "libtrun.so.0" "$needed"

TRUN_MPIP=on TRUN_COUT_OUTPUT=off mpi_run 2 out ./prog
check_eq "exit status under mpiexec" 0 $?
check_eq "MPI_Init intercepted: aggregated table written" yes \
  "$([ -s out/wall-mpi.txt ] && echo yes || echo "no ($(ls out | tr '\n' ' '))")"
[ -s out/wall-mpi.txt ] && {
  check_eq "MPI-P regions: MPI_Barrier on both ranks" 4 "$(count_at out/wall-mpi.txt "mpi-region > MPI_Barrier")"
  check_eq "aggregated mpi-region count" 2 "$(count_at out/wall-mpi.txt mpi-region)"
}

finish
