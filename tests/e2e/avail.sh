#!/bin/sh
# timemory-avail: its listings come from the runtime's tables (every
# component of rt/components/table.c, every setting of
# rt/config/settings-table.c), its options as timemory's.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
AVAIL=$TRUN_TOP_BUILDDIR/timemory-avail

"$AVAIL" >comps.txt 2>comps.err; check_eq "components: exit 0" 0 $?
check_eq "components: nothing on stderr (availability is a column)" "" "$(cat comps.err)"
check_grep "components by default" '^\| wall_clock +\| +true +\|$' comps.txt
ncomp=$(grep -c '^| [a-z_]* *|' comps.txt)
# The enumerators of rt/components/components.h, between WALL and NCOMP.
nenum=$(sed -n '/^enum trun_comp_id/,/TRUN_NCOMP/p' "$TRUN_TOP_SRCDIR/rt/components/components.h" \
  | grep -c '^ *TRUN_[A-Z_]*,')
check_eq "one row per component of the table" "$nenum" "$ncomp"

"$AVAIL" -C -d -f -u -s -e -v >cols.txt 2>/dev/null
check_grep "all component columns" 'COMPONENT.*AVAILABLE.*VALUE_TYPE.*ENUMERATION.*STRING_IDS.*FILENAME.*UNITS.*DESCRIPTION' cols.txt
check_grep "peak_rss: label, units, description" '^\| peak_rss .*\| peak_rss +\| +MB +\| Measures changes in the high-water' cols.txt
TRUN_MEMORY_UNITS=KB "$AVAIL" -u -r peak_rss >kb.txt 2>/dev/null
check_grep "units follow the settings" '\| +KB +\|' kb.txt
check_eq "-r keeps the matching rows" 1 "$(grep -c '^| [a-z_]* *|' kb.txt)"

# Settings: one row per row of the table, names prefixed, current values.
TRUN_PRECISION=5 "$AVAIL" -S -d -v >set.txt 2>/dev/null
nset=$(grep -c '^| TIMEMORY_' set.txt)
nimpl=$(grep -o 'NOTIMPL ("' "$TRUN_TOP_SRCDIR/rt/config/settings-table.c" | wc -l)
nrows=$(grep -cE '^ *(BOOL|INT|STR|OVR|SPECIAL) \("' "$TRUN_TOP_SRCDIR/rt/config/settings-table.c")
check_eq "one row per setting of the table" "$((nrows + nimpl))" "$nset"
check_grep "current value (TRUN_ wins)" '^\| TIMEMORY_PRECISION +\| +5 +\| +int +\| decimals' set.txt
check_grep "defaults" '^\| TIMEMORY_OUTPUT_PATH +\| +trun-output +\|' set.txt
check_grep "unimplemented ones say so" '^\| TIMEMORY_PAPI_EVENTS .*does not implement' set.txt
check_grep "the TRUN_ prefix is told" 'also read as TRUN_X' set.txt

# Hardware counters: trun has no PAPI/CUPTI ones, and says so.
"$AVAIL" -H >hw.txt 2>/dev/null
check_grep "no PAPI counters, said" 'no PAPI or CUPTI hardware counters' hw.txt
check_grep "its perf components listed" '^\| `?hw_cpu_cycles' hw.txt

# Markdown and CSV.
"$AVAIL" -M -d >md.txt 2>/dev/null
check_grep "markdown header rule" '^\| -+ \| -+ \| -+ \|$' md.txt
check_grep "markdown code names" '^\| `wall_clock` +\|' md.txt
check_no_grep "markdown: no text rules" '^\|-' md.txt
"$AVAIL" -S -d --csv >s.csv 2>/dev/null
check_eq "csv header" "ENVIRONMENT VARIABLE,VALUE,DESCRIPTION" "$(head -n 1 s.csv)"
check_grep "csv quotes commas" '^TIMEMORY_CSV_OUTPUT,false,"write <label>.csv, one row per node"$' s.csv

# -A sorts; -a lists all three; -O writes a file.
"$AVAIL" -A -b >sorted.txt 2>/dev/null
grep '^| [a-z_]* *|$' sorted.txt >names.txt
if sort -c names.txt 2>/dev/null; then pass "-A: sorted"; else fail "-A: not sorted"; fi
"$AVAIL" -a -O all.txt >stdout.txt 2>/dev/null
check_eq "-O: nothing on stdout" "" "$(cat stdout.txt)"
check_grep "-a: components" 'COMPONENT' all.txt
check_grep "-a: settings" 'ENVIRONMENT VARIABLE' all.txt
check_grep "-a: hardware counters" 'HARDWARE COUNTER' all.txt

# --help, --version, usage errors.
"$AVAIL" --help >help.txt 2>&1; check_eq "--help: exit 0" 0 $?
check_grep "--help lists -S" '^ +-S, --settings' help.txt
"$AVAIL" --version >v.txt; check_grep "--version" '^timemory-avail \(trun\) [0-9]' v.txt
"$AVAIL" --bogus >/dev/null 2>err.txt; check_eq "unknown option: exit 2" 2 $?
"$AVAIL" -r '(' >/dev/null 2>err.txt; check_eq "bad regex: exit 2" 2 $?
finish
