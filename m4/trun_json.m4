# TRUN_JSON: json-c through pkg-config; required: timemory-run reads
# compile_commands.json and its command log with it (JSON_CFLAGS,
# JSON_LIBS, for the tools only).
AC_DEFUN([TRUN_JSON], [
  PKG_CHECK_MODULES([JSON], [json-c >= 0.15], [trun_have_json=yes],
    [AC_MSG_ERROR([json-c (0.15 or later) not found: timemory-run needs it to read compile commands.
Install the Debian package libjson-c-dev (apt-get install libjson-c-dev).])])
])
