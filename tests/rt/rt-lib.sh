# tests/rt/rt-lib.sh -- helpers shared by the runtime tests.

# fib_counts N: "depth count" for each recursion level of naive fib(N),
# level 0 being the outermost call.
fib_counts () {
  awk -v n="$1" '
    function f(m, d) { cnt[d]++; if (m >= 2) { f(m - 1, d + 1); f(m - 2, d + 1) } }
    BEGIN { f(n, 0); for (d = 0; d in cnt; d++) print d, cnt[d] }'
}

# fib_throttled_counts N LIMIT: "depth count" of fib(N)'s levels when
# fib is throttled at the exit that takes a level's count past LIMIT:
# the calls open then are still counted at their exits, later ones not.
fib_throttled_counts () {
  awk -v n="$1" -v lim="$2" '
    function f(m, d) {
      if (off) return
      if (m >= 2) { f(m - 1, d + 1); f(m - 2, d + 1) }
      if (++cnt[d] > lim) off = 1
    }
    BEGIN { f(n, 0); for (d = 0; d in cnt; d++) print d, cnt[d] }'
}

# label_totals FILE: "label count unmeasured open" per label of FILE (a
# trun.json), summed over its nodes: wall-clock count, calls not
# measured, frames closed by finalize.
label_totals () {
  python3 "$TRUN_TOP_SRCDIR/tools/trun-json.py" --nodes "$1" | python3 -c '
import json, sys
tot = {}
for line in sys.stdin:
    n = json.loads(line)
    c = n.get("components", {}).get("wall_clock", {}).get("count", 0)
    t = tot.setdefault(n["label"], [0, 0, 0])
    t[0] += c; t[1] += n.get("unmeasured", 0); t[2] += n.get("open_at_finalize", 0)
for k in sorted(tot):
    print(k, *tot[k])
'
}

# label_paths FILE LABEL: "path count" of each node of LABEL in FILE,
# its path joined by ">".
label_paths () {
  python3 "$TRUN_TOP_SRCDIR/tools/trun-json.py" --nodes "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    n = json.loads(line)
    if n["label"] == sys.argv[1]:
        print(">".join(n["path"]), n.get("components", {}).get("wall_clock", {}).get("count", 0))
' "$2"
}

# rt_rows FILE: "depth label count" per row, in order (a throttled row's
# " [throttled]" mark is not part of its label).  (lib.sh's
# table_rows splits on '|' and so misreads nested "|_label" rows.)
rt_rows () {
  awk '
    index($0, "| >>> ") == 1 || $0 ~ /^\|[0-9]+>>> / {
      line = $0
      sub(/^\|( |[0-9]+)>>> */, "", line); sub(/^\|_/, "", line)
      end = index(line, " | ")
      label = substr(line, 1, end - 1); sub(/ +$/, "", label)
      sub(/ \[throttled\]$/, "", label)
      split(substr(line, end + 3), cols, "|")
      c = cols[1]; gsub(/ /, "", c); d = cols[2]; gsub(/ /, "", d)
      print d, label, c
    }' "$1"
}

# rows_of FILE LABEL: "depth count" of every row with this label.
rows_of () {
  rt_rows "$1" | awk -v lab="$2" '$2 == lab { print $1, $3 }'
}

# check_fib_rows WHAT FILE FIRST_DEPTH N MULT: the fib rows of FILE,
# starting at table depth FIRST_DEPTH, equal MULT x the counts of fib(N).
check_fib_rows () {
  exp=$(fib_counts "$4" | awk -v o="$3" -v k="$5" '{ print $1 + o, $2 * k }')
  got=$(rows_of "$2" fib | awk -v o="$3" '$1 >= o')
  check_eq "$1" "$exp" "$got"
}

# omp_test_setup: what an OpenMP test with the plugin needs first.
omp_test_setup () {
  [ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
  sanitizer_skip thread "GCC's libgomp is not built with ThreadSanitizer, which" \
    "cannot see its barriers: every OpenMP program, with or without trun," \
    "reports false data races"
}

# two_at_once DIR PROG: two runs of PROG (built from behave.c) at once,
# reports in DIR, stderr in e1 and e2: both started before either ends.
two_at_once () {
  rm -rf go go.ready.*
  TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=$1 "$2" barrier go 2> e1 & a=$!
  TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=$1 "$2" barrier go 2> e2 & b=$!
  # Both started (a slow, sanitized start must not let one finish first).
  for t in $(seq 1 200); do
    [ "$(ls go.ready.* 2>/dev/null | wc -l)" -ge 2 ] && break
    sleep 0.05
  done
  touch go; wait $a; wait $b
}
