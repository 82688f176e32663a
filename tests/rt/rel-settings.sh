#!/bin/sh
# Settings of any length are taken whole (a long TRUN_REGION_EXCLUDE
# still excludes, a long TRUN_OUTPUT_PATH is the directory used, never a
# cut one); labels with control bytes are escaped in messages.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

trun_cc trace -O1 -DWITH_TRUN -o prog "$TRUN_TOP_SRCDIR/tests/rt/behave.c" -lm || die "compile"

# A 2 400-byte regex whose last alternative names leaf.
long=$(awk 'BEGIN { s = "^("; for (i = 0; i < 400; i++) s = s "nope" i "|"; print s "leaf)$" }')
[ ${#long} -gt 2000 ] || die "regex too short"
TRUN_REGION_EXCLUDE=$long TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=ex ./prog chdir . 2> err.txt
check_eq "long regex: no message" "" "$(cat err.txt)"
check_eq "long regex: leaf excluded" "" "$(rows_of ex/trace-wall.txt leaf)"
check_eq "long regex: work kept" "1 1" "$(rows_of ex/trace-wall.txt work)"

# A 5 000-byte output path, made as given.
dir=$(awk 'BEGIN { s = "deep"; for (i = 0; i < 25; i++) { s = s "/"; for (j = 0; j < 199; j++) s = s "d" } print s }')
[ ${#dir} -gt 4096 ] || die "path too short"
TRUN_OUTPUT_PATH=$dir TRUN_COUT_OUTPUT=off ./prog chdir . 2> err.txt
check_eq "long path: no message" "" "$(cat err.txt)"
# (The shell cannot stat a path that long; find walks down to it.)
check_eq "long path: the report is in it, nowhere else" 1 \
  "$(find deep -mindepth 26 -maxdepth 26 -name trace-wall.txt | wc -l)"
check_eq "long path: nothing cut short" 1 "$(find deep -name trace-wall.txt | wc -l)"

# A label that would fake a line in a message.
cat > bad.c <<'C'
#include "trun/trun.h"
int main (void) { trun_region_end ("evil\ntrun: fake line\033[2J"); return 0; }
C
plain_cc -O1 -o bad bad.c || die "compile bad"
TRUN_COUT_OUTPUT=off ./bad 2> err.txt
check_eq "one message line" 1 "$(wc -l < err.txt)"
check_grep "control bytes escaped" 'evil\\x0atrun: fake line\\x1b\[2J' err.txt
finish
