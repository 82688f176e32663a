# TRUN_HWLOC: hwloc through pkg-config; optional (topology in reports).
AC_DEFUN([TRUN_HWLOC], [
  PKG_CHECK_MODULES([HWLOC], [hwloc], [trun_have_hwloc=yes], [trun_have_hwloc=no])
  AS_IF([test "$trun_have_hwloc" = yes],
        [AC_DEFINE([TRUN_HAVE_HWLOC], [1], [hwloc is available])])
  AM_CONDITIONAL([TRUN_HAVE_HWLOC], [test "$trun_have_hwloc" = yes])
])
