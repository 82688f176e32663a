#!/bin/sh
# Exact call counts at every depth of a recursion through the region API;
# TRUN_MAX_DEPTH cuts the tree, TRUN_FLAT_PROFILE flattens it;
# TRUN_COUT_MAX_ROWS cuts the copy on stdout, never the file;
# TRUN_MAX_NODES folds new call paths into their nearest recorded caller.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o fib "$TRUN_TOP_SRCDIR/tests/rt/fib-region.c" || die "compile"

TRUN_COUT_OUTPUT=false ./fib 15 > out.txt 2> err.txt || fail "run"
check_eq "program output" "fib(15) = 610" "$(cat out.txt)"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_eq "main row" "0 1" "$(rows_of trun-output/wall.txt main)"
check_fib_rows "fib count at every depth" trun-output/wall.txt 1 15 1
check_grep "json written" '"label": "fib"' "$(long_json trun-output/trun.json)"

# The tables on stdout are the same as the file.
./fib 15 > out2.txt 2>/dev/null
check_eq "stdout = program output + tables" \
  "$(cat trun-output/wall.txt)" "$(sed 1d out2.txt)"

# The stdout copy stops after TRUN_COUT_MAX_ROWS rows and says where the
# rest are; the file keeps every row; 0 cuts nothing.
TRUN_COUT_MAX_ROWS=5 TRUN_OUTPUT_PATH=cap ./fib 15 > cap.txt 2>/dev/null
all=$(rt_rows cap/wall.txt | wc -l)
check_eq "cap: the file keeps every row" "$(rt_rows trun-output/wall.txt | wc -l)" "$all"
check_eq "cap: the first 5 rows on stdout" "$(rt_rows cap/wall.txt | head -5)" "$(rt_rows cap.txt)"
check_grep "cap: what is left out, and where" "^\.\.\. $((all - 5)) more rows in .*/cap/wall\.txt " cap.txt
check_eq "cap: the copy is the file's first lines" \
  "$(head -n 11 cap/wall.txt)" "$(sed -n 2,12p cap.txt)"
TRUN_COUT_MAX_ROWS=5 TRUN_FILE_OUTPUT=off ./fib 15 > nofile.txt 2>/dev/null
check_eq "cap, no file: 5 rows" 5 "$(rt_rows nofile.txt | wc -l)"
check_grep "cap, no file: rows not shown" "^\.\.\. $((all - 5)) more rows not shown" nofile.txt
TRUN_COUT_MAX_ROWS=0 TRUN_OUTPUT_PATH=nocap ./fib 15 > nocap.txt 2>/dev/null
check_eq "TRUN_COUT_MAX_ROWS=0: every row" "$all" "$(rt_rows nocap.txt | wc -l)"

TRUN_MAX_DEPTH=4 TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=depth ./fib 15 > /dev/null
check_eq "max depth 4 keeps depths 0..3" "0 1 2 3" \
  "$(rt_rows depth/wall.txt | awk '{ printf "%s%s", s, $1; s = " " }')"
check_eq "max depth keeps exact counts above the cut" \
  "$(fib_counts 15 | awk '$1 < 3 { print $1 + 1, $2 }')" \
  "$(rows_of depth/wall.txt fib)"

# A node budget: the nodes made first keep exact counts, every later
# call path is counted (folded) in its nearest recorded caller, one
# warning says how many and how to raise the limit, the JSON says so.
TRUN_MAX_NODES=10 TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=budget ./fib 15 > out.txt 2> err.txt \
  || fail "run with TRUN_MAX_NODES"
check_eq "budget: program output" "fib(15) = 610" "$(cat out.txt)"
kept=$(rows_of budget/wall.txt fib | wc -l)
[ "$kept" -gt 2 ] && [ "$kept" -lt 15 ] && pass "budget: $kept fib depths kept" \
  || fail "budget: $kept fib depths kept"
check_eq "budget: exact counts at the depths kept" \
  "$(fib_counts 15 | awk -v k="$kept" '$1 < k { print $1 + 1, $2 }')" \
  "$(rows_of budget/wall.txt fib)"
measured=$(rt_rows budget/wall.txt | awk '{ s += $3 } END { print s }')
calls=$(fib_counts 15 | awk '{ s += $2 } END { print s + 1 }')
check_eq "budget: one warning" 1 "$(grep -c '^trun: .*TRUN_MAX_NODES=10' err.txt)"
check_grep "budget: the warning counts the folded calls" \
  "^trun: $((calls - measured)) calls on new call paths were counted in their nearest recorded caller" err.txt
check_eq "budget: JSON folded_calls" "$((calls - measured))" \
  "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["region"]["folded_calls"])' budget/trun.json)"
TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=nobudget ./fib 15 > /dev/null 2> err.txt
check_eq "default budget: nothing folded, no warning" "" "$(cat err.txt)"

TRUN_FLAT_PROFILE=true TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=flat ./fib 15 > /dev/null
total=$(fib_counts 15 | awk '{ s += $2 } END { print s }')
check_eq "flat profile: one fib row with every call" "0 $total" \
  "$(rows_of flat/wall.txt fib)"
finish
