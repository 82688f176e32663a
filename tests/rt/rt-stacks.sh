#!/bin/sh
# Switches of execution stacks (core/stacks.c): generators on makecontext
# stacks driven by swapcontext keep a frame stack of their own, attached
# under the frame that first switched to them; counts are exact, nothing
# is reported as a missing exit, the generator's clocks stop while it is
# suspended.  (A handler on sigaltstack: rel-sighandler.sh.)
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/rt/rt-lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
SRC=$TRUN_TOP_SRCDIR/tests/rt/coro.c
export TRUN_THROTTLE_COUNT=0 TRUN_COUT_OUTPUT=off TRUN_VERBOSE=1

plain_cc -O2 -o plain "$SRC" || die "compile plain"
# A node's summed wall clock, from the long JSON: "sum" of LABEL at DEPTH.
node_sum () {
  python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
for dom in ("trace", "region"):
    for n in doc[dom]["nodes"]:
        if n["label"] == sys.argv[2] and n["depth"] == int(sys.argv[3]):
            print("%.9f" % n["components"]["wall_clock"]["sum"])' "$(long_json "$1")" "$2" "$3"
}

one="0 main 1
1 gen_init 1
1 next 1001
2 generator 1
3 step 1000
4 produce 1000
5 leaf 2000
4 yield 1000
1 consume 1000
2 leaf 1000"
for mode in trace region; do
  trun_cc $mode -O2 -o $mode "$SRC" || die "compile $mode"
  [ $mode = trace ] && f=trace-wall.txt || f=wall.txt
  for what in gen two part; do
    R=$mode-$what
    ./plain $what 1000 > plain.out 2> /dev/null
    TRUN_OUTPUT_PATH=$R ./$mode $what 1000 > out.txt 2> err.txt || fail "$R run"
    check_eq "$R: same output" "$(cat plain.out)" "$(cat out.txt)"
    # (ASan says once that it does not fully support swapcontext.)
    check_eq "$R: no diagnostics" "" \
      "$(grep -v -e '^trun: writing' -e "^==[0-9]*==WARNING: ASan doesn't fully support" err.txt)"
    case $what in
      gen) exp=$one ;;
      two) exp=$(echo "$one" | awk '{ print $1, $2, $2 == "main" ? 1 : $3 * 2 }') ;;
      part) exp="0 main 1
1 gen_init 1
1 next 10
2 generator 1
3 step 10
4 produce 10
5 leaf 20
4 yield 10
1 consume 10
2 leaf 10" ;;
    esac
    check_eq "$R: rows" "$exp" "$(rt_rows $R/$f)"
    open=$(grep -o '"open_at_finalize": *[0-9]*' "$(long_json $R/trun.json)" | awk '{ s += $2 } END { print s + 0 }')
    # part: generator, step and yield were left suspended at exit.
    [ $what = part ] && e=3 || e=0
    check_eq "$R: frames open at exit" "$e" "$open"
    # The generator runs inside next's calls only: its time is part of
    # theirs, the time main runs between them is not part of its own.
    gen=$(node_sum $R/trun.json generator 2)
    nxt=$(node_sum $R/trun.json next 1)
    main=$(node_sum $R/trun.json main 0)
    awk -v g="$gen" -v n="$nxt" -v m="$main" 'BEGIN { exit !(g > 0 && g <= n && n <= m && m < 60) }' \
      && pass "$R: generator $gen s within next $nxt s within main $main s" \
      || fail "$R: generator $gen s, next $nxt s, main $main s"
  done
done
finish
