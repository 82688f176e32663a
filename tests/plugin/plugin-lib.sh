# tests/plugin/plugin-lib.sh -- sourced by the plugin tests after
# tests/lib.sh: build with the in-tree plugin against recorder.c and read
# what the recorder logged.
FIX=$TRUN_TOP_SRCDIR/tests/plugin/fixtures
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"

# The recording runtime, compiled once per test without the plugin.
RECORDER=$PWD/recorder.o
$CC -O1 -g -I"$TRUN_INCLUDE" -c "$TRUN_TOP_SRCDIR/tests/plugin/recorder.c" \
    -o "$RECORDER" || die "cannot compile recorder.c"

# pcc OUT [ARGS...]: C compile+link with the plugin and the recorder.
pcc () {
  out=$1; shift
  $CC -fplugin="$TRUN_PLUGIN" -I"$TRUN_INCLUDE" "$@" "$RECORDER" -o "$out" -lpthread
}
pcxx () {
  out=$1; shift
  $CXX -fplugin="$TRUN_PLUGIN" -I"$TRUN_INCLUDE" "$@" "$RECORDER" -o "$out" -lpthread
}

# record LOG PROGRAM [ARGS...]: run with the recorder logging to LOG; the
# program's stdout goes to LOG.out, its exit status to LOG.rc.
record () {
  log=$1; shift
  rm -f "$log"
  TRUN_RECORD=$log "$@" > "$log.out"
  echo $? > "$log.rc"
}

# events LOG KIND: "NAME" of each enter/exit/... line of that kind, in order.
events () {
  awk -v k="$2" '$1 == k { $1 = ""; $2 = ""; sub (/^  /, ""); print }' "$1"
}

# count LOG PATTERN: lines matching the extended regex.
count () { grep -Ec -- "$2" "$1"; }

# check_balanced WHAT LOG: on every thread each exit closes the innermost
# open enter of the same name, and nothing is left open at the end.
check_balanced () {
  msg=$(awk '
    $1 == "enter" || $1 == "exit" {
      t = $2; name = $0; sub (/^[a-z]+ [0-9]+ /, "", name)
      if ($1 == "enter") { stack[t, ++depth[t]] = name; next }
      if (depth[t] == 0) { print "exit without enter: " $0; bad = 1; exit }
      if (stack[t, depth[t]] != name) {
        print "exit " name " closes " stack[t, depth[t]]; bad = 1; exit }
      depth[t]--
    }
    END {
      if (bad) exit
      for (t in depth) if (depth[t] != 0) { print "thread " t " left " depth[t] " open"; exit }
    }' "$2")
  if [ -z "$msg" ]; then pass "$1"; else fail "$1: $msg"; fi
}

# desc_calls LOG NAME: the calls counter the recorder printed at exit.
desc_calls () {
  awk -v n="$2" '$1 == "desc" { l = $0; sub (/^desc [a-z]+ [0-9]+ [0-9]+ [^ ]+ /, "", l);
                   sub (/ \| .*$/, "", l); if (l == n) { print $3; exit } }' "$1"
}
