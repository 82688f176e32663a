#!/bin/sh
# A small report file with the very bytes an earlier run left under its
# name is left as it is (same inode, same modification time); one that
# differs is replaced; no temporary file stays either way.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
cat > ten.c <<'C'
#include <stdio.h>
__attribute__ ((noinline)) int step (int x) { return x * 3 + 1; }
int main (void) { int v = 0; for (int i = 0; i < 9; i++) v = step (v); printf ("%d\n", v); return 0; }
C
trun_cc trace -O2 -o ten ten.c || die "build"
TRUN_OUTPUT_PATH=out ./ten > /dev/null 2>&1 || fail "run 1"
filter1=$(stat -c '%i %Y.%y' out/trun-filter.txt)
json1=$(stat -c '%i' out/trun.json)
pid1=$(python3 -c 'import json; print(json.load(open("out/trun.json"))["metadata"]["pid"])')
sleep 1 # a new modification time would show
TRUN_OUTPUT_PATH=out TRUN_VERBOSE=1 ./ten > /dev/null 2> err.txt || fail "run 2"
check_eq "same filter file: left as it was" "$filter1" "$(stat -c '%i %Y.%y' out/trun-filter.txt)"
check_grep "said so (TRUN_VERBOSE)" "trun-filter.txt: unchanged" err.txt
if [ "$json1" != "$(stat -c '%i' out/trun.json)" ]; then pass "trun.json (another pid) replaced"; else fail "trun.json not replaced"; fi
pid2=$(python3 -c 'import json; print(json.load(open("out/trun.json"))["metadata"]["pid"])')
if [ -n "$pid2" ] && [ "$pid1" != "$pid2" ]; then pass "trun.json is the second run's"; else fail "trun.json pid $pid1, then $pid2"; fi
check_eq "no temporary file left" "" "$(ls -A out | grep '\.tmp$')"
# A changed filter file (a rule more) is replaced.
printf '# edited\n' >> out/trun-filter.txt
touch -d '2000-01-01' out/trun-filter.txt
TRUN_OUTPUT_PATH=out ./ten > /dev/null 2>&1 || fail "run 3"
check_no_grep "an edited filter file is replaced" "# edited" out/trun-filter.txt
finish
