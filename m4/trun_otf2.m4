# TRUN_OTF2: the OTF2 headers (Debian's libotf2-trace-dev); optional
# (TRUN_TIMELINE_FORMAT=otf2).  libtrun never links libotf2:
# rt/report/otf2.c loads it with dlopen when the format is asked for, by
# the soname found here (the NEEDED entry of a test program linked with
# -lotf2), and uses the headers only for types and constants.
AC_DEFUN([TRUN_OTF2], [
  trun_have_otf2=no
  AC_CHECK_HEADER([otf2/otf2.h], [
    AC_CACHE_CHECK([for the soname of libotf2], [trun_cv_otf2_soname], [
      trun_cv_otf2_soname=no
      trun_save_LIBS=$LIBS
      for trun_lib in otf2 open-trace-format2; do
        LIBS="-l$trun_lib $trun_save_LIBS"
        AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <otf2/otf2.h>]],
                                        [[return OTF2_Archive_Close (0) != OTF2_SUCCESS;]])],
          [trun_so=`$OBJDUMP -p conftest$ac_exeext 2>/dev/null |
                    $AWK '$[]1 == "NEEDED" && $[]2 ~ /otf2|trace-format2/ { print $[]2; exit }'`
           test -n "$trun_so" && trun_cv_otf2_soname=$trun_so])
        test "$trun_cv_otf2_soname" != no && break
      done
      LIBS=$trun_save_LIBS])
    AS_IF([test "$trun_cv_otf2_soname" != no], [trun_have_otf2=yes],
          [AC_MSG_WARN([otf2/otf2.h found, but not the soname of libotf2: no OTF2 timeline])])])
  AS_IF([test "$trun_have_otf2" = yes],
        [AC_DEFINE([TRUN_HAVE_OTF2], [1], [OTF2's headers are available])
         AC_DEFINE_UNQUOTED([TRUN_OTF2_SONAME], ["$trun_cv_otf2_soname"],
                            [the OTF2 library libtrun loads for TRUN_TIMELINE_FORMAT=otf2])])
  AC_SUBST([trun_have_otf2])
  AC_PATH_PROG([OTF2_PRINT], [otf2-print], [])
  AM_CONDITIONAL([TRUN_HAVE_OTF2], [test "$trun_have_otf2" = yes])
])
