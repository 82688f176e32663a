#!/bin/sh
# A small report file that replaces another keeps the old one as its
# spare (.NAME.spare), and the next run writes into that inode rather
# than a new one: the file under its name is still always complete, cut
# to its length, and never a file someone linked to keep, a link or a
# FIFO planted there.  The command line comes from the program's own
# arguments.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
cat > ten.c <<'C'
#include <stdio.h>
__attribute__ ((noinline)) int step (int x) { return x * 3 + 1; }
int main (void) { int v = 0; for (int i = 0; i < 9; i++) v = step (v); printf ("%d\n", v); return 0; }
C
trun_cc trace -O2 -o ten ten.c || die "build"
meta () { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metadata"][sys.argv[2]])' "$1" "$2"; }
# run N [ARGS]: one run into out/, its stderr in err.N
run () {
  n=$1; shift
  TRUN_OUTPUT_PATH=out ./ten "$@" > /dev/null 2> err.$n || fail "run $n"
  check_eq "run $n: no diagnostics" "" "$(cat err.$n)"
}
run 1
check_eq "first run: no spare" "" "$(ls -A out | grep 'spare$')"
ino1=$(stat -c %i out/trun.json)
pid1=$(meta out/trun.json pid)
run 2
check_eq "second run: the first run's file is the spare" "$ino1 $pid1" \
  "$(stat -c %i out/.trun.json.spare) $(meta out/.trun.json.spare pid)"
ino2=$(stat -c %i out/trun.json)
run 3 a "b c"
check_eq "third run: written over the spare's inode" "$ino1" "$(stat -c %i out/trun.json)"
check_eq "third run: the second run's file is the spare" "$ino2" "$(stat -c %i out/.trun.json.spare)"
pid3=$(meta out/trun.json pid)
if [ -n "$pid3" ] && [ "$pid3" != "$pid1" ]; then pass "trun.json is the third run's"; else fail "trun.json pid $pid3 (first run: $pid1)"; fi
check_eq "command line from the arguments" "./ten a b c" "$(meta out/trun.json command_line)"

# A longer spare: cut to the new file's length.
head -c 5000 /dev/zero | tr '\0' x >> out/.trun.json.spare
run 4
meta out/trun.json pid > /dev/null 2>&1 && pass "longer spare: trun.json complete, nothing after it" \
  || fail "longer spare: trun.json does not parse"
check_no_grep "longer spare: none of its bytes after the end" xxxxxxxxxxxx out/trun.json

# A spare someone linked to keep is left as it is.
ln out/.trun.json.spare keep.json
cp keep.json keep.copy
run 5
cmp -s keep.json keep.copy && pass "linked spare: kept as it was" || fail "linked spare: written over"
check_eq "linked spare: not trun.json's inode" "" \
  "$([ "$(stat -c %i keep.json)" = "$(stat -c %i out/trun.json)" ] && echo same)"
meta out/trun.json pid > /dev/null 2>&1 && pass "linked spare: trun.json complete" || fail "linked spare: trun.json broken"

# A symbolic link is never followed; a FIFO never waited on.
echo secret > target.txt
rm -f out/.trun.json.spare
ln -s ../target.txt out/.trun.json.spare
run 6
check_eq "link as spare: not followed" "secret" "$(cat target.txt)"
meta out/trun.json pid > /dev/null 2>&1 && pass "link as spare: trun.json complete" || fail "link as spare: trun.json broken"
rm -f out/.trun.json.spare
mkfifo out/.trun.json.spare
TRUN_OUTPUT_PATH=out timeout 60 ./ten > /dev/null 2> err.7
check_eq "FIFO as spare: the run ends" 0 "$?"
meta out/trun.json pid > /dev/null 2>&1 && pass "FIFO as spare: trun.json complete" || fail "FIFO as spare: trun.json broken"
check_eq "no temporary file left" "" "$(ls -A out | grep '\.tmp$')"
check_eq "one spare per replaced file, all regular" "" \
  "$(for f in out/.*.spare; do [ -f "$f" ] && [ ! -L "$f" ] || echo "$f"; done)"

# Two runs at once over spares: the first to finish writes over the
# spare, the other finds that report newer than its start, puts it back
# and takes -pid: both kept, one message, every file complete.
trun_cc trace -O2 -DWITH_TRUN -o both "$TRUN_TOP_SRCDIR/tests/rt/behave.c" -lm || die "build behave.c"
json_ok () { python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
rm -rf two; mkdir two
for i in 1 2 3; do TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=two ./both fenv > /dev/null 2>&1; done
lost=0 broken=0 msgs=0
for i in $(seq 1 10); do
  rm -rf two/*-pid*
  two_at_once two ./both
  [ "$(ls two | grep -c '^trun.*\.json$')" = 2 ] || lost=$((lost + 1))
  [ "$(cat e1 e2 | grep -c 'written by another run')" = 1 ] || msgs=$((msgs + 1))
  for f in two/trun*.json two/.trun*.json.spare; do
    [ -e "$f" ] && { json_ok "$f" || broken=$((broken + 1)); }
  done
done
check_eq "two runs at once over spares: both reports kept, 10 rounds" 0 "$lost"
check_eq "two runs at once over spares: one message each round" 0 "$msgs"
check_eq "two runs at once over spares: every report and spare complete" 0 "$broken"
check_eq "two runs at once over spares: no temporary file left" "" "$(ls -A two | grep '\.tmp$')"
finish
