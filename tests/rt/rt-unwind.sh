#!/bin/sh
# A debugger stopped anywhere in the markers unwinds to main: through the
# sequence the plugin inserts, which moves the stack pointer where the
# function's own unwind information does not say so, the stub whose
# unwind information says it instead (rt/entry/markers.c), the fast
# paths and the slow paths that realign the stack.  Profilers that
# sample stacks (perf, gdb, a crash handler's backtrace) see the same.
# libgcc's unwinder (C++ exceptions, glibc's backtrace) too, from a signal
# handler run while a marker's stub, enter or exit is interrupted.
# trace and region mode; -O0, -O2, and -O2 with a frame pointer.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
case $(uname -m) in
  x86_64) ;;
  *) skip_test "the register-preserving sequence is x86-64 only" ;;
esac
command -v gdb > /dev/null || skip_test "gdb not found (Debian package gdb)"
SRC=$TRUN_TOP_SRCDIR/tests/rt/unwind.c
export TRUN_COUT_OUTPUT=false TRUN_FILE_OUTPUT=false TRUN_THROTTLE_COUNT=0

# The runtime's own symbols name the breakpoints: a stripped library has
# none to stop at.
if command -v nm > /dev/null; then
  nm "$TRUN_LIBDIR/libtrun.so" 2>/dev/null | grep -q ' trun_node_new$' ||
    skip_test "libtrun.so has no symbol table (stripped)"
fi

# check_unwind NAME LOG MIN: every backtrace in LOG that goes through a
# marker (a frame of the stubs or their targets) ends in main, with no
# frame the debugger could not name; LOG holds at least MIN of them.
# (The runtime's start-up, in a constructor, also makes nodes.)
check_unwind () {
  awk -v min="$3" '
    function done () { if (n_fr && marker) { n++; if (!ok) bad++; unknown += unk } }
    /^#0 / { done(); n_fr = 0; marker = 0; unk = 0 }
    /^#[0-9]+ / { n_fr++; ok = ($0 ~ / main \(/); if ($0 ~ /\?\?/) unk++
                  if ($0 ~ /_preserve|trun_preserve_/) marker = 1 }
    /Backtrace stopped/ { stopped++ }
    END {
      done()
      printf "%d backtraces through a marker, %d not ending in main, %d unnamed frames, %d stopped\n", n, bad, unknown, stopped
      exit !(n >= min && !bad && !unknown && !stopped)
    }' "$2" > "$2.sum"
  if [ $? = 0 ]; then pass "$1: $(cat "$2.sum")"
  else fail "$1: $(cat "$2.sum"); see $WORK/$2"; fi
}

for mode in trace region; do
  cat > cmds.gdb <<EOF
set pagination off
set confirm off
set breakpoint pending on
break trun_preserve_${mode}_enter
break trun_preserve_${mode}_exit
break __trun_${mode}_enter_preserve
break __trun_${mode}_exit_preserve
break trun_enter_desc_slow
break trun_node_new
commands 1-6
bt
continue
end
run
EOF
  for opt in "-O0" "-O2" "-O2 -fno-omit-frame-pointer"; do
    tag=$mode$(echo "$opt" | tr -d ' =')
    # shellcheck disable=SC2086  # OPT is a list of flags
    trun_cc $mode $opt -g -rdynamic -o "u-$tag" "$SRC" -ldl ||
      die "compile $tag"
    [ "$(./u-$tag)" = 86 ] || fail "$tag prints 86"
    timeout 300 gdb -q -batch -x cmds.gdb "./u-$tag" > "gdb-$tag.log" 2>&1 ||
      fail "$tag: gdb exit status $?"
    # three functions: an enter stub, an enter, an exit stub and an
    # exit each, and the slow paths of their first calls
    check_unwind "$mode $opt" "gdb-$tag.log" 15
    grep -q 'in leaf ' "gdb-$tag.log" ||
      fail "$tag: a backtrace goes through leaf"
    # SIGUSR1 where leaf's enter stub, enter and exit run (leaf is the
    # third function entered, the first left)
    for at in "__trun_${mode}_enter_preserve 2" "trun_preserve_${mode}_enter 2" \
              "trun_preserve_${mode}_exit 0"; do
      set -- $at
      printf '%s\n' 'set pagination off' 'set breakpoint pending on' \
        "break $1" "ignore 1 $2" 'commands 1' 'delete 1' 'signal SIGUSR1' 'end' 'run' \
        > sig.gdb
      timeout 120 gdb -q -batch -x sig.gdb "./u-$tag" > "sig-$tag-$1.log" 2>&1
      check_grep "$tag: backtrace () in a handler interrupting $1" \
        '^signal backtrace: leaf middle main$' "sig-$tag-$1.log"
    done
  done
done
finish
