#!/bin/sh
# Topology in the reports: the summary line above the text tables and in
# the JSON, checked against hwloc's own tools on this machine, and each
# thread's processing unit, NUMA node and (TRUN_THREAD_BINDING) moves.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
command -v hwloc-calc >/dev/null || skip_test "hwloc-calc not installed (Debian package hwloc)"
plain_cc -o topo "$TRUN_TOP_SRCDIR/tests/rt/topology.c" || die "build"

TRUN_OUTPUT_PATH=out TRUN_THREAD_BINDING=on ./topo > stdout.txt 2> err.txt || fail "run"
check_eq "program output first" "done" "$(head -1 stdout.txt)"
check_eq "no diagnostics" "" "$(cat err.txt)"

pus=$(hwloc-calc --number-of pu machine:0)
cores=$(hwloc-calc --number-of core machine:0)
pkgs=$(hwloc-calc --number-of package machine:0)
numa=$(hwloc-calc --number-of numanode machine:0)
line=$(head -1 out/wall.txt)
case $line in
  "# topology: $pkgs package"*", $cores core"*", $pus PU"*", $numa NUMA node"*) pass "line in wall.txt: $line" ;;
  *) fail "topology line '$line' vs hwloc: $pkgs packages, $cores cores, $pus PUs, $numa NUMA" ;;
esac
check_eq "line once on stdout" 1 "$(grep -c '^# topology:' stdout.txt)"

python3 - "$pus" "$cores" "$pkgs" "$numa" > json.txt <<'PY' || fail "json: $(cat json.txt)"
import json, sys
pus, cores, pkgs, numa = map(int, sys.argv[1:])
d = json.load(open("out/trun.json"))
m = d["metadata"]
t = m["topology"]
assert (t["pus"], t["cores"], t["packages"], t["numa_nodes"]) == (pus, cores, pkgs, numa), t
th = m["threads"]
assert len(th) == 4, th
for x in th:
    assert 0 <= x["pu"] < pus, x
    assert 0 <= x["numa"] < max(numa, 1), x
    assert x["moved"] in (True, False), x
print("ok")
PY
check_eq "json topology and threads" ok "$(cat json.txt)"

# Without TRUN_THREAD_BINDING the report does not claim to know.
TRUN_OUTPUT_PATH=out2 ./topo > /dev/null 2>&1 || fail "run 2"
check_eq "moved unknown when off" "None" \
  "$(python3 -c 'import json; print(json.load(open("out2/trun.json"))["metadata"]["threads"][0]["moved"])')"
# libtrun never links hwloc: it loads it when a report needs the
# topology, at finalize, without hwloc's plugins (gl, opencl, pci, libxml)
# and without leaving anything changed in the environment.
if command -v readelf >/dev/null; then
  check_eq "libtrun does not link hwloc" 0 \
    "$(readelf -d "$TRUN_LIBDIR/libtrun.so" | grep -c 'NEEDED.*hwloc')"
fi
TRUN_OUTPUT_PATH=out3 LD_DEBUG=files ./topo finalize > stdout3.txt 2> ld.txt || fail "run 3"
check_eq "hwloc not loaded before finalize" "hwloc before finalize: no" \
  "$(grep '^hwloc before' stdout3.txt)"
check_grep "hwloc loaded for the report" "file=[^ ]*libhwloc" ld.txt
check_no_grep "none of hwloc's plugins" "file=[^ ]*/hwloc_[a-z_]*\.so" ld.txt
check_eq "environment as it was" "environment kept" "$(tail -1 stdout3.txt)"
check_grep "same topology line" "^# topology: $pkgs package" out3/wall.txt
TRUN_ENABLED=off LD_DEBUG=files ./topo > /dev/null 2> ld-off.txt || fail "run off"
check_no_grep "TRUN_ENABLED=off: hwloc never loaded" "libhwloc" ld-off.txt
finish
