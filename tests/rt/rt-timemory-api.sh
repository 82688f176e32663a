#!/bin/sh
# A program written for timemory/library.h builds unchanged as C and as
# C++ against libtrun, and its regions land where timemory puts them.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

plain_cc -O1 -o prog "$TRUN_TOP_SRCDIR/tests/rt/timemory-api.c" || die "compile C"
$CXX $TRUN_TEST_CFLAGS -x c++ -O1 -I"$TRUN_INCLUDE" -o progxx "$TRUN_TOP_SRCDIR/tests/rt/timemory-api.c" \
  -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun || die "compile C++"
for p in prog progxx; do
  TRUN_OUTPUT_PATH=out-$p TRUN_COUT_OUTPUT=false ./$p > out.txt 2> err.txt || fail "$p: run"
  check_eq "$p: output" "initialized 1
finalized 0" "$(cat out.txt)"
  check_eq "$p: no diagnostics" "" "$(cat err.txt)"
  W=out-$p/wall.txt
  check_eq "$p: main" "0 1" "$(rows_of $W main)"
  check_eq "$p: begin/end record" "1 1" "$(rows_of $W record)"
  check_eq "$p: get_begin_record" "1 1" "$(rows_of $W record2)"
  check_eq "$p: fib under record" "$(fib_counts 6 | awk '{ print $1 + 2, $2 }')" "$(rows_of $W fib)"
  # A component's table counts only ancestors that recorded it (as
  # timemory): main had no peak_rss, so with_rss is at depth 0 there.
  check_eq "$p: pushed set recorded" "0 1" "$(rows_of out-$p/peak_rss.txt with_rss)"
  check_eq "$p: popped set: only with_rss has peak_rss" "with_rss" \
    "$(rt_rows out-$p/peak_rss.txt | awk '{ print $2 }')"
  check_eq "$p: paused region not recorded" "" "$(rows_of $W paused)"
  check_eq "$p: trace entry in the trace table" "0 1" "$(rows_of out-$p/trace-wall.txt traced)"
  check_eq "$p: trace entry not in the region table" "" "$(rows_of $W traced)"
done
finish
