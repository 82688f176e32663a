#!/bin/sh
# tests/e2e/mpi-tree.sh -- two MPI ranks: rank 0's job tree JSON
# (wall.tree.json) has timemory's "mpi" arrangement with one entry, the
# job tree, whose counts are those of the table across ranks; with
# TRUN_MPI_PER_RANK=on each rank's own file (wall-rankN.tree.json) puts
# its tree at its rank, with its own pid and the counts of its own table;
# hatchet's reader, where there is one (tests/rt/hatchet-check.py), loads
# the job file.  The job's flame graph (wall.flamegraph.svg) draws the job
# tree; each rank's own with TRUN_MPI_PER_RANK=on.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require
command -v python3 > /dev/null || skip_test "no python3"

mpi_build prog
# Every node a frame of the flame graph: under load the regions can be
# narrower than the default 0.1% of a main that waited long in MPI_Init.
TRUN_COUT_OUTPUT=off TRUN_MPI_PER_RANK=on TRUN_FLAMEGRAPH_MIN_WIDTH=0 mpi_run 2 out ./prog
check_eq "exit status under mpiexec" 0 $?
[ -s out/wall.tree.json ] || die "no job tree JSON; files: $(ls out)"

python3 - out > check.txt 2>&1 <<'PY' && pass "tree JSON: $(grep -c '^ok' check.txt) checks" || fail "tree JSON: $(grep -v '^ok' check.txt)"
import json, sys
d = sys.argv[1]
fails = 0
def check(what, cond):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond

def table(path, marked):
    """Counts by call path from a text table; MARKED: rows "|N>>> "."""
    out, stack = {}, []
    for line in open(path):
        if not line.startswith("| " + ("|" if marked else ">>>")):
            continue
        cells = line.split(" | ")
        lab = cells[0].split(">>> ", 1)[1].lstrip(" ")
        lab = (lab[2:] if lab.startswith("|_") else lab).rstrip()
        depth = int(cells[2])
        del stack[depth:]
        stack.append(lab)
        out[tuple(stack)] = int(cells[1])
    return out

def tree_counts(root):
    got, pids, todo = {}, set(), [(ch, ()) for ch in root["children"]]
    while todo:
        t, parent = todo.pop()
        n = t["node"]
        path = parent + (n["prefix"],)
        got[path] = n["inclusive"]["entry"]["laps"]
        pids.update(n["pid"])
        todo.extend((ch, path) for ch in t["children"])
    return got, pids

c = json.load(open(d + "/wall.tree.json"))["timemory"]["wall_clock"]
check("mpi_size 2", c["mpi_size"] == 2)
check("no graph key", "graph" not in c)
check("one entry: the job tree", len(c["mpi"]) == 1 and len(c["mpi"][0]) == 1)
got, pids = tree_counts(c["mpi"][0][0])
want = table(d + "/wall-mpi.txt", False)
check("job tree: counts by path equal the table across ranks (%d paths)"
      % len(want), got == want and len(want) > 0)
check("job tree: one pid", len(pids) == 1)
own_pids = []
for rank in (0, 1):
    f = json.load(open(d + "/wall-rank%d.tree.json" % rank))["timemory"]["wall_clock"]["mpi"]
    check("rank %d's own file: its tree at rank %d" % (rank, rank),
          len(f) == rank + 1 and all(e == [] for e in f[:rank]) and f[rank][0]["children"])
    got, pids = tree_counts(f[rank][0])
    want = table(d + "/wall-rank%d.txt" % rank, True)
    check("rank %d: counts by path equal its table (%d paths)" % (rank, len(want)),
          got == want and len(want) > 0)
    own_pids += list(pids)
check("the ranks' pids differ", len(set(own_pids)) == 2)
sys.exit(1 if fails else 0)
PY

py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import pandas' 2> /dev/null; then
    py=$p; break
  fi
done
python3 "$TRUN_TOP_SRCDIR/tests/rt/flame-check.py" svg out/wall.flamegraph.svg mpi-region \
  > flame.txt 2>&1 && pass "the job's flame graph ($(sed -n 's/^frames //p' flame.txt) frames)" \
  || fail "job flame graph: $(grep FAIL flame.txt) $(ls out)"
check_grep "its title says the job's ranks" '<text id="title"[^>]*>wall_clock, 2 ranks' out/wall.flamegraph.svg
[ -s out/wall-rank1.flamegraph.svg ] && pass "rank 1's own flame graph" || fail "no wall-rank1.flamegraph.svg: $(ls out)"
if [ -n "$py" ] && { "$py" -c 'import hatchet' 2> /dev/null || [ -f "${TRUN_HATCHET_READER:-}" ]; }; then
  "$py" "$TRUN_TOP_SRCDIR/tests/rt/hatchet-check.py" out/wall.tree.json - wall_clock \
    > hatchet.txt 2>&1 && pass "hatchet reads the job file ($(grep -c '^ok' hatchet.txt) checks)" \
    || fail "hatchet: $(tail -3 hatchet.txt)"
else
  echo "hatchet's reader or pandas missing: its check not run"
fi
finish
