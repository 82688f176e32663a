#!/bin/sh
# timemory's cheap settings (issue 12): MAX_WIDTH (names cut with "...",
# the JSON keeps the name), SCIENTIFIC and the TIMING_/MEMORY_ formats,
# TIME_OUTPUT, DEBUG, CONFIG_FILE, COLLAPSE_THREADS=false (trun's
# per-thread rows: rt-thread-self.sh) and the settings trun does not
# implement (one warning each).
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
trun_cc trace -O0 -o prog "$TRUN_TOP_SRCDIR/tests/rt/timemory-settings.c" || die "compile"
export TRUN_COUT_OUTPUT=off TRUN_THROTTLE_COUNT=0
long=a_function_whose_name_is_far_longer_than_any_table_should_show_it_because_it_goes_on_and_on_and_on_x

TRUN_OUTPUT_PATH=d ./prog >/dev/null 2>err.txt || fail "default run"
check_eq "default: no warning" "" "$(cat err.txt)"
check_grep "default (120): a 103-byte name is whole" ">>> |_$long " d/trace-wall.txt
TIMEMORY_MAX_WIDTH=40 TRUN_OUTPUT_PATH=w ./prog >/dev/null 2>err.txt
check_grep "MAX_WIDTH=40: the label cut with ..." '^\| >>> \|_a_function_whose_name_is_far_longer_t\.\.\. \|' \
  w/trace-wall.txt
check_grep "MAX_WIDTH=40: the JSON keeps the whole name" "$long" w/trun.json
TIMEMORY_MAX_WIDTH=0 TRUN_OUTPUT_PATH=z ./prog >/dev/null
check_grep "MAX_WIDTH=0: never cut" ">>> |_$long " z/trace-wall.txt

TIMEMORY_SCIENTIFIC=on TRUN_OUTPUT_PATH=s ./prog >/dev/null
check_grep "SCIENTIFIC: sums as 1.234e-05" '\| [0-9]\.[0-9]{3}e[-+][0-9]{2} +\|' s/trace-wall.txt
TIMEMORY_TIMING_SCIENTIFIC=on TIMEMORY_TIMING_PRECISION=5 TRUN_OUTPUT_PATH=t ./prog >/dev/null
check_grep "TIMING_SCIENTIFIC + TIMING_PRECISION=5" '\| [0-9]\.[0-9]{5}e[-+][0-9]{2} +\|' t/trace-wall.txt
TIMEMORY_TIMING_PRECISION=6 TIMEMORY_TIMING_WIDTH=12 TRUN_OUTPUT_PATH=p ./prog >/dev/null
check_grep "TIMING_PRECISION=6, TIMING_WIDTH=12" '\|     0\.[0-9]{6} \|' p/trace-wall.txt
TIMEMORY_MEMORY_PRECISION=1 TRUN_TRACE_COMPONENTS=peak_rss TRUN_OUTPUT_PATH=m ./prog >/dev/null
check_grep "MEMORY_PRECISION=1" '\| +[0-9]+\.[0-9] \| +[0-9]+\.[0-9] \|' m/trace-peak_rss.txt

TIMEMORY_TIME_OUTPUT=on TRUN_OUTPUT_PATH=to ./prog >/dev/null
check_eq "TIME_OUTPUT: one time-stamped subdirectory" 1 "$(ls to | grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]_')"
check_eq "TIME_OUTPUT: the files in it" yes "$(test -f to/*/trace-wall.txt && echo yes || echo no)"

TIMEMORY_DEBUG=on TRUN_OUTPUT_PATH=g ./prog >/dev/null 2>err.txt
check_eq "DEBUG: as verbose as TRUN_VERBOSE=2" yes "$(test -s err.txt && echo yes || echo no)"

printf '# timemory config\nTIMEMORY_OUTPUT_PATH = cfg-out\nmax_width=30 # a comment\n  TIMEMORY_ROOFLINE_MODE = op\n' > tm.cfg
TIMEMORY_CONFIG_FILE=tm.cfg ./prog >/dev/null 2>err.txt
check_eq "CONFIG_FILE: OUTPUT_PATH read" yes "$(test -f cfg-out/trace-wall.txt && echo yes || echo no)"
check_grep "CONFIG_FILE: max_width=30 without prefix read" '>>> \|_a_function_whose_name_is_fa\.\.\. \|' cfg-out/trace-wall.txt
check_eq "CONFIG_FILE: unimplemented key warned once" 1 "$(grep -c 'TIMEMORY_ROOFLINE_MODE is a timemory setting trun does not implement' err.txt)"
TIMEMORY_CONFIG_FILE=tm.cfg TRUN_OUTPUT_PATH=envwins ./prog >/dev/null 2>&1
check_eq "CONFIG_FILE: the environment wins" yes "$(test -d envwins && echo yes || echo no)"
# timemory's own config style (its tutorials' timemory.cfg): $variables,
# lower-case keys with the prefix, keys trun does not know.
printf '$comps = wall_clock peak_rss\n$off = OFF\ntimemory_output_path = cfg2\ntrace_components = $comps\nTIMEMORY_PRINT_UNITS = $off\nno_such_setting = 1\n' > tm2.cfg
TIMEMORY_CONFIG_FILE=tm2.cfg ./prog >/dev/null 2>err2.txt
check_eq "CONFIG_FILE: lower-case key with its prefix read" yes "$(test -d cfg2 && echo yes || echo no)"
check_eq "CONFIG_FILE: \$variables expanded" yes "$(test -f cfg2/trace-peak_rss.txt && echo yes || echo no)"
check_no_grep "CONFIG_FILE: no \$name left for the component parser" 'comps' err2.txt
check_eq "CONFIG_FILE: a timemory setting trun lacks, warned once" 1 \
  "$(grep -c 'TIMEMORY_PRINT_UNITS is a timemory setting trun does not implement' err2.txt)"
check_eq "CONFIG_FILE: an unknown key, warned once" 1 \
  "$(grep -c 'tm2.cfg: unknown setting NO_SUCH_SETTING ignored' err2.txt)"
TIMEMORY_CONFIG_FILE=/nonexistent/x.cfg TRUN_OUTPUT_PATH=n ./prog >/dev/null 2>err.txt
check_grep "CONFIG_FILE unreadable: a warning" 'cannot read the config file /nonexistent/x.cfg' err.txt

TIMEMORY_CUPTI_EVENTS=x TIMEMORY_PAPI_EVENTS=PAPI_TOT_CYC TIMEMORY_DIFF_OUTPUT=on \
  TRUN_OUTPUT_PATH=u ./prog >/dev/null 2>err.txt
for v in CUPTI_EVENTS PAPI_EVENTS DIFF_OUTPUT; do
  check_eq "TIMEMORY_$v: one warning" 1 "$(grep -c "TIMEMORY_$v is a timemory setting trun does not implement" err.txt)"
done
TIMEMORY_COLLAPSE_THREADS=false TRUN_OUTPUT_PATH=c ./prog >/dev/null 2>err.txt
check_eq "COLLAPSE_THREADS=false: no warning" "" "$(cat err.txt)"
check_grep "COLLAPSE_THREADS=false: PER_THREAD on" '"collapse_threads": false, "per_thread": true' c/trun.json
finish
