# TRUN_WARN_FLAGS: warning flags the C compiler accepts, in TRUN_CFLAGS.
AC_DEFUN([TRUN_WARN_FLAGS], [
  TRUN_CFLAGS=""
  AC_LANG_PUSH([C])
  for trun_flag in -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes; do
    trun_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $trun_flag"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
                      [TRUN_CFLAGS="$TRUN_CFLAGS $trun_flag"])
    CFLAGS=$trun_save_CFLAGS
  done
  AC_LANG_POP([C])
  AC_SUBST([TRUN_CFLAGS])
])
