#!/bin/sh
# The flame graph (rt/report/flamegraph.c) of a multi-threaded program
# built with the plugin: valid, self-contained XML whose frames nest, with
# the functions' and regions' whole names (markup escaped, invalid UTF-8
# and control bytes replaced); 2000 narrow regions merged into their
# caller; one file per time component, trace mode's with trace-; the
# settings that switch it and set the minimum width; a million-node tree
# and a 100000-deep recursion give files of a few hundred kilobytes at
# most.  tests/rt/out-flamegraph-browser.sh renders it in Chromium.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
command -v python3 > /dev/null || skip_test "no python3"
SRC=$TRUN_TOP_SRCDIR/tests/rt/flame.c
CHECK=$TRUN_TOP_SRCDIR/tests/rt/flame-check.py

trun_cc region -O1 -o region "$SRC" || die "compile region"
trun_cc trace -O1 -o trace "$SRC" || die "compile trace"
export TRUN_COUT_OUTPUT=false TRUN_THROTTLE_COUNT=0

TRUN_OUTPUT_PATH=r ./region 3 > out.txt 2> err.txt || fail "region run"
check_eq "no diagnostics" "" "$(cat err.txt)"
svg=r/wall.flamegraph.svg
[ -s $svg ] && pass "$svg written" || fail "$svg missing: $(ls r)"
if python3 "$CHECK" svg $svg main compute fib spin fan work \
     '<b>&amp;markup</b>' "$(printf 'na\303\257ve_\317\200')" \
     "$(printf 'bad\357\277\275\357\277\275 utf8 \357\277\275 ctl\357\277\275tab ]]> \357\277\275\357\277\275\357\277\275')" \
     "long_$(printf '%0295d' 0 | tr 0 x)" > check.txt 2>&1; then
  pass "valid, self-contained, frames nest, whole names ($(sed -n 's/^frames //p' check.txt) frames)"
else
  fail "$svg: $(grep FAIL check.txt)"
fi
check_grep "markup escaped in the file" '&lt;b&gt;&amp;amp;markup&lt;/b&gt;' $svg
# Each tiny_ region is empty, so it is narrow unless the thread was
# preempted inside it (a loaded machine): allow 1% of them drawn.
merged=$(sed -n 's/^merged //p' check.txt)
drawn=$(grep -c '<title>tiny_' $svg)
[ "${merged:-0}" -ge $((2000 - drawn)) ] && [ "${merged:-0}" -ge 1980 ] \
  && pass "2000 narrow regions merged into their caller ($merged)" \
  || fail "merged: '$merged' ($drawn drawn)"
[ "$drawn" -le 20 ] && pass "no tiny_ frame drawn but a preempted one ($drawn)" \
  || fail "$drawn tiny_ frames drawn"
check_grep "the hover text says how many were merged" '2000 narrow callees merged' $svg
check_grep "the frames have the click-to-zoom script" 'function zoom' $svg

# Every frame with TRUN_FLAMEGRAPH_MIN_WIDTH=0; timemory's name switches it.
TRUN_OUTPUT_PATH=all TRUN_FLAMEGRAPH_MIN_WIDTH=0 ./region 1 > /dev/null 2> err.txt || fail "min 0 run"
python3 "$CHECK" svg all/wall.flamegraph.svg tiny_0 tiny_1999 > check-0.txt 2>&1 \
  && pass "TRUN_FLAMEGRAPH_MIN_WIDTH=0: every region drawn ($(sed -n 's/^frames //p' check-0.txt) frames)" \
  || fail "min 0: $(grep FAIL check-0.txt)"
TRUN_OUTPUT_PATH=pct TRUN_FLAMEGRAPH_MIN_WIDTH=5% ./region 1 > /dev/null 2> err.txt || fail "5% run"
check_eq "5%: no diagnostics" "" "$(cat err.txt)"
python3 "$CHECK" svg pct/wall.flamegraph.svg main > check-5.txt 2>&1 || fail "5%: $(grep FAIL check-5.txt)"
n5=$(sed -n 's/^frames //p' check-5.txt) n1=$(sed -n 's/^frames //p' check.txt)
[ "${n5:-99}" -lt "${n1:-0}" ] && pass "5% draws fewer frames ($n5 < $n1)" || fail "5%: $n5 frames, 0.1%: $n1"
TRUN_OUTPUT_PATH=bad TRUN_FLAMEGRAPH_MIN_WIDTH=lots ./region 1 > /dev/null 2> err.txt || fail "bad run"
check_grep "bad minimum warns, naming the variable" 'TRUN_FLAMEGRAPH_MIN_WIDTH="lots"' err.txt
TRUN_OUTPUT_PATH=off TRUN_FLAMEGRAPH_OUTPUT=off ./region 1 > /dev/null 2>&1 || fail "off run"
check_eq "TRUN_FLAMEGRAPH_OUTPUT=off: no file" "" "$(ls off | grep flamegraph)"
TRUN_OUTPUT_PATH=tm TIMEMORY_FLAMEGRAPH_OUTPUT=false ./region 1 > /dev/null 2>&1 || fail "tm run"
check_eq "TIMEMORY_FLAMEGRAPH_OUTPUT=false: no file" "" "$(ls tm | grep flamegraph)"
grep -q '"flamegraph_output": true' r/trun.json && grep -q '"flamegraph_min_width": 0.1' r/trun.json \
  && pass "trun.json's settings have both" || fail "trun.json settings: $(grep -o '"flamegraph[^,]*' r/trun.json)"

# One per time component (not for memory); trace mode's with trace-.
TRUN_OUTPUT_PATH=c TRUN_COMPONENTS=wall_clock,cpu_clock,peak_rss ./region 1 > /dev/null 2>&1 || fail "components run"
check_eq "wall and cpu, no peak_rss" "cpu_clock.flamegraph.svg wall.flamegraph.svg" \
  "$(ls c | grep flamegraph | tr '\n' ' ' | sed 's/ $//')"
TRUN_OUTPUT_PATH=t ./trace 1 > /dev/null 2>&1 || fail "trace run"
python3 "$CHECK" svg t/trace-wall.flamegraph.svg main compute fib spin > check-t.txt 2>&1 \
  && pass "trace-wall.flamegraph.svg has the functions" || fail "trace: $(grep FAIL check-t.txt) $(ls t)"

# A million nodes (bench/nodes.c): a file of bounded size.
plain_cc -O2 -o nodes "$TRUN_TOP_SRCDIR/bench/nodes.c" || die "compile nodes"
sanitizer_skip '*' "a million nodes under a sanitizer take too long"
TRUN_OUTPUT_PATH=m TRUN_MAX_NODES=0 TRUN_TEXT_OUTPUT=off TRUN_JSON_OUTPUT=off \
  TRUN_TREE_OUTPUT=off TRUN_FOLDED_OUTPUT=off ./nodes 1000 999 > nodes.txt 2> err.txt || fail "nodes run"
check_grep "a million nodes made" '^nodes_made 1000000$' nodes.txt
python3 "$CHECK" svg m/wall.flamegraph.svg all > check-m.txt 2>&1 || fail "1M: $(grep FAIL check-m.txt)"
size=$(wc -c < m/wall.flamegraph.svg)
[ "$size" -lt 1000000 ] && pass "1M nodes: $size bytes, $(sed -n 's/^frames //p' check-m.txt) frames" \
  || fail "1M nodes: $size bytes"
TRUN_OUTPUT_PATH=m0 TRUN_MAX_NODES=0 TRUN_TEXT_OUTPUT=off TRUN_JSON_OUTPUT=off \
  TRUN_TREE_OUTPUT=off TRUN_FOLDED_OUTPUT=off TRUN_FLAMEGRAPH_MIN_WIDTH=0 ./nodes 1000 999 > /dev/null 2>&1 \
  || fail "nodes min 0 run"
size=$(wc -c < m0/wall.flamegraph.svg)
[ "$size" -lt 4000000 ] && pass "1M nodes, no minimum width: $size bytes (the size budget)" \
  || fail "1M nodes, no minimum: $size bytes"

# 100000 deep: at most TRUN_PATH_MAX_DEPTH (512) rows above the root.
plain_cc -O0 -o deep "$TRUN_TOP_SRCDIR/tests/rt/deep.c" || die "compile deep"
( ulimit -s unlimited 2>/dev/null; TRUN_OUTPUT_PATH=dp TRUN_TEXT_OUTPUT=false \
  TRUN_JSON_OUTPUT=off TRUN_TREE_OUTPUT=off ./deep > /dev/null 2> err.txt ) || fail "deep run"
python3 "$CHECK" svg dp/wall.flamegraph.svg > check-d.txt 2>&1 || fail "deep: $(grep FAIL check-d.txt)"
depth=$(sed -n 's/^depth //p' check-d.txt)
size=$(wc -c < dp/wall.flamegraph.svg)
[ "${depth:-9999}" -le 512 ] && [ "$size" -lt 4000000 ] \
  && pass "deep: $depth rows, $size bytes" || fail "deep: $depth rows, $size bytes"
finish
