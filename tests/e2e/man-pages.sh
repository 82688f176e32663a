#!/bin/sh
# The man pages render without a warning (groff -ww), trun(7) holds every
# implemented setting of the settings table, and each installed program
# answers --help and --version.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
command -v groff >/dev/null 2>&1 || skip_test "no groff"
B=$TRUN_TOP_BUILDDIR
for page in "$TRUN_TOP_SRCDIR"/doc/man/*.1 "$B/doc/man/trun.7"; do
  name=$(basename "$page")
  LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbou -ww "$page" >"$name.txt" 2>"$name.err"
  check_eq "$name renders" 0 $?
  check_eq "$name: no warnings" "" "$(cat "$name.err")"
  check_grep "$name: a NAME section" '^NAME' "$name.txt"
done
# Every setting the runtime reads is in trun(7); the @SETTINGS@ mark gone.
sed -n 's/^ *\(BOOL\|INT\|STR\|OVR\|SPECIAL\) ("\([A-Z_]*\)".*/\2/p' \
  "$TRUN_TOP_SRCDIR/rt/config/settings-table.c" >names.txt
[ -s names.txt ] || fail "no setting names read from the table"
missing=
while read -r n; do
  grep -q "^\.B TRUN_$n\$" "$B/doc/man/trun.7" || missing="$missing $n"
done <names.txt
check_eq "trun(7) lists every setting" "" "$missing"
check_grep "trun(7): unimplemented ones listed" 'TIMEMORY_PAPI_EVENTS' "$B/doc/man/trun.7"
check_no_grep "trun(7): no placeholder left" '@SETTINGS@' "$B/doc/man/trun.7"
# --help and --version of every installed program (trun-cc by its name).
for p in timemory-run timemory-avail trun-cc; do
  "$B/$p" --help >h.txt 2>&1; check_eq "$p --help: exit 0" 0 $?
  check_grep "$p --help: usage" '^Usage: ' h.txt
  "$B/$p" --version >v.txt 2>&1; check_eq "$p --version: exit 0" 0 $?
  check_grep "$p --version" "^$p \\(trun\\) [0-9]" v.txt
done
"$B/trun-cc" --trun-version >v.txt 2>&1; check_grep "trun-cc --trun-version" '^trun-cc \(trun\)' v.txt
# Under a compiler's name, --version is the compiler's.
mkdir -p bin && ln -sf "$B/trun-cc" bin/gcc
cc_real=$(command -v gcc) || skip_test "no gcc"
PATH=$PWD/bin:$PATH gcc --version >gv.txt 2>&1
check_no_grep "gcc --version through the wrapper is gcc's" '^trun-cc' gv.txt
check_eq "the same as the real gcc's" "$("$cc_real" --version | head -n 1)" "$(head -n 1 gv.txt)"
PATH=$PWD/bin:$PATH gcc --trun-help >th.txt 2>&1
check_grep "gcc --trun-help is trun-cc's" '^Usage: trun-cc' th.txt
finish
