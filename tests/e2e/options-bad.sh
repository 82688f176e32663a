#!/bin/sh
# Every bad option or value: a usage error on stderr and exit status 2,
# before anything runs.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"

# bad DESCRIPTION ARGS...: timemory-run ARGS must fail with status 2.
bad () {
  what=$1; shift
  "$TIMEMORY_RUN" "$@" >out.txt 2>err.txt
  status=$?
  check_eq "$what: exit status" 2 "$status"
  if grep -q "timemory-run: " err.txt && grep -q -- "--help" err.txt; then
    pass "$what: usage error on stderr"
  else
    fail "$what: no usage error on stderr: $(cat err.txt)"
  fi
  [ -s out.txt ] && fail "$what: wrote to stdout"
  [ -e ran ] && fail "$what: ran the command"
}

bad "unknown long option" --bogus -- touch ran
bad "unknown short option" -Z -- touch ran
bad "mode without value" -M
bad "bad mode" -M sampling -- touch ran
bad "bad --mode=" --mode=fast -- touch ran
bad "empty --mode=" --mode= -- touch ran
bad "-i not a number" -i many -- touch ran
bad "-i negative" -i -3 -- touch ran
bad "--min-instructions= empty" --min-instructions= -- touch ran
bad "-I bad regex" -I '(' -- touch ran
bad "-R bad regex" -R 'a[' -- touch ran
bad "-E bad regex" -E '*(' -- touch ran
bad "--function-include bad regex" --function-include='(' -- touch ran
bad "-MI bad regex" -MI '(' -- touch ran
bad "-ME bad regex" -ME '[' -- touch ran
bad "-I without regex" -I -- touch ran
bad "-C unreadable" -C /nonexistent/list -- touch ran
bad "--env without =" --env NOVALUE -- touch ran
bad "--env bad name" --env 1BAD=x -- touch ran
bad "-d empty" -d '' -- touch ran
bad "-d bad list" -d 'wall;rm' -- touch ran
bad "--filter-from without a profile" --filter-from /nonexistent -- touch ran
bad "--compile-commands missing file" --compile-commands /nonexistent.json -o x -- touch ran
bad "-o without value" -o
bad "flag given a value" --dry-run=yes -- touch ran
bad "--print-instrumented without value" --print-instrumented
bad "no command" -M trace
bad "nothing after --" --

"$TIMEMORY_RUN" --help >help.txt 2>&1
check_eq "--help exits 0" 0 $?
for opt in --mode --default-components --function-include --function-exclude \
           --module-include --module-exclude --min-instructions --collection \
           --env --mpi --print-instrumented --print-excluded --dry-run --verbose \
           --version --filter-from --compile-commands -MI -ME; do
  check_grep "--help lists $opt" "$opt" help.txt
done
"$TIMEMORY_RUN" --version >version.txt 2>&1
check_eq "--version exits 0" 0 $?
check_grep "--version prints the version" '^timemory-run \(trun\) [0-9]' version.txt
finish
