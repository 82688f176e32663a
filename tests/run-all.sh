#!/usr/bin/env bash
# tests/run-all.sh -- the whole test suite from a fresh checkout.
#
# Installs the Debian packages the build and tests need (when run as root
# and something is missing), bootstraps, configures and builds in build/,
# runs `make check`, and ends with one line "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${TRUN_BUILD_DIR:-$top/build}
jobs=${TRUN_JOBS:-2}

packages="gcc g++ make gcc-12-plugin-dev libiberty-dev libjson-c-dev libhwloc-dev
  hwloc mpich libmpich-dev libcmocka-dev autoconf automake libtool pkg-config
  python3 csmith cmake binutils libdw-dev libotf2-trace-dev otf2-tools strace"

missing_packages () {
  for p in $packages; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages () {
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "run-all: missing packages (install them as root): $missing" >&2
    return 1
  fi
  echo "run-all: installing:" $missing
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null
}

summary () {
  # Sum automake's counts over every test log of this run.
  log=$build/test-suite.log
  if [ ! -f "$log" ]; then echo "0 passed, 1 failed"; return; fi
  awk '/^# (PASS|XFAIL):/ {p += $3} /^# (FAIL|XPASS|ERROR):/ {f += $3}
       /^# SKIP:/ {s += $3}
       END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$log"
}

fail_early () {
  echo "run-all: $1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# What only the browser test needs (tests/e2e/tl-speedscope.sh, which
# skips without them): Chromium, npm, and speedscope from npm, in the
# build tree; and what only `make bench`'s compile section reads
# (valgrind's instruction counts, lua's source in Debian's
# librust-lua52-sys-dev).  A failure here skips that test or row, it
# fails nothing.
optional_packages="chromium npm valgrind librust-lua52-sys-dev"
install_optional () {
  missing=""
  for p in $optional_packages; do
    # A tool already on the PATH from elsewhere (npm with a Node.js that
    # is not Debian's, which Debian's npm conflicts with) is there.
    case $p in npm) command -v npm >/dev/null && continue ;; esac
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "run-all: installing (optional):" $missing
    apt-get update -qq >/dev/null 2>&1
    # One at a time: one that cannot be installed keeps no other out.
    for p in $missing; do
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null 2>&1 \
        || echo "run-all: could not install $p: the browser test or bench rows that need it will skip"
    done
  fi
}

install_packages || fail_early "could not install the build dependencies"
install_optional
cd "$top" && ./autogen.sh >/dev/null 2>&1 || fail_early "autogen.sh failed (run it by hand to see why)"
mkdir -p "$build" && cd "$build" || fail_early "cannot create $build"
"$top/configure" --prefix="$build/inst" >configure.out 2>&1 \
  || { tail -20 configure.out; fail_early "configure failed (see $build/config.log)"; }
make -j"$jobs" >make.out 2>&1 || { tail -40 make.out; fail_early "build failed"; }
if command -v npm >/dev/null && [ ! -f npm/node_modules/speedscope/dist/release/index.html ]; then
  npm install --prefix "$build/npm" --no-audit --no-fund speedscope >npm.out 2>&1 \
    || echo "run-all: npm install speedscope failed: the browser test will skip"
fi
make -j"$jobs" check >check.out 2>&1
status=$?
grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' check.out
if [ $status -ne 0 ]; then
  # Show why each failing test failed.
  for f in $(find . -name '*.log' -newer configure.out | xargs grep -l '^:test-result: \(FAIL\|ERROR\|XPASS\)' 2>/dev/null); do
    echo "---- $f"; tail -30 "$f"
  done
fi
summary
exit $status
