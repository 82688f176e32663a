#!/bin/sh
# Time of other threads (doc/outputs.md, "Self values"): a node whose
# pthreads or OpenMP team ran under it counts their slowest thread as
# its child time, so its % SELF is neither ~100 (their time ignored) nor
# below 0 (their sum taken off); every writer gives the same self value;
# the THREADS column; TRUN_PER_THREAD's rows show the threads' unequal
# work (thread I does I + 1 chunks of 40 ms: exact counts, and each
# thread's time at least its chunks'); TIMEMORY_COLLAPSE_THREADS
# =false gives the same rows.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/threads-unequal.c
export TRUN_COUT_OUTPUT=off TRUN_CSV_OUTPUT=on OMP_WAIT_POLICY=passive OMP_DYNAMIC=false

# cells FILE: "depth|label|count|sum|self%|threads" per row, label
# without the prefix and "|_" (thread rows keep "[thread N]").
cells () {
  python3 - "$1" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("| >>> "):
        continue
    c = [x.strip() for x in line.rstrip("\n")[len("| >>> "):].rstrip(" |").split(" | ")]
    lab = c[0][2:] if c[0].startswith("|_") else c[0]
    print("|".join([c[2], lab, c[1], c[5], c[10], c[11] if len(c) > 11 else "-"]))
PY
}
# field ROWS LABEL N: field N of the first row labelled LABEL
field () { awk -F'|' -v l="$2" -v n="$3" '$2 == l { print $n; exit }' "$1"; }
# shares ROWS LABEL: "count sum" of the thread rows after LABEL's row
shares () {
  awk -F'|' -v l="$2" '$2 == l { on = 1; next } on && $2 ~ /^\[thread / { print $3, $4; next } on { exit }' "$1"
}
# covers SHARES: "yes" when every thread's time (seconds, as printed to
# 3 decimals) is at least its chunks' 40 ms each: the one bound on the
# threads' unequal times that no load can break (a loaded machine only
# makes a chunk longer).
covers () {
  awk '{ if ($2 + 0.0005 < $1 * 0.040) bad = bad " " $1 ":" $2 } END { print bad == "" ? "yes" : "no," bad }' "$1"
}
# below PERCENT LIMIT: PERCENT < LIMIT
below () { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

# The self value of LABEL in every writer: trun.json's "self", the tree
# JSON's exclusive value, the folded line, the CSV's self_percent and
# trun report's, against the table's % SELF.
check_writers () {
  python3 - "$1" "$2" "$3" <<'PY'
import csv, json, sys
d, label, table_self = sys.argv[1], sys.argv[2], float(sys.argv[3])
doc = json.load(open(d + "/trun.json"))
dom = doc["region"]
comps = [c["name"] for c in dom["components"]]
k = comps.index("wall_clock")
self_json = [n for n in dom["nodes"] if n["l"] == label][0]["s"][k]
count, total, self_v = self_json[0], self_json[1], self_json[5]
tree = json.load(open(d + "/wall.tree.json"))["timemory"]["wall_clock"]
stack = list(tree["mpi"][0][0]["children"])
excl = None
while stack:
    n = stack.pop()
    if n["node"]["prefix"] == label:
        excl = n["node"]["exclusive"]["entry"]["value"] / tree["unit_value"]
    stack.extend(n["children"])
folded = {}
for line in open(d + "/wall.folded"):
    path, v = line.rsplit(" ", 1)
    folded[path.split(";")[-1]] = int(v)
rows = [r for r in csv.DictReader(open(d + "/wall.csv", newline="")) if r["label"] == label]
fails = []
if not (0 <= self_v <= total): fails.append("json self %g of %g" % (self_v, total))
if abs(100 * self_v / total - table_self) > 0.051: fails.append("json %g vs table %g" % (100 * self_v / total, table_self))
if excl is None or abs(excl - self_v) > 1e-9 + 1e-9 * total: fails.append("tree.json %s vs %g" % (excl, self_v))
if abs(folded.get(label, 0) - self_v * 1e6) > 1.0: fails.append("folded %s vs %g" % (folded.get(label), self_v * 1e6))
if not rows or abs(float(rows[0]["self_percent"]) - 100 * self_v / total) > 1e-6: fails.append("csv %s" % rows)
print("; ".join(fails))
PY
}

trun_cc region -O2 -o pth "$SRC" || die "compile pthread"
TRUN_OUTPUT_PATH=p ./pth pthread 4 > out.txt 2> err.txt || fail "pthread run"
check_eq "pthread: result" "4 threads done" "$(cat out.txt)"
check_eq "pthread: no diagnostics" "" "$(cat err.txt)"
cells p/wall.txt > p.rows
check_eq "pthread: rows, counts, THREADS" "0|main|1|1
1|worker|4|4
2|chunk|10|4" "$(awk -F'|' '{ print $1 "|" $2 "|" $3 "|" $6 }' p.rows)"
s=$(field p.rows main 5)
below "$s" 50 && pass "pthread: main's % SELF ($s) well below 100" || fail "pthread: main's % SELF $s"
check_eq "pthread: every writer's self of main" "" "$(check_writers p main "$s")"
check_eq "pthread: no per-thread rows by default" "" "$(grep -F '[thread ' p/wall.txt)"
REPORT=$("$TRUN_TOP_BUILDDIR/trun" report --tree p 2>&1 | awk '$NF == "main" { print $5 }')
below "${REPORT%\%}" 50 && pass "trun report: main's self ($REPORT)" || fail "trun report: main's self $REPORT"

# Per-thread rows: under chunk, the 4 threads' counts are 1..4 and each
# thread's time covers its chunks.
for how in TRUN_PER_THREAD=on TIMEMORY_COLLAPSE_THREADS=false; do
  env $how TRUN_OUTPUT_PATH=t ./pth pthread 4 > /dev/null 2> err.txt || fail "$how: run"
  check_eq "$how: no diagnostics" "" "$(cat err.txt)"
  cells t/wall.txt > t.rows
  shares t.rows chunk | sort -n > t.shares
  check_eq "$how: chunk's calls per thread" "1 2 3 4" "$(awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }' t.shares)"
  check_eq "$how: each worker ran once, on its own thread" "1 1 1 1" \
    "$(shares t.rows worker | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }')"
  check_eq "$how: the thread rows' counts add up to the node's" 10 "$(awk '{ s += $1 } END { print s }' t.shares)"
  check_eq "$how: each thread's time covers its chunks" yes "$(covers t.shares)"
  check_eq "$how: no thread rows under main (one thread)" "" "$(shares t.rows main)"
done

if [ "${TRUN_SANITIZERS:-none}" = thread ]; then
  finish # libgomp: omp_test_setup in rt-lib.sh
fi
trun_cc region -O2 -fopenmp -o omp "$SRC" || die "compile omp"
TRUN_PER_THREAD=on TRUN_OUTPUT_PATH=o ./omp omp 4 > out.txt 2> err.txt || fail "omp run"
check_eq "omp: result" "4 threads done" "$(cat out.txt)"
check_eq "omp: no diagnostics" "" "$(cat err.txt)"
cells o/wall.txt | grep -v '\[thread ' > o.rows
cells o/wall.txt > o.all
L=$(grep -n 'omp parallel' "$SRC" | cut -d: -f1)
check_eq "omp: rows, counts, THREADS" "0|main|1|1
1|kernel|1|1
2|kernel [omp parallel:$L]|4|4
3|chunk|10|4" "$(awk -F'|' '{ print $1 "|" $2 "|" $3 "|" $6 }' o.rows)"
s=$(field o.rows kernel 5)
below "$s" 50 && pass "omp: kernel's % SELF ($s) well below 100 (its wait at the join is its team's)" \
  || fail "omp: kernel's % SELF $s"
check_eq "omp: every writer's self of kernel" "" "$(check_writers o kernel "$s")"
shares o.all chunk > o.shares
check_eq "omp: the master (thread 0) did 1 chunk" "1" "$(head -1 o.shares | cut -d' ' -f1)"
check_eq "omp: chunk's calls per thread" "1 2 3 4" "$(sort -n o.shares | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }')"
check_eq "omp: each thread's time covers its chunks" yes "$(covers o.shares)"
finish
