#!/bin/sh
# hatchet's timemory reader (tests/rt/hatchet-check.py: an installed
# hatchet, or hatchet/readers/timemory_reader.py of a checkout named by
# TRUN_HATCHET_READER, with pandas) loads the tree JSON of a
# multi-threaded program, and its inclusive counts and times per node
# equal the text table's.  Skipped without hatchet's reader or pandas.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import pandas' 2> /dev/null; then
    py=$p; break
  fi
done
[ -n "$py" ] || skip_test "no python3 with pandas (Debian: python3-pandas)"
"$py" -c 'import hatchet' 2> /dev/null || [ -f "${TRUN_HATCHET_READER:-}" ] \
  || skip_test "no hatchet, and TRUN_HATCHET_READER names no timemory_reader.py"

trun_cc region -O1 -o region "$TRUN_TOP_SRCDIR/tests/rt/outputs.c" || die "compile"
TRUN_COUT_OUTPUT=false TRUN_THROTTLE_COUNT=0 TRUN_TIMING_UNITS=usec ./region 3 \
  > /dev/null 2> err.txt || fail "run"
check_eq "no diagnostics" "" "$(cat err.txt)"
"$py" "$TRUN_TOP_SRCDIR/tests/rt/hatchet-check.py" trun-output/wall.tree.json \
  trun-output/wall.txt wall_clock > check.txt 2>&1 \
  && pass "hatchet: $(tail -1 check.txt | sed 's/^ok: //')" \
  || fail "hatchet: $(cat check.txt | tail -5)"
finish
