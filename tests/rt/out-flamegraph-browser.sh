#!/bin/sh
# The flame graph in a real browser: headless Chromium renders a
# multi-threaded program's wall.flamegraph.svg to a PNG, which must show
# frames (pixels of their colours, not a blank or broken page), and runs
# its script: clicking a frame (zoom) widens it to the whole width and
# hides the frames outside it.  Skipped without Chromium (Debian package
# chromium; .ci/run installs it).
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
[ -f "$TRUN_PLUGIN" ] || die "plugin not built: $TRUN_PLUGIN"
command -v python3 > /dev/null || skip_test "no python3"
browser=
for b in chromium chromium-browser; do
  command -v $b > /dev/null && { browser=$b; break; }
done
[ -n "$browser" ] || skip_test "no Chromium (Debian package chromium) to render the flame graph"
CHECK=$TRUN_TOP_SRCDIR/tests/rt/flame-check.py

trun_cc region -O1 -o region "$TRUN_TOP_SRCDIR/tests/rt/flame.c" || die "compile"
TRUN_COUT_OUTPUT=false TRUN_OUTPUT_PATH=r ./region 3 > /dev/null 2> err.txt || fail "run"
svg=$PWD/r/wall.flamegraph.svg
[ -s "$svg" ] || die "no $svg"
height=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' "$svg" | head -1)

# chrome ARGS...: one headless run, nothing fetched, its own profile.
n=0
chrome () {
  n=$((n + 1))
  timeout 120 $browser --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --disable-quic --hide-scrollbars --user-data-dir="$PWD/profile$n" "$@"
}

chrome --screenshot="$PWD/shot.png" --window-size=1200,"${height:-400}" \
  "file://$svg" > chrome.log 2>&1 || fail "chromium failed: $(tail -3 chrome.log)"
if [ -s shot.png ]; then
  python3 "$CHECK" png shot.png > png.txt 2>&1 || fail "png: $(cat png.txt)"
  coloured=$(sed -n 's/^coloured //p' png.txt)
  check_eq "the picture is 1200 x $height" "size 1200 ${height:-400}" "$(grep '^size' png.txt)"
  awk -v c="${coloured:-0}" 'BEGIN { exit !(c >= 0.05) }' \
    && pass "frames drawn: ${coloured} of the pixels in frame colours" \
    || fail "blank picture: ${coloured:-?} of the pixels in frame colours"
else
  fail "no screenshot: $(tail -3 chrome.log)"
fi
check_grep "the file has the functions' names" '<title>compute' "$svg"
check_grep "... and the regions'" '<title>naïve_π' "$svg"

# The script: zoom on "fan" after load, the result in an attribute that
# --dump-dom prints.
sed 's|</svg>$||' "$svg" > zoom.svg
cat >> zoom.svg <<'JS'
<script><![CDATA[
window.addEventListener('load', function () {
  var g = document.getElementsByClassName('f'), z = null, hidden = 0;
  for (var i = 0; i < g.length; i++)
    if (el(g[i], 'title').textContent.split('\n')[0] == 'fan') z = g[i];
  zoom.call(z);
  for (var i = 0; i < g.length; i++) if (g[i].style.display == 'none') hidden++;
  document.documentElement.setAttribute('data-zoom',
    el(z, 'rect').getAttribute('width') + ' ' + (hidden > 0) + ' '
    + el(g[0], 'rect').getAttribute('width'));
});
]]></script>
</svg>
JS
chrome --dump-dom "file://$PWD/zoom.svg" > dom.txt 2> chrome-dom.log || fail "chromium --dump-dom failed"
check_eq "click on fan: it spans the width, others hidden, the root stays" \
  'data-zoom="1180.00 true 1180.00"' "$(grep -o 'data-zoom="[^"]*"' dom.txt)"
finish
