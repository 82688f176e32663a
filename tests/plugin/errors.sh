#!/bin/sh
# errors.sh -- every bad plugin argument is a clean compile error that
# names the argument and what is accepted: non-zero exit, no ICE, no
# object file.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

mkdir -p adir
printf 'include function ^a\nfrobnicate function x\n' > badline.filter
printf 'exclude file [z-a]\n' > badregex.filter

n=0
# bad WHAT EXPECTED-MESSAGE-REGEX PLUGIN-ARG...
bad () {
  what=$1 expect=$2; shift 2
  n=$((n + 1))
  rm -f bad$n.o
  timeout 60 $CC -fplugin="$TRUN_PLUGIN" "$@" -c "$FIX/calls.c" -o bad$n.o 2> bad$n.err
  rc=$?
  if [ $rc -ne 0 ]; then pass "$what: exit status $rc"; else fail "$what: exit status 0"; fi
  check_grep "$what: message" "error: trun: $expect" bad$n.err
  check_no_grep "$what: no ICE" 'internal compiler error' bad$n.err
  if [ -e bad$n.o ]; then fail "$what: object written"; else pass "$what: no object"; fi
}

bad "unknown key" "unknown argument .-fplugin-arg-trun-colour.; accepted: mode, include, exclude, file-include, file-exclude, min-statements, leaf-min-statements, filter, omp, inline, inline-min-statements, verbose, list, available, label, skip-counts" \
  -fplugin-arg-trun-colour=red
bad "bad mode" "bad value .fast. for .-fplugin-arg-trun-mode.; accepted: trace, region, coverage" \
  -fplugin-arg-trun-mode=fast
bad "mode without value" "bad value .. for .-fplugin-arg-trun-mode.; accepted: trace, region, coverage" \
  -fplugin-arg-trun-mode
bad "bad include regex" "bad regular expression .\(. in -fplugin-arg-trun-include: .*(\(|paren)" \
  -fplugin-arg-trun-include='('
bad "bad exclude regex" "bad regular expression .a\{2,1\}. in -fplugin-arg-trun-exclude: " \
  -fplugin-arg-trun-exclude='a{2,1}'
bad "bad file-include regex" "bad regular expression .\[. in -fplugin-arg-trun-file-include: " \
  -fplugin-arg-trun-file-include='['
bad "bad file-exclude regex" "bad regular expression .\*\*\(. in -fplugin-arg-trun-file-exclude: " \
  -fplugin-arg-trun-file-exclude='**('
bad "include without value" ".-fplugin-arg-trun-include. needs a value: a POSIX extended regular expression" \
  -fplugin-arg-trun-include
bad "bad min-statements" "bad value .many. for .-fplugin-arg-trun-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-min-statements=many
bad "negative min-statements" "bad value .-1. for .-fplugin-arg-trun-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-min-statements=-1
bad "bad leaf-min-statements" "bad value .few. for .-fplugin-arg-trun-leaf-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-leaf-min-statements=few
bad "leaf-min-statements without value" "bad value .. for .-fplugin-arg-trun-leaf-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-leaf-min-statements
bad "unreadable filter" "cannot read filter file .$PWD/none.filter. given to .-fplugin-arg-trun-filter.: No such file" \
  -fplugin-arg-trun-filter="$PWD/none.filter"
bad "bad filter line" "filter file $PWD/badline.filter:2: bad rule; accepted: .include\|exclude function\|file REGEX. or a .#. comment" \
  -fplugin-arg-trun-filter="$PWD/badline.filter"
bad "bad filter regex" "bad regular expression .\[z-a\]. in filter file $PWD/badregex.filter:1: " \
  -fplugin-arg-trun-filter="$PWD/badregex.filter"
bad "bad omp" "bad value .maybe. for .-fplugin-arg-trun-omp.; accepted: yes, no" \
  -fplugin-arg-trun-omp=maybe
bad "bad inline" "bad value .1. for .-fplugin-arg-trun-inline.; accepted: auto, yes, no" \
  -fplugin-arg-trun-inline=1
bad "inline without value" "bad value .. for .-fplugin-arg-trun-inline.; accepted: auto, yes, no" \
  -fplugin-arg-trun-inline
bad "bad inline-min-statements" "bad value .lots. for .-fplugin-arg-trun-inline-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-inline-min-statements=lots
bad "inline-min-statements out of range" "bad value .99999999999. for .-fplugin-arg-trun-inline-min-statements.; accepted: a non-negative integer" \
  -fplugin-arg-trun-inline-min-statements=99999999999
bad "skip-counts without value" ".-fplugin-arg-trun-skip-counts. needs a value: a file name" \
  -fplugin-arg-trun-skip-counts
bad "skip-counts is a directory" "cannot open .adir. given to .-fplugin-arg-trun-skip-counts. for appending" \
  -fplugin-arg-trun-skip-counts=adir
bad "bad verbose" "bad value .loud. for .-fplugin-arg-trun-verbose.; accepted: a non-negative integer" \
  -fplugin-arg-trun-verbose=loud
bad "list without value" ".-fplugin-arg-trun-list. needs a value: a file name" \
  -fplugin-arg-trun-list
bad "unwritable list" "cannot open .$PWD/no/dir/list. given to .-fplugin-arg-trun-list. for appending" \
  -fplugin-arg-trun-list="$PWD/no/dir/list"

# Filter files that are not what they should be: an error naming the
# file (and the line), never a hang, never a silent cut.
mkdir -p adir && rm -f fifo.filter && mkfifo fifo.filter
printf 'include function ^a\000b\n' > nul.filter
awk 'BEGIN { s = "include function "; for (i = 0; i < 5000; i++) s = s "a"; print s }' > long.filter
bad "filter is a device" "filter file ./dev/zero. given to .-fplugin-arg-trun-filter. is a device, not a filter file" \
  -fplugin-arg-trun-filter=/dev/zero
bad "filter is a directory" "filter file .adir. given to .-fplugin-arg-trun-filter. is a directory" \
  -fplugin-arg-trun-filter=adir
bad "filter is a FIFO" "filter file .fifo.filter. given to .-fplugin-arg-trun-filter. is a FIFO" \
  -fplugin-arg-trun-filter=fifo.filter
bad "filter with a NUL byte" "filter file nul.filter:1 given to .-fplugin-arg-trun-filter.: holds a NUL byte" \
  -fplugin-arg-trun-filter=nul.filter
bad "filter line too long" "filter file long.filter:1 given to .-fplugin-arg-trun-filter.: line is longer than 4095 bytes" \
  -fplugin-arg-trun-filter=long.filter
bad "missing filter" "cannot read filter file .missing.filter. given to .-fplugin-arg-trun-filter.: No such file" \
  -fplugin-arg-trun-filter=missing.filter
bad "list is a FIFO" "cannot open .fifo.filter. given to .-fplugin-arg-trun-list. for appending" \
  -fplugin-arg-trun-list=fifo.filter
bad "skip-counts is a FIFO" "cannot open .fifo.filter. given to .-fplugin-arg-trun-skip-counts. for appending" \
  -fplugin-arg-trun-skip-counts=fifo.filter
# Accepted: an empty file, and CRLF line ends.
: > empty.filter
printf 'exclude function ^helper$\r\n# a comment\r\n' > crlf.filter
for f in empty.filter crlf.filter; do
  timeout 60 $CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-filter=$f -c "$FIX/calls.c" -o ok.o 2> ok.err
  check_eq "$f accepted" "0:" "$?:$(cat ok.err)"
done

# Several mistakes are all reported in one run.
$CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=x -fplugin-arg-trun-omp=x \
  -c "$FIX/calls.c" -o multi.o 2> multi.err
check_eq "all errors reported" 2 "$(grep -c 'error: trun:' multi.err)"

# The same arguments spelled right compile.
$CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=region -fplugin-arg-trun-include=. \
  -fplugin-arg-trun-omp=no -fplugin-arg-trun-inline=yes -fplugin-arg-trun-verbose=0 \
  -fplugin-arg-trun-min-statements=0 -fplugin-arg-trun-inline-min-statements=4 \
  -fplugin-arg-trun-leaf-min-statements=0 \
  -fplugin-arg-trun-skip-counts=skips.txt -c "$FIX/calls.c" -o good.o 2> good.err
check_eq "good arguments compile" "0:" "$?:$(cat good.err)"
check_eq "skip counts: one line for the unit" 1 "$(grep -c "^$FIX/calls.c" skips.txt)"
$CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-inline=auto -c "$FIX/calls.c" -o auto.o 2> auto.err
check_eq "inline=auto accepted" "0:" "$?:$(cat auto.err)"
finish
