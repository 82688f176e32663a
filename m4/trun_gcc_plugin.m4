# TRUN_GCC_PLUGIN: find GCC's plugin headers, then prove a plugin built
# with them loads.  Sets TRUN_GCC_PLUGIN_DIR, TRUN_PLUGIN_CPPFLAGS.
AC_DEFUN([TRUN_GCC_PLUGIN], [
  AC_REQUIRE([AC_PROG_CC])
  AC_REQUIRE([AC_PROG_CXX])
  AC_MSG_CHECKING([for GCC plugin headers])
  TRUN_GCC_PLUGIN_DIR=`$CC -print-file-name=plugin`
  trun_gcc_major=`$CC -dumpversion | cut -d. -f1`
  AS_IF([test -f "$TRUN_GCC_PLUGIN_DIR/include/gcc-plugin.h"],
        [AC_MSG_RESULT([$TRUN_GCC_PLUGIN_DIR/include])],
        [AC_MSG_RESULT([no])
         AC_MSG_ERROR([GCC plugin headers not found under '$TRUN_GCC_PLUGIN_DIR/include'.
Install the Debian package gcc-$trun_gcc_major-plugin-dev (apt-get install gcc-$trun_gcc_major-plugin-dev).])])
  TRUN_PLUGIN_CPPFLAGS="-I$TRUN_GCC_PLUGIN_DIR/include"

  AC_MSG_CHECKING([whether $CXX builds a GCC plugin that $CC loads])
  trun_dir=conftest.plugin.d
  rm -rf $trun_dir && mkdir $trun_dir
  cat > $trun_dir/p.cc <<'_TRUN_EOF'
#include "gcc-plugin.h"
#include "plugin-version.h"
int plugin_is_GPL_compatible;
int plugin_init (struct plugin_name_args *info, struct plugin_gcc_version *v)
{
  return plugin_default_version_check (v, &gcc_version) ? 0 : 1;
}
_TRUN_EOF
  echo 'int main (void) { return 0; }' > $trun_dir/t.c
  AS_IF([$CXX $TRUN_PLUGIN_CPPFLAGS -fPIC -shared -fno-rtti -o $trun_dir/p.so $trun_dir/p.cc >&AS_MESSAGE_LOG_FD 2>&1 &&
         $CC -fplugin=./$trun_dir/p.so -c -o $trun_dir/t.o $trun_dir/t.c >&AS_MESSAGE_LOG_FD 2>&1],
        [AC_MSG_RESULT([yes])],
        [AC_MSG_RESULT([no])
         rm -rf $trun_dir
         AC_MSG_ERROR([a test plugin built with $CXX did not load into $CC; build with the g++ that matches $CC (see config.log)])])
  rm -rf $trun_dir
  AC_SUBST([TRUN_GCC_PLUGIN_DIR])
  AC_SUBST([TRUN_PLUGIN_CPPFLAGS])
])

# TRUN_LIBIBERTY: libiberty (plugin uses its helpers via GCC's headers).
AC_DEFUN([TRUN_LIBIBERTY], [
  AC_CHECK_HEADER([libiberty/libiberty.h], [],
    [AC_MSG_ERROR([libiberty headers not found: apt-get install libiberty-dev])])
])
