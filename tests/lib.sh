# tests/lib.sh -- sourced by every shell test.  Needs the variables that
# Makefile.am's AM_TESTS_ENVIRONMENT exports.
set -u

: "${TRUN_TOP_BUILDDIR:?run through make check}"

# A private scratch directory per test, removed on success.
TEST_NAME=$(basename "$0" .sh)
WORK=$TRUN_TOP_BUILDDIR/tests/work/$TEST_NAME
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK" || exit 99

nfail=0
fail () { echo "FAIL: $*" >&2; nfail=$((nfail + 1)); }
pass () { echo "ok: $*"; }
skip_test () { echo "SKIP: $*"; exit 77; }
die () { echo "ERROR: $*" >&2; exit 99; }

# check_eq WHAT EXPECTED ACTUAL
check_eq () {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

# check_grep WHAT PATTERN FILE: the extended regex occurs in FILE.
check_grep () {
  if grep -Eq -- "$2" "$3"; then pass "$1"; else fail "$1: /$2/ not in $3"; fi
}

# long_json FILE: FILE (a trun.json) with its nodes in the long form of
# schema version 1, one node a line (tools/trun-json.py), written to
# FILE.long; prints that name (empty file when FILE is not a profile).
long_json () {
  python3 "$TRUN_TOP_SRCDIR/tools/trun-json.py" "$1" > "$1.long" 2>/dev/null \
    || : > "$1.long"
  echo "$1.long"
}

# check_no_grep WHAT PATTERN FILE
check_no_grep () {
  if grep -Eq -- "$2" "$3"; then fail "$1: /$2/ unexpectedly in $3"; else pass "$1"; fi
}

# TRUN_TEST_CFLAGS: the sanitizer flags of a --enable-sanitizers or
# --enable-tsan build (empty otherwise).  Every program linked with
# libtrun needs them then: the sanitizer's runtime must be loaded first.
TRUN_TEST_CFLAGS=${TRUN_TEST_CFLAGS:-}

# sanitizer_skip PATTERN WHY: skip this test when the build's sanitizers
# (TRUN_SANITIZERS: address,undefined or thread) match the shell PATTERN;
# never in a build without them.
sanitizer_skip () {
  pat=$1; shift
  case ${TRUN_SANITIZERS:-none} in
    none|'') ;;
    $pat) skip_test "built with -fsanitize=$TRUN_SANITIZERS: $*" ;;
  esac
}

# trun_cc MODE [ARGS...]: compile and link with the in-tree plugin and runtime.
trun_cc () {
  mode=$1; shift
  $CC $TRUN_TEST_CFLAGS -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode="$mode" -I"$TRUN_INCLUDE" \
      "$@" -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun -lpthread
}
trun_cxx () {
  mode=$1; shift
  $CXX $TRUN_TEST_CFLAGS -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode="$mode" -I"$TRUN_INCLUDE" \
      "$@" -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun -lpthread
}
# plain_cc [ARGS...]: the runtime without the plugin (public API only).
plain_cc () {
  $CC $TRUN_TEST_CFLAGS -I"$TRUN_INCLUDE" "$@" -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun -lpthread
}

# Table cells are separated by " | "; the label cell itself may hold "|_".
# table_count FILE LABEL [DEPTH]: the COUNT of the first row with this
# label (and depth) in a timemory-style table file; empty when absent.
table_count () {
  table_rows "$1" | awk -v lab="$2" -v dep="${3:-}" '
    { d = $1; c = $NF; l = $0; sub(/^[^ ]+ /, "", l); sub(/ [^ ]+$/, "", l)
      if (l == lab && (dep == "" || d == dep)) { print c; exit } }'
}

# table_rows FILE: "depth label count" per row, in order.
table_rows () {
  awk -F' [|] ' '
    /^\| (\|[0-9]+)?>>> / {
      l = $1; sub(/^\| (\|[0-9]+)?>>> */, "", l); sub(/^\|_/, "", l); sub(/ +$/, "", l)
      sub(/ \[throttled\]$/, "", l)
      c = $2; gsub(/ /, "", c); d = $3; gsub(/ /, "", d)
      print d, l, c
    }' "$1"
}

finish () {
  if [ "$nfail" -eq 0 ]; then cd / && rm -rf "$WORK"; exit 0; fi
  echo "$nfail check(s) failed; scratch kept in $WORK" >&2
  exit 1
}
