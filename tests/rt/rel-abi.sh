#!/bin/sh
# An object built by another trun version (another ABI version, the
# previous one among them, or the version-1 registration): one warning
# naming it, its functions off (version 3 code calls no marker), no
# crash, nothing of it in the report.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"

plain_cc -O1 -o abi "$TRUN_TOP_SRCDIR/tests/rt/abi.c" || die "compile"
TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=out ./abi > out.txt 2> err.txt
check_eq "exit status" 0 "$?"
abi=$(sed -n 's/^#define TRUN_ABI_VERSION \([0-9]*\).*/\1/p' "$TRUN_TOP_SRCDIR/include/trun/abi.h")
check_eq "descriptors switched off; version 3's skipped, its calls counted inline" \
  "0 0 0 2 3" "$(cat out.txt)"
check_eq "one warning per object" 3 "$(grep -c '^trun: ' err.txt)"
check_grep "names the object and its unit, and both versions" \
  'abi \(future\.c\) was built by a trun plugin of ABI version 99; this runtime has version '"$abi" err.txt
check_grep "the previous version too" \
  'abi \(three\.c\) was built by a trun plugin of ABI version 3; this runtime has version '"$abi" err.txt
check_grep "the version-1 object too" 'ABI version 1; this runtime has version '"$abi" err.txt
check_grep "a report written" '"nodes"' out/trun.json
check_no_grep "no node of the refused code" '"three"' out/trun.json
finish
