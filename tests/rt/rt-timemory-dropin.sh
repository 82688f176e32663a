#!/bin/sh
# timemory's whole library.h: a C++ program in the tutorials' style
# (threads, nested regions, scoped records; std:: from the header alone)
# built with g++ -std=c++14 -Wall -Werror, and a C program using the
# rest of the C interface.  Components trun lacks: one warning each.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"

src=$TRUN_TOP_SRCDIR/tests/rt
$CXX $TRUN_TEST_CFLAGS -std=c++14 -Wall -Wextra -Werror -I"$TRUN_INCLUDE" -o tut \
  "$src/timemory-tutorial.cpp" -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun -pthread \
  || die "compile the C++ program"
$CC $TRUN_TEST_CFLAGS -std=c11 -Wall -Wextra -Werror -I"$TRUN_INCLUDE" -o capi \
  "$src/timemory-capi.c" -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun \
  || die "compile the C program"
# The header is valid C++ at every standard GCC offers from C++11 on.
for std in c++11 c++17 c++20; do
  echo '#include <timemory/library.h>
int main () { timemory_scoped_record r ("x"); std::cout << ""; return 0; }' > h.cpp
  $CXX -std=$std -Wall -Wextra -Werror -pedantic -I"$TRUN_INCLUDE" -fsyntax-only h.cpp 2> h.err
  check_eq "header compiles as $std" "" "$(cat h.err)"
done

TRUN_OUTPUT_PATH=out-tut TRUN_COUT_OUTPUT=off ./tut > tut.out 2> tut.err
check_eq "C++ program exits 0" 0 $?
check_grep "C++ program's own output" '^sum [0-9]+$' tut.out
W=out-tut/wall.txt
check_eq "main" "0 1" "$(rows_of $W main)"
check_eq "scoped generation-region" "1 1" "$(rows_of $W generation-region)"
check_eq "thread-region" "1 1" "$(rows_of $W thread-region)"
check_eq "scoped records on 4 threads, under thread-region" "2 8" "$(rows_of $W thread-parallel-region)"
check_eq "get_begin_record / end_record in the threads" "3 8" "$(rows_of $W fibonacci)"
check_eq "enumerator record has wall_clock" "1 1" "$(rows_of $W enums)"
check_eq "enumerator record has cpu_util" "0 1" "$(rows_of out-tut/cpu_util.txt enums)"
check_eq "records ended by id, innermost first" "1 1
2 1
3 1" "$(rows_of $W counted)"
check_eq "the current set holds peak_rss" "2 8" "$(rows_of out-tut/peak_rss.txt thread-parallel-region)"
check_eq "typed record: its own list only" "" "$(rows_of $W typed)"
check_eq "typed record: cpu_clock" "0 3" "$(rows_of out-tut/cpu_clock.txt typed)"
check_eq "lacking components: one warning each" \
"trun: timemory record 'typed': timemory component(s) current_peak_rss not measured by trun: accepted and ignored
trun: timemory record 'enums': timemory component(s) papi_array not measured by trun: accepted and ignored" \
  "$(cat tut.err)"

TRUN_OUTPUT_PATH=out-c TRUN_COUT_OUTPUT=off ./capi > capi.out 2> capi.err
check_eq "C program exits 0" 0 $?
check_eq "C program's output" "unique 1
throttled 0
labels blank func/x func/file.c:42
create custom n=1 first=wall_clock
delete 1001
create custom2 n=1 first=wall_clock
custom id 1
delete 1002
custom 2 2" "$(cat capi.out)"
O=out-c
check_eq "begin_record_types: its own list" "0 1" "$(rows_of $O/cpu_clock.txt types)"
check_eq "begin_record_enum: its own enumerators" "0 1" "$(rows_of $O/peak_rss.txt enum)"
check_eq "sys_clock is trun's system_clock" "0 1" "$(rows_of $O/system_clock.txt types2)"
check_eq "typed records are not in the default set's table" "" "$(rows_of $O/wall.txt types)"
check_eq "push_components_enum: first argument is a component" "0 1" "$(rows_of $O/page_rss.txt pushed-enum)"
check_eq "push_components_enum: the others too" "1 1" "$(rows_of $O/wall.txt pushed-enum)"
check_eq "set_environ with update: set changes now" "0 1" "$(rows_of $O/user_clock.txt environ)"
check_eq "hashed traces by registered id" "0 3" "$(rows_of $O/trace-wall.txt hashed-two)"
check_eq "second hashed trace" "0 1" "$(rows_of $O/trace-wall.txt hashed-one)"
check_eq "auto timer" "1 1" "$(rows_of $O/wall.txt auto-timer)"
check_eq "auto tuple" "1 1" "$(rows_of $O/wall.txt auto-tuple)"
check_eq "user create function: no trun region" "" "$(rows_of $O/wall.txt custom)"
check_eq "C program: warnings" \
"trun: timemory record 'types': timemory component(s) monotonic_clock not measured by trun: accepted and ignored
trun: timemory_push_components_enum: timemory component(s) virtual_memory not measured by trun: accepted and ignored" \
  "$(cat capi.err)"
finish
