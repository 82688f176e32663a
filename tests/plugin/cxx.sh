#!/bin/sh
# cxx.sh -- C++ at -O0 and -O2: exits run while an exception unwinds
# through two instrumented frames, labels carry the signature.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

$CXX "$FIX/except.cc" -o plain || die "plain build"
./plain > plain.out; plain_rc=$?

for O in -O0 -O2; do
  pcxx except$O $O "$FIX/except.cc" || die "build $O"
  record log$O ./except$O
  check_eq "$O same stdout" "$(cat plain.out)" "$(cat log$O.out)"
  check_eq "$O same exit status" "$plain_rc" "$(cat log$O.rc)"
  check_balanced "$O balanced across exceptions" log$O
  check_eq "$O thrower exits on every way out" 3 "$(count log$O '^exit 1 function int thrower\(int\)$')"
  check_eq "$O middle exits while unwinding" 3 "$(count log$O '^exit 1 function int middle\(int\)$')"
  check_eq "$O method label" 2 "$(count log$O '^enter 1 function int Box::get\(\) const$')"
  check_eq "$O overloads apart" "1 1" \
    "$(count log$O '^enter 1 function int twice\(int\)$') $(count log$O '^enter 1 function int twice\(double\)$')"
  check_grep "$O unit registered" '^register [0-9]+ .*/except\.cc$' log$O
  check_no_grep "$O unit fields as trun/abi.h says" '^bad_unit' log$O
  check_grep "$O assembler name kept" '^desc function .* int thrower\(int\) \| _Z7throweri$' log$O
  # The throw at i=2 leaves thrower and middle before main's handler runs.
  check_eq "$O unwind order" "enter middle,enter thrower,exit thrower,exit middle" \
    "$(grep -E '^(enter|exit) 1 function int (middle|thrower)' log$O | tail -4 |
       sed -E 's/^(enter|exit) 1 function int ([a-z]+).*/\1 \2/' | paste -sd,)"
done

# Lambdas are declared inline: skipped by default, traced with inline=yes.
check_eq "lambda skipped by default" 0 "$(count log-O0 'lambda')"
pcxx inl -O0 -fplugin-arg-trun-inline=yes "$FIX/except.cc" || die "build inline=yes"
record inl.log ./inl
check_eq "inline=yes: lambda traced" 1 "$(count inl.log '^enter 1 function main\(\)::<lambda\(int\)>$')"
check_eq "inline=yes: in-class constructor traced" 3 "$(count inl.log '^enter 1 function Box::Box\(int\)$')"
check_balanced "inline=yes balanced" inl.log
finish
