#!/bin/sh
# An instrumented library loaded, called and unloaded 1 000 times (and
# open twice, and in two copies): no crash at exit, every call counted.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

d=$TRUN_TOP_SRCDIR/tests/rt
trun_cc trace -O1 -fPIC -shared -o libdl1.so "$d/dl-lib.c" || die "compile the library"
cp libdl1.so libdl2.so
$CC $TRUN_TEST_CFLAGS -O1 -o plain "$d/dl-main.c" -ldl || die "compile plain"
$CC $TRUN_TEST_CFLAGS -O1 -o main "$d/dl-main.c" -ldl -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" \
  -Wl,--no-as-needed -ltrun || die "compile"
want=$(TRUN_COUT_OUTPUT=off TRUN_OUTPUT_PATH=p ./plain 1000 ./libdl1.so ./libdl2.so)
got=$(TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 ./main 1000 ./libdl1.so ./libdl2.so 2> err.txt)
check_eq "exit status 0 and the same output" "0 $want" "$? $got"
check_eq "no diagnostics" "" "$(cat err.txt)"
check_eq "every call counted" "0 1003" "$(rows_of trun-output/trace-wall.txt lib_work)"
check_eq "and the calls it made" "1 1003" "$(rows_of trun-output/trace-wall.txt lib_leaf)"

# A program not linked with libtrun: the library brings it, and it stays
# loaded (one runtime, one report) however often the library goes.
rm -rf trun-output
got=$(TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0 ./plain 1000 ./libdl1.so ./libdl2.so 2> err.txt)
check_eq "unlinked program: exit status 0 and its output" "0 $want" "$? $got"
check_eq "unlinked program: no diagnostics" "" "$(cat err.txt)"
check_eq "unlinked program: every call counted, in one report" "0 1003" \
  "$(rows_of trun-output/trace-wall.txt lib_work)"
finish
