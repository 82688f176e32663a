#!/bin/sh
# The markers disturb nothing the program keeps: arguments and results
# of every kind, a leaf function's red zone, varargs, callee-saved
# registers; built with the plugin (trace and region mode, -O0 and -O2,
# either assembler dialect) a program prints what it prints without.
# On x86-64 the _preserve entry points are also called by hand, at both
# stack alignments, and their targets are checked to use no stack; and
# so again with the timeline on, its buffer filled many times over.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/preserve.c
export TRUN_COUT_OUTPUT=false TRUN_TEXT_OUTPUT=false TRUN_JSON_OUTPUT=false
export TRUN_THROTTLE_COUNT=0

plain_cc -O2 -o plain "$SRC" -lm || die "compile plain"
./plain > plain.out || die "plain run"
case $(uname -m) in
  x86_64) check_grep "stubs keep what they must" '^stubs kept ' plain.out ;;
esac
# The stubs call their targets at any stack alignment (rt/entry/markers.c):
# the targets may not touch the stack, only jump out of line.  Sanitizer
# builds add calls on their error paths.
case $(uname -m):${TRUN_SANITIZERS:-none} in
  x86_64:none|x86_64:)
    # (a stripped library has no names to look for)
    if command -v objdump >/dev/null &&
       objdump -d --no-show-raw-insn "$TRUN_LIBDIR/libtrun.so" > lib.dis &&
       grep -q '<trun_preserve_trace_enter>:' lib.dis; then
      for t in trace_enter trace_exit region_enter region_exit; do
        awk "/<trun_preserve_$t>:/,/^\$/" lib.dis > target.dis
        check_grep "trun_preserve_$t disassembled" 'ret' target.dis
        check_no_grep "trun_preserve_$t uses no stack" \
          '%rsp|%rbp|push|pop|call' target.dis
      done
    fi ;;
esac
# After register allocation a saved register that nothing reads after
# the sequence is saved no more (plugin/preserve.cc, step 5): here an
# unused argument, which the enter would save by the types alone
# (sanitizer builds add code of their own).
case $(uname -m):${TRUN_SANITIZERS:-none} in
  x86_64:none|x86_64:)
    printf '%s\n' \
      '__attribute__ ((noinline)) void unused_arg (long x) { __asm__ volatile ("" ::: "memory"); }' \
      'int main (void) { unused_arg (1); return 0; }' > trim.c
    if trun_cc trace -O2 -o trim trim.c 2> trim.err &&
       objdump -d --no-show-raw-insn trim > trim.dis; then
      awk '/<unused_arg>:/,/^$/' trim.dis > unused.dis
      check_grep "unused_arg has its enter sequence" '_enter_preserve' unused.dis
      check_no_grep "an unused argument is not saved" '%rdi' unused.dis
      ./trim || fail "the trimmed program failed"
    else
      fail "trim.c: compile failed: $(head -c 300 trim.err)"
    fi
    # Not in an ms_abi function, which must keep rdi and rsi (the stub
    # may clobber them, and its prologue is made before the trim).
    printf '%s\n' '__attribute__ ((ms_abi, noinline, noreturn)) void spin (long a, long b)' \
      '{ for (;;) __asm__ volatile ("" ::: "memory"); }' > msabi.c
    if $CC $TRUN_TEST_CFLAGS -O2 -S -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=trace \
         -I"$TRUN_INCLUDE" -o msabi.s msabi.c 2> msabi.err; then
      awk '/^spin:/,/\.cfi_endproc/' msabi.s > spin.s
      check_grep "ms_abi: the enter sequence" '_enter_preserve' spin.s
      check_grep "ms_abi: rdi and rsi still saved" 'mov[[:space:]]+%rsi, 8\(%rsp\)' spin.s
    else
      fail "msabi.c: compile failed: $(head -c 300 msabi.err)"
    fi ;;
esac
# An OpenMP body's exit stays an ordinary call (plugin/preserve.cc,
# omp_body_descriptor): a reduction's accumulator, live across it until
# the combine, keeps its vector register in the loop, moved to and from
# general registers no more often than in the plain build.
case $(uname -m):${TRUN_SANITIZERS:-none} in
  x86_64:none|x86_64:)
    printf '%s\n' '#include <math.h>' \
      'double top (const double *v, int n) { double m = 0;' \
      '#pragma omp parallel for reduction(max:m)' \
      '  for (int i = 0; i < n; i++) m = fmax (m, fabs (v[i]));' \
      '  return m; }' > reduce.c
    moves () { awk '/^top\._omp_fn\.0:/,/\.cfi_endproc/' "$1" |
      grep -cE 'movq[[:space:]]+%(xmm[0-9]+, %r|r[a-z0-9]+, %xmm)'; }
    if $CC $TRUN_TEST_CFLAGS -O2 -fopenmp -S -o reduce-plain.s reduce.c &&
       $CC $TRUN_TEST_CFLAGS -O2 -fopenmp -S -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=trace \
         -I"$TRUN_INCLUDE" -o reduce.s reduce.c 2> reduce.err; then
      awk '/^top\._omp_fn\.0:/,/\.cfi_endproc/' reduce.s > body.s
      check_grep "the body's exit is a call" 'call[[:space:]]+__trun_trace_exit(@PLT)?$' body.s
      check_no_grep "the body's exit is no sequence" '_exit_preserve' body.s
      check_eq "the accumulator's moves as in the plain build" \
        "$(moves reduce-plain.s)" "$(moves reduce.s)"
    else
      fail "reduce.c: compile failed: $(head -c 300 reduce.err)"
    fi ;;
esac
for mode in trace region; do
  for opt in -O0 -O2 "-O2 -masm=intel -DNO_STUB_CHECK" "-O3 -fomit-frame-pointer" \
             "-O2 -fPIE -pie"; do
    what="$mode $opt"
    if trun_cc $mode $opt -o prog "$SRC" -lm 2> cc.err; then
      if ./prog > prog.out 2> prog.err; then
        case $opt in
          *NO_STUB_CHECK*) expect=$(grep -v '^stubs ' plain.out) ;;
          *) expect=$(cat plain.out) ;;
        esac
        check_eq "$what: same output" "$expect" "$(cat prog.out)"
        check_eq "$what: no diagnostics" "" "$(cat prog.err)"
      else
        fail "$what: run failed: $(head -c 300 prog.err)"
      fi
      # The timeline's events are put in the markers' tails, its slow
      # paths (a full buffer: 4 KB here) called from them.
      if TRUN_TIMELINE=on TRUN_TIMELINE_BUFFER=4K ./prog > tl.out 2> tl.err; then
        check_eq "$what, timeline: same output" "$expect" "$(cat tl.out)"
        check_eq "$what, timeline: no diagnostics" "" "$(cat tl.err)"
      else
        fail "$what, timeline: run failed: $(head -c 300 tl.err)"
      fi
    else
      fail "$what: compile failed: $(head -c 300 cc.err)"
    fi
  done
done
finish
