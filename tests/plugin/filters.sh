#!/bin/sh
# filters.sh -- include/exclude by function name (printable and assembler
# names), by source file, min-statements, leaf-min-statements, and a
# filter file.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

# check_set WHAT EXPECTED NAME PLUGIN-ARGS...: build both fixture files
# with these arguments, run, and compare the sorted set of functions that
# were entered.
check_set () {
  what=$1 expected=$2 name=$3; shift 3
  pcc "$name" -O2 "$@" "$FIX/filters.c" "$FIX/sub/other.c" || die "build $name"
  record "$name.log" "./$name"
  check_balanced "$what: balanced" "$name.log"
  check_eq "$what" "$expected" \
    "$(events "$name.log" enter | sed 's/^function //' | sort -u | paste -sd' ')"
}

# ere_quote TEXT: TEXT as an extended regular expression matching itself.
ere_quote () { printf '%s\n' "$1" | sed 's/[\.[*^$+?(){|]/\\&/g'; }

all="alpha_one alpha_two beta main other_helper tiny"
check_set "no filter" "$all" none
check_set "include=REGEX" "alpha_one alpha_two" inc -fplugin-arg-trun-include='^alpha_'
check_set "two includes" "alpha_one beta" inc2 -fplugin-arg-trun-include='^alpha_one$' -fplugin-arg-trun-include=beta
check_set "exclude=REGEX" "beta main other_helper tiny" exc -fplugin-arg-trun-exclude='alpha'
check_set "exclude beats include" "alpha_two" both -fplugin-arg-trun-include='alpha' -fplugin-arg-trun-exclude='one'
# Anchored at the fixtures: a bare '/sub/' also matches the build tree
# of make distcheck (_build/sub/), which every source path passes through.
check_set "file-include=REGEX" "other_helper" finc -fplugin-arg-trun-file-include="^$(ere_quote "$FIX")/sub/"
check_set "file-exclude=REGEX" "alpha_one alpha_two beta main tiny" fexc -fplugin-arg-trun-file-exclude='other\.c$'
check_set "min-statements=3" "main" mins -fplugin-arg-trun-min-statements=3

# leaf-min-statements: only leaves (no calls but builtins) without a
# loop below N statements are skipped, each with its reason and kind.
leaf_set () {
  what=$1 expected=$2 name=$3; shift 3
  pcc "$name" -O2 -fplugin-arg-trun-verbose "$@" "$FIX/leaf.c" 2> "$name.err" \
    || die "build $name"
  record "$name.log" "./$name"
  check_balanced "$what: balanced" "$name.log"
  check_eq "$what" "$expected" \
    "$(events "$name.log" enter | sed 's/^function //' | sort -u | paste -sd' ')"
}
leaves="builtin_leaf fib loop_leaf main small_caller small_leaf"
kept="fib loop_leaf main small_caller"
leaf_set "leaf-min-statements unset: every function" "$leaves" leaf0
leaf_set "leaf-min-statements=0: every function" "$leaves" leafz \
  -fplugin-arg-trun-leaf-min-statements=0
rm -f leaf.skips
leaf_set "leaf-min-statements=4: small leaves skipped" \
  "$kept" leaf4 -fplugin-arg-trun-leaf-min-statements=4 \
  -fplugin-arg-trun-skip-counts="$PWD/leaf.skips"
check_grep "leaf-min-statements: the reason" \
  'skipped small_leaf: a leaf \(no calls but builtins\), no loop or OpenMP construct, 2 statements, fewer than leaf-min-statements=4$' leaf4.err
check_grep "leaf-min-statements: a builtin call is a leaf's" \
  'skipped builtin_leaf: a leaf' leaf4.err
check_eq "leaf-min-statements: fib at every depth" 5 "$(count leaf4.log '^enter [0-9]+ function fib$')"
check_grep "leaf-min-statements: its skip count" \
  "^$(ere_quote "$FIX")/leaf\.c.*	leaf-min-statements=2(	|\$)" leaf.skips
leaf_set "leaf-min-statements=1000: loops and callers kept" \
  "$kept" leafk -fplugin-arg-trun-leaf-min-statements=1000

cat > rules.filter <<'RULES'
# trun filter file: comments and blank lines are ignored

include function ^(alpha|beta)
exclude function _two$
   exclude   file    /sub/other\.c$
include file filters\.c|other\.c
RULES
check_set "filter file" "alpha_one beta" ffile -fplugin-arg-trun-filter="$PWD/rules.filter"

# C++: a regex may match the printable name or the assembler name.
$CXX "$FIX/names.cc" -o names-plain || die "plain names"
pcxx names1 -O0 -fplugin-arg-trun-include='geo::area' "$FIX/names.cc" || die "build names1"
record names1.log ./names1
check_eq "C++ printable name matches" "int geo::area(int, int)" \
  "$(events names1.log enter | sed 's/^function //' | sort -u)"
pcxx names2 -O0 -fplugin-arg-trun-include='^_Z9perimeterii$' "$FIX/names.cc" || die "build names2"
record names2.log ./names2
check_eq "C++ assembler name matches" "int perimeter(int, int)" \
  "$(events names2.log enter | sed 's/^function //' | sort -u)"
check_eq "C++ output unchanged" "$(./names-plain)" "$(cat names2.log.out)"
finish
