#!/bin/sh
# The tree JSON (timemory's layout), the folded stacks and the CSV of a
# multi-threaded program built with the plugin: parsed, their fields and
# their nesting checked, and their counts and inclusive values checked
# against the text table (tests/rt/out-check.py); names whole and
# escaped; the settings that switch them; trace-mode names; a 100000-deep
# recursion gives a folded file of bounded size whose values still add up.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
command -v python3 > /dev/null || skip_test "no python3"
SRC=$TRUN_TOP_SRCDIR/tests/rt/outputs.c
CHECK=$TRUN_TOP_SRCDIR/tests/rt/out-check.py

trun_cc region -O1 -o region "$SRC" || die "compile region"
trun_cc trace -O1 -o trace "$SRC" || die "compile trace"
# Tables with whole names (TRUN_MAX_WIDTH=0), to compare with the writers'.
export TRUN_COUT_OUTPUT=false TRUN_THROTTLE_COUNT=0 TRUN_MAX_WIDTH=0

TRUN_OUTPUT_PATH=r TRUN_CSV_OUTPUT=on TRUN_TIMING_UNITS=usec ./region 3 \
  > out.txt 2> err.txt || fail "region run"
check_eq "no diagnostics" "" "$(cat err.txt)"
for f in wall.tree.json wall.folded wall.csv; do
  [ -s "r/$f" ] && pass "r/$f written" || fail "r/$f missing"
done
python3 "$CHECK" r wall wall_clock > check.txt 2>&1 \
  && pass "tree JSON, folded and CSV agree with the table ($(grep -c '^ok' check.txt) checks)" \
  || fail "region outputs: $(grep FAIL check.txt)"

# One thread: no node's children outlast it, so the folded values add up
# to the root's inclusive value.
TRUN_OUTPUT_PATH=one TRUN_CSV_OUTPUT=on ./region 0 > /dev/null 2> err.txt || fail "one-thread run"
python3 "$CHECK" one wall wall_clock exact > check-1.txt 2>&1 \
  && pass "one thread: folded sum = root's inclusive" || fail "one thread: $(grep FAIL check-1.txt)"

# Seconds (the default unit): the same checks; memory: bytes in the
# folded file, the table's MB in the tree.
TRUN_OUTPUT_PATH=s TRUN_COMPONENTS=wall_clock,peak_rss,cpu_util ./region 2 \
  > /dev/null 2> err.txt || fail "seconds run"
python3 "$CHECK" s wall wall_clock > check-s.txt 2>&1 \
  && pass "in seconds too" || fail "seconds: $(grep FAIL check-s.txt)"
[ -s s/peak_rss.tree.json ] && [ -f s/peak_rss.folded ] \
  && pass "peak_rss: tree and folded" || fail "peak_rss files: $(ls s)"
[ -s s/cpu_util.tree.json ] && [ ! -e s/cpu_util.folded ] \
  && pass "cpu_util: tree, no folded (percentages do not add)" \
  || fail "cpu_util files: $(ls s)"
[ -e s/wall.csv ] && fail "CSV written by default" || pass "CSV off by default"

# Trace mode: the functions' files carry trace-.
TRUN_OUTPUT_PATH=t ./trace 2 > /dev/null 2> err.txt || fail "trace run"
for f in trace-wall.tree.json trace-wall.folded; do
  [ -s "t/$f" ] && pass "t/$f written" || fail "t/$f missing: $(ls t)"
done
check_grep "trace folded has main;compute;fib..." '^main;compute(;fib)+ [0-9]+$' t/trace-wall.folded

# The settings, with timemory's name for the tree.
TRUN_OUTPUT_PATH=off TRUN_TREE_OUTPUT=off TRUN_FOLDED_OUTPUT=no ./region 1 \
  > /dev/null 2>&1 || fail "off run"
check_eq "TRUN_TREE_OUTPUT=off, TRUN_FOLDED_OUTPUT=no: neither file" "" \
  "$(ls off | grep -E 'tree.json|folded')"
TRUN_OUTPUT_PATH=tm TIMEMORY_TREE_OUTPUT=false ./region 1 > /dev/null 2>&1 || fail "tm run"
[ -e tm/wall.tree.json ] && fail "TIMEMORY_TREE_OUTPUT=false ignored" \
  || pass "TIMEMORY_TREE_OUTPUT=false honoured"
# A tree larger than TRUN_TREE_MAX_NODES: no tree JSON, one warning
# naming the setting; the other outputs are written.
TRUN_OUTPUT_PATH=big TRUN_TREE_MAX_NODES=3 ./region 1 > /dev/null 2> err.txt || fail "big run"
check_eq "TRUN_TREE_MAX_NODES=3: no tree JSON" "" "$(ls big | grep 'tree.json')"
check_eq "TRUN_TREE_MAX_NODES=3: one warning naming it" 1 "$(grep -c 'TRUN_TREE_MAX_NODES=3' err.txt)"
[ -s big/wall.folded ] && [ -s big/trun.json ] && pass "TRUN_TREE_MAX_NODES=3: the rest written" \
  || fail "TRUN_TREE_MAX_NODES=3: files missing: $(ls big)"
TRUN_OUTPUT_PATH=bad TRUN_FOLDED_OUTPUT=maybe ./region 1 > /dev/null 2> err.txt || fail "bad run"
check_grep "bad value warns, naming the variable" 'TRUN_FOLDED_OUTPUT="maybe"' err.txt
[ -s bad/wall.folded ] && pass "bad value: the default (on)" || fail "bad value: no folded file"

# 100000 deep: the folded file stops at TRUN_PATH_MAX_DEPTH (512) levels
# and its values still add up to the root's inclusive value.
plain_cc -O0 -o deep "$TRUN_TOP_SRCDIR/tests/rt/deep.c" || die "compile deep"
sanitizer_skip thread "ThreadSanitizer stores no stack deeper than 65535 calls"
( ulimit -s unlimited 2>/dev/null; TRUN_OUTPUT_PATH=dp TRUN_TEXT_OUTPUT=false \
  TRUN_TIMING_UNITS=usec ./deep > /dev/null 2> err.txt ) || fail "deep run"
check_eq "deep: no diagnostics" "" "$(cat err.txt)"
lines=$(wc -l < dp/wall.folded)
[ "$lines" -le 512 ] && pass "deep: $lines folded lines" || fail "deep: $lines folded lines"
maxd=$(awk '{ n = split($1, a, ";"); if (n > m) m = n } END { print m }' dp/wall.folded)
[ "$maxd" -le 512 ] && pass "deep: at most 512 frames ($maxd)" || fail "deep: $maxd frames"
PYTHONPATH=$TRUN_TOP_SRCDIR/tools python3 - dp/wall.folded dp/trun.json <<'PY' && pass "deep: folded sum = root inclusive" || fail "deep: folded sum"
import importlib, json, sys
trun_json = importlib.import_module("trun-json")
total = sum(int(l.rsplit(" ", 1)[1]) for l in open(sys.argv[1]))
nodes = trun_json.expand_tree(json.load(open(sys.argv[2]))["region"])
root = sum(n["components"]["wall_clock"]["sum"] for n in nodes if n["parent"] == -1)
sys.exit(0 if abs(total - root) <= 1.0 else 1)
PY
size=$(wc -c < dp/wall.tree.json)
[ "$size" -lt 200000000 ] && pass "deep: tree JSON linear in size ($size bytes)" \
  || fail "deep: tree JSON $size bytes"
finish
