# TRUN_HWLOC: hwloc through pkg-config; optional (topology in reports).
# libtrun never links it: rt/core/topology.c loads it with dlopen at
# finalize, by the soname found here (the NEEDED entry of a test program
# linked with HWLOC_LIBS), and uses hwloc.h only for its types.
AC_DEFUN([TRUN_HWLOC], [
  PKG_CHECK_MODULES([HWLOC], [hwloc], [trun_have_hwloc=yes], [trun_have_hwloc=no])
  AS_IF([test "$trun_have_hwloc" = yes], [
    AC_CACHE_CHECK([for the soname of libhwloc], [trun_cv_hwloc_soname], [
      trun_cv_hwloc_soname=no
      trun_save_CFLAGS=$CFLAGS
      trun_save_LIBS=$LIBS
      CFLAGS="$CFLAGS $HWLOC_CFLAGS"
      LIBS="$HWLOC_LIBS $LIBS"
      AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <hwloc.h>]],
                                      [[return (int) hwloc_get_api_version ();]])],
        [trun_so=`$OBJDUMP -p conftest$ac_exeext 2>/dev/null |
                  $AWK '$[]1 == "NEEDED" && $[]2 ~ /hwloc/ { print $[]2; exit }'`
         test -n "$trun_so" && trun_cv_hwloc_soname=$trun_so])
      CFLAGS=$trun_save_CFLAGS
      LIBS=$trun_save_LIBS])
    AS_IF([test "$trun_cv_hwloc_soname" = no],
          [AC_MSG_WARN([hwloc found, but not the soname to load it by: reports will have no topology])
           trun_have_hwloc=no])])
  AS_IF([test "$trun_have_hwloc" = yes],
        [AC_DEFINE([TRUN_HAVE_HWLOC], [1], [hwloc's headers are available])
         AC_DEFINE_UNQUOTED([TRUN_HWLOC_SONAME], ["$trun_cv_hwloc_soname"],
                            [the hwloc library libtrun loads at finalize])])
  AM_CONDITIONAL([TRUN_HAVE_HWLOC], [test "$trun_have_hwloc" = yes])
])
