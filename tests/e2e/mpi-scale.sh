#!/bin/sh
# tests/e2e/mpi-scale.sh -- the MPI aggregate at more ranks: it equals
# a merge of the ranks' own profiles computed here (counts, sums, min and
# max with their ranks, imbalance), the number of files does not grow
# with the number of ranks, and a rank that calls MPI_Abort leaves its
# own report, and so does one that dies by a signal.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require
command -v python3 >/dev/null || skip_test "python3 is needed to read the JSON"

mpi_build prog

# Four ranks, each rank's own JSON kept too (TRUN_MPI_PER_RANK=on): the
# aggregate is checked against a merge of those four profiles.
TRUN_COUT_OUTPUT=off TRUN_MPI_PER_RANK=on mpi_run 4 out ./prog
check_eq "4 ranks: exit status" 0 $?
check_eq "4 ranks: merge of the ranks' own profiles" "ok" "$(PYTHONPATH=$TRUN_TOP_SRCDIR/tools python3 - out <<'PY'
import importlib, json, math, os, sys
trun_json = importlib.import_module("trun-json")
d = sys.argv[1]
want = {}   # path -> [(rank, count, sum)]
for r in range(4):
    t = json.load(open(os.path.join(d, "trun-rank%d.json" % r)))
    for n in trun_json.expand_tree(t["region"]):
        w = n["components"].get("wall_clock")
        if w and w["count"]:
            want.setdefault(tuple(n["path"]), []).append((r, w["count"], w["sum"]))
job = json.load(open(os.path.join(d, "mpi.json")))["trun_mpi"]
wall = [c for c in job["region"] if c["component"] == "wall_clock"][0]
byid, got = {}, {}
for n in wall["nodes"]:
    path = (byid[n["parent"]] if n["parent"] else ()) + (n["label"],)
    byid[n["id"]] = path
    got[path] = n
bad = []
if set(got) != set(want):
    bad.append("paths differ: %s" % (set(got) ^ set(want)))
for path, v in want.items():
    n = got.get(path)
    if not n:
        continue
    sums = [s for _, _, s in v]
    mean = sum(sums) / len(sums)
    lo = min(v, key=lambda x: (x[2], x[0])); hi = max(v, key=lambda x: (x[2], -x[0]))
    checks = [
        ("count", n["count"], sum(c for _, c, _ in v)),
        ("nranks", n["nranks"], len(v)),
        ("per_rank", n["per_rank"]["rank"], [r for r, _, _ in v]),
        ("min_rank", n["min_rank"], lo[0]), ("max_rank", n["max_rank"], hi[0]),
    ]
    for what, a, b in checks:
        if a != b:
            bad.append("%s %s: %r != %r" % (" > ".join(path), what, a, b))
    for what, a, b in (("sum", n["sum"], sum(sums)), ("min", n["min"], lo[2]),
                       ("max", n["max"], hi[2]), ("mean", n["mean"], mean),
                       ("imbalance", n["imbalance"], (hi[2] - mean) / hi[2] if hi[2] > 0 else 0)):
        if abs(a - b) > 1e-9 * max(1.0, abs(b)):
            bad.append("%s %s: %r != %r" % (" > ".join(path), what, a, b))
print("ok" if not bad else "; ".join(bad[:5]))
PY
)"
check_eq "4 ranks: one host, listed once" "1 4" "$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))["trun_mpi"]
print(len(j["hosts"]), j["hosts"][0]["nranks"])' out/mpi.json)"

# The job's files do not depend on the number of ranks.
for np in 2 4 8; do
  TRUN_COUT_OUTPUT=off mpi_run $np n$np ./prog
  check_eq "$np ranks: exit status" 0 $?
  check_eq "$np ranks: files" "mpi.json trun-filter.txt wall-mpi.txt wall.flamegraph.svg wall.folded wall.tree.json" \
    "$(ls n$np | tr '\n' ' ' | sed 's/ $//')"
  check_eq "$np ranks: every rank in the aggregate" "$np 0-$((np - 1))" \
    "$(cell_at n$np/wall-mpi.txt mpi-region 6) $(cell_at n$np/wall-mpi.txt mpi-region 7)"
done

# trun_finalize () before MPI_Finalize: still only the job's files; when
# MPI_Finalize never comes, each rank's own files at exit.
TRUN_COUT_OUTPUT=off mpi_run 2 early ./prog early
check_eq "early finalize: exit status" 0 $?
check_eq "early finalize: the job's files" "mpi.json trun-filter.txt wall-mpi.txt wall.flamegraph.svg wall.folded wall.tree.json" \
  "$(ls early | tr '\n' ' ' | sed 's/ $//')"
check_eq "early finalize: both ranks in the aggregate" 3 \
  "$(count_at early/wall-mpi.txt "mpi-region > local_work")"
MPIEXEC_FLAGS=-disable-auto-cleanup TRUN_COUT_OUTPUT=off mpi_run 2 early-exit ./prog early-exit
check_eq "early finalize, no MPI_Finalize: exit status" 0 $?
check_eq "early finalize, no MPI_Finalize: each rank's own table" "1 2" \
  "$(count_at early-exit/wall-rank0.txt "mpi-region > local_work" 0) $(count_at early-exit/wall-rank1.txt "mpi-region > local_work" 1)"

# MPI_Abort on the last rank: it leaves its own report of what it did;
# the job ends with the abort's code.
MPIEXEC_FLAGS=-disable-auto-cleanup TRUN_COUT_OUTPUT=off mpi_run 2 ab ./prog abort
status=$?
[ "$status" -ne 0 ] && pass "abort: the job fails ($status)" || fail "abort: the job exited 0"
[ -s ab/wall-rank1.txt ] && pass "abort: the aborting rank's table" ||
  fail "abort: no table of rank 1; files: $(ls ab); stderr: $(cat ab.err)"
check_eq "abort: its own local_work count" 2 \
  "$(count_at ab/wall-rank1.txt "mpi-region > local_work" 1)"

# A rank that dies by SIGSEGV leaves its report too (written on its
# signal path), and dies by that signal.  Not under a sanitizer: its own
# handlers take the fatal signals.
if [ -n "${TRUN_SANITIZERS:-}" ] && [ "$TRUN_SANITIZERS" != none ]; then
  finish
fi
MPIEXEC_FLAGS=-disable-auto-cleanup TRUN_COUT_OUTPUT=off mpi_run 2 cr ./prog crash
[ -s cr/wall-rank1.txt ] && pass "crash: the crashed rank's table" ||
  fail "crash: no table of rank 1; files: $(ls cr); stderr: $(cat cr.err)"
check_eq "crash: its own local_work count" 2 \
  "$(count_at cr/wall-rank1.txt "mpi-region > local_work" 1)"
check_grep "crash: the rank died by SIGSEGV" "signal 11|Segmentation|SIGSEGV|exit code 139" cr.err

finish
