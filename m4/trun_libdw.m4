# TRUN_LIBDW: elfutils' libdw (and libelf) through pkg-config; required:
# timemory-run -o reads a program's DWARF with it (compile directories,
# sources, switches, line tables, build-id) to find or reconstruct its
# compile commands (DW_CFLAGS, DW_LIBS, for timemory-run only: the
# plugin, the runtime and the compiler wrapper never link it).
AC_DEFUN([TRUN_LIBDW], [
  PKG_CHECK_MODULES([DW], [libdw >= 0.176 libelf], [trun_have_libdw=yes],
    [AC_MSG_ERROR([libdw (elfutils 0.176 or later) not found: timemory-run needs it to read a program's DWARF.
Install the Debian package libdw-dev (apt-get install libdw-dev).])])
  trun_save_CFLAGS=$CFLAGS
  trun_save_LIBS=$LIBS
  CFLAGS="$CFLAGS $DW_CFLAGS"
  LIBS="$DW_LIBS $LIBS"
  AC_CACHE_CHECK([whether libdw links], [trun_cv_libdw_links], [
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>]],
                                    [[const void *id; Elf *e = 0;
                                      return dwarf_begin_elf (e, DWARF_C_READ, 0) != 0
                                             || dwelf_elf_gnu_build_id (e, &id) > 0;]])],
      [trun_cv_libdw_links=yes], [trun_cv_libdw_links=no])])
  CFLAGS=$trun_save_CFLAGS
  LIBS=$trun_save_LIBS
  AS_IF([test "$trun_cv_libdw_links" != yes],
        [AC_MSG_ERROR([libdw found by pkg-config but a program using it does not link (see config.log)])])
])
