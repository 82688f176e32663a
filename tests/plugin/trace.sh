#!/bin/sh
# trace.sh -- trace mode on a C program at -O0 and -O2: balanced
# enter/exit in call order, early returns, recursion, static functions,
# the no_instrument_function attribute, inline handling, the disabled path.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

$CC "$FIX/calls.c" -o plain || die "plain build"
./plain > plain.out; plain_rc=$?

for O in -O0 -O2; do
  pcc calls$O $O -fplugin-arg-trun-mode=trace "$FIX/calls.c" || die "build $O"
  record log$O ./calls$O
  check_eq "$O same stdout" "$(cat plain.out)" "$(cat log$O.out)"
  check_eq "$O same exit status" "$plain_rc" "$(cat log$O.rc)"
  check_balanced "$O balanced enter/exit" log$O
  check_eq "$O main entered once" 1 "$(count log$O '^enter 1 function main$')"
  check_eq "$O static square" 1 "$(count log$O '^enter 1 function square$')"
  # classify returns early from three different places.
  check_eq "$O early returns" 3 "$(count log$O '^exit 1 function classify$')"
  # fib(5) makes 15 calls.
  check_eq "$O recursion" 15 "$(count log$O '^enter 1 function fib$')"
  check_eq "$O attribute skips hidden" 0 "$(count log$O 'function hidden$')"
  check_eq "$O inline skipped by default" 0 "$(count log$O 'function tripled$')"
  check_eq "$O main is first and last" "enter 1 function main|exit 1 function main" \
    "$(grep -E '^(enter|exit)' log$O | sed -n '1p;$p' | paste -sd'|')"
  check_grep "$O unit registered" '^register [0-9]+ .*/calls\.c$' log$O
  check_no_grep "$O unit fields as trun/abi.h says" '^bad_unit' log$O
  check_eq "$O unit unregistered after main" yes \
    "$(awk '/^exit 1 function main$/ { m = NR } /^unregister [0-9]+ .*\/calls\.c$/ { u = NR }
            END { print (m && u > m) ? "yes" : "no" }' log$O)"
  check_grep "$O descriptor file and line" '^desc function 0 1 .*calls.c:20 fib \| fib$' log$O
done

# Order: fib(2) calls fib(1) then fib(0), each closed before the next.
record order ./calls-O0 2
check_eq "nested call order" "enter,enter,exit,enter,exit,exit" \
  "$(grep -E '^(enter|exit) 1 function fib$' order | cut -d' ' -f1 | paste -sd,)"

pcc inl -O2 -fplugin-arg-trun-inline=yes "$FIX/calls.c" || die "build inline=yes"
record inl.log ./inl
check_eq "inline=yes instruments tripled" 1 "$(count inl.log '^enter 1 function tripled$')"
check_balanced "inline=yes balanced" inl.log

# The declarations and types built once per unit are GC roots: with a
# garbage collection at every opportunity the build still works.
GC_ALWAYS="--param ggc-min-expand=0 --param ggc-min-heapsize=0"
if pcc gc -O0 $GC_ALWAYS "$FIX/calls.c" 2> gc.err; then pass "forced GC: builds"
else fail "forced GC: build failed: $(grep -m1 'error' gc.err)"; fi
record gc.log ./gc
check_eq "forced GC: same stdout" "$(cat plain.out)" "$(cat gc.log.out)"
check_balanced "forced GC: balanced" gc.log

# A descriptor disabled at run time: no markers, calls counted instead.
TRUN_RECORD_DISABLE=fib record off ./calls-O2
check_eq "disabled fib has no markers" 0 "$(count off 'function fib$')"
check_eq "disabled fib counts its calls" 15 "$(desc_calls off fib)"
check_eq "enabled descriptors count nothing" 0 "$(desc_calls off classify)"
check_balanced "disabled run balanced" off

# A descriptor the run-time filters skip: no marker called at all, and
# nothing written (a count would be a write all threads make on every
# call).
TRUN_RECORD_SKIP=fib record skip ./calls-O2
check_eq "skipped fib calls no marker" 0 "$(count skip '^(enter|exit|bad_skip) .*fib$')"
check_eq "skipped fib counts nothing" 0 "$(desc_calls skip fib)"
check_balanced "skipped run balanced" skip

# A descriptor throttled inside its first call: that call's exit is
# still called (the flag read at enter), no later call calls a marker
# or counts itself.
TRUN_RECORD_THROTTLE=fib record throttle ./calls-O2
check_eq "throttled fib: its first call entered and left" "1 1" \
  "$(count throttle '^enter .*fib$') $(count throttle '^exit .*fib$')"
check_eq "throttled fib: no marker called later" 0 "$(count throttle '^bad_throttle ')"
check_eq "throttled fib counts nothing" 0 "$(desc_calls throttle fib)"
check_balanced "throttled run balanced" throttle

# A shared library and the program each register their own section.
$CC -O2 -fPIC -shared -fplugin="$TRUN_PLUGIN" "$FIX/dso-lib.c" -o libdso.so || die "build dso"
pcc dso -O2 "$FIX/dso-main.c" -L. -ldso -Wl,-rpath,"$PWD" || die "build dso main"
record dso.log ./dso
check_eq "dso: output" 5 "$(cat dso.log.out)"
check_eq "dso: two ranges of two" "register 2|register 2" \
  "$(grep '^register' dso.log | cut -d' ' -f1,2 | paste -sd'|')"
check_eq "dso: each unit names its source" "dso-lib.c dso-main.c" \
  "$(grep '^register' dso.log | sed 's|.*/||' | sort | paste -sd' ')"
check_no_grep "dso: unit fields as trun/abi.h says" '^bad_unit' dso.log
check_balanced "dso: balanced" dso.log
check_eq "dso: both statics named helper" "dso-lib.c:3 dso-main.c:4" \
  "$(grep '^desc function .* helper |' dso.log | cut -d' ' -f5 | sed 's|.*/||' | sort | paste -sd' ')"

# dlopen/dlclose: the library's unit registers when it is opened and
# unregisters when it is closed, before the program goes on.
pcc dlopen -O2 -rdynamic "$FIX/dlopen-main.c" -ldl || die "build dlopen main"
record dlopen.log ./dlopen "$PWD/libdso.so"
check_eq "dlopen: output" "5|2" "$(paste -sd'|' dlopen.log.out)"
check_eq "dlopen: unregistered at dlclose" "register|unregister|after_close" \
  "$(grep -E '^(register|unregister) .*/dso-lib\.c$|^enter 1 function after_close$' dlopen.log \
     | sed 's/^enter.* //; s/ .*//' | paste -sd'|')"
check_no_grep "dlopen: unit fields as trun/abi.h says" '^bad_unit' dlopen.log
check_balanced "dlopen: balanced" dlopen.log

# x86-64: the sequence clobbers the x87 and MMX registers only in a
# function that may keep a value there (long double, 8-byte vectors,
# -mfpmath=387), the SSE registers everywhere: "FUNCTION asms x87/MMX
# clobbers SSE clobbers" from the RTL dump.
case $(uname -m) in
  x86_64)
    x87 () {
      rm -f x87*.expand
      $CC -O2 -fplugin="$TRUN_PLUGIN" -I"$TRUN_INCLUDE" -fdump-rtl-expand "$@" \
        -c "$FIX/x87.c" -o x87.o || die "build x87.c $*"
      awk '/^;; Function /{ f = $3 } /asm_operands/{ a[f]++ }
           /clobber \(reg:[A-Z]+ ([89]|1[0-5]|2[89]|3[0-5]) (st|mm)/{ x[f]++ }
           /clobber \(reg:[A-Z]+ [0-9]+ xmm/{ v[f]++ }
           END { for (f in a) print f, a[f], x[f] + 0, v[f] + 0 }' x87*.expand | sort
    }
    check_eq "x87/MMX clobbers where values may be" \
      "dbl 2 0 32|ints 2 0 32|ldbl 2 32 32|mmx 2 32 32" "$(x87 | paste -sd'|')"
    check_eq "x87/MMX clobbers with -mfpmath=387" \
      "dbl 2 32 32|ints 2 0 32|ldbl 2 32 32|mmx 2 32 32" "$(x87 -mfpmath=387 | paste -sd'|')" ;;
esac
finish
