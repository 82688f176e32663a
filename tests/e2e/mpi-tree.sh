#!/bin/sh
# tests/e2e/mpi-tree.sh -- two MPI ranks: rank 0's job tree JSON
# (wall.tree.json) has timemory's ranks arrangement, "mpi": [[rank 0's
# tree], [rank 1's tree]], each rank's nodes with its own pid and the
# counts of its own per-rank table; each rank's own file
# (wall-rankN.tree.json) puts its tree at its rank; hatchet's reader,
# where there is one (tests/rt/hatchet-check.py), loads the job file.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require
command -v python3 > /dev/null || skip_test "no python3"

mpi_build prog
TRUN_COUT_OUTPUT=off TRUN_MPI_PER_RANK=on mpi_run 2 out ./prog
check_eq "exit status under mpiexec" 0 $?
[ -s out/wall.tree.json ] || die "no job tree JSON; files: $(ls out)"

python3 - out > check.txt 2>&1 <<'PY' && pass "job tree JSON: $(grep -c '^ok' check.txt) checks" || fail "job tree JSON: $(grep -v '^ok' check.txt)"
import json, sys
d = sys.argv[1]
fails = 0
def check(what, cond):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
c = json.load(open(d + "/wall.tree.json"))["timemory"]["wall_clock"]
check("mpi_size 2, process_count 2", c["mpi_size"] == 2 and c["process_count"] == 2)
check("no graph key", "graph" not in c)
check("two ranks", len(c["mpi"]) == 2 and all(len(r) == 1 for r in c["mpi"]))
# Per-rank table counts by path (the rows of wall-mpi-ranks.txt).
table = {}
for line in open(d + "/wall-mpi-ranks.txt"):
    if not line.startswith("| |"):
        continue
    cells = line.split(" | ")
    head = cells[0][3:]
    rank = int(head.split(">>>")[0])
    lab = head.split(">>> ", 1)[1].lstrip(" ")
    lab = (lab[2:] if lab.startswith("|_") else lab).rstrip()
    depth = int(cells[2])
    stack = table.setdefault(("stack", rank), [])
    del stack[depth:]
    stack.append(lab)
    table[(rank, tuple(stack))] = int(cells[1])
pids = []
for rank, (root,) in enumerate(c["mpi"]):
    got = {}
    todo = [(ch, ()) for ch in root["children"]]
    rpids = set()
    while todo:
        t, parent = todo.pop()
        n = t["node"]
        path = parent + (n["prefix"],)
        got[(rank, path)] = n["inclusive"]["entry"]["laps"]
        rpids.update(n["pid"])
        todo.extend((ch, path) for ch in t["children"])
    want = {k: v for k, v in table.items() if k[0] == rank}
    check("rank %d: counts by path equal its table (%d paths)" % (rank, len(want)),
          got == want and len(want) > 0)
    check("rank %d: one pid" % rank, len(rpids) == 1)
    pids += list(rpids)
check("the ranks' pids differ", len(set(pids)) == 2)
r1 = json.load(open(d + "/wall-rank1.tree.json"))["timemory"]["wall_clock"]["mpi"]
check("rank 1's own file: its tree at rank 1", len(r1) == 2 and r1[0] == []
      and r1[1][0]["children"])
sys.exit(1 if fails else 0)
PY

py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import pandas' 2> /dev/null; then
    py=$p; break
  fi
done
if [ -n "$py" ] && { "$py" -c 'import hatchet' 2> /dev/null || [ -f "${TRUN_HATCHET_READER:-}" ]; }; then
  "$py" "$TRUN_TOP_SRCDIR/tests/rt/hatchet-check.py" out/wall.tree.json - wall_clock \
    > hatchet.txt 2>&1 && pass "hatchet reads the job file ($(grep -c '^ok' hatchet.txt) checks)" \
    || fail "hatchet: $(tail -3 hatchet.txt)"
else
  echo "hatchet's reader or pandas missing: its check not run"
fi
finish
