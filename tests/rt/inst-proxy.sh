#!/bin/sh
# The OpenMP C++ proxy (bench/omp-proxy.cc) built with trun's defaults:
# every kernel (a static inline function with a loop) and every parallel
# region in it is in the table, nested as called, with exact counts; the
# one-line accessors and the small loop-free helpers are not.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
omp_test_setup
SRC=$TRUN_TOP_SRCDIR/bench/omp-proxy.cc
export TRUN_COUT_OUTPUT=false OMP_NUM_THREADS=2 OMP_DYNAMIC=false OMP_WAIT_POLICY=passive
$CXX $TRUN_TEST_CFLAGS -O2 -fopenmp -o plain "$SRC" || die "plain build"
./plain 1000 20 > plain.out || die "plain run"

# line N-th "omp parallel" pragma's line
pl () { grep -n '^#pragma omp parallel' "$SRC" | sed -n "$1p" | cut -d: -f1; }
k () { echo "$1 $2 [omp parallel:$(pl $3)]"; }
exp="0 int main(int, char**) 1
1 void init_domain(Domain&) 1
$(k 2 'void init_domain(Domain&)' 1) 2
1 double run(Domain&, int) 1
2 void compute_forces(Domain&) 20
$(k 3 'void compute_forces(Domain&)' 2) 40
2 void apply_damping(Domain&) 20
$(k 3 'void apply_damping(Domain&)' 3) 40
2 void integrate(Domain&) 20
$(k 3 'void integrate(Domain&)' 4) 40
2 double time_constraint(Domain&) 2
$(k 3 'double time_constraint(Domain&)' 7) 4
2 void update_energy(Domain&) 2
$(k 3 'void update_energy(Domain&)' 5) 4
2 double total_energy(Domain&) 2
$(k 3 'double total_energy(Domain&)' 6) 4"

for mode in trace region; do
  rm -f skips.txt
  trun_cxx $mode -O2 -fopenmp -fplugin-arg-trun-skip-counts=skips.txt -o prog-$mode "$SRC" \
    || die "compile $mode"
  TRUN_OUTPUT_PATH=$mode ./prog-$mode 1000 20 > out.txt 2> err.txt || fail "$mode run"
  check_eq "$mode: same output as the plain build" "$(cat plain.out)" "$(cat out.txt)"
  check_eq "$mode: no diagnostics" "" "$(cat err.txt)"
  T=$mode/wall.txt
  [ $mode = trace ] && T=$mode/trace-wall.txt
  check_eq "$mode: kernels and parallel regions, nested, exact counts" "$exp" "$(rt_rows $T)"
  check_no_grep "$mode: no accessor or small helper" 'Domain::(pos|vel|force|size)|operator\[\]|spring|wrap|step\(' $T
  # Field::operator[] x2, Field::size, Field::Field, Domain's 8 accessors,
  # spring, wrap, step, Domain::Domain.
  check_eq "$mode: small inline functions counted" 1 \
    "$(grep -c "small-inline=1[0-9]" skips.txt)"
done

# inline=no: the kernels are gone but their parallel regions stay,
# under run, the nearest instrumented ancestor.
trun_cxx trace -O2 -fopenmp -fplugin-arg-trun-inline=no -o prog-no "$SRC" || die "compile inline=no"
TRUN_OUTPUT_PATH=no ./prog-no 1000 20 > out.txt 2> err.txt || fail "inline=no run"
check_eq "inline=no: same output" "$(cat plain.out)" "$(cat out.txt)"
check_eq "inline=no: regions under run" "$(k 2 'void compute_forces(Domain&)' 2) 40" \
  "$(rt_rows no/trace-wall.txt | grep 'compute_forces')"
check_eq "inline=no: 7 regions, no kernel function" "7 0" \
  "$(rt_rows no/trace-wall.txt | grep -c 'omp parallel') $(rt_rows no/trace-wall.txt | grep -v 'omp parallel' | grep -c 'Domain&)')"
finish
