#!/bin/sh
# Topology in the reports: the summary line above the text tables and in
# the JSON, checked against hwloc's own tools on this machine, and each
# thread's processing unit, NUMA node and (TRUN_THREAD_BINDING) moves;
# from sysfs (the default) and from hwloc (TRUN_TOPOLOGY=hwloc) alike.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
command -v hwloc-calc >/dev/null || skip_test "hwloc-calc not installed (Debian package hwloc)"
plain_cc -o topo "$TRUN_TOP_SRCDIR/tests/rt/topology.c" || die "build"

pus=$(hwloc-calc --number-of pu machine:0)
cores=$(hwloc-calc --number-of core machine:0)
pkgs=$(hwloc-calc --number-of package machine:0)
numa=$(hwloc-calc --number-of numanode machine:0)

for source in sysfs hwloc; do
out=out-$source
TRUN_TOPOLOGY=$source TRUN_OUTPUT_PATH=$out TRUN_THREAD_BINDING=on ./topo > stdout.txt 2> err.txt || fail "$source: run"
check_eq "$source: program output first" "done" "$(head -1 stdout.txt)"
check_eq "$source: no diagnostics" "" "$(cat err.txt)"

line=$(head -1 $out/wall.txt)
case $line in
  "# topology: $pkgs package"*", $cores core"*", $pus PU"*", $numa NUMA node"*) pass "$source: line in wall.txt: $line" ;;
  *) fail "$source: topology line '$line' vs hwloc: $pkgs packages, $cores cores, $pus PUs, $numa NUMA" ;;
esac
check_eq "$source: line once on stdout" 1 "$(grep -c '^# topology:' stdout.txt)"

python3 - "$pus" "$cores" "$pkgs" "$numa" "$out" > json.txt <<'PY' || fail "$source: json: $(cat json.txt)"
import json, sys
pus, cores, pkgs, numa = map(int, sys.argv[1:5])
d = json.load(open(sys.argv[5] + "/trun.json"))
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
check_eq "$source: json topology and threads" ok "$(cat json.txt)"
done
check_eq "sysfs and hwloc: the same line" "$(head -1 out-hwloc/wall.txt)" "$(head -1 out-sysfs/wall.txt)"
check_eq "sysfs and hwloc: the same JSON topology" \
  "$(python3 -c 'import json; print(json.load(open("out-hwloc/trun.json"))["metadata"]["topology"])')" \
  "$(python3 -c 'import json; print(json.load(open("out-sysfs/trun.json"))["metadata"]["topology"])')"
TRUN_TOPOLOGY=off TRUN_OUTPUT_PATH=out-off ./topo > /dev/null 2> err.txt || fail "run off"
check_eq "TRUN_TOPOLOGY=off: no diagnostics" "" "$(cat err.txt)"
check_no_grep "TRUN_TOPOLOGY=off: no topology line" "^# topology" out-off/wall.txt
check_eq "TRUN_TOPOLOGY=off: topology null" "None" \
  "$(python3 -c 'import json; print(json.load(open("out-off/trun.json"))["metadata"]["topology"])')"

# Without TRUN_THREAD_BINDING the report does not claim to know.
TRUN_OUTPUT_PATH=out2 ./topo > /dev/null 2>&1 || fail "run 2"
check_eq "moved unknown when off" "None" \
  "$(python3 -c 'import json; print(json.load(open("out2/trun.json"))["metadata"]["threads"][0]["moved"])')"
# A process confined to one CPU by a cpuset cgroup (v1; as root, where
# the hierarchy is mounted and writable) sees that CPU only, as hwloc does.
cg=/sys/fs/cgroup/cpuset/trun-test-$$
last=$(sed 's/.*[-,]//' /sys/devices/system/cpu/online 2>/dev/null)
if [ "$pus" -gt 1 ] && [ -n "$last" ] && mkdir "$cg" 2>/dev/null; then
  if echo "$last" > "$cg/cpuset.cpus" && cat /sys/fs/cgroup/cpuset/cpuset.mems > "$cg/cpuset.mems"; then
    for source in sysfs hwloc; do
      sh -c 'echo $$ > "$1/tasks" && exec env TRUN_TOPOLOGY=$2 TRUN_OUTPUT_PATH=out-cg-$2 ./topo' sh "$cg" $source > /dev/null 2>&1 || fail "cgroup: run $source"
      check_grep "cgroup, $source: one PU, P#$last" "^# topology: 1 package, 1 core, 1 PU" out-cg-$source/wall.txt
      check_eq "cgroup, $source: the threads ran on it" "$last" \
        "$(python3 -c 'import json, sys; print(*sorted({t["pu"] for t in json.load(open(sys.argv[1]))["metadata"]["threads"]}))' out-cg-$source/trun.json)"
    done
    check_eq "cgroup: sysfs and hwloc, the same line" "$(head -1 out-cg-hwloc/wall.txt)" "$(head -1 out-cg-sysfs/wall.txt)"
    check_eq "cgroup: hwloc-calc agrees" 1 "$(sh -c 'echo $$ > "$1/tasks" && exec hwloc-calc --number-of pu machine:0' sh "$cg")"
  fi
  rmdir "$cg" 2>/dev/null
fi

# A thread bound to fewer CPUs (taskset, no cgroup) still reports the
# whole machine, as hwloc does: its affinity is no cpuset (the cgroup is
# read then, and names every CPU).
if [ "$pus" -gt 1 ] && command -v taskset >/dev/null; then
  TRUN_OUTPUT_PATH=out-ts taskset -c 0 ./topo > /dev/null 2>&1 || fail "taskset: run"
  check_eq "taskset -c 0: the same line" "$(head -1 out-sysfs/wall.txt)" "$(head -1 out-ts/wall.txt)"
fi

# libtrun never links hwloc: it loads it when a report needs the
# topology and TRUN_TOPOLOGY=hwloc asks for it, at finalize, without
# hwloc's plugins (gl, opencl, pci, libxml) and without leaving anything
# changed in the environment.  By default (sysfs) hwloc is never loaded.
if command -v readelf >/dev/null; then
  check_eq "libtrun does not link hwloc" 0 \
    "$(readelf -d "$TRUN_LIBDIR/libtrun.so" | grep -c 'NEEDED.*hwloc')"
fi
TRUN_TOPOLOGY=hwloc TRUN_OUTPUT_PATH=out3 LD_DEBUG=files ./topo finalize > stdout3.txt 2> ld.txt || fail "run 3"
check_eq "hwloc not loaded before finalize" "hwloc before finalize: no" \
  "$(grep '^hwloc before' stdout3.txt)"
check_grep "hwloc loaded for the report" "file=[^ ]*libhwloc" ld.txt
check_no_grep "none of hwloc's plugins" "file=[^ ]*/hwloc_[a-z_]*\.so" ld.txt
check_eq "environment as it was" "environment kept" "$(tail -1 stdout3.txt)"
check_grep "same topology line" "^# topology: $pkgs package" out3/wall.txt
TRUN_OUTPUT_PATH=out4 LD_DEBUG=files ./topo finalize > stdout4.txt 2> ld-sysfs.txt || fail "run 4"
check_no_grep "default (sysfs): hwloc never loaded" "libhwloc" ld-sysfs.txt
check_grep "default (sysfs): same topology line" "^# topology: $pkgs package" out4/wall.txt
TRUN_ENABLED=off TRUN_TOPOLOGY=hwloc LD_DEBUG=files ./topo > /dev/null 2> ld-off.txt || fail "run off"
check_no_grep "TRUN_ENABLED=off: hwloc never loaded" "libhwloc" ld-off.txt
finish
