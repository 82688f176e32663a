#!/bin/sh
# tests/e2e/mpi-ranks.sh -- two MPI ranks in region mode: with
# TRUN_MPI_PER_RANK=on each rank writes its own tables (rows marked |0>>>
# and |1>>>), and rank 0 the aggregated tables whose counts are the
# per-rank counts summed, with the program's regions and functions under
# the right parents on both ranks.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require

mpi_build prog
$MPICC $TRUN_TEST_CFLAGS -I"$TRUN_INCLUDE" "$TRUN_TOP_SRCDIR/tests/e2e/mpi-prog.c" -o plain \
  -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun || die "cannot build plain fixture"

TRUN_COUT_OUTPUT=off TRUN_MPI_PER_RANK=on mpi_run 2 out ./prog
check_eq "exit status under mpiexec" 0 $?
TRUN_ENABLED=off TRUN_COUT_OUTPUT=off mpi_run 2 plain-out ./plain
sort out.out >got.sorted; sort plain-out.out >want.sorted
if cmp -s got.sorted want.sorted; then pass "same stdout as the plain program"
else fail "stdout differs from the plain program: $(diff want.sorted got.sorted)"; fi

per=per-rank.txt agg=out/wall-mpi.txt
[ -s out/wall-rank0.txt ] && [ -s out/wall-rank1.txt ] ||
  die "no per-rank tables; files: $(ls out)"
cat out/wall-rank0.txt out/wall-rank1.txt >"$per"
[ -s "$agg" ] || die "no aggregated table $agg; files: $(ls out)"

# Rank marks: every per-rank row is |0>>> or |1>>>, both occur; the
# aggregated table's rows are unmarked.
check_eq "per-rank rows carry rank 0 or 1" "" "$(rows "$per" | cut -f1 | grep -v '^[01]$' | sort -u)"
check_grep "rank 0 rows" '^\| \|0>>> ' "$per"
check_grep "rank 1 rows" '^\| \|1>>> ' "$per"
check_eq "aggregated rows unmarked" "-" "$(rows "$agg" | cut -f1 | sort -u)"

# Both ranks' data: the program's tree under the right parents, with the
# counts each rank made (local_work runs rank+1 times).
for r in 0 1; do
  check_eq "rank $r: mpi-region" 1 "$(count_at "$per" mpi-region $r)"
  check_eq "rank $r: scatter_gather under mpi-region" 3 "$(count_at "$per" "mpi-region > scatter_gather" $r)"
  check_eq "rank $r: allreduce_sum under mpi-region" 1 "$(count_at "$per" "mpi-region > allreduce_sum" $r)"
  check_eq "rank $r: local_work under mpi-region" $((r + 1)) "$(count_at "$per" "mpi-region > local_work" $r)"
  check_eq "rank $r: collatz_steps under local_work" $(((r + 1) * 199)) \
    "$(count_at "$per" "mpi-region > local_work > collatz_steps" $r)"
done

# Aggregated: the same paths as the per-rank tables, each count the sum
# of the ranks' counts.
rows "$per" | awk -F'\t' '{ s[$4] += $3 } END { for (p in s) print p "\t" s[p] }' | sort >want.counts
rows "$agg" | awk -F'\t' '{ print $4 "\t" $3 }' | sort >got.counts
if cmp -s want.counts got.counts; then pass "aggregated counts = per-rank counts summed ($(wc -l <got.counts) paths)"
else fail "aggregated counts differ from the per-rank sums: $(diff want.counts got.counts)"; fi
check_eq "aggregated local_work count" 3 "$(count_at "$agg" "mpi-region > local_work")"
check_eq "aggregated: how many ranks ran mpi-region" 2 "$(cell_at "$agg" mpi-region 6)"
check_eq "aggregated: ranks that ran mpi-region" "0-1" "$(cell_at "$agg" mpi-region 7)"
check_grep "aggregated title names the ranks" 'ACROSS 2 MPI RANKS' "$agg"
check_no_grep "MPI-P is off by default" 'MPI_[A-Z]' "$agg"

# Min/max across ranks: rank 1 does twice rank 0's local work (by count);
# whichever rank has the min and the max, they are real ranks and
# min <= mean <= max, sum = 2 * mean, as far as the table's three
# decimals tell: the sum is rounded by up to 0.0005 and twice the mean
# by up to 0.001 (a sum of 0.003 may show a mean of 0.002).
line=$(awk -F'|' '/\|_local_work/ { print $10, $11, $12, $13, $14, $15; exit }' "$agg")
set -- $line
check_eq "aggregated local_work: min and max ranks are 0/1" "ok" \
  "$(case "$4$6" in 01|10|00|11) echo ok;; *) echo "$4 $6";; esac)"
check_eq "aggregated local_work: min <= mean <= max, sum = 2 mean" "ok" \
  "$(awk -v s="$1" -v m="$2" -v lo="$3" -v hi="$5" 'BEGIN {
      print (lo <= m + 1e-9 && m <= hi + 1e-9 && (s - 2 * m) ^ 2 <= 0.0015 ^ 2 + 1e-9) ? "ok" : s " " m " " lo " " hi }')"

# The aggregate as JSON: both ranks reported, counts summed.
if [ -n "${PYTHON3:-}" ] || command -v python3 >/dev/null; then
  check_eq "mpi.json: ranks, mpi-region count and ranks" "2 2 [[0, 1]] [0, 1]" "$(python3 - out/mpi.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["trun_mpi"]
wall = [c for c in d["region"] if c["component"] == "wall_clock"][0]
node = [n for n in wall["nodes"] if n["label"] == "mpi-region"][0]
print(sum(1 for r in d["ranks"] if r["reported"]), node["count"], node["rank_runs"],
      node["per_rank"]["rank"])
PY
)"
fi

# File names never collide between ranks: each rank wrote its own JSON.
check_eq "one JSON report per rank besides mpi.json" 2 \
  "$(ls out | grep '\.json$' | grep -v '\.tree\.json$' | grep -vc '^mpi\.json$')"
check_eq "one tree JSON per rank besides the job's" "wall-rank0.tree.json
wall-rank1.tree.json
wall.tree.json" "$(ls out | grep '\.tree\.json$' | sort)"

# By default only the job's files, whatever the number of ranks: the
# tables, the JSON and the filter across ranks.
for np in 2 3 4; do
  TRUN_COUT_OUTPUT=off mpi_run $np job$np ./prog
  check_eq "$np ranks: exit status" 0 $?
  check_eq "$np ranks: the job's files only" "mpi.json trun-filter.txt wall-mpi.txt wall.flamegraph.svg wall.folded wall.tree.json" \
    "$(ls job$np | tr '\n' ' ' | sed 's/ $//')"
  check_eq "$np ranks: local_work count summed" $((np * (np + 1) / 2)) \
    "$(count_at job$np/wall-mpi.txt "mpi-region > local_work")"
done
check_eq "stdout: only rank 0's table across ranks" 1 \
  "$(TRUN_OUTPUT_PATH=job-out timeout 120 "$MPIEXEC" -n 2 -launcher fork ./prog 2>/dev/null | grep -c 'ACROSS 2 MPI RANKS')"

# TRUN_MPI_AGGREGATE=off and TRUN_MPI_PER_RANK off: only the ranks' own
# reports.
TRUN_COUT_OUTPUT=off TRUN_MPI_AGGREGATE=off mpi_run 2 own ./prog
check_eq "aggregate off: exit status" 0 $?
check_eq "aggregate off: no job files" 0 "$(ls own | grep -c -- '-mpi\.txt$\|-mpi-ranks\.txt$\|^mpi\.json$')"
check_eq "aggregate off: each rank's own wall table" 2 "$(ls own | grep -c '^wall.*\.txt$')"

finish
