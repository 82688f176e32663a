# tests/e2e/mpi-lib.sh -- what the MPI tests share (sourced after
# tests/lib.sh): building the fixture (mpi-prog.c) through the plugin in
# region mode, running it under mpiexec, and reading the tables by path.

# mpi_require: skip unless trun was configured with MPI.
mpi_require () {
  [ "${TRUN_HAVE_MPI:-no}" = yes ] ||
    skip_test "trun was configured without MPI (TRUN_HAVE_MPI=${TRUN_HAVE_MPI:-no})"
  [ -n "${MPICC:-}" ] && [ -n "${MPIEXEC:-}" ] ||
    die "configured with MPI but MPICC='${MPICC:-}' MPIEXEC='${MPIEXEC:-}'"
}

# mpi_build OUT: the fixture, instrumented in region mode, linked with
# libtrun the way users do it (-ltrun on the mpicc line).
mpi_build () {
  $MPICC $TRUN_TEST_CFLAGS -fplugin="$TRUN_PLUGIN" -fplugin-arg-trun-mode=region \
    -I"$TRUN_INCLUDE" -O1 "$TRUN_TOP_SRCDIR/tests/e2e/mpi-prog.c" -o "$1" \
    -L"$TRUN_LIBDIR" -Wl,-rpath,"$TRUN_LIBDIR" -ltrun ||
    die "cannot build the MPI fixture"
}

# mpi_run NP OUTDIR PROGRAM [ARGS...]: run under mpiexec with the report
# in OUTDIR, stdout in OUTDIR.out, stderr in OUTDIR.err; returns the
# launcher's status.  Exact counts: no throttling.  MPIEXEC_FLAGS: more
# launcher options.
mpi_run () {
  np=$1 outdir=$2; shift 2
  rm -rf "$outdir"
  TRUN_OUTPUT_PATH=$outdir TRUN_THROTTLE_COUNT=0 \
    timeout 120 "$MPIEXEC" ${MPIEXEC_FLAGS:-} -n "$np" -launcher fork "$@" \
    >"$outdir.out" 2>"$outdir.err"
}

# rows FILE: one line per table row, "RANK<TAB>DEPTH<TAB>COUNT<TAB>PATH";
# RANK is N for a row marked "|N>>> " and - for ">>> "; PATH is the labels
# from the top row down joined by " > ".  Several tables in one file are
# fine: depth 0 starts a new path.
rows () {
  awk '
    /^\| (\|[0-9]+)?>>> / {
      rank = "-"
      if (match($0, /^\| \|[0-9]+>>> /)) rank = substr($0, 4, RLENGTH - 7)
      line = $0; sub(/^\| (\|[0-9]+)?>>> /, "", line)
      n = split(line, cell, / \| /)
      label = cell[1]; sub(/^ *(\|_)?/, "", label); sub(/ +$/, "", label)
      sub(/ \[throttled\]$/, "", label)
      count = cell[2]; gsub(/[ |]/, "", count)
      depth = cell[3]; gsub(/[ |]/, "", depth); depth += 0
      stack[depth] = label
      path = stack[0]
      for (d = 1; d <= depth; d++) path = path " > " stack[d]
      printf "%s\t%s\t%s\t%s\n", rank, depth, count, path
    }' "$1"
}

# count_at FILE PATH_SUFFIX [RANK]: summed COUNT of the rows whose path
# ends with the whole labels PATH_SUFFIX (of RANK when given); empty when
# there is none.
count_at () {
  rows "$1" | awk -F'\t' -v suffix="$2" -v want="${3:-}" '
    (want == "" || $1 == want) {
      p = $4; k = length(p) - length(suffix)
      if (p == suffix || (k >= 3 && substr(p, k - 2) == " > " suffix)) {
        s += $3; found = 1 }
    }
    END { if (found) printf "%d\n", s }'
}

# cell_at FILE PATH_SUFFIX COLUMN [RANK]: the text of column COLUMN
# (1 = LABEL, 2 = COUNT, ...) of the first row whose path ends with
# PATH_SUFFIX (of RANK when given); empty when there is none.
cell_at () {
  awk -v suffix="$2" -v col="$3" -v want="${4:-}" '
    /^\| (\|[0-9]+)?>>> / {
      rank = "-"
      if (match($0, /^\| \|[0-9]+>>> /)) rank = substr($0, 4, RLENGTH - 7)
      line = $0; sub(/^\| (\|[0-9]+)?>>> /, "", line)
      n = split(line, cell, / \| /)
      label = cell[1]; sub(/^ *(\|_)?/, "", label); sub(/ +$/, "", label)
      sub(/ \[throttled\]$/, "", label)
      depth = cell[3]; gsub(/[ |]/, "", depth); depth += 0
      stack[depth] = label; path = stack[0]
      for (d = 1; d <= depth; d++) path = path " > " stack[d]
      k = length(path) - length(suffix)
      if ((want == "" || rank == want) &&
          (path == suffix || (k >= 3 && substr(path, k - 2) == " > " suffix))) {
        v = cell[col]; gsub(/^ +| +\|? *$/, "", v); print v; exit }
    }' "$1"
}
