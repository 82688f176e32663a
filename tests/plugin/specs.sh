#!/bin/sh
# specs.sh -- the specs file: -ftrun-* driver flags become plugin
# arguments, load the plugin, and link the runtime in link steps only.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
. "$TRUN_TOP_SRCDIR/tests/plugin/plugin-lib.sh"

[ -f "$TRUN_SPECS" ] || die "no $TRUN_SPECS"
S="-specs=$TRUN_SPECS"

# What the driver passes on (-### prints the commands without running).
$CC $S -ftrun-mode=region -ftrun-include=a -ftrun-include=b -ftrun-exclude=c \
  -ftrun-file-include=d -ftrun-file-exclude=e -ftrun-min-statements=3 \
  -ftrun-filter=f.filter -c "$FIX/calls.c" -o x.o -### 2> cc1.cmd
for arg in mode=region include=a include=b exclude=c file-include=d \
           file-exclude=e min-statements=3 filter=f.filter; do
  check_grep "-ftrun-$arg mapped" "\"-fplugin-arg-trun-$arg\"" cc1.cmd
done
check_grep "plugin loaded" "\"-fplugin=$TRUN_PLUGIN\"" cc1.cmd
# Every argument the plugin accepts (its own list, from an unknown one's
# error) has its -ftrun- driver flag.
$CC -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-nosuch=1 -c "$FIX/calls.c" -o /dev/null 2> keys.err
keys=$(sed -n 's/.*accepted: //p' keys.err | tr -d ',')
[ -n "$keys" ] || die "no list of accepted arguments in: $(cat keys.err)"
$CC $S $(for k in $keys; do printf -- '-ftrun-%s=V ' "$k"; done) -c "$FIX/calls.c" -o x.o -### 2> all.cmd
for k in $keys; do
  check_grep "-ftrun-$k=V mapped" "\"-fplugin-arg-trun-$k=V\"" all.cmd
done
check_no_grep "none of them passed to cc1 as is" '"-ftrun-' all.cmd
check_no_grep "-ftrun-* not passed to cc1" '"-ftrun-' cc1.cmd
check_no_grep "compile step does not link" 'ltrun' cc1.cmd

$CC $S -ftrun-mode=trace x.o -o x -### 2> link.cmd
check_grep "link step: runtime" "collect2.* -L$TRUN_LIBDIR .*-ltrun" link.cmd
check_grep "link step: rpath" "collect2.* -rpath $TRUN_LIBDIR" link.cmd
$CC $S x.o -o x -### 2> nolink.cmd
check_no_grep "no -ftrun flag: no runtime" 'ltrun' nolink.cmd
$CC $S -c "$FIX/calls.c" -o x.o -### 2> noplugin.cmd
check_no_grep "no -ftrun flag: no plugin" 'fplugin' noplugin.cmd

# Real compiles through the specs file.
$CC $S -ftrun-mode=region -ftrun-exclude=fib -ftrun-verbose=1 -O2 -c "$FIX/calls.c" \
  -o calls.o 2> verbose.err || die "compile with specs"
check_grep "flags reach the plugin" "skipped fib: excluded by 'fib'" verbose.err
check_grep "region mode reached the plugin" '__trun_region_enter' "$(nm calls.o > calls.nm; echo calls.nm)"
check_no_grep "no linker warning on -c" 'linker input' verbose.err
$CC calls.o recorder.o -o calls -lpthread || die "link"
record calls.log ./calls
check_balanced "specs-built program balanced" calls.log
check_eq "specs-built program: exclude honoured" 0 "$(count calls.log 'function fib$')"

printf 'include function ^(main|square)$\n' > f.filter
$CC $S -ftrun-filter="$PWD/f.filter" -ftrun-min-statements=1 -O0 -c "$FIX/calls.c" -o f.o \
  || die "compile with filter"
$CC f.o recorder.o -o f -lpthread || die "link f"
record f.log ./f
check_eq "-ftrun-filter applied" "main square" \
  "$(events f.log enter | sed 's/^function //' | sort -u | paste -sd' ')"

# One command: compile, instrument and link the real runtime.
$CC "$FIX/calls.c" -o plain || die "plain"
./plain > plain.out; plain_rc=$?
$CC $S -ftrun-mode=region "$FIX/calls.c" -o one 2> one.err || fail "one-command build: $(cat one.err)"
# The runtime's report goes to files here, so stdout is the program's own.
TRUN_COUT_OUTPUT=0 TRUN_OUTPUT_PATH=$PWD/one-out ./one > one.out 2> one.stderr; one_rc=$?
check_eq "one-command build: same stdout" "$(cat plain.out)" "$(cat one.out)"
check_eq "one-command build: same exit status" "$plain_rc" "$one_rc"
check_grep "one-command build: runtime linked" 'libtrun\.so' "$(ldd one > one.ldd; echo one.ldd)"
check_eq "one-command build: the runtime saw the markers" yes \
  "$(grep -rqs -- '|_fib' one-out && echo yes || echo no)"

# GCC's own "specs" file (what install-gcc-specs installs) is also read
# from a -B prefix: the bare -fplugin=trun.so -ftrun-mode=... then works.
mkdir -p gccdir && cp "$TRUN_SPECS" gccdir/specs
LD_LIBRARY_PATH=$(dirname "$TRUN_PLUGIN") $CC -B"$PWD/gccdir/" -fplugin=trun.so \
  -ftrun-mode=region -ftrun-verbose=1 -c "$FIX/calls.c" -o bare.o 2> bare.err
check_eq "bare -fplugin=trun.so -ftrun-mode=region compiles" "0" "$?"
check_grep "bare: plugin ran" 'instrumented main' bare.err
check_grep "bare: region mode" '__trun_region_enter' "$(nm bare.o > bare.nm; echo bare.nm)"

# install-gcc-specs / uninstall-gcc-specs, staged under DESTDIR.
dest=$PWD/dest
gccspecs=$dest$(dirname "$($CC -print-libgcc-file-name)")/specs
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" install-gcc-specs DESTDIR="$dest" > inst.out 2>&1
check_eq "install-gcc-specs installs" "$(grep -v '^#' "$TRUN_TOP_BUILDDIR/trun.specs" | head -3)" \
  "$(grep -v '^#' "$gccspecs" 2>/dev/null | head -3)"
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" install-gcc-specs DESTDIR="$dest" > inst2.out 2>&1
check_eq "install-gcc-specs refuses to replace" "2:1" "$?:$(grep -c 'exists' inst2.out)"
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" uninstall-gcc-specs DESTDIR="$dest" > uninst.out 2>&1
check_eq "uninstall-gcc-specs removes it" "0:no" "$?:$(test -e "$gccspecs" && echo yes || echo no)"
echo "*other:" > "$gccspecs"
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" uninstall-gcc-specs DESTDIR="$dest" > uninst2.out 2>&1
check_eq "uninstall-gcc-specs keeps a foreign file" "*other:" "$(cat "$gccspecs")"

# install-gcc-plugin-link: -fplugin=trun finds GCC's plugin directory copy.
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" install-gcc-plugin-link DESTDIR="$dest" > link.out 2>&1
plugdir=$dest$($CC -print-file-name=plugin)
# The installed plugin's path, as the installed specs file names it.
installed=$(grep -o -- '-fplugin=/[^}]*trun\.so' "$TRUN_TOP_BUILDDIR/trun.specs" | head -1 | cut -d= -f2)
check_eq "install-gcc-plugin-link" "$installed" "$(readlink "$plugdir/trun.so")"
make -s --no-print-directory -C "$TRUN_TOP_BUILDDIR" uninstall-gcc-plugin-link DESTDIR="$dest" > unlink.out 2>&1
check_eq "uninstall-gcc-plugin-link" "no" "$(test -e "$plugdir/trun.so" -o -L "$plugdir/trun.so" && echo yes || echo no)"
finish
