#!/bin/sh
# tests/e2e/mpi-serial.sh -- a program linked with MPI and trun that never
# calls MPI_Init runs as a serial one: its own tables, no rank marks, no
# job files.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require

mpi_build prog
rm -rf out
TRUN_OUTPUT_PATH=out TRUN_COUT_OUTPUT=off TRUN_MPIP=on ./prog serial >out.out 2>out.err
check_eq "exit status" 0 $?
check_eq "program output" "ranks 1 total positive" "$(cat out.out)"
check_eq "no diagnostics" "" "$(cat out.err)"
f=out/wall.txt
[ -s "$f" ] || die "no wall table; files: $(ls out)"
check_eq "mpi-region" 1 "$(count_at "$f" mpi-region)"
check_eq "local_work under mpi-region" 1 "$(count_at "$f" "mpi-region > local_work")"
check_eq "no rank marks" "-" "$(rows "$f" | cut -f1 | sort -u)"
check_eq "no job files" 0 "$(ls out | grep -c -- '-mpi\.txt$\|-mpi-ranks\.txt$\|^mpi\.json$')"
check_no_grep "no MPI regions" 'MPI_' "$f"

finish
