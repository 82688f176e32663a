#!/bin/sh
# Thread churn: 40 rounds of 256 threads created and joined.  Memory
# grows with the distinct call paths, not with the threads ever made;
# every count stays exact.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

src=$TRUN_TOP_SRCDIR/tests/rt/churn.c
$CC $TRUN_TEST_CFLAGS -O1 -pthread -o plain "$src" || die "compile plain"
plain_cc -O1 -DWITH_TRUN -o churn "$src" || die "compile"
plain_kb=$(./plain 40 256)
kb=$(TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 ./churn 40 256) || fail "run"
echo "peak RSS: plain $plain_kb kB, with trun $kb kB"
# (A sanitizer's own memory per thread would swamp the comparison.)
if [ -z "${TRUN_SANITIZERS:-}" ]; then
  [ "$kb" -lt $((plain_kb + 16384)) ] && pass "10 240 threads: peak RSS within 16 MB of the plain run" \
    || fail "10 240 threads: peak RSS $kb kB against $plain_kb kB plain"
fi
check_eq "every worker counted" "1 10240" "$(rows_of trun-output/wall.txt worker)"
check_eq "every step counted" "2 30720" "$(rows_of trun-output/wall.txt step)"
n=$(python3 -c 'import json; print(len(json.load(open("trun-output/trun.json"))["metadata"]["threads"]))')
check_eq "every thread in the metadata" 10241 "$n"
finish
