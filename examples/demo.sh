#!/bin/sh
# examples/demo.sh -- the README's first command: from a fresh Debian 12
# checkout, install what trun needs, build it in build/, and run the seed
# example (examples/basic-region) through timemory-run in trace and in
# region mode, showing both peak_rss tables.
#
#   sudo sh examples/demo.sh        (or as root; TRUN_BUILD_DIR=DIR to
#                                    build elsewhere, TRUN_JOBS=N for make)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${TRUN_BUILD_DIR:-$top/build}
jobs=${TRUN_JOBS:-$(nproc 2>/dev/null || echo 2)}
packages="gcc-12-plugin-dev g++ libiberty-dev libjson-c-dev libhwloc-dev hwloc
  mpich libmpich-dev libcmocka-dev autoconf automake libtool pkg-config make
  libdw-dev"

say () { printf '\n== %s\n' "$*"; }
die () { echo "demo: $*" >&2; exit 1; }

missing_packages () {
  for p in $packages; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
      grep -q 'install ok installed' || echo "$p"
  done
}

install_packages () {
  command -v dpkg-query >/dev/null || die "not a Debian system: install by hand: $packages"
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages; run as root (sudo) to install:" $missing
  say "installing:" $missing
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y $missing
}

build_trun () {
  if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
    say "bootstrapping (./autogen.sh)"
    (cd "$top" && ./autogen.sh)
  fi
  mkdir -p "$build"
  cd "$build"
  if [ ! -f Makefile ]; then
    say "configuring in $build"
    "$top/configure" --prefix="$build/inst"
  fi
  say "building (make -j$jobs)"
  make -j"$jobs"
}

# run_example MODE: instrument the example with timemory-run and run it,
# its report in demo/MODE-output; print the peak_rss table.
run_example () {
  mode=$1
  program=$build/examples/basic-region/basic.region
  say "timemory-run --mode=$mode -o $mode.inst -- basic.region"
  "$build/timemory-run" --mode="$mode" -o "$mode.inst" -- "$program"
  if grep -q '^#define TRUN_HAVE_MPI 1' "$build/config.h"; then
    set -- mpiexec -n 2 "./$mode.inst"
  else
    set -- "./$mode.inst"
  fi
  say "$* (program output in $mode.log)"
  rm -rf "$mode-output"
  TRUN_OUTPUT_PATH=$mode-output TRUN_COUT_OUTPUT=0 "$@" >"$mode.log"
  # Under MPI rank 0 writes the job's table across the ranks (-mpi);
  # without MPI the process's own.
  table=$mode-output/peak_rss.txt
  [ -f "$table" ] || table=$mode-output/peak_rss-mpi.txt
  say "peak_rss in $mode mode ($demo/$table)"
  cat "$table"
}

install_packages
build_trun
demo=$build/demo
mkdir -p "$demo"
cd "$demo"
run_example trace
run_example region
say "done: all reports are under $demo"
