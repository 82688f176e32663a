# TRUN_CMOCKA: CMocka through pkg-config; needed by make check's unit tests.
AC_DEFUN([TRUN_CMOCKA], [
  PKG_CHECK_MODULES([CMOCKA], [cmocka], [trun_have_cmocka=yes], [trun_have_cmocka=no
    AC_MSG_WARN([CMocka not found: make check needs it (apt-get install libcmocka-dev)])])
  AM_CONDITIONAL([TRUN_HAVE_CMOCKA], [test "$trun_have_cmocka" = yes])
])
