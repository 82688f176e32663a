#!/bin/sh
# What libtrun adds to every program's start: no library but libc (no
# libm on x86-64: the floating-point environment by its instructions, sqrt
# inline; no hwloc, no MPI), and, with TRUN_ENABLED=off, not one file
# read or written but the program's own.
. "$TRUN_TOP_SRCDIR/tests/lib.sh"
command -v readelf >/dev/null || skip_test "readelf not installed (Debian package binutils)"
needed=$(readelf -d "$TRUN_LIBDIR/libtrun.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
case $(uname -m) in
  x86_64) want="ld-linux-x86-64.so.2 libc.so.6 " ;;
  *) want=$needed ;; # libm for fegetenv elsewhere
esac
case ${TRUN_SANITIZERS:-none} in
  none|'') check_eq "libtrun needs only libc" "$want" "$needed" ;;
esac

cat > ten.c <<'C'
#include <stdio.h>
__attribute__ ((noinline)) int step (int x) { return x * 3 + 1; }
int main (void) { int v = 0; for (int i = 0; i < 9; i++) v = step (v); printf ("%d\n", v); return 0; }
C
trun_cc trace -O2 -o ten ten.c || die "build"
TRUN_OUTPUT_PATH=out LD_DEBUG=files ./ten > out.txt 2> ld.txt || fail "run"
check_eq "program output" 9841 "$(head -1 out.txt)"
check_no_grep "no libm loaded" "file=libm\\.so" ld.txt
check_no_grep "no hwloc loaded" "libhwloc" ld.txt
check_grep "the report" "step" out/trace-wall.txt

# TRUN_ENABLED=off: only the program's and the loader's own files.
if command -v strace >/dev/null; then
  TRUN_ENABLED=off TRUN_OUTPUT_PATH=off strace -f -e trace=%file,%desc -o st.txt ./ten > /dev/null 2>&1 || fail "run off"
  grep -v -E 'ld\.so|\.so\.|glibc-hwcaps|/tls|x86_64|x86-64|exited|execve\(|^[0-9]+ +(close|read|pread64|fstat|newfstatat|mmap|fcntl|ioctl|lseek)\(|write\(1,' st.txt > other.txt
  check_eq "TRUN_ENABLED=off: no file of its own" "" "$(cat other.txt)"
  check_eq "TRUN_ENABLED=off: no output directory" "no" "$(test -e off && echo yes || echo no)"
else
  pass "strace not installed (Debian package strace): the file check skipped"
fi
finish
