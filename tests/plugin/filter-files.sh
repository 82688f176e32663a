#!/bin/sh
# filter-files.sh -- whatever filter= or list= names, the compiler never
# hangs and never takes a bad filter file: /dev/zero, a directory, a FIFO
# are refused without being read, naming the file and what it is; a NUL
# byte or an over-long line is an error naming FILE:LINE, never a silent
# cut; an empty file and CRLF line ends are accepted.  Never an ICE.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"
command -v timeout > /dev/null || skip_test "no timeout(1)"

mkdir dir.filter
mkfifo fifo.filter || die "mkfifo"
printf 'include function ^alpha\nexclude function x\0y\n' > nul.filter
{ printf 'include function ^alpha\n'
  printf 'exclude function %04096d\n' 0
  printf 'exclude function %04079d\n' 0; } > long.filter
: > empty.filter
printf '# rules\r\ninclude function ^alpha_one\r\n\r\nexclude function beta\r\n' > crlf.filter
printf 'include function ^alpha_two' > nolf.filter

n=0
# compile WHAT ARG...: compile the filters fixture under a 20 s timeout
# (a hang is a failure: exit 124); stderr in c$n.err, status in $rc.
compile () {
  what=$1; shift
  n=$((n + 1))
  rm -f c$n.o
  timeout 20 $CC -fplugin="$TRUN_PLUGIN" "$@" -c "$FIX/filters.c" -o c$n.o 2> c$n.err
  rc=$?
  [ $rc -ne 124 ] && pass "$what: no hang" || fail "$what: hung (killed after 20 s)"
  check_no_grep "$what: no ICE" 'internal compiler error' c$n.err
}
# refused WHAT EXPECTED-MESSAGE-REGEX ARG...
refused () {
  what=$1 expect=$2; shift 2
  compile "$what" "$@"
  [ $rc -ne 0 ] && pass "$what: exit status $rc" || fail "$what: exit status 0"
  check_grep "$what: message" "error: trun: $expect" c$n.err
  [ -e c$n.o ] && fail "$what: object written" || pass "$what: no object"
}
# accepted WHAT ARG...
accepted () {
  what=$1; shift
  compile "$what" "$@"
  check_eq "$what: compiles quietly" "0:" "$rc:$(cat c$n.err)"
}

F=-fplugin-arg-trun-filter
refused "filter=/dev/zero" "filter file ./dev/zero. given to .$F. is a character device, not a regular file" \
  $F=/dev/zero
refused "filter=directory" "filter file .$PWD/dir.filter. given to .$F. is a directory, not a regular file" \
  $F="$PWD/dir.filter"
refused "filter=FIFO" "filter file .$PWD/fifo.filter. given to .$F. is a FIFO, not a regular file" \
  $F="$PWD/fifo.filter"
refused "NUL byte" "filter file $PWD/nul.filter:2: NUL byte$" $F="$PWD/nul.filter"
refused "over-long line" "filter file $PWD/long.filter:2: line longer than 4096 bytes$" \
  $F="$PWD/long.filter"
check_eq "over-long line: only line 2 is bad (4096 bytes is the limit)" 1 \
  "$(grep -c 'error: trun:' c$n.err)"
accepted "empty filter file" $F="$PWD/empty.filter"
accepted "CRLF filter file" $F="$PWD/crlf.filter" -fplugin-arg-trun-list="$PWD/crlf.list"
check_eq "CRLF rules apply, CR not part of the regex" "alpha_one" "$(cut -f2 crlf.list)"
accepted "last line without a line end" $F="$PWD/nolf.filter" -fplugin-arg-trun-list="$PWD/nolf.list"
check_eq "last line read" "alpha_two" "$(cut -f2 nolf.list)"

# A big file is refused before it is read.
dd if=/dev/zero of=big.filter bs=1024 count=0 seek=5000 2> /dev/null
refused "file over 4 MiB" "filter file .$PWD/big.filter. given to .$F. is 5120000 bytes; a filter file holds at most 4194304 bytes" \
  $F="$PWD/big.filter"

# Many bad lines: each an error, the count bounded.
awk 'BEGIN { for (i = 0; i < 50; i++) print "nonsense", i }' > many.filter
refused "many bad lines" "filter file $PWD/many.filter:1: bad rule" $F="$PWD/many.filter"
check_eq "many bad lines: 20 shown, then one summary" 21 "$(grep -c 'error: trun:' c$n.err)"
check_grep "many bad lines: summary" "30 more bad lines not shown" c$n.err

# list=FILE: a directory, a FIFO (no reader: it would block) or a device
# is refused; a symbolic link to a regular file is followed.
L=-fplugin-arg-trun-list
refused "list=FIFO" ".$PWD/fifo.filter. given to .$L. is a FIFO, not a regular file" \
  $L="$PWD/fifo.filter"
refused "list=directory" ".$PWD/dir.filter. given to .$L. is a directory, not a regular file" \
  $L="$PWD/dir.filter"
refused "list=/dev/null" "./dev/null. given to .$L. is a character device, not a regular file" \
  $L=/dev/null
ln -s "$PWD/real.list" link.list
accepted "list=symbolic link" $L="$PWD/link.list"
check_grep "list through the link" 'alpha_one' real.list
finish
