#!/bin/sh
# The markers cost next to no stack: an instrumented frame is at most 16
# bytes bigger than the uninstrumented one (the enabled flag the
# function read at entry, kept for its exit in a callee-saved register
# where GCC does not duplicate the exit path; trun/abi.h), and in most
# shapes exactly as big; a recursion that completes uninstrumented
# under an 8 MB stack at depth D also completes, instrumented, at 90%
# of D scaled by the frames' ratio (D found here, at run time), in trace
# and in region mode.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
sanitizer_skip thread "ThreadSanitizer stores no stack deeper than 65535 calls" \
  "(it stops with a CHECK failure in its stack depot); these recursions are deeper"
sanitizer_skip 'address*' "AddressSanitizer checks the markers' loads of the" \
  "descriptor flag, and keeps the descriptor's address in a register for it"
SRC=$TRUN_TOP_SRCDIR/bench/stack.c   # the shapes bench/run.py measures
STACK_KB=8192

$CC $TRUN_TEST_CFLAGS -O2 -o plain "$SRC" || die "compile plain"
trun_cc trace -O2 -o trace "$SRC" || die "compile trace"
trun_cc region -O2 -o region "$SRC" || die "compile region"
export TRUN_COUT_OUTPUT=false TRUN_TEXT_OUTPUT=false TRUN_JSON_OUTPUT=false

# runs PROGRAM SHAPE DEPTH: exit status 0 when it completes under the
# stack limit (its output in run.out).
runs () {
  ( ulimit -s $STACK_KB || exit 99; exec "./$1" "$2" "$3" ) > run.out 2> /dev/null
}

# deepest SHAPE: the deepest depth the plain program completes, within
# 1/256 (doubling from 4096 up to the first failure, then halving).
deepest () {
  lo=0 hi=4096
  while runs plain "$1" $hi; do
    lo=$hi hi=$((hi * 2))
    [ $hi -le 268435456 ] || die "$1 never runs out of stack: a loop?"
  done
  while [ $((hi - lo)) -gt $((hi / 256)) ]; do
    mid=$(((lo + hi) / 2))
    if runs plain "$1" $mid; then lo=$mid; else hi=$mid; fi
  done
  echo $lo
}

# frame PROGRAM SHAPE: its bytes per frame (bench/stack.c's measure).
frame () {
  TRUN_THROTTLE_COUNT=0 "./$1" "$2" 20000 measure | sed -n 's/^frame \([0-9]*\).*/\1/p'
}

grown=0
for shape in down void down4 double; do
  max=$(deepest $shape)
  [ "$max" -gt 0 ] || die "$shape: plain fails at every depth"
  plain_frame=$(frame plain $shape)
  [ -n "$plain_frame" ] || die "$shape: plain measures no frame"
  for mode in trace region; do
    f=$(frame $mode $shape)
    [ -n "$f" ] && [ "$f" -le $((plain_frame + 16)) ] \
      && pass "$mode $shape: $f bytes a frame (plain $plain_frame)" \
      || fail "$mode $shape: ${f:-no} bytes a frame (plain $plain_frame)"
    [ "${f:-0}" -gt "$plain_frame" ] && grown=$((grown + 1))
    depth=$((max * plain_frame / ${f:-$plain_frame} * 9 / 10))
    echo "$shape: plain completes $max deep under ${STACK_KB} KB; $mode tries $depth"
    runs plain $shape $depth || die "$shape: plain fails at $depth"
    expect=$(cat run.out)
    if TRUN_OUTPUT_PATH=$mode-$shape runs $mode $shape $depth; then
      pass "$mode $shape: completes $depth deep (90% of $max x $plain_frame / $f)"
      check_eq "$mode $shape: same result" "$expect" "$(cat run.out)"
    else
      fail "$mode $shape: dies $depth deep (plain completes $max deep)"
    fi
  done
done
# One shape in four at most (down4, whose exit path GCC keeps shared).
[ $grown -le 2 ] && pass "frames as big as plain ones but in $grown of 8 builds" \
  || fail "$grown of 8 instrumented builds have bigger frames"

# The frames were recorded: the deepest call has a node.
TRUN_JSON_OUTPUT=true TRUN_OUTPUT_PATH=json runs trace down 1000 || fail "trace down 1000"
check_grep "deepest frame recorded" '"label": "down", "depth": 1000' "$(long_json json/trun.json)"
finish
