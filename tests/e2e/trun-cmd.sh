#!/bin/sh
# tests/e2e/trun-cmd.sh -- the trun command on real reports: programs
# built with the plugin, their report directories read by each
# subcommand.  report's rows, cuts and widths; convert's files equal to
# the runtime's own for the same run (folded byte for byte, the JSON and
# CSV within trun.json's 12 digits); diff of two workloads; merge of two
# runs (counts summed) and of an MPI job's ranks (equal to mpi.json);
# every error: one message naming the file, exit status 2.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
TRUN=$TRUN_TOP_BUILDDIR/trun
[ -x "$TRUN" ] || die "trun not built: $TRUN"
CHECK="python3 $TRUN_TOP_SRCDIR/tests/e2e/trun-cmd-check.py"
unset COLUMNS

# run_cmd NAME ARGS...: trun ARGS with stdout in NAME.out, stderr in
# NAME.err; sets rc.
run_cmd () {
  name=$1; shift
  "$TRUN" "$@" > "$name.out" 2> "$name.err"
  rc=$?
}
# expect_error NAME WHAT-IT-NAMES ARGS...: exit 2, one line on stderr
# naming WHAT-IT-NAMES.
expect_error () {
  name=$1 names=$2; shift 2
  run_cmd "$name" "$@"
  check_eq "$name: exit status 2" 2 "$rc"
  check_eq "$name: one message" 1 "$(wc -l < "$name.err")"
  check_grep "$name: names $names" "$names" "$name.err"
}
# count_of FILE NAME: the COUNT column of report's row ending in NAME.
count_of () { grep " $2\$" "$1" | head -1 | cut -c31-40 | tr -d ' '; }
max_line () { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }

# ---- the fixtures ----
trun_cc region -O1 -o outputs "$TRUN_TOP_SRCDIR/tests/rt/outputs.c" || die "compile outputs.c"
trun_cc region -O1 -o work "$TRUN_TOP_SRCDIR/tests/e2e/trun-cmd.c" || die "compile trun-cmd.c"
TRUN_COUT_OUTPUT=off TRUN_CSV_OUTPUT=on TRUN_THROTTLE_COUNT=0 TRUN_OUTPUT_PATH=out \
  ./outputs 3 > /dev/null 2> run.err || die "outputs: $(cat run.err)"
for r in a1:a:10 a2:a:10 b:b:30; do
  d=${r%%:*} rest=${r#*:}
  TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 TRUN_OUTPUT_PATH=$d \
    ./work ${rest%%:*} ${rest#*:} > /dev/null 2> run.err || die "work $r: $(cat run.err)"
done
nodes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["region"]["node_count"])' out/trun.json)

# ---- help and usage ----
for c in report diff convert merge; do
  run_cmd help-$c $c --help
  check_eq "$c --help: exit 0" 0 "$rc"
  check_grep "$c --help: usage" "^Usage: trun $c" help-$c.out
done
run_cmd help --help
check_grep "trun --help lists the commands" "merge DIR" help.out
check_grep "man page" "^\.TH TRUN 1" "$TRUN_TOP_SRCDIR/doc/trun.1"
expect_error no-cmd '"frobnicate"' frobnicate
expect_error bad-opt 'sort=size' report --sort=size out

# ---- report ----
run_cmd rep report out
check_eq "report: exit 0" 0 "$rc"
check_grep "report: header names the file and component" "^out/trun.json: region domain, wall_clock: $nodes nodes, 4 threads" rep.out
check_eq "report: 20 rows by default" 20 "$(grep -c '^ *[0-9.]* [mun]*s ' rep.out)"
check_grep "report: says how many more" "^\($((nodes - 20)) more call paths" rep.out
# The node first by self time, and how many rows --threshold=50 keeps,
# from trun.json itself: with 4 threads under main, whether main's own
# time or its threads' summed time in work is larger depends on the
# machine's load.
python3 - out/trun.json > expect.txt <<'PY'
import json, sys
nodes = json.load(open(sys.argv[1]))["region"]["nodes"]
def path(i):
    p = []
    while i >= 0:
        p.append(nodes[i]["l"]); i = nodes[i]["p"]
    return ";".join(reversed(p))
top = max(range(len(nodes)), key=lambda i: nodes[i]["s"][0][5])
print("top", path(top))
total = sum(n["s"][0][1] for n in nodes if n["p"] < 0)
shown = set()
for i, n in enumerate(nodes): # parents come before their children
    if (n["p"] < 0 or n["p"] in shown) and n["s"][0][1] >= 0.5 * total:
        shown.add(i)
print("t50", len(shown) + 2)
PY
check_eq "report: first by self time" "$(sed -n 's/^top //p' expect.txt)" "$(sed -n 3p rep.out | awk '{ print $NF }')"
sed 1d rep.out > rows.out
check_eq "report: 80 columns when not a terminal" 1 "$([ "$(max_line rows.out)" -le 80 ] && echo 1)"
COLUMNS=70 "$TRUN" report out > rep70.out
sed 1d rep70.out > rows70.out
check_eq "report: \$COLUMNS=70 cuts names" 1 "$([ "$(max_line rows70.out)" -le 70 ] && echo 1)"
check_grep "report: a cut path keeps its end" '\.\.\..*;fib\*[0-9]+$' rep70.out
"$TRUN" report -n 0 --width=400 out > all.out
check_eq "report -n 0: every node" "$nodes" "$(grep -c '^ *[0-9.]* [mun]*s ' all.out)"
check_grep "report: a name's line end shown as \\x0a" 'name\\x0awith a line end' all.out
check_grep "report: recursion shown as fib*N" 'compute;fib\*15$' all.out
"$TRUN" report --sort=count -n 1 out > cnt.out
check_eq "report --sort=count: the most calls first" \
  "$(python3 -c 'import json,sys; print(max(n["s"][0][0] for n in json.load(open(sys.argv[1]))["region"]["nodes"] if n["s"][0]))' out/trun.json)" \
  "$(sed -n 3p cnt.out | cut -c31-40 | tr -d ' ')"
"$TRUN" report --sort=name --flat -n 0 -w 200 out > name.out
check_eq "report --flat --sort=name: one row per function, by name" \
  'a "quoted", name\x0awith a line end|compute|fib|long_x...|main|odd;name|work' \
  "$(sed -n '3,$p' name.out | cut -c54- | sed 's/^long_x*\.\.\./long_x.../' | paste -sd'|')"
fibs=$(python3 -c 'import json,sys; print(sum(n["s"][0][0] for n in json.load(open(sys.argv[1]))["region"]["nodes"] if n["l"] == "fib"))' out/trun.json)
check_eq "report --flat: fib's count over all paths" "$fibs" \
  "$(count_of name.out fib)"
"$TRUN" report --tree --depth=1 --threshold=0 -w 200 out > tree1.out
check_eq "report --tree --depth=1: two levels" "main|  long_x...|  work" \
  "$(sed -n '3,$p' tree1.out | cut -c54- | sed 's/long_x*\.\.\./long_x.../' | paste -sd'|')"
"$TRUN" report --tree --threshold=0 -w 300 out > tree0.out
check_eq "report --tree --threshold=0: every node" "$nodes" "$(($(wc -l < tree0.out) - 2))"
"$TRUN" report --tree --threshold=50 out > tree50.out
check_eq "report --tree --threshold=50: the nodes at 50% of the total or more" "$(sed -n 's/^t50 //p' expect.txt)" "$(wc -l < tree50.out)"
check_eq "report --tree --threshold=50: main first" main "$(sed -n 3p tree50.out | awk '{ print $NF }')"
run_cmd comp report --component=wall out
check_eq "report --component=wall (a label)" 0 "$rc"
expect_error nocomp 'peak_rss' report --component=peak_rss out
expect_error rank-proc 'mpi.json' report --rank=1 out

# ---- convert: the runtime's writers again ----
run_cmd conv convert out --to=tree-json,folded,csv,json,text -o conv
check_eq "convert: exit 0, nothing said" "0:" "$rc:$(cat conv.err)"
if cmp -s out/wall.folded conv/wall.folded; then pass "convert folded: byte for byte"
else fail "convert folded differs: $(diff out/wall.folded conv/wall.folded | head -5)"; fi
for f in wall.tree.json trun.json; do
  $CHECK same out/$f conv/$f > cmp.txt && pass "convert $f: equal" || fail "convert $f: $(cat cmp.txt)"
done
$CHECK csv out/wall.csv conv/wall.csv > cmp.txt && pass "convert wall.csv: equal" || fail "convert wall.csv: $(cat cmp.txt)"
grep -v '^# topology' out/wall.txt > want.txt
check_eq "convert text: the table without the topology line" "" "$(diff want.txt conv/wall.txt | head -3)"
"$TRUN" convert out --to=flamegraph -o conv-fg > /dev/null 2>&1
check_eq "convert flamegraph: one SVG per time component" "wall.flamegraph.svg" \
  "$(ls conv-fg | grep 'flamegraph\.svg$' | tr '\n' ' ' | sed 's/ $//')"
# The run's own flame graph and the converted one draw the same frames.
frames () { grep -o '<title>[^<]*' "$1" | sed 's/ (.*//' | sort; }
check_eq "convert flamegraph: the run's frames" "$(frames out/wall.flamegraph.svg)" \
  "$(frames conv-fg/wall.flamegraph.svg)"
mkdir in && cp out/trun.json in/ && "$TRUN" convert in --to=folded && \
  cmp -s out/wall.folded in/wall.folded && pass "convert: beside the profile by default" \
  || fail "convert into the report directory"
expect_error chrome 'no raw timeline in out' convert out --to=chrome
expect_error timeline 'no raw timeline in out' convert out --to=timeline
expect_error chrome-merge 'chrome is convert' merge out -o m --to=chrome
# A run that wrote its timeline: nothing to convert, said, exit 0; into
# another directory, exit 2, and the other formats asked for still come.
TRUN_COUT_OUTPUT=off TRUN_TIMELINE=on TRUN_THROTTLE_COUNT=0 TRUN_OUTPUT_PATH=tl ./outputs >/dev/null 2>&1
run_cmd tldone convert tl --to=chrome
check_eq "convert --to=chrome, timeline.json there: exit 0" 0 "$rc"
check_grep "and says it is there already" 'tl/timeline.json is there already' tldone.err
run_cmd tlelse convert tl --to=timeline,folded -o tl-else
check_eq "into another directory: exit 2" 2 "$rc"
check_grep "and says nothing was written there" 'nothing written to the output directory' tlelse.err
[ -s tl-else/wall.folded ] && pass "the other formats still written" || fail "no tl-else/wall.folded: $(ls tl-else)"
expect_error badfmt 'no such format' convert out --to=svgz

# ---- diff: a changed workload ----
run_cmd diff diff a1 b
check_eq "diff: exit 0" 0 "$rc"
check_grep "diff: gamma new" ' gamma_ \[new\]$' diff.out
check_grep "diff: beta gone" ' beta \[gone\]$' diff.out
check_eq "diff: alpha's count 40, 20 more" "40 +20" \
  "$(grep ' alpha$' diff.out | awk '{ print $(NF-2), $(NF-1) }')"
check_eq "diff: largest change first" 1 "$(sed -n '4,$p' diff.out | grep -v '^(' | cut -c23-33 | awk '
  function sec(v, u) { return u == "s" ? v : u == "ms" ? v / 1e3 : u == "us" ? v / 1e6 : u == "ns" ? v / 1e9 : 0 }
  { d = sec($1, $2); if (d < 0) d = -d; if (NR > 1 && d > last * 1.0000001 + 1e-12) bad = 1; last = d }
  END { print bad ? 0 : 1 }')"
run_cmd difft diff --tree -w 200 a1 b
check_grep "diff --tree: per call path" 'main;driver;gamma_ \[new\]$' difft.out
check_grep "diff --tree: worker path kept" 'main;worker;alpha$' difft.out
run_cmd diffs diff a1 a2
check_eq "diff of the same workload: exit 0, nothing new" "0:" "$rc:$(grep -c '\[new\]\|\[gone\]' diffs.out | sed 's/^0$//')"

# ---- merge ----
run_cmd merge merge a1 a2 -o merged
check_eq "merge: exit 0" "0:" "$rc:$(cat merge.err)"
for f in trun.json wall.txt wall.tree.json wall.folded; do
  [ -s merged/$f ] && pass "merge wrote $f" || fail "merge: no $f"
done
$CHECK counts merged/trun.json a1/trun.json a2/trun.json > cmp.txt \
  && pass "merge: counts summed per call path" || fail "merge: $(cat cmp.txt)"
"$TRUN" report --flat merged > mflat.out
check_eq "merged report: alpha 40 calls" 40 "$(count_of mflat.out alpha)"
run_cmd merge1 merge a1 -o self1 --to=json
$CHECK same a1/trun.json self1/trun.json > cmp.txt && pass "merge of one run: the same profile" \
  || fail "merge of one: $(cat cmp.txt)"

# ---- MPI: a job directory ----
if [ "${TRUN_HAVE_MPI:-no}" = yes ] && [ -n "${MPICC:-}" ]; then
  . "$TRUN_TOP_SRCDIR/tests/e2e/mpi-lib.sh"
  mpi_build mprog
  TRUN_COUT_OUTPUT=off TRUN_MPI_PER_RANK=on mpi_run 2 job ./mprog
  [ -s job/mpi.json ] || die "no mpi.json: $(ls job)"
  run_cmd job report --flat job
  check_grep "report of a job: mpi.json" '^job/mpi.json: MPI job of 2 ranks' job.out
  check_eq "job: local_work on both ranks (1 + 2 calls)" 3 "$(count_of job.out local_work)"
  for r in 0 1; do
    "$TRUN" report --flat --rank=$r job > rank$r.out
    check_eq "report --rank=$r: local_work $((r + 1)) calls" $((r + 1)) \
      "$(count_of rank$r.out local_work)"
  done
  expect_error rank9 'the job had 2 ranks' report --rank=9 job
  run_cmd jmerge merge job -o jmerged
  check_eq "merge of the ranks' profiles: exit 0" "0:" "$rc:$(cat jmerge.err)"
  "$TRUN" report --flat -n 0 -w 200 jmerged | sed -n '3,$p' | cut -c31-40,54- | sort > a.txt
  sed -n '3,$p' job.out | cut -c31-40,54- | sort > b.txt
  check_eq "merged ranks = the job's counts" "" "$(diff a.txt b.txt)"
  expect_error jconv 'MPI job report' convert job/mpi.json --to=folded
else
  echo "SKIP: the MPI part (trun configured without MPI)"
fi

# ---- errors ----
mkdir empty
expect_error empty 'empty: no trun report' report empty
expect_error missing 'nowhere' report nowhere
mkdir v1 && sed 's/"trun_schema_version": 2/"trun_schema_version": 1/' out/trun.json > v1/trun.json
expect_error schema 'v1/trun.json: a profile of schema version 1' report v1
expect_error schema-conv 'v1/trun.json: a profile of schema version 1' convert v1 --to=folded
mkdir cut && head -c 3000 out/trun.json > cut/trun.json
expect_error truncated 'cut/trun.json: truncated' report cut
expect_error truncated-merge 'cut/trun.json: truncated' merge a1 cut -o m2
expect_error truncated-diff 'cut/trun.json: truncated' diff a1 cut
mkdir bad && printf '{"trun_schema_version": 2, ]' > bad/trun.json
expect_error malformed 'bad/trun.json: not JSON' report bad
printf '{"hello": 1}\n' > other.json
expect_error not-profile 'other.json: not a trun profile' report other.json
: > bad/trun.json
expect_error empty-file 'bad/trun.json: empty' report bad
finish
