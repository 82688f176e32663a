# TRUN_SANITIZERS: --enable-sanitizers (AddressSanitizer and
# UndefinedBehaviorSanitizer) or --enable-tsan (ThreadSanitizer), never
# both.  Sets TRUN_SAN_CFLAGS, used to compile and link the runtime, the
# tools, the unit tests, the example and (through TRUN_TEST_CFLAGS in the
# tests' environment) the programs the shell tests build against libtrun,
# and TRUN_SAN_LDFLAGS, the -fsanitize= that every program linked with
# such a libtrun needs (the sanitizer's runtime must be loaded first):
# trun.specs and timemory-run add it to the link steps they make; and
# TRUN_SAN_LIB, that runtime's -l, which trun.specs puts before its
# early -ltrun (GCC's driver would put it after).  The
# GCC plugin never gets either: it runs inside cc1, which is not built
# with a sanitizer.  trun_sanitizers: none, address,undefined or thread.
AC_DEFUN([TRUN_SANITIZERS], [
  AC_REQUIRE([AC_PROG_CC])
  AC_ARG_ENABLE([sanitizers],
    [AS_HELP_STRING([--enable-sanitizers],
      [build the runtime, tools and tests with AddressSanitizer and UndefinedBehaviorSanitizer (not the GCC plugin)])],
    [], [enable_sanitizers=no])
  AC_ARG_ENABLE([tsan],
    [AS_HELP_STRING([--enable-tsan],
      [build the runtime, tools and tests with ThreadSanitizer (not the GCC plugin); make check-tsan runs the threaded tests])],
    [], [enable_tsan=no])
  AS_CASE([$enable_sanitizers], [yes|no], [],
    [AC_MSG_ERROR([bad value '$enable_sanitizers' for --enable-sanitizers: yes or no])])
  AS_CASE([$enable_tsan], [yes|no], [],
    [AC_MSG_ERROR([bad value '$enable_tsan' for --enable-tsan: yes or no])])
  AS_IF([test "$enable_sanitizers" = yes && test "$enable_tsan" = yes],
    [AC_MSG_ERROR([--enable-sanitizers and --enable-tsan cannot be used together: ThreadSanitizer does not combine with AddressSanitizer; configure two build directories])])

  trun_sanitizers=none
  TRUN_SAN_CFLAGS=
  TRUN_SAN_LDFLAGS=
  TRUN_SAN_LIB=
  AS_IF([test "$enable_sanitizers" = yes], [
    trun_sanitizers=address,undefined
    TRUN_SAN_LDFLAGS="-fsanitize=address,undefined"
    TRUN_SAN_LIB=-lasan
    TRUN_SAN_CFLAGS="$TRUN_SAN_LDFLAGS -fno-omit-frame-pointer -fno-sanitize-recover=undefined"])
  AS_IF([test "$enable_tsan" = yes], [
    trun_sanitizers=thread
    TRUN_SAN_LDFLAGS="-fsanitize=thread"
    TRUN_SAN_LIB=-ltsan
    TRUN_SAN_CFLAGS=$TRUN_SAN_LDFLAGS])

  AS_IF([test "$trun_sanitizers" != none], [
    AC_MSG_CHECKING([whether $CC builds and links with $TRUN_SAN_CFLAGS])
    AC_LANG_PUSH([C])
    trun_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS $TRUN_SAN_CFLAGS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <stdlib.h>]],
                                    [[free (malloc (16));]])],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([$CC cannot link with $TRUN_SAN_CFLAGS: install GCC's sanitizer runtimes (Debian: libasan8 libubsan1 for --enable-sanitizers, libtsan2 for --enable-tsan); see config.log])])
    CFLAGS=$trun_save_CFLAGS
    AC_LANG_POP([C])])

  AC_SUBST([TRUN_SAN_CFLAGS])
  AC_SUBST([TRUN_SAN_LDFLAGS])
  AC_SUBST([TRUN_SAN_LIB])
  AC_SUBST([trun_sanitizers])
  AM_CONDITIONAL([TRUN_ASAN], [test "$enable_sanitizers" = yes])
  AM_CONDITIONAL([TRUN_TSAN], [test "$enable_tsan" = yes])
])
