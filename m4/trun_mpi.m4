# TRUN_MPI: --with-mpi[=MPICC] / --without-mpi; default: use mpicc when found.
AC_DEFUN([TRUN_MPI], [
  AC_ARG_WITH([mpi],
    [AS_HELP_STRING([--with-mpi@<:@=MPICC@:>@], [build MPI support (default: when mpicc is found)])],
    [], [with_mpi=check])
  trun_have_mpi=no
  MPICC=
  AS_CASE([$with_mpi],
    [no], [],
    [yes|check], [AC_PATH_PROG([MPICC], [mpicc], [])],
    [MPICC=$with_mpi])
  AS_IF([test -n "$MPICC"], [
    AC_MSG_CHECKING([whether $MPICC links an MPI program])
    echo '#include <mpi.h>
int main (int c, char **v) { MPI_Init (&c, &v); MPI_Finalize (); return 0; }' > conftest_mpi.c
    AS_IF([$MPICC -o conftest_mpi conftest_mpi.c >&AS_MESSAGE_LOG_FD 2>&1],
          [trun_have_mpi=yes], [])
    rm -f conftest_mpi conftest_mpi.c
    AC_MSG_RESULT([$trun_have_mpi])
  ])
  AS_IF([test "$with_mpi" = yes && test "$trun_have_mpi" = no],
        [AC_MSG_ERROR([--with-mpi given but no working mpicc: apt-get install mpich libmpich-dev])])
  AS_IF([test "$trun_have_mpi" = yes], [
    MPI_CFLAGS=`$MPICC -show -c | tr ' ' '\n' | grep '^-I' | tr '\n' ' '`
    MPI_LIBS=`$MPICC -show | tr ' ' '\n' | grep -E '^-(L|l|Wl)' | tr '\n' ' '`
    AC_PATH_PROG([MPIEXEC], [mpiexec], [])
    AC_DEFINE([TRUN_HAVE_MPI], [1], [MPI is available])])
  AC_SUBST([trun_have_mpi])
  AC_SUBST([MPICC])
  AC_SUBST([MPI_CFLAGS])
  AC_SUBST([MPI_LIBS])
  AM_CONDITIONAL([TRUN_HAVE_MPI], [test "$trun_have_mpi" = yes])
])
