#!/bin/sh
# LULESH 2.0, a well-known OpenMP proxy application, built unchanged
# with its Makefile under `timemory-run -- make` (issue 15): the same
# result lines as the plain build at 1 and 2 threads, and every
# `#pragma omp parallel` of lulesh.cc in the report under the kernel
# holding it, 2 bodies a fork at 2 threads.  Its source is not in the
# tree: TRUN_LULESH_SRC names a directory holding it (bench/RESULTS.md
# says how to reconstruct it), e.g.
#   make check TESTS=tests/e2e/lulesh.sh TRUN_LULESH_SRC=DIR
# The checks are bench/run.py's lulesh section, without its timing.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -n "${TRUN_LULESH_SRC:-}" ] || skip_test "TRUN_LULESH_SRC not set (a LULESH 2.0 source directory, bench/RESULTS.md)"
[ -f "$TRUN_LULESH_SRC/lulesh.cc" ] || die "no lulesh.cc in TRUN_LULESH_SRC=$TRUN_LULESH_SRC"
command -v python3 > /dev/null || skip_test "no python3"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
n=$(grep -c '^[[:space:]]*#[[:space:]]*pragma[[:space:]]\{1,\}omp[[:space:]]\{1,\}parallel' "$TRUN_LULESH_SRC/lulesh.cc")
python3 "$TRUN_TOP_SRCDIR/bench/run.py" --cc "${CC:-gcc}" --cxx "${CXX:-g++}" \
  --plugin "$TRUN_PLUGIN" --libdir "$TRUN_LIBDIR" --include "$TRUN_INCLUDE" \
  --top-srcdir "$TRUN_TOP_SRCDIR" --top-builddir "$TRUN_TOP_BUILDDIR" \
  --workdir "$PWD/bench" --rounds 0 --valgrind "" --sections lulesh \
  --lulesh-src "$TRUN_LULESH_SRC" --lulesh-size 8 --lulesh-iters 20 \
  > bench.out 2> bench.err || fail "bench/run.py --sections lulesh"
check_eq "results identical at 1 and 2 threads" 2 "$(grep -c 'result lines .* identical' bench.out)"
check_grep "all $n regions under their kernels at 2 threads, counts exact" \
  "^Headline: LULESH: $n/$n parallel regions under their kernels at 2 threads, counts exact" bench.out
check_no_grep "no count wrong" '\| NO \|' bench.out
finish
