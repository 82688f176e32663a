#!/bin/sh
# What make install puts in place (DESTDIR): the programs, the man pages
# (they render), the documents, trun.pc's variables naming the installed
# plugin and specs file, and no libtool archive.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
dest=$WORK/dest
make -s -C "$TRUN_TOP_BUILDDIR" install DESTDIR="$dest" >install.out 2>&1 \
  || { cat install.out; die "make install DESTDIR"; }
prefix=$(sed -n 's/^prefix=//p' "$TRUN_TOP_BUILDDIR/trun.pc")
root=$dest$prefix
pc=$(find "$dest" -name trun.pc | head -n 1)
[ -n "$pc" ] || die "trun.pc not installed"
libdir=$(dirname "$(dirname "$pc")")

for p in bin/timemory-run bin/timemory-avail; do
  [ -x "$root/$p" ] && pass "$p installed" || fail "$p not installed"
done
found=$(find "$dest" -name trun-cc -type f | head -n 1)
[ -n "$found" ] && [ -x "$found" ] && pass "trun-cc installed" || fail "trun-cc not installed"
las=$(find "$dest" -name '*.la' | tr '\n' ' ')
check_eq "no .la files installed" "" "$las"
[ -f "$libdir/trun.so" ] && pass "plugin installed" || fail "no $libdir/trun.so"
[ -f "$libdir/libtrun.so" ] && pass "runtime installed" || fail "no libtrun.so"

# Man pages in man1 and man7, rendering with man -l (or groff) cleanly.
for page in man1/timemory-run.1 man1/timemory-avail.1 man1/trun-cc.1 man7/trun.7; do
  f=$(find "$dest" -path "*/man/$page" | head -n 1)
  if [ -z "$f" ]; then fail "$page not installed"; continue; fi
  pass "$page installed"
  if command -v groff >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 groff -man -Tutf8 -ww "$f" >page.txt 2>page.err
    check_eq "$page renders without warnings" "" "$(cat page.err)"
  fi
done
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  f=$(find "$dest" -path "*/man/man1/timemory-avail.1" | head -n 1)
  MANWIDTH=80 man -l "$f" >manl.txt 2>manl.err
  check_grep "man -l renders timemory-avail(1)" 'timemory-avail' manl.txt
fi

# The documents.
f=$(find "$dest" -name json-schema.md | head -n 1)
[ -n "$f" ] && pass "json-schema.md installed ($f)" || fail "json-schema.md not installed"

# trun.pc's variables name the installed plugin, specs file and wrapper.
if command -v pkg-config >/dev/null 2>&1; then
  v () { PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable="$1" trun; }
  check_eq "plugin variable" "$(v libdir)/trun.so" "$(v plugin)"
  [ -f "$dest$(v plugin)" ] && pass "plugin variable names the plugin" \
    || fail "plugin variable: $(v plugin) not installed"
  [ -f "$dest$(v specs)" ] && pass "specs variable names the specs file" \
    || fail "specs variable: $(v specs) not installed"
  [ -x "$dest$(v trun_cc)" ] && pass "trun_cc variable names the wrapper" \
    || fail "trun_cc variable: $(v trun_cc) not installed"
else
  check_grep "trun.pc has plugin=" '^plugin=' "$pc"
  check_grep "trun.pc has specs=" '^specs=' "$pc"
fi

# Uninstall leaves no file behind.
make -s -C "$TRUN_TOP_BUILDDIR" uninstall DESTDIR="$dest" >uninstall.out 2>&1 \
  || { cat uninstall.out; fail "make uninstall"; }
left=$(find "$dest" -type f | tr '\n' ' ')
check_eq "uninstall removes every file" "" "$left"
finish
