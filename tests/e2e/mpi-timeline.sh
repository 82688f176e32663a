#!/bin/sh
# tests/e2e/mpi-timeline.sh -- TRUN_TIMELINE under MPI: rank 0 writes
# one timeline.json for the job, one pid per rank named "rank N", every
# rank's clock offset to rank 0 measured at MPI_Init and MPI_Finalize
# and in the metadata, and applied: rank 1 starts a second after rank
# 0's launch (its own time 0 is at least half a second after rank 0's
# even when a loaded machine delays rank 0's own start), yet on the file's axis
# every rank leaves each barrier after every rank entered it, to within
# the offsets' error bounds (half the best ping-pong round trip, from
# the metadata): a barrier's exit comes after the last rank's enter in
# real time whatever the machine's load, so that check has no timing
# threshold.  Also: TRUN_MPI_PER_RANK=on keeps the ranks' own files
# besides the job's; ranks that finalized early write their own files
# and no job file; a compressed job file.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require
CHECK="python3 $TRUN_TOP_SRCDIR/tests/rt/tl-check.py"
export TRUN_TIMELINE=on TRUN_MPIP=on TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0

mpi_build prog
rm -rf skew
TRUN_OUTPUT_PATH=skew timeout 120 "$MPIEXEC" ${MPIEXEC_FLAGS:-} -launcher fork \
  -n 1 ./prog : -n 1 sh -c 'sleep 1; exec ./prog' > skew.out 2> skew.err
check_eq "skewed start: exit status" 0 $?
check_eq "one timeline file for the job" "timeline.json" "$(ls skew | grep '^timeline')"
if r=$($CHECK skew/timeline.json 2>&1); then pass "job timeline: valid, nested: $r"
else fail "job timeline: $r"; fi
python3 - skew/timeline.json > skew.txt <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
evs = doc["traceEvents"]
names = sorted((e["pid"], e["args"]["name"]) for e in evs
               if e["ph"] == "M" and e["name"] == "process_name")
print("names", names)
procs = {p["rank"]: p for p in doc["metadata"]["processes"]}
print("offsets", sorted(r for r, p in procs.items()
                        if len(p.get("clock_offset_us", [])) == 2
                        and len(p.get("clock_error_us", [])) == 2))
err = {r: max(p["clock_error_us"]) for r, p in procs.items()}
off = {r: p["clock_offset_us"][0] for r, p in procs.items()}
# Rank 1's own time 0 is at least 0.5 s after rank 0's: it slept 1 s
# from the launch, and rank 0's start is not delayed by half of that.
print("skew", "ok" if off[1] - off[0] >= 5e5 - err[0] - err[1]
      else "rank 1 offset %r, rank 0 %r" % (off[1], off[0]))
bar = {}
for e in evs:
    if e["ph"] == "X" and e["name"] == "MPI_Barrier":
        bar.setdefault(e["pid"], []).append((e["ts"], e["ts"] + e["dur"]))
n = {len(v) for v in bar.values()}
print("barriers", sorted(bar), n)
bad = []
for k in range(min(n)):
    for r in bar:
        for s in bar:
            # Rank r leaves barrier k after rank s entered it.
            if r != s and bar[r][k][1] < bar[s][k][0] - err[r] - err[s]:
                bad.append("barrier %d: rank %d leaves at %.3f, rank %d enters at %.3f"
                           % (k, r, bar[r][k][1], s, bar[s][k][0]))
print("causal", bad or "ok", "tolerance %.3f us" % (err[0] + err[1]))
PY
check_eq "a pid per rank, named rank N" "names [(0, 'rank 0'), (1, 'rank 1')]" "$(grep '^names' skew.txt)"
check_eq "offsets measured at init and finalize, with their errors" "offsets [0, 1]" "$(grep '^offsets' skew.txt)"
check_eq "rank 1's later start is in its offset" "skew ok" "$(grep '^skew' skew.txt)"
check_eq "barriers on both ranks" "barriers [0, 1] {2}" "$(grep '^barriers' skew.txt)"
check_grep "every rank leaves each barrier after every rank entered it" '^causal ok' skew.txt
echo "# $(grep '^causal' skew.txt)"

# Three ranks, each also keeping its own files.
TRUN_MPI_PER_RANK=on mpi_run 3 per ./prog
check_eq "per rank: exit status" 0 $?
check_eq "per rank: the job's file and each rank's" \
  "timeline-rank0.json timeline-rank1.json timeline-rank2.json timeline.json" \
  "$(ls per | grep '^timeline' | tr '\n' ' ' | sed 's/ $//')"
if r=$($CHECK per/timeline.json 2>&1); then pass "per rank: job file valid: $r"
else fail "per rank: job file: $r"; fi
check_eq "per rank: three pids in the job's file" "0 1 2" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["traceEvents"]
print(*sorted({e["pid"] for e in d if e["ph"] == "X"}))' per/timeline.json)"
if r=$($CHECK per/timeline-rank1.json 2>&1); then pass "per rank: rank 1's own file valid: $r"
else fail "per rank: rank 1's own file: $r"; fi

# trun_finalize before MPI_Finalize: each rank writes its own file then,
# and no job file is made.
mpi_run 2 early ./prog early
check_eq "early finalize: exit status" 0 $?
check_eq "early finalize: the ranks' own files only" "timeline-rank0.json timeline-rank1.json" \
  "$(ls early | grep '^timeline' | tr '\n' ' ' | sed 's/ $//')"

# Compressed.
TRUN_TIMELINE_COMPRESS=on mpi_run 2 gz ./prog
check_eq "compressed: exit status" 0 $?
if r=$($CHECK gz/timeline.json.gz 2>&1); then pass "compressed job file: $r"
else fail "compressed job file: $r"; fi
check_eq "compressed: no other timeline file" "timeline.json.gz" "$(ls gz | grep '^timeline')"
finish
