#!/bin/sh
# The runtime's layers keep their direction: a file of rt/ includes only
# headers of its own folder or of a folder below it,
#   entry/, mpi/ -> lifecycle -> report/ -> core/ -> components/ -> config/
# the report layer reads the core's merged trees (core/mtree.h), never its
# internals (core/core.h), and every quoted include names its folder.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"

rt=$TRUN_TOP_SRCDIR/rt
rank () {
  case $1 in
    entry|mpi) echo 0 ;; lifecycle) echo 1 ;; report) echo 2 ;;
    core) echo 3 ;; components) echo 4 ;; config) echo 5 ;; *) echo x ;;
  esac
}
layer_of () { # rt/core/x.c -> core; rt/lifecycle.c -> lifecycle
  case $1 in */*) echo "${1%%/*}" ;; *) echo "${1%.*}" ;; esac
}

bad=$(cd "$rt" && find . -name '*.[ch]' ! -name 'mpip_wrappers.c' | sed 's|^\./||' | sort |
while read -r f; do
  from=$(layer_of "$f")
  [ "$(rank "$from")" = x ] && { echo "$f: not in a layer"; continue; }
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
  while read -r inc; do
    case $inc in
      config.h|trun/*|timemory/*|mpi/mpi-libraries.h) continue ;; # generated; include/
    esac
    if [ ! -f "$rt/$inc" ]; then
      echo "$f: \"$inc\" is not a path below rt/"; continue
    fi
    to=$(layer_of "$inc")
    if [ "$from" != "$to" ]; then
      rf=$(rank "$from"); rto=$(rank "$to")
      [ "$rto" -gt "$rf" ] || echo "$f ($from) includes $inc ($to): upward or sideways"
    fi
    [ "$from" = report ] && [ "$inc" = core/core.h ] \
      && echo "$f: the report layer reads core/mtree.h, not core/core.h"
  done
done)
check_eq "no include points up the layers" "" "$bad"

# Each header is included by its own folder or one above: none is dead.
for h in $(cd "$rt" && find . -name '*.h' | sed 's|^\./||'); do
  n=$(grep -rl --include='*.[ch]' "#include \"$h\"" "$rt" "$TRUN_TOP_SRCDIR/tests/unit" | wc -l)
  [ "$n" -gt 0 ] || fail "$h is included by nothing"
done
finish
