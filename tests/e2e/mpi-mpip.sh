#!/bin/sh
# tests/e2e/mpi-mpip.sh -- TRUN_MPIP=on: every MPI call the program makes
# is a region named after it, under the caller, with comm_data holding
# the bytes it sent and received; the byte counts match what the program
# itself says it moved (it prints "bytes RANK CALL N").
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
mpi_require

mpi_build prog
TRUN_MPIP=on TRUN_MPI_PER_RANK=on TRUN_COUT_OUTPUT=off mpi_run 2 out ./prog finalize-thread
check_eq "exit status under mpiexec" 0 $?

comm=comm-ranks.txt wall=wall-ranks.txt agg=out/comm_data-mpi.txt
[ -s out/comm_data-rank0.txt ] && [ -s out/comm_data-rank1.txt ] ||
  die "no per-rank comm_data tables; files: $(ls out); stderr: $(cat out.err)"
cat out/comm_data-rank0.txt out/comm_data-rank1.txt >"$comm"
cat out/wall-rank0.txt out/wall-rank1.txt >"$wall"
[ -s "$agg" ] || die "no aggregated comm_data table; files: $(ls out)"
check_eq "program printed its byte counts" 8 "$(grep -c '^bytes ' out.out)"

# same_number WHAT EXPECTED ACTUAL: numerically equal.
same_number () {
  if [ -n "$3" ] && awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 == b + 0) }'; then
    pass "$1 ($3)"
  else
    fail "$1: expected $2, got '$3'"
  fi
}

expected_bytes () { awk -v r="$1" -v c="$2" '$1 == "bytes" && $2 == r && $3 == c { print $4 }' out.out; }

for r in 0 1; do
  check_eq "rank $r: MPI_Init_thread region" 1 "$(count_at "$wall" "main > MPI_Init_thread" $r)"
  for spec in "scatter_gather MPI_Scatter 3" "scatter_gather MPI_Gather 3" \
              "allreduce_sum MPI_Allreduce 1" "mpi-region MPI_Barrier 2"; do
    set -- $spec
    parent=$1 call=$2 calls=$3
    check_eq "rank $r: $call under $parent (wall)" "$calls" "$(count_at "$wall" "$parent > $call" $r)"
    check_eq "rank $r: $call under $parent (comm_data)" "$calls" "$(count_at "$comm" "$parent > $call" $r)"
    same_number "rank $r: $call bytes" "$(expected_bytes $r $call)" "$(cell_at "$comm" "$parent > $call" 6 $r)"
  done
  # The caller's comm_data includes its MPI calls' bytes.
  same_number "rank $r: scatter_gather bytes = its scatters + gathers" \
    "$(( $(expected_bytes $r MPI_Scatter) + $(expected_bytes $r MPI_Gather) ))" \
    "$(cell_at "$comm" "mpi-region > scatter_gather" 6 $r)"
done

# Aggregated across ranks: SUM (column 8) is the ranks' bytes summed.
for spec in "scatter_gather MPI_Scatter" "scatter_gather MPI_Gather" \
            "allreduce_sum MPI_Allreduce"; do
  set -- $spec
  same_number "aggregated $2 bytes" \
    "$(( $(expected_bytes 0 $2) + $(expected_bytes 1 $2) ))" \
    "$(cell_at "$agg" "$1 > $2" 8)"
done
check_eq "aggregated MPI_Scatter count" 6 "$(count_at "$agg" "scatter_gather > MPI_Scatter")"

# The JSON aggregate keeps exact bytes per rank.
check_eq "mpi.json: MPI_Scatter bytes per rank" \
  "$(expected_bytes 0 MPI_Scatter) $(expected_bytes 1 MPI_Scatter)" "$(python3 - out/mpi.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["trun_mpi"]
comm = [c for c in d["region"] if c["component"] == "comm_data"][0]
node = [n for n in comm["nodes"] if n["label"] == "MPI_Scatter"][0]
print(" ".join("%d" % s for s in node["per_rank"]["sum"]))
PY
)"

finish
