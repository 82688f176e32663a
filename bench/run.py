#!/usr/bin/env python3
"""bench/run.py -- trun's side-by-side overhead suite (`make bench`).

Builds four workloads (bench/fib.c: tiny recursive calls; bench/work50.c:
about 50 loop iterations per call; bench/alt8.c: a parent calling 8
different small children in turn; bench/omp-calls.c: an OpenMP parallel
loop calling two small functions, run with 1 and 2 threads) once per
profiler, then runs every
build interleaved, round after round, and prints markdown tables:

  * per-call overhead in ns (median over rounds, min..max spread) and as a
    ratio to the TSC floor (bench/hooks_tsc.c), for trun trace, region,
    throttled and filtered, empty -finstrument-functions hooks, the TSC
    and clock_gettime floors, gprof -pg and uftrace record;
  * the same cost with 1, 2 and 4 threads;
  * an OpenMP C++ proxy (bench/omp-proxy.cc) at 1 thread: plain, trun's
    default build and inline=yes, as ratios to the plain build;
  * the fixed start-up and exit cost: a ten-call program (bench/startup.c)
    plain, with trun's default settings, with TRUN_ENABLED=off, with
    file output off and with the topology off (its share), CPU and wall
    time per run, as ratios to the plain build, the load average, and
    each variant's instructions (callgrind) and system calls (strace),
    which the machine's load does not change; with
    --startup-base-libdir, another build's rows interleaved with them
    (before and after);
  * compile time: lua's whole build, a generated C++ project
    (bench/cxxgen.py) and csmith programs, plain, with the plugin and
    with -finstrument-functions: CPU time over interleaved rounds and
    the compiler's instructions under callgrind;
  * finalize time and node memory for 1 million region nodes;
  * an interpreter: lua running bench/lua-work.lua, plain, with trun's
    defaults, TRUN_ENABLED=off, file output off, and rebuilt with the
    filter its first run wrote: CPU time and report size;
  * the stack a recursive frame takes, plain and instrumented, for a few
    function shapes (bench/stack.c), and the deepest recursion each build
    completes under an 8 MB stack.

Per-call overhead = ((T_variant(n) - T_variant(tiny)) -
(T_plain(n) - T_plain(tiny))) / calls(n): the marginal cost of one
call, with process start-up and exit measured separately (the tiny run)
and shown in their own column.  Calls are counted exactly from the
workload's arguments and checked against what the hooks and trun record.

Standard library only.  Run `run.py --help` for the options.
"""

import argparse
import glob
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_trun_json():
    """tools/trun-json.py: trun.json's nodes in the long form."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "trun_json", os.path.join(HERE, "..", "tools", "trun-json.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


TRUN_JSON = _load_trun_json()
sys.path.insert(0, HERE)
import cxxgen  # noqa: E402  (bench/cxxgen.py: the generated C++ project)
OPT = ["-O2", "-fno-optimize-sibling-calls", "-pthread"]
# -fno-optimize-sibling-calls: without it GCC turns fib's second recursive
# call into a loop in the plain build only (an instrumented body can't
# tail-call), and the two builds would not make the same calls.


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------
# Exact call counts


def fib_value(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fib_calls(n, reps, threads):
    """Instrumented calls made by `fib N REPS THREADS`."""
    per_fib = 2 * fib_value(n + 1) - 1
    return 1 + threads + threads * reps * per_fib, threads * reps * per_fib


def work50_calls(calls):
    return 1 + calls, calls


def omp_calls(n, reps):
    """Function calls made by `omp-calls N REPS`, and those of omp_kern_a.
    (trun also enters the parallel body, once per thread and loop: not
    counted; -finstrument-functions does not instrument it.)"""
    return 1 + 2 * n * reps, n * reps


def alt8_calls(rounds):
    """Instrumented calls made by `alt8 ROUNDS`, and those of child0."""
    return 2 + 8 * rounds, rounds


# ---------------------------------------------------------------------
# Running and timing


class Run:
    """One finished process: wall and CPU seconds, its output files."""

    def __init__(self, wall, cpu, maxrss_kb, status, stdout, stderr,
                 written=0):
        self.wall, self.cpu, self.maxrss_kb = wall, cpu, maxrss_kb
        self.status, self.stdout, self.stderr = status, stdout, stderr
        self.written = written  # bytes it wrote to files (ru_oublock)


def run_timed(cmd, cwd, env=None):
    os.makedirs(cwd, exist_ok=True)
    out_path = os.path.join(cwd, "stdout")
    err_path = os.path.join(cwd, "stderr")
    full_env = dict(os.environ)
    full_env.update(env or {})
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path, "rb") as f:
        stdout = f.read().decode(errors="replace")
    with open(err_path, "rb") as f:
        stderr = f.read().decode(errors="replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
               proc.returncode, stdout, stderr, usage.ru_oublock * 512)


def compile_cmd(cmd, what, quiet=False):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if res.returncode != 0 and not quiet:
        log("bench: building %s failed:\n  %s\n%s" %
            (what, " ".join(map(shlex.quote, cmd)), res.stdout.decode()))
        return False
    return True


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def median_ci(xs, conf=0.95):
    """A distribution-free confidence interval of the median: the order
    statistics x(k) and x(n+1-k) for the largest k with
    P(Binomial(n, 1/2) < k) <= (1 - conf) / 2.  Unlike min..max it
    narrows as rounds are added; below 6 values there is none at 95%."""
    xs = sorted(xs)
    n = len(xs)
    tail, k, below = (1 - conf) / 2, 0, 0.0
    while k < n // 2:
        below += math.comb(n, k) / 2 ** n   # P(B = k) added: P(B <= k)
        if below > tail:
            break
        k += 1
    if k == 0:
        return None
    return xs[k - 1], xs[n - k]


def ci_text(xs, conf=0.95, digits=3):
    ci = median_ci(xs, conf)
    return ("%.*f..%.*f" % (digits, ci[0], digits, ci[1]) if ci
            else "(too few rounds)")


def ratio_text(ratios):
    """"1.23x (1.10..1.40; CI 1.15..1.30)": the median ratio, the range
    of the per-round ratios and the median's 95% confidence interval."""
    ci = median_ci(ratios)
    return "%.2fx (%.2f..%.2f%s)" % (
        median(ratios), min(ratios), max(ratios),
        "; CI %.2f..%.2f" % ci if ci else "")


# ---------------------------------------------------------------------
# Reading trun's report


def table_counts(path, label):
    """Sum of COUNT over rows labelled LABEL in a timemory-style table
    (a throttled function's rows end in " [throttled]")."""
    row = re.compile(r"^\|\s*\d*>>>\s+(?:\|_)?(.+?)(?: \[throttled\])?"
                     r"\s*\|\s*(\d+)\s*\|")
    total = None
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = row.match(line)
                if m and m.group(1) == label:
                    total = (total or 0) + int(m.group(2))
    except OSError:
        return None
    return total


def find_json_numbers(obj, keys, found=None):
    """Every number stored under one of KEYS anywhere in OBJ."""
    if found is None:
        found = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in keys and isinstance(v, (int, float)):
                found.setdefault(k, v)
            else:
                find_json_numbers(v, keys, found)
    elif isinstance(obj, list):
        for v in obj:
            find_json_numbers(v, keys, found)
    return found


def json_nodes(obj, label, out=None):
    """Every node dict (one with "unmeasured") labelled LABEL in OBJ."""
    if out is None:
        out = []
    if isinstance(obj, dict):
        if obj.get("label") == label and "unmeasured" in obj:
            out.append(obj)
        for v in obj.values():
            json_nodes(v, label, out)
    elif isinstance(obj, list):
        for v in obj:
            json_nodes(v, label, out)
    return out


def json_key(obj, key):
    """The first value stored under KEY anywhere in OBJ, or None."""
    if isinstance(obj, dict):
        if key in obj:
            return obj[key]
        for v in obj.values():
            found = json_key(v, key)
            if found is not None:
                return found
    elif isinstance(obj, list):
        for v in obj:
            found = json_key(v, key)
            if found is not None:
                return found
    return None


def load_json_files(directory):
    docs = []
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if name.endswith(".json"):
                try:
                    with open(os.path.join(root, name)) as f:
                        docs.append(TRUN_JSON.expand(json.load(f)))
                except (OSError, ValueError):
                    pass
    return docs


# ---------------------------------------------------------------------
# The suite


class Suite:
    def __init__(self, args):
        self.a = args
        self.work = os.path.abspath(args.workdir)
        self.bin = os.path.join(self.work, "bin")
        shutil.rmtree(self.bin, ignore_errors=True)  # always fresh builds
        os.makedirs(self.bin, exist_ok=True)
        self.cc = shlex.split(args.cc)
        self.notes = []
        self.have_plugin = bool(args.plugin and os.path.exists(args.plugin))
        self.have_trun = bool(self.have_plugin and args.libdir and
                              os.path.exists(os.path.join(args.libdir,
                                                          "libtrun.so")))
        if not self.have_trun:
            self.notes.append(
                "trun rows skipped: plugin %s or runtime %s/libtrun.so "
                "not built" % (args.plugin, args.libdir))
        self.uftrace = args.uftrace or shutil.which("uftrace")
        if self.uftrace and not os.path.exists(self.uftrace):
            self.uftrace = None
        if not self.uftrace:
            self.notes.append("uftrace row skipped: `uftrace` not found "
                              "(Debian package uftrace)")
        scale = args.scale
        self.fib_n = args.fib_n
        self.fib_reps = max(1, int(round(args.fib_reps * scale)))
        self.uf_fib_n = args.uftrace_fib_n
        self.w50_calls = max(1000, int(args.work50_calls * scale))
        self.uf_w50_calls = max(1000, int(args.work50_calls * scale / 4))
        self.alt8_rounds = max(1000, int(args.alt8_rounds * scale))
        self.omp_n = max(1000, int(args.omp_n * scale))
        self.uf_alt8_rounds = max(1000, int(args.alt8_rounds * scale / 4))

    # -- builds ---------------------------------------------------------

    def hooks_obj(self, kind):
        obj = os.path.join(self.bin, "hooks_%s.o" % kind)
        if not os.path.exists(obj):
            if not compile_cmd(self.cc + OPT + ["-c", os.path.join(
                    HERE, "hooks_%s.c" % kind), "-o", obj], obj):
                sys.exit(1)
        return obj

    def trun_flags(self, mode):
        return ["-fplugin=" + self.a.plugin, "-fplugin-arg-trun-mode=" + mode,
                "-I" + self.a.include]

    def trun_libs(self):
        return ["-L" + self.a.libdir, "-Wl,-rpath," + self.a.libdir, "-ltrun"]

    # workloads run from another workload's program (with their own
    # environment: WORKLOAD_ENV)
    SOURCES = {"omp1": "omp-calls", "omp2": "omp-calls"}
    # OMP_WAIT_POLICY=passive: threads waiting at the loop's end sleep
    # instead of spinning, so CPU time is the loop's work, not waiting
    # on a shared machine.
    WORKLOAD_ENV = {"omp1": {"OMP_NUM_THREADS": "1",
                             "OMP_WAIT_POLICY": "passive"},
                    "omp2": {"OMP_NUM_THREADS": "2",
                             "OMP_WAIT_POLICY": "passive"}}

    def build(self, workload, kind):
        """Build WORKLOAD (fib, work50, ...) for profiler KIND; return the
        path."""
        workload = self.SOURCES.get(workload, workload)
        src = [os.path.join(HERE, workload + ".c")]
        exe = os.path.join(self.bin, "%s.%s" % (workload, kind))
        if os.path.exists(exe):
            return exe
        if workload == "omp-calls":
            src = ["-fopenmp"] + src
        if kind == "plain":
            cmd = self.cc + OPT + src
        elif kind in ("empty", "tsc", "clock", "const"):
            cmd = self.cc + OPT + ["-finstrument-functions"] + src + \
                [self.hooks_obj(kind)]
        elif kind == "pg":
            cmd = self.cc + OPT + ["-pg"] + src
        elif kind in ("trace", "region"):
            cmd = self.cc + OPT + self.trun_flags(kind) + src + \
                self.trun_libs()
        elif kind == "trace-base":
            # trace mode against --timeline-base-libdir's libtrun
            base = self.a.timeline_base_libdir
            cmd = self.cc + OPT + self.trun_flags("trace") + src + \
                ["-L" + base, "-Wl,-rpath," + base, "-ltrun"]
        else:
            raise ValueError(kind)
        if not compile_cmd(cmd + ["-o", exe], exe):
            return None
        return exe

    # -- variants -------------------------------------------------------

    def variants(self, workload, func):
        """(name, build kind, env, wrapper) for each row of the table."""
        # the excluded row excludes every function the workload measures
        excl, what = {
            "alt8": ("^child[0-7]$", "child0..child7"),
            "omp1": ("^omp_kern_[ab]$", "omp_kern_a, omp_kern_b"),
            "omp2": ("^omp_kern_[ab]$", "omp_kern_a, omp_kern_b"),
        }.get(workload, ("^%s$" % func, func))
        trun_env = {"TRUN_COUT_OUTPUT": "0", "TRUN_THROTTLE_COUNT": "0"}
        rows = [
            ("plain (no instrumentation)", "plain", {}, None),
            ("-finstrument-functions, empty hooks", "empty", {}, None),
            ("TSC floor (rdtsc hooks + per-thread table)", "tsc", {}, None),
            ("clock_gettime floor (hooks + table)", "clock", {}, None),
            # the TSC floor less its clock reads: what its two rdtsc cost
            ("TSC floor's bookkeeping alone (clock a constant)", "const",
             {}, None),
            ("gprof (-pg)", "pg", {}, None),
        ]
        if self.uftrace:
            rows.append(("uftrace record (-pg)", "pg", {}, "uftrace"))
        if self.have_trun:
            rows += [
                ("trun trace mode, every call recorded", "trace", trun_env,
                 None),
                ("trun region mode, every call recorded", "region", trun_env,
                 None),
                # The timeline's recording: every event into the buffers
                # and the raw files (TRUN_FILE_OUTPUT=off: the JSON, a
                # finalize cost, is measured in its own line below).
                ("trun trace mode + TRUN_TIMELINE (recording, raw files)",
                 "trace", dict(trun_env, TRUN_TIMELINE="on",
                               TRUN_FILE_OUTPUT="off"), None),
                ("trun region mode + TRUN_TIMELINE (recording, raw files)",
                 "region", dict(trun_env, TRUN_TIMELINE="on",
                                TRUN_FILE_OUTPUT="off"), None),
            ]
            if self.a.timeline_base_libdir:
                rows.append((
                    "base build (%s): trace mode + TRUN_TIMELINE"
                    % self.a.timeline_base_libdir, "trace-base",
                    dict(trun_env, TRUN_TIMELINE="on",
                         TRUN_FILE_OUTPUT="off"), None))
            rows += [
                ("trun throttled (TRUN_THROTTLE_COUNT=100)", "trace",
                 dict(trun_env, TRUN_THROTTLE_COUNT="100"), None),
                ("trun, %s excluded by TRUN_REGION_EXCLUDE" % what, "trace",
                 dict(trun_env, TRUN_REGION_EXCLUDE=excl), None),
            ]
            base = self.a.overhead_base_libdir
            if base:
                # the same programs with another build's libtrun.so
                # (the programs' RUNPATH gives way to LD_LIBRARY_PATH),
                # interleaved with this build's rows
                at = [r[0] for r in rows].index(
                    "trun region mode, every call recorded") + 1
                rows[at:at] = [
                    ("trun trace mode, base build", "trace",
                     dict(trun_env, LD_LIBRARY_PATH=base), None),
                    ("trun region mode, base build", "region",
                     dict(trun_env, LD_LIBRARY_PATH=base), None)]
        if self.a.overhead_rows:
            keep = re.compile(self.a.overhead_rows)
            rows = [r for r in rows
                    if r[1] in ("plain", "tsc") or keep.search(r[0])]
        return rows

    def command(self, exe, wrapper, args, rundir):
        if wrapper == "uftrace":
            return [self.uftrace, "record", "-d",
                    os.path.join(rundir, "uftrace.data"), exe] + args
        return [exe] + args

    def run_one(self, cell, args, tag):
        rundir = os.path.join(self.work, "run", cell["id"], tag)
        if os.path.isdir(rundir):
            shutil.rmtree(rundir)
        env = dict(cell["env"])
        if cell["kind"] in ("trace", "region", "trace-base"):
            env["TRUN_OUTPUT_PATH"] = os.path.join(rundir, "trun-output")
        r = run_timed(self.command(cell["exe"], cell["wrapper"], args,
                                   rundir), rundir, env)
        r.rundir = rundir
        return r

    # -- section 1: per-call overhead -----------------------------------

    def workloads(self):
        n, reps = self.fib_n, self.fib_reps
        w = self.w50_calls
        return [
            ("fib", "fib", [str(n), str(reps)], fib_calls(n, reps, 1),
             [str(self.uf_fib_n), "1"], fib_calls(self.uf_fib_n, 1, 1),
             "fib(%d) x %d" % (n, reps)),
            ("work50", "work50", [str(w)], work50_calls(w),
             [str(self.uf_w50_calls)], work50_calls(self.uf_w50_calls),
             "work50 x %d" % w),
            ("alt8", "child0", [str(self.alt8_rounds)],
             alt8_calls(self.alt8_rounds), [str(self.uf_alt8_rounds)],
             alt8_calls(self.uf_alt8_rounds),
             "alt8 x %d (alt_parent calls child0..child7 in turn)"
             % self.alt8_rounds),
        ] + [
            ("omp%d" % t, "omp_kern_a", [str(self.omp_n), "10"],
             omp_calls(self.omp_n, 10), [str(self.omp_n // 4), "10"],
             omp_calls(self.omp_n // 4, 10),
             "omp-calls %d x 10, OMP_NUM_THREADS=%d (a parallel for calling "
             "omp_kern_a, omp_kern_b)" % (self.omp_n, t))
            for t in (1, 2)
        ]

    def overhead(self):
        cells = []
        for wl, func, args, calls, uf_args, uf_calls, desc in self.workloads():
            if wl not in self.a.workloads.split(","):
                continue
            for name, kind, env, wrapper in self.variants(wl, func):
                exe = self.build(wl, kind)
                if not exe:
                    self.notes.append("%s / %s: build failed" % (name, wl))
                    continue
                small = wrapper == "uftrace"
                cells.append(dict(
                    id="%s-%d" % (wl, len(cells)), workload=wl, func=func,
                    name=name, kind=kind,
                    env=dict(env, **self.WORKLOAD_ENV.get(wl, {})),
                    wrapper=wrapper, exe=exe,
                    args=uf_args if small else args,
                    calls=(uf_calls if small else calls),
                    size="small" if small else "big", desc=desc,
                    tiny=["1", "1"] if wl in ("fib", "omp1", "omp2")
                    else ["1"],
                    big=[], tinyt=[], bigc=[], tinyc=[], fails=[]))
        plain = {(c["workload"], c["size"]): c for c in cells
                 if c["kind"] == "plain"}
        # the plain build also runs at the small (uftrace) size
        for c in list(cells):
            if c["wrapper"] == "uftrace":
                base = plain[(c["workload"], "big")]
                twin = dict(base, id=base["id"] + "s", size="small",
                            args=c["args"], calls=c["calls"], big=[],
                            tinyt=[], bigc=[], tinyc=[], fails=[])
                cells.append(twin)
                plain[(c["workload"], "small")] = twin

        # warm-up: one pass, not recorded (the VM's clocks ramp up)
        for c in cells:
            if c["kind"] == "plain":
                self.run_one(c, c["args"], "warm")
        expected_out = {}
        for rnd in range(self.a.rounds):
            log("bench: overhead round %d/%d" % (rnd + 1, self.a.rounds))
            order = cells[rnd % len(cells):] + cells[:rnd % len(cells)]
            if rnd % 2:
                order.reverse()
            for c in order:
                big = self.run_one(c, c["args"], "big")
                tiny = self.run_one(c, c["tiny"], "tiny")
                if big.status != 0 or tiny.status != 0:
                    c["fails"].append("exit %d/%d: %s" % (
                        big.status, tiny.status, big.stderr[-300:]))
                    continue
                key = (c["workload"], tuple(c["args"]))
                if c["kind"] == "plain":
                    expected_out[key] = big.stdout
                elif key in expected_out and big.stdout != expected_out[key]:
                    c["fails"].append("stdout differs from the plain build")
                c["big"].append(big.wall)
                c["tinyt"].append(tiny.wall)
                c["bigc"].append(big.cpu)
                c["tinyc"].append(tiny.cpu)
                if rnd == 0:
                    self.check_counts(c, big)
        return cells, plain

    def check_counts(self, c, run):
        """What the profiler recorded, against the exact count."""
        total, func_calls = c["calls"]
        c["recorded"] = ""
        m = re.search(r"bench-hooks: calls (\d+)", run.stderr)
        if m:
            got = int(m.group(1))
            c["recorded"] = "%d (%s)" % (got, "exact" if got == total
                                          else "expected %d" % total)
        if c["env"].get("TRUN_FILE_OUTPUT") == "off":
            c["recorded"] = "(no files)"
            if c["env"].get("TRUN_TIMELINE") == "on":
                # What the raw files took (the kernel's count of bytes
                # the run wrote), and whether TRUN_TIMELINE_MAX_MB cut
                # the recording (then the figure mixes recorded calls
                # and calls after the stop).
                c["recorded"] = "raw files %.1f bytes an event (%d events)" % (
                    run.written / (2.0 * total), 2 * total)
                m = re.search(r"recording stopped ([0-9.]+) s into the run",
                              run.stderr)
                if m:
                    c["recorded"] += ("; STOPPED by TRUN_TIMELINE_MAX_MB at "
                                      "%s s: later calls not recorded"
                                      % m.group(1))
            return
        if c["kind"] in ("trace", "region", "trace-base"):
            out = os.path.join(run.rundir, "trun-output")
            table = os.path.join(out, "trace-wall.txt" if c["kind"] == "trace"
                                 else "wall.txt")
            got = table_counts(table, c["func"])
            if got is None and not os.path.exists(table):
                c["recorded"] = "no %s" % os.path.basename(table)
            else:
                got = got or 0
                c["recorded"] = "%s: %d of %d" % (c["func"], got, func_calls)
                nodes = []
                for doc in load_json_files(out):
                    nodes += json_nodes(doc, c["func"])
                unmeasured = sum(n.get("unmeasured", 0) for n in nodes)
                if any(n.get("throttled") for n in nodes):
                    c["recorded"] += ", throttled"
                if unmeasured:
                    c["recorded"] += ", %d unmeasured" % unmeasured

    def per_call(self, c, base, cpu=False):
        """Per-round marginal ns per call of C over the plain BASE."""
        bk, tk = ("bigc", "tinyc") if cpu else ("big", "tinyt")
        n = min(len(c[bk]), len(base[bk]))
        vals = []
        for i in range(n):
            var = c[bk][i] - c[tk][i]
            pl = base[bk][i] - base[tk][i]
            vals.append((var - pl) * 1e9 / c["calls"][0])
        return vals

    def overhead_table(self, cells, plain):
        lines = []
        for wl, _, _, _, _, _, desc in self.workloads():
            if wl not in self.a.workloads.split(","):
                continue
            rows = [c for c in cells if c["workload"] == wl and
                    not (c["kind"] == "plain" and c["size"] == "small")]
            tsc = next((c for c in rows if c["kind"] == "tsc"), None)
            tsc_med = median(self.per_call(tsc, plain[(wl, "big")], True)) \
                if tsc and tsc["big"] else float("nan")
            base_big = plain[(wl, "big")]
            base_ns = median([(b - t) * 1e9 / base_big["calls"][0] for b, t in
                              zip(base_big["bigc"], base_big["tinyc"])])
            lines.append("")
            lines.append("**%s** (%d calls; uninstrumented: %.2f ns a call):"
                         % (desc, base_big["calls"][0], base_ns))
            lines.append("")
            lines.append("| variant | ns/call | x TSC floor | spread (min..max) "
                         "| wall ns/call | start+exit ms | recorded |")
            lines.append("|---|---:|---:|---:|---:|---:|---|")
            for c in rows:
                base = plain[(wl, c["size"])]
                if c["fails"]:
                    lines.append("| %s | failed | | | | | %s |" % (
                        c["name"], c["fails"][0].replace("|", "/")
                        .replace("\n", " ")[:160]))
                    continue
                if c["kind"] == "plain":
                    lines.append("| %s | 0 | | | | %.1f | |" % (
                        c["name"], median(c["tinyt"]) * 1e3))
                    continue
                vals = self.per_call(c, base, cpu=True)
                wall = self.per_call(c, base)
                med = median(vals)
                name = c["name"]
                if c["size"] == "small":
                    name += " (%d calls)" % c["calls"][0]
                lines.append("| %s | %.2f | %.2f | %.2f..%.2f | %.2f | %.1f | %s |"
                             % (name, med, med / tsc_med, min(vals), max(vals),
                                median(wall), median(c["tinyt"]) * 1e3,
                                c.get("recorded", "")))
                c["median"] = med
                c["ratio"] = med / tsc_med
            lines += self.overhead_paired(rows, plain[(wl, "big")])
            lines += self.overhead_instructions(wl)
        return lines

    def overhead_paired(self, rows, base):
        """With --overhead-base-libdir: this build's per-call CPU time
        over the base build's, round by round (the two ran one after the
        other in each round), and each over the TSC floor of its round."""
        by = {c["name"]: c for c in rows if not c["fails"] and c["bigc"]}
        tsc = next((c for c in by.values() if c["kind"] == "tsc"), None)
        out = []
        for mode in ("trace", "region"):
            new = by.get("trun %s mode, every call recorded" % mode)
            old = by.get("trun %s mode, base build" % mode)
            if not (new and old and tsc):
                continue
            n, o, f = (self.per_call(c, base, cpu=True)
                       for c in (new, old, tsc))
            k = min(len(n), len(o), len(f))
            pair = [n[i] / o[i] for i in range(k) if o[i] > 0]
            xn = [n[i] / f[i] for i in range(k) if f[i] > 0]
            xo = [o[i] / f[i] for i in range(k) if f[i] > 0]
            if pair and xn and xo:
                out.append("%s mode, per round: this build / base build "
                           "%.3f (%.3f..%.3f); x its round's TSC floor: "
                           "this build %.2f (%.2f..%.2f), base build %.2f "
                           "(%.2f..%.2f)." % (
                               mode, median(pair), min(pair), max(pair),
                               median(xn), min(xn), max(xn), median(xo),
                               min(xo), max(xo)))
        return ["", " ".join(out)] if out else []

    # Two small runs of each workload for callgrind: the difference of
    # their instructions over the difference of their calls is the
    # marginal instructions of a call, without start-up and exit.
    CALLGRIND_ARGS = {
        "fib": ((["20", "10"], fib_calls(20, 10, 1)[0]),
                (["20", "20"], fib_calls(20, 20, 1)[0])),
        "work50": ((["20000"], work50_calls(20000)[0]),
                   (["40000"], work50_calls(40000)[0])),
        "alt8": ((["20000"], alt8_calls(20000)[0]),
                 (["40000"], alt8_calls(40000)[0])),
        "omp1": ((["20000", "2"], omp_calls(20000, 2)[0]),
                 (["40000", "2"], omp_calls(40000, 2)[0])),
        "omp2": ((["20000", "2"], omp_calls(20000, 2)[0]),
                 (["40000", "2"], omp_calls(40000, 2)[0])),
    }

    def overhead_instructions(self, wl):
        """The instructions of one call over the plain build's, from
        callgrind (a figure the machine's load does not change), for the
        TSC floor and trun's two modes."""
        if not self.a.valgrind or wl not in self.CALLGRIND_ARGS:
            return []
        env = dict(self.WORKLOAD_ENV.get(wl, {}), TRUN_COUT_OUTPUT="0",
                   TRUN_THROTTLE_COUNT="0", TRUN_FILE_OUTPUT="off")
        (small, n_small), (big, n_big) = self.CALLGRIND_ARGS[wl]

        def per_call(kind, extra=None):
            exe = self.build(wl, kind)
            if not exe:
                return None
            rundir = os.path.join(self.work, "run", "cg-%s-%s" % (wl, kind))
            e = dict(env, **(extra or {}))
            a = self.instructions_of([exe] + small, rundir, e)
            b = self.instructions_of([exe] + big, rundir, e)
            return None if a is None or b is None \
                else (b - a) / float(n_big - n_small)

        plain = per_call("plain")
        kinds = [("TSC floor", "tsc", None)]
        if self.have_trun:
            kinds += [("trun trace", "trace", None),
                      ("trun region", "region", None),
                      ("trun trace + TRUN_TIMELINE", "trace",
                       {"TRUN_TIMELINE": "on"})]
            if self.a.timeline_base_libdir:
                kinds.append(("the base build's trace + TRUN_TIMELINE",
                              "trace-base", {"TRUN_TIMELINE": "on"}))
            base = self.a.overhead_base_libdir
            if base:
                kinds += [("trun trace, base build", "trace",
                           {"LD_LIBRARY_PATH": base}),
                          ("trun region, base build", "region",
                           {"LD_LIBRARY_PATH": base})]
        got = [(name, per_call(kind, extra)) for name, kind, extra in kinds]
        if plain is None or any(v is None for _, v in got):
            return ["", "Instructions a call: a callgrind run failed."]
        floor = got[0][1] - plain
        return ["", "Instructions a call over plain (callgrind, `%s` and "
                "`%s`): TSC floor %.1f; %s." % (
                    " ".join(small), " ".join(big), floor, "; ".join(
                        "%s %.1f (%.2fx the floor's)" % (
                            name, v - plain, (v - plain) / floor)
                        for name, v in got[1:]))]

    # -- section 2: threads ---------------------------------------------

    def threads(self):
        n, reps = self.a.thread_fib_n, max(1, int(round(
            self.a.thread_fib_reps * self.a.scale)))
        kinds = [("plain", {}), ("tsc", {})]
        if self.have_trun:
            env = {"TRUN_COUT_OUTPUT": "0", "TRUN_THROTTLE_COUNT": "0"}
            kinds += [("trace", env), ("region", env),
                      ("trace", dict(env, TRUN_TIMELINE="on",
                                     TRUN_FILE_OUTPUT="off"))]
            if self.a.timeline_base_libdir:
                kinds.append(("trace-base", dict(env, TRUN_TIMELINE="on",
                                                 TRUN_FILE_OUTPUT="off")))
        cells = []
        for t in (1, 2, 4):
            for kind, env in kinds:
                exe = self.build("fib", kind)
                label = kind
                if "TRUN_TIMELINE" in env:
                    label = "timeline" + ("-base" if kind == "trace-base"
                                          else "")
                if exe:
                    cells.append(dict(id="thr-%s-%d" % (label, t), kind=kind,
                                      label=label,
                                      env=env, wrapper=None, exe=exe, t=t,
                                      args=[str(n), str(reps), str(t)],
                                      calls=fib_calls(n, reps, t), cpu=[],
                                      wall=[], fails=[]))
        for rnd in range(self.a.rounds):
            log("bench: threads round %d/%d" % (rnd + 1, self.a.rounds))
            order = cells[rnd % len(cells):] + cells[:rnd % len(cells)]
            for c in order:
                r = self.run_one(c, c["args"], "run")
                tiny = self.run_one(c, ["1", "1", str(c["t"])], "tiny")
                if r.status != 0 or tiny.status != 0:
                    c["fails"].append("exit %d" % r.status)
                    continue
                c["cpu"].append(r.cpu - tiny.cpu)
                c["wall"].append(r.wall - tiny.wall)
        lines = ["", "Per-call overhead with 1, 2 and 4 threads (each thread "
                 "computes fib(%d) x %d; marginal CPU time of the process, "
                 "user + system, over all calls, median of %d rounds; %d "
                 "cores):" % (n, reps, self.a.rounds, os.cpu_count()), "",
                 "| threads | calls | TSC floor ns/call | trace ns/call | "
                 "trace x TSC | region ns/call | region x TSC | "
                 "trace + timeline ns/call | timeline x TSC |" +
                 (" base build's timeline ns/call | x TSC |"
                  if self.a.timeline_base_libdir else ""),
                 "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" +
                 ("---:|---:|" if self.a.timeline_base_libdir else "")]
        for t in (1, 2, 4):
            by = {c["label"]: c for c in cells if c["t"] == t}
            base = by.get("plain")

            def per_round(kind):
                c = by.get(kind)
                if not c or c["fails"] or not c["cpu"]:
                    return [float("nan")]
                return [(v - b) * 1e9 / c["calls"][0]
                        for v, b in zip(c["cpu"], base["cpu"])]

            def ns(kind):
                return median(per_round(kind))

            def with_spread(kind):
                """The timeline's columns: the median ns and ratio, each
                with the range of the per-round figures (the ratio's
                against the same round's floor)."""
                v = per_round(kind)
                f = per_round("tsc")
                r = [x / y for x, y in zip(v, f)]
                return "%.2f (%.2f..%.2f) | %.2f (%.2f..%.2f)" % (
                    median(v), min(v), max(v), median(v) / ns("tsc"),
                    min(r), max(r))
            tsc, tr, rg = ns("tsc"), ns("trace"), ns("region")
            lines.append("| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | "
                         "%s |" % (
                             t, base["calls"][0], tsc, tr, tr / tsc, rg,
                             rg / tsc, with_spread("timeline")))
            if self.a.timeline_base_libdir:
                lines[-1] += " %s |" % with_spread("timeline-base")
        return lines

    # -- section 2b: the timeline's file -------------------------------

    def timeline(self):
        """What writing the timeline costs at exit, and its bytes."""
        if not self.have_trun:
            return []
        exe = self.build("fib", "trace")
        n = self.a.timeline_fib_n
        calls = fib_calls(n, 1, 1)[0]
        env = {"TRUN_COUT_OUTPUT": "0", "TRUN_THROTTLE_COUNT": "0",
               "TRUN_TIMELINE": "on"}
        rows = [("raw only (TRUN_FILE_OUTPUT=off)",
                 dict(env, TRUN_FILE_OUTPUT="off"), None),
                ("timeline.json", env, "timeline.json"),
                ("timeline.json.gz (TRUN_TIMELINE_COMPRESS=on)",
                 dict(env, TRUN_TIMELINE_COMPRESS="on"), "timeline.json.gz")]
        cpu = {r[0]: [] for r in rows}
        size = {}
        for rnd in range(self.a.rounds):
            log("bench: timeline round %d/%d" % (rnd + 1, self.a.rounds))
            for name, e, f in rows:
                cell = dict(id="tl-%d" % rows.index((name, e, f)),
                            kind="trace", env=e, wrapper=None, exe=exe)
                r = self.run_one(cell, [str(n), "1"], "run")
                if r.status != 0:
                    continue
                cpu[name].append(r.cpu)
                if not f:
                    size[name] = r.written  # the raw files (and index)
                if f:
                    p = os.path.join(r.rundir, "trun-output", f)
                    if os.path.exists(p):
                        size[name] = os.path.getsize(p)
        events = 2 * calls
        base = median(cpu[rows[0][0]]) if cpu[rows[0][0]] else float("nan")
        lines = ["", "The timeline's file, written at exit: fib(%d), %d "
                 "calls, %d events; CPU time of the whole run, median of %d "
                 "rounds, and what writing the file adds per event (the raw "
                 "files' bytes: what the run wrote, by the kernel's count):"
                 % (n, calls, events, self.a.rounds), "",
                 "| output | CPU s | write ns/event | bytes/event |",
                 "|---|---:|---:|---:|"]
        for name, e, f in rows:
            if not cpu[name]:
                lines.append("| %s | failed | | |" % name)
                continue
            med = median(cpu[name])
            per = (med - base) * 1e9 / events if f else 0.0
            b = size.get(name)
            if f:
                shown = "%.1f" % (b / events) if b else ""
            else:  # small enough, the events never leave the buffer
                shown = ("%.1f (raw; %d bytes written in all)"
                         % (b / events, b) if b * 2 > events else
                         "no raw block (%d bytes written in all: the buffer "
                         "holds the events)" % b)
            lines.append("| %s | %.3f | %s | %s |" % (
                name, med, "%.1f" % per if f else "", shown))
        return lines

    # -- section 1b: start-up -------------------------------------------

    def startup_build(self):
        """The ten-call program, plain and with the plugin's defaults."""
        src = os.path.join(HERE, "startup.c")
        plain = os.path.join(self.bin, "startup.plain")
        built = {}
        if compile_cmd(self.cc + OPT + [src, "-o", plain], plain):
            built["plain"] = plain
        if self.have_trun:
            exe = os.path.join(self.bin, "startup.trun")
            if compile_cmd(self.cc + OPT + ["-fplugin=" + self.a.plugin,
                                            "-I" + self.a.include, src] +
                           self.trun_libs() + ["-o", exe], exe):
                built["trun"] = exe
            base = self.a.startup_base_libdir
            exe = os.path.join(self.bin, "startup.trun-base")
            if base and compile_cmd(
                    self.cc + OPT + ["-fplugin=" + self.a.plugin,
                                     "-I" + self.a.include, src,
                                     "-L" + base, "-Wl,-rpath," + base,
                                     "-ltrun", "-o", exe], exe):
                built["base"] = exe
        return built

    @staticmethod
    def spawn_timed(exe, env, rundir):
        """Wall and CPU seconds of one run of EXE (posix_spawn: the least
        the parent adds), its output in RUNDIR."""
        actions = [
            (os.POSIX_SPAWN_OPEN, 1, os.path.join(rundir, "stdout"),
             os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
            (os.POSIX_SPAWN_OPEN, 2, os.path.join(rundir, "stderr"),
             os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
        start = time.perf_counter()
        pid = os.posix_spawn(exe, [exe], env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        return wall, usage.ru_utime + usage.ru_stime, \
            os.waitstatus_to_exitcode(status)

    def startup(self):
        """Rounds of interleaved runs; a round's figure for a variant is
        the median of its runs in that round."""
        built = self.startup_build()
        lines = ["", "Start-up and exit: bench/startup.c, ten calls (main "
                 "and 9 of `step`), so the run is all fixed cost. %d rounds "
                 "of %d runs of each variant, interleaved (order rotating "
                 "each run); a round's figure is the median of its runs, "
                 "the table gives the median over rounds and their spread "
                 "(min..max); CPU = user + system of the process:"
                 % (self.a.startup_rounds, self.a.startup_runs), ""]
        if "plain" not in built:
            lines.append("(skipped: bench/startup.c failed to build)")
            return lines, None
        variants = [("plain (no instrumentation)", built["plain"], {})]
        # A run's files replace the last run's, as in a build directory
        # every configure probe shares.
        rows = [("default settings", {}),
                ("TRUN_ENABLED=off", {"TRUN_ENABLED": "off"}),
                ("file output off (TRUN_FILE_OUTPUT=off: the tables on "
                 "stdout only)", {"TRUN_FILE_OUTPUT": "off"}),
                ("topology off (TRUN_TOPOLOGY=off: its share)",
                 {"TRUN_TOPOLOGY": "off"})]
        if "trun" in built:
            variants += [("trun, " + n, built["trun"], e) for n, e in rows]
        else:
            self.notes.append("start-up: trun rows skipped (not built)")
        if "base" in built:  # the other build, its first three rows
            variants += [("base build (%s), %s" % (
                self.a.startup_base_libdir, n), built["base"], e)
                for n, e in rows[:3]]
        cells = []
        for i, (name, exe, extra) in enumerate(variants):
            rundir = os.path.join(self.work, "run", "startup", str(i))
            shutil.rmtree(rundir, ignore_errors=True)
            os.makedirs(rundir)
            env = dict(os.environ)
            for k in [k for k in env if k.startswith(("TRUN_", "TIMEMORY_"))]:
                del env[k]
            env.update(extra)
            env["TRUN_OUTPUT_PATH"] = os.path.join(rundir, "trun-output")
            cells.append(dict(name=name, exe=exe, env=env, rundir=rundir,
                              cpu=[], wall=[], fails=[]))
        for c in cells:  # warm-up: page cache, the VM's clocks
            self.spawn_timed(c["exe"], c["env"], c["rundir"])
        load = [os.getloadavg()[0]]
        for rnd in range(self.a.startup_rounds):
            log("bench: start-up round %d/%d" % (rnd + 1,
                                                 self.a.startup_rounds))
            cpu = [[] for _ in cells]
            wall = [[] for _ in cells]
            for run in range(self.a.startup_runs):
                k = (rnd + run) % len(cells)
                for j in list(range(k, len(cells))) + list(range(k)):
                    w, u, rc = self.spawn_timed(cells[j]["exe"],
                                                cells[j]["env"],
                                                cells[j]["rundir"])
                    if rc != 0:
                        cells[j]["fails"].append("exit %d" % rc)
                        continue
                    cpu[j].append(u)
                    wall[j].append(w)
            for j, c in enumerate(cells):
                if cpu[j]:
                    c["cpu"].append(median(cpu[j]))
                    c["wall"].append(median(wall[j]))
        load.append(os.getloadavg()[0])
        # What the trun runs recorded (the last run of each).
        for c in cells[1:]:
            with open(os.path.join(c["rundir"], "stderr"),
                      errors="replace") as f:
                err = f.read().strip()
            table = os.path.join(c["rundir"], "trun-output",
                                 "trace-wall.txt")
            if "TRUN_FILE_OUTPUT" in c["env"]:  # the table is on stdout
                table = os.path.join(c["rundir"], "stdout")
            got = table_counts(table, "step")
            if "TRUN_ENABLED" in c["env"]:
                c["recorded"] = "no report" if not os.path.exists(table) \
                    else "a report (unexpected)"
            else:
                c["recorded"] = "step: %s of 9" % got
            if err:
                c["recorded"] += "; stderr: " + err.splitlines()[0][:120]
        base = cells[0]
        lines += ["| variant | CPU ms | spread | x plain (spread) | wall ms "
                  "| spread | x plain (spread) | recorded |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        summary = {}
        for c in cells:
            if c["fails"] or not c["cpu"]:
                lines.append("| %s | failed | | | | | | %s |" % (
                    c["name"], "; ".join(c["fails"][:1])))
                continue
            row = ["| %s" % c["name"]]
            for key in ("cpu", "wall"):
                vals = c[key]
                med = median(vals)
                ratios = [v / b for v, b in zip(vals, base[key])]
                row.append("%.2f | %.2f..%.2f | %s" % (
                    med * 1e3, min(vals) * 1e3, max(vals) * 1e3,
                    ratio_text(ratios)))
                summary[(c["name"], key)] = median(ratios)
            row.append("%s |" % c.get("recorded", ""))
            lines.append(" | ".join(row))
        lines += ["", "Load average (1 min) at the start and the end of "
                  "the runs: %.1f, %.1f." % tuple(load)]
        lines += self.startup_counts(cells)
        lines += ["", "Goals (the cost issue): trun's defaults at most 2x "
                  "and TRUN_ENABLED=off at most 1.5x the plain CPU time."]
        head = None
        if len(cells) >= 3 and ("trun, default settings", "cpu") in summary \
                and ("trun, TRUN_ENABLED=off", "cpu") in summary:
            head = ("start-up of a ten-call program: trun %.2fx, "
                    "TRUN_ENABLED=off %.2fx the plain CPU time" % (
                        summary[("trun, default settings", "cpu")],
                        summary[("trun, TRUN_ENABLED=off", "cpu")]))
        return lines, head

    @staticmethod
    def startup_counts(cells):
        """The same variants counted, not timed: instructions of the whole
        run with ld.so (callgrind) and system calls (strace -f -c), which
        a loaded machine does not change."""
        counts = {}
        tools = [("instructions", "valgrind"), ("system calls", "strace")]
        for what, tool in tools:
            if not shutil.which(tool):
                continue
            for c in cells:
                out = os.path.join(c["rundir"], tool + ".txt")
                if tool == "valgrind":
                    cmd = [tool, "--tool=callgrind", "--trace-children=no",
                           "--callgrind-out-file=/dev/null", "--log-file=" +
                           out, c["exe"]]
                    pat = r"Collected : (\d+)"
                else:
                    cmd = [tool, "-f", "-c", "-o", out, c["exe"]]
                    pat = r"\n\S+\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total"
                r = subprocess.run(cmd, env=c["env"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
                text = open(out, errors="replace").read() \
                    if os.path.exists(out) else ""
                m = re.search(pat, text)
                if r.returncode == 0 and m:
                    counts[(what, c["name"])] = int(m.group(1))
        lines = []
        for what, tool in tools:
            base = counts.get((what, cells[0]["name"]))
            if not base:
                continue
            row = ["%s %d (%.2fx)" % (c["name"], counts[(what, c["name"])],
                                      counts[(what, c["name"])] / base)
                   for c in cells if (what, c["name"]) in counts]
            how = ("callgrind, the whole run with the dynamic loader"
                   if tool == "valgrind" else "strace -f -c")
            lines += ["", "%s (%s, one run each; independent of the "
                      "machine's load): %s." % (what.capitalize(), how,
                                                 "; ".join(row))]
        return lines

    # -- section 1c: the OpenMP C++ proxy --------------------------------

    def instructions_of(self, cmd, rundir, env):
        """The instructions callgrind counts for one run of CMD in a fresh
        RUNDIR (its report there), or None: a figure the machine's load
        does not change."""
        shutil.rmtree(rundir, ignore_errors=True)
        os.makedirs(rundir)
        res = subprocess.run(
            [self.a.valgrind, "--tool=callgrind",
             "--callgrind-out-file=" + os.devnull] + cmd, cwd=rundir,
            env=dict(os.environ, TRUN_OUTPUT_PATH=os.path.join(rundir, "out"),
                     **env), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        m = re.search(r"Collected : (\d+)", res.stderr)
        return int(m.group(1)) if res.returncode == 0 and m else None

    def proxy(self):
        """bench/omp-proxy.cc at 1 thread: plain, trun's default build
        (inline=auto) and inline=yes, CPU time of the whole run."""
        src = os.path.join(HERE, "omp-proxy.cc")
        cxx = [re.sub(r"gcc", "g++", self.cc[0])] + self.cc[1:]
        opt = ["-O2", "-fopenmp"]
        lines = ["", "OpenMP C++ proxy (bench/omp-proxy.cc: `static inline` "
                 "kernels with `omp parallel for` loops, one-line accessor "
                 "methods, a time-step loop), %d masses, %d steps, "
                 "OMP_NUM_THREADS=1, %d interleaved rounds of %d runs of "
                 "each build (inline=yes: one), order rotating each run; "
                 "CPU time of the run (a round's figure: the median of its "
                 "runs), median and spread of the per-round ratio, and a 95%% "
                 "confidence interval of that median (order statistics: "
                 "it narrows as rounds are added, where the spread widens):"
                 % (self.a.proxy_n, self.a.proxy_steps, self.a.rounds,
                    max(1, self.a.proxy_runs)), ""]
        builds = [("plain (no instrumentation)", []),
                  ("trun trace mode, default build (inline=auto)",
                   self.trun_flags("trace")),
                  ("trun trace mode, inline=yes",
                   self.trun_flags("trace") + ["-fplugin-arg-trun-inline=yes"])]
        if not self.have_trun:
            builds = builds[:1]
        cells = []
        for i, (name, flags) in enumerate(builds):
            exe = os.path.join(self.bin, "omp-proxy.%d" % i)
            libs = self.trun_libs() if flags else []
            if not compile_cmd(cxx + opt + flags + [src] + libs + ["-o", exe],
                               exe):
                lines.append("(skipped: bench/omp-proxy.cc failed to build)")
                return lines, None
            cells.append(dict(name=name, exe=exe, cpu=[], out=None))
        args = [str(self.a.proxy_n), str(self.a.proxy_steps)]
        env = {"OMP_NUM_THREADS": "1", "TRUN_COUT_OUTPUT": "off"}
        # A round is PROXY_RUNS runs of each build, interleaved (order
        # rotating each run), its figure each build's median: one run
        # of a second or less varies by a third on this shared machine,
        # a median of several side by side far less.  inline=yes (4x
        # slower, not a goal) runs once a round.
        runs = max(1, self.a.proxy_runs)
        for rnd in range(self.a.rounds + 1):  # round 0 warms up
            log("bench: proxy round %d/%d" % (rnd, self.a.rounds))
            got = {id(c): [] for c in cells}
            for i in range(runs if rnd else 1):
                k = (rnd * runs + i) % len(cells)
                for c in cells[k:] + cells[:k]:
                    if "inline=yes" in c["name"] and i:
                        continue
                    rundir = os.path.join(self.work, "run", "proxy",
                                          os.path.basename(c["exe"]))
                    r = run_timed([c["exe"]] + args, rundir, dict(
                        env, TRUN_OUTPUT_PATH=os.path.join(rundir, "out")))
                    if r.status == 0:
                        got[id(c)].append(r.cpu)
                    c["out"] = r.stdout
                    c["rundir"] = rundir
            if rnd:
                for c in cells:
                    if got[id(c)]:
                        c["cpu"].append(median(got[id(c)]))
        base = cells[0]
        lines += ["| build | CPU s | x plain | spread | 95% CI of the median "
                  "| same output | functions in the table |",
                  "|---|---:|---:|---:|---:|---|---:|"]
        head = None
        for c in cells:
            if not c["cpu"] or len(c["cpu"]) != len(base["cpu"]):
                lines.append("| %s | failed | | | | | |" % c["name"])
                continue
            ratios = [v / b for v, b in zip(c["cpu"], base["cpu"])]
            table = os.path.join(c["rundir"], "out", "trace-wall.txt")
            rows = 0
            if os.path.exists(table):
                with open(table, errors="replace") as f:
                    rows = sum(1 for ln in f if ln.startswith("| >>> ")
                               and "[omp " not in ln)
            lines.append("| %s | %.3f | %.3fx | %.3f..%.3f | %s | %s | %s |" % (
                c["name"], median(c["cpu"]), median(ratios), min(ratios),
                max(ratios), ci_text(ratios) if c is not base else "",
                "yes" if c["out"] == base["out"] else "NO",
                rows if c is not base else ""))
            if "default" in c["name"]:
                head = "OpenMP proxy at 1 thread: default build %.3fx " \
                    "plain (95%% CI of the median %s)" % (
                        median(ratios), ci_text(ratios))
        if self.a.valgrind and len(cells) > 1:
            # plain and the default build only: inline=yes is 4x slower.
            counts = [self.instructions_of(
                [c["exe"]] + args, c["rundir"] + "-cg", env)
                for c in cells[:2]]
            if all(counts):
                lines += ["", "Instructions (callgrind, one run each; "
                          "independent of the machine's load): the default "
                          "build %.3fx plain (plain: %d)."
                          % (counts[1] / counts[0], counts[0])]
        lines += ["", "Goal (issue 15): the default build at most 1.1x the "
                  "plain run time at 1 thread, with every kernel and "
                  "parallel region in the table."]
        return lines, head

    # -- section 1d: LULESH, a well-known OpenMP proxy ------------------

    # The lines of LULESH's result that must not change (its elapsed
    # time, grind time and figure of merit do).
    LULESH_RESULT = re.compile(r"^\s*(Problem size|MPI tasks|Iteration count|"
                               r"Final Origin Energy|MaxAbsDiff|TotalAbsDiff|"
                               r"MaxRelDiff)\b.*$", re.M)

    def lulesh_build(self, src, name, wrap):
        """A fresh copy of SRC built unchanged with its own Makefile (the
        serial settings, by command-line variables), under WRAP (the
        timemory-run command, or []): (directory, make's output), or
        (None, output)."""
        d = os.path.join(self.work, "lulesh", name)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(src, d)
        cxx = shlex.split(self.a.cxx)[0]
        res = subprocess.run(wrap + ["make", "CXX=%s -DUSE_MPI=0" % cxx],
                             cwd=d, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        out = res.stdout.decode(errors="replace")
        ok = res.returncode == 0 and os.path.exists(os.path.join(d, "lulesh2.0"))
        if not ok:
            log("bench: LULESH %s build failed:\n%s" % (name, out[-2000:]))
        return (d if ok else None), out

    @staticmethod
    def lulesh_parallels(path):
        """{line: enclosing function} for every `#pragma omp parallel` of
        lulesh.cc: the function is the last definition started at column
        0 above the pragma."""
        func, found = None, {}
        start = re.compile(r"^(?:static\s+)?(?:inline\s+)?(?:[A-Za-z_][\w:<>]*"
                           r"[\s*&]+)?([A-Za-z_]\w*)\s*\(")
        with open(path, errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = start.match(line)
                if m and not line.startswith(("#", "//")) and \
                        m.group(1) not in ("if", "for", "while", "switch",
                                           "return"):
                    func = m.group(1)
                if re.match(r"\s*#\s*pragma\s+omp\s+parallel\b", line):
                    found[n] = func
        return found

    @staticmethod
    def lulesh_regions(profile, parallels, threads, forks):
        """Check every parallel region in PROFILE's trace tree against the
        source: one row per pragma line (line, function, the region's
        parent, its count, the forks it stands for, whether the count is
        THREADS bodies a fork), and the number of regions found.  FORKS
        ({line: forks}) are a 1-thread run's counts: the program forks as
        often at any thread count, so the count must be FORKS x THREADS;
        without them it must be a multiple of THREADS."""
        with open(profile) as f:
            doc = json.load(f)
        nodes = TRUN_JSON.expand_tree(doc.get("trace"))
        by_id = {n["id"]: n for n in nodes}
        rows, seen = [], 0
        for line in sorted(parallels):
            func = parallels[line]
            tag = "[omp parallel:%d]" % line
            mine = [n for n in nodes if n["label"].endswith(tag)]
            if not mine:
                rows.append((line, func, "not run", 0, 0, None))
                continue
            seen += 1
            count = sum(n["components"]["wall_clock"]["count"] for n in mine)
            parents = {by_id[n["parent"]]["label"] if n["parent"] in by_id
                       else "(top)" for n in mine}
            under = all(re.search(r"\b%s\(" % re.escape(func or "?"), p)
                        for p in parents)
            if line in forks:
                ok = count == forks[line] * threads
            else:
                ok = count % threads == 0
            rows.append((line, func, "the kernel" if under
                         else "; ".join(sorted(parents)), count,
                         count // threads, ok))
        # The forking nodes' own time: what their fork and join leave
        # outside the regions (rt/entry/omp.c gives it to the regions).
        forking = {n["parent"] for n in nodes
                   if "[omp parallel:" in n["label"] and n["parent"] in by_id}
        walls = [by_id[i]["components"]["wall_clock"] for i in forking]
        run = sum(n["components"]["wall_clock"]["sum"] for n in nodes
                  if n["parent"] < 0)
        return rows, seen, (sum(w["self"] for w in walls), run)

    def lulesh(self):
        """LULESH 2.0 (--lulesh-src DIR) built unchanged with its Makefile,
        plain and under `timemory-run -- make` (trace mode, defaults):
        the same result at 1 and 2 threads, every parallel region of
        lulesh.cc under the kernel that forks it with one count per
        thread per fork, and the cost at 1 thread."""
        src = self.a.lulesh_src
        size = ["-s", str(self.a.lulesh_size), "-i", str(self.a.lulesh_iters)]
        lines = ["", "LULESH 2.0 (--lulesh-src %s; bench/RESULTS.md says how "
                 "to reconstruct it) built unchanged with its Makefile "
                 "(`make CXX='g++ -DUSE_MPI=0'`), plain and under "
                 "`timemory-run -- make` (trace mode, default settings), "
                 "run as `lulesh2.0 %s`:" % (src, " ".join(size)), ""]
        tmr = os.path.join(self.a.top_builddir or "", "timemory-run")
        if not self.have_trun or not os.path.exists(tmr):
            lines.append("(skipped: timemory-run or the runtime not built)")
            return lines, None
        if not os.path.exists(os.path.join(src, "lulesh.cc")):
            lines.append("(skipped: no lulesh.cc in %s)" % src)
            return lines, None
        plain, _ = self.lulesh_build(src, "plain", [])
        inst, made = self.lulesh_build(src, "trun", [tmr, "--"])
        if not plain or not inst:
            lines.append("(skipped: a LULESH build failed)")
            return lines, None
        lines += ["timemory-run: " + ln.split(":", 1)[1].strip() for ln in
                  made.splitlines() if ln.startswith("timemory-run: ")
                  and ("instrumented" in ln or "skipped" in ln)]
        parallels = self.lulesh_parallels(os.path.join(src, "lulesh.cc"))
        head = None
        forks = {}
        for threads in (1, 2):
            env = {"OMP_NUM_THREADS": str(threads),
                   "OMP_WAIT_POLICY": "passive", "TRUN_COUT_OUTPUT": "off"}
            res = {}
            for name, d in (("plain", plain), ("trun", inst)):
                rundir = os.path.join(self.work, "run", "lulesh",
                                      "%s-%d" % (name, threads))
                shutil.rmtree(rundir, ignore_errors=True)
                res[name] = run_timed([os.path.join(d, "lulesh2.0")] + size,
                                      rundir, dict(env, TRUN_OUTPUT_PATH=
                                                   os.path.join(rundir, "out")))
                res[name].rundir = rundir
            want = self.LULESH_RESULT.findall(res["plain"].stdout)
            same = [m.group(0) for m in self.LULESH_RESULT.finditer(
                res["plain"].stdout)] == [m.group(0) for m in
                                          self.LULESH_RESULT.finditer(
                                              res["trun"].stdout)]
            its = re.search(r"Iteration count\s*=\s*(\d+)", res["plain"].stdout)
            profile = os.path.join(res["trun"].rundir, "out", "trun.json")
            lines += ["", "OMP_NUM_THREADS=%d: result lines (%d: size, "
                      "iterations, origin energy, symmetry differences) %s; "
                      "%s iterations." % (threads, len(want),
                                          "identical" if same and want
                                          else "DIFFERENT",
                                          its.group(1) if its else "?")]
            if res["trun"].status != 0 or not os.path.exists(profile):
                lines.append("(instrumented run failed: exit %d)"
                             % res["trun"].status)
                continue
            rows, seen, (kself, ksum) = self.lulesh_regions(
                profile, parallels, threads, forks)
            if threads == 1:
                forks = {r[0]: r[3] for r in rows if r[3]}
            good = [r for r in rows if r[5] and r[2] == "the kernel"]
            lines += ["", "Parallel regions of lulesh.cc: %d in the source, "
                      "%d in the report, %d under the function holding them "
                      "with %d bod%s a fork (%s):"
                      % (len(parallels), seen, len(good), threads,
                         "y" if threads == 1 else "ies",
                         "forks counted at 1 thread" if threads > 1 else
                         "not run at 1 thread: lines %s" % ", ".join(
                             str(r[0]) for r in rows if r[5] is None)), "",
                      "| line | kernel | parent in the report | count | "
                      "forks | forks per iteration | count ok |",
                      "|---:|---|---|---:|---:|---:|---|"]
            n_its = int(its.group(1)) if its else 0
            for line, func, where, count, nforks, ok in rows:
                lines.append("| %d | %s | %s | %d | %d | %s | %s |" % (
                    line, func, where, count, nforks,
                    "%g" % (nforks / n_its) if n_its and nforks else "",
                    "" if ok is None else ("yes" if ok else "NO")))
            lines += ["", "The self time of the nodes forking the "
                      "regions: %.3f s in all, %.2f%% of the run's %.3f s "
                      "(each region's row on the forking thread spans its "
                      "fork to its join)." % (
                          kself, 100.0 * kself / ksum if ksum else 0, ksum)]
            if threads == 2:
                head = "LULESH: %d/%d parallel regions under their kernels " \
                       "at 2 threads, counts %s" % (
                           len(good), len(parallels),
                           "exact" if len(good) == len(rows) else "WRONG")
        if self.a.rounds < 1:  # checks only (tests/e2e/lulesh.sh)
            return lines, head
        # The usual second step: rebuilt with what the first run found
        # throttled left out.
        first = os.path.join(self.work, "run", "lulesh", "trun-1", "out")
        filtered, _ = self.lulesh_build(src, "filtered",
                                        [tmr, "--filter-from", first, "--"])
        # The cost at 1 thread, interleaved rounds.
        order = [("plain", plain), ("trun", inst)]
        if filtered:
            order.append(("filtered", filtered))
        cells = {name: [] for name, _ in order}
        env = {"OMP_NUM_THREADS": "1", "TRUN_COUT_OUTPUT": "off"}
        for rnd in range(self.a.rounds + 1):  # round 0 warms up
            log("bench: lulesh round %d/%d" % (rnd, self.a.rounds))
            k = rnd % len(order)
            for name, d in order[k:] + order[:k]:
                rundir = os.path.join(self.work, "run", "lulesh", "t-" + name)
                shutil.rmtree(rundir, ignore_errors=True)
                r = run_timed([os.path.join(d, "lulesh2.0")] + size, rundir,
                              dict(env, TRUN_OUTPUT_PATH=os.path.join(
                                  rundir, "out")))
                if rnd and r.status == 0:
                    cells[name].append((r.cpu, r.wall))
        lines += ["", "Cost at OMP_NUM_THREADS=1, %d interleaved rounds "
                  "(order rotating), median and spread of the per-round "
                  "ratio to the plain build; load average %.1f at the end. "
                  "Filtered: rebuilt with `timemory-run --filter-from` the "
                  "1-thread run's profile (the usual second step: what it "
                  "found throttled left out):" % (self.a.rounds,
                                                  os.getloadavg()[0]), "",
                  "| build | CPU s | x plain | spread | wall s | x plain | "
                  "spread |", "|---|---:|---:|---:|---:|---:|---:|"]
        base = cells["plain"]
        labels = {"plain": "plain", "trun": "timemory-run -- make",
                  "filtered": "timemory-run --filter-from -- make"}
        for name, _ in order:
            c = cells[name]
            if not c or len(c) != len(base):
                lines.append("| %s | failed | | | | | |" % labels[name])
                continue
            row = "| %s |" % labels[name]
            for k in (0, 1):
                ratios = [t[k] / p[k] for p, t in zip(base, c)]
                row += " %.3f | %.3fx | %.3f..%.3f |" % (
                    median([t[k] for t in c]), median(ratios), min(ratios),
                    max(ratios))
                if k == 0 and name == "trun" and head:
                    head += ", %.2fx CPU at 1 thread" % median(ratios)
            lines.append(row)
        if self.a.valgrind:
            counts = {}
            for name, d in order:
                n = self.instructions_of(
                    [os.path.join(d, "lulesh2.0")] + size,
                    os.path.join(self.work, "run", "lulesh", "cg-" + name),
                    env)
                if n:
                    counts[name] = n
            if "plain" in counts:
                lines += ["", "Instructions (callgrind, one run each at 1 "
                          "thread; independent of the machine's load): " +
                          "; ".join("%s %.3fx plain" % (labels[n], counts[n] /
                                                         counts["plain"])
                                    for n, _ in order[1:] if n in counts)
                          + " (plain: %d)." % counts["plain"]]
        return lines, head

    # -- section 3: compile time ----------------------------------------

    def compile_sets(self):
        """(description, driver, files, flags, callgrind files) for each
        code base the compile section builds."""
        sets = []
        lua = self.a.lua_src or next(iter(sorted(glob.glob(
            "/usr/share/cargo/registry/lua52-sys-*/lua/src"))), None)
        if lua and os.path.isdir(lua):
            files = sorted(glob.glob(os.path.join(lua, "*.c")))
            # lua's own `make linux` flags
            sets.append(("lua 5.2's whole build (%d files)" % len(files),
                         self.cc, files,
                         ["-O2", "-Wall", "-DLUA_COMPAT_ALL",
                          "-DLUA_USE_LINUX"], self.callgrind_subset(files)))
        else:
            self.notes.append("compile time: lua row skipped: no lua source "
                              "(Debian package librust-lua52-sys-dev, or "
                              "--lua-src DIR)")
        cxx = shlex.split(self.a.cxx)
        if shutil.which(cxx[0]):
            gen = os.path.join(self.work, "cxxgen")
            files = cxxgen.generate(gen, self.a.cxx_files, self.a.cxx_classes)
            sets.append(("generated C++ project (bench/cxxgen.py: %d files "
                         "of %d classes, main.cpp)" % (self.a.cxx_files,
                                                       self.a.cxx_classes),
                         cxx, files, ["-O2", "-Wall", "-std=c++17"],
                         files[:self.a.callgrind_cxx_files]))
        if self.a.csmith:
            gen = os.path.join(self.work, "csmith")
            os.makedirs(gen, exist_ok=True)
            files = []
            for seed in range(1, self.a.csmith_files + 1):
                path = os.path.join(gen, "prog%d.c" % seed)
                if not os.path.exists(path):
                    with open(path, "wb") as f:
                        subprocess.run([self.a.csmith, "--seed", str(seed),
                                        "--no-safe-math"], stdout=f,
                                       check=True)
                files.append(path)
            sets.append(("%d csmith programs (seeds 1-%d, --no-safe-math)" % (
                len(files), len(files)), self.cc, files,
                ["-O2", "-w", "-I" + os.path.join(HERE, "csmith")],
                self.callgrind_subset(files)))
        return sets

    def callgrind_subset(self, files):
        """The C files counted under callgrind: every one, or the first
        --callgrind-files (about 50 times slower than a compile)."""
        n = self.a.callgrind_files
        return files[:n] if n > 0 else files

    COMPILE_VARIANTS = ["plain", "plugin", "finstr"]

    def compile_variants(self):
        """COMPILE_VARIANTS, "base" with --compile-base-plugin, "leaf"
        with --compile-leaf-min-statements."""
        return (self.COMPILE_VARIANTS
                + (["base"] if self.a.compile_base_plugin else [])
                + (["leaf"] if self.a.compile_leaf_min_statements else []))

    def compile_flags(self, how):
        if how == "base":
            return ["-fplugin=" + self.a.compile_base_plugin,
                    "-fplugin-arg-trun-mode=trace", "-I" + self.a.include]
        if how == "leaf":
            return self.trun_flags("trace") + [
                "-fplugin-arg-trun-leaf-min-statements=%d"
                % self.a.compile_leaf_min_statements]
        return {"plain": [], "plugin": self.trun_flags("trace"),
                "finstr": ["-finstrument-functions"]}[how]

    def compiler_command(self, driver, flags, src, asm):
        """The compiler proper's command line (cc1, cc1plus) that DRIVER
        runs for `-S SRC -o ASM`, from `-###`."""
        res = subprocess.run(driver + ["-###"] + flags + ["-S", src, "-o",
                                                          asm],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=dict(os.environ, LC_ALL="C"))
        for line in res.stderr.splitlines():
            words = shlex.split(line)
            if words and os.path.basename(words[0]) in ("cc1", "cc1plus"):
                return words
        return None

    def instructions(self, driver, flags, src, objdir):
        """Instructions the compiler proper executes on SRC with FLAGS,
        counted by callgrind (the same whatever the machine's load)."""
        cmd = self.compiler_command(driver, flags, src,
                                    os.path.join(objdir, "cg.s"))
        if not cmd:
            return None
        res = subprocess.run([self.a.valgrind, "--tool=callgrind",
                              "--callgrind-out-file=" + os.devnull] + cmd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        m = re.search(r"Collected : (\d+)", res.stderr)
        return int(m.group(1)) if res.returncode == 0 and m else None

    def compile_time(self):
        rounds = self.a.compile_rounds
        lines = ["", "Compile time (`--sections compile`): each code base "
                 "built file by file with `-c` at -j1, plain, with the "
                 "plugin (trace mode, the default settings) and, as the "
                 "anchor, with GCC's own -finstrument-functions (which also "
                 "wraps every body in two calls); the three interleaved "
                 "file by file in rotating order, %d rounds; CPU seconds "
                 "(user + system) of the compiles of the whole build, "
                 "median over rounds, and the ratio to plain taken within "
                 "each round (median, min..max). Instructions: the "
                 "compiler proper (cc1, cc1plus) under callgrind, summed "
                 "over the files named, which does not depend on the "
                 "machine's load. Load average (1 minute) before and after: "
                 "%s." % (rounds, "%s"), "",
                 "| code base | files | lines | plain CPU s | plugin CPU s "
                 "| plugin ratio (spread) | -finstrument-functions ratio "
                 "(spread) | instructions: files | plain | plugin ratio | "
                 "-finstrument-functions ratio |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        load_before = os.getloadavg()[0]
        if not self.have_plugin:
            lines.append("| (skipped: no plugin) | | | | | | | | | | |")
            return lines
        objdir = os.path.join(self.work, "objs")
        os.makedirs(objdir, exist_ok=True)
        variants = self.compile_variants()
        base = "base" in variants
        if base:
            # The base plugin's columns, after the usual ones.
            lines[1] += (" Base plugin: %s, interleaved with the others; "
                         "its ratio to plain, and this build's plugin CPU "
                         "over the base's within each round."
                         % self.a.compile_base_plugin)
            lines[3] += (" base plugin ratio (spread) | plugin / base "
                         "(spread) | instructions: base plugin ratio |")
            lines[4] += "---:|---:|---:|"
        leaf = "leaf" in variants
        if leaf:
            lines[1] += (" The plugin with leaf-min-statements=%d (leaves "
                         "without a loop below that size skipped), "
                         "interleaved with the others." %
                         self.a.compile_leaf_min_statements)
            lines[3] += (" leaf-min-statements=%d ratio (spread) | "
                         "instructions: its ratio |"
                         % self.a.compile_leaf_min_statements)
            lines[4] += "---:|---:|"
        for desc, driver, files, flags, cg_files in self.compile_sets():
            nlines = sum(sum(1 for _ in open(f, errors="replace"))
                         for f in files)
            times = {how: [] for how in variants}
            failed = None
            for rnd in range(rounds):
                log("bench: compile %s, round %d/%d" % (desc, rnd + 1,
                                                         rounds))
                cpu = {how: 0.0 for how in variants}
                for i, f in enumerate(files):
                    # rotate which goes first: A B C, B C A, C A B, ...
                    k = (rnd + i) % len(variants)
                    for how in variants[k:] + variants[:k]:
                        r = run_timed(driver + flags + self.compile_flags(how)
                                      + ["-c", f, "-o", os.path.join(
                                          objdir, "x.o")], objdir)
                        if r.status != 0:
                            failed = "compile failed (%s): %s: %s" % (
                                how, f, r.stderr[-300:])
                            break
                        cpu[how] += r.cpu
                    if failed:
                        break
                if failed:
                    break
                for how in cpu:
                    times[how].append(cpu[how])
            if failed:
                self.notes.append(failed)
                lines.append("| %s | %d | %d | failed | | | | | | | |"
                             % (desc, len(files), nlines)
                             + (" | | |" if base else "")
                             + (" | |" if leaf else ""))
                continue
            ratio = {how: [v / p for v, p in zip(times[how], times["plain"])]
                     for how in variants}
            cg = ["", "", "", ""]
            if self.a.valgrind and cg_files:
                log("bench: compile %s, callgrind, %d file(s)"
                    % (desc, len(cg_files)))
                total = {how: 0 for how in variants}
                for f in cg_files:
                    for how in variants:
                        n = self.instructions(driver, flags +
                                              self.compile_flags(how), f,
                                              objdir)
                        if n is None:
                            total = None
                            break
                        total[how] += n
                    if total is None:
                        break
                if total:
                    cg = ["%d" % len(cg_files), "%.3g" % total["plain"],
                          "%.3f" % (total["plugin"] / total["plain"]),
                          "%.3f" % (total["finstr"] / total["plain"])]
                    cg_base = ("%.3f" % (total["base"] / total["plain"])
                               if base else "")
                    cg_leaf = ("%.3f" % (total["leaf"] / total["plain"])
                               if leaf else "")
                else:
                    cg = ["failed", "", "", ""]
                    cg_base = cg_leaf = ""
            else:
                cg_base = cg_leaf = ""
            row = ("| %s | %d | %d | %.2f | %.2f | %.3f (%.3f..%.3f) "
                   "| %.3f (%.3f..%.3f) | %s |"
                   % (desc, len(files), nlines, median(times["plain"]),
                      median(times["plugin"]), median(ratio["plugin"]),
                      min(ratio["plugin"]), max(ratio["plugin"]),
                      median(ratio["finstr"]), min(ratio["finstr"]),
                      max(ratio["finstr"]), " | ".join(cg)))
            if base:
                over = [v / b for v, b in zip(times["plugin"], times["base"])]
                row += (" %.3f (%.3f..%.3f) | %.3f (%.3f..%.3f) | %s |"
                        % (median(ratio["base"]), min(ratio["base"]),
                           max(ratio["base"]), median(over), min(over),
                           max(over), cg_base))
            if leaf:
                row += (" %.3f (%.3f..%.3f) | %s |"
                        % (median(ratio["leaf"]), min(ratio["leaf"]),
                           max(ratio["leaf"]), cg_leaf))
            lines.append(row)
        if not self.a.valgrind:
            self.notes.append("compile time: no instruction counts: "
                              "`valgrind` not found (Debian package "
                              "valgrind)")
        lines[1] = lines[1] % ("%.1f and %.1f" % (load_before,
                                                  os.getloadavg()[0]))
        lines += ["", "Goal (issue 11): at most 1.05x plain on lua's whole "
                  "build and on the C++ project."]
        return lines

    # -- section 4: 1 million nodes -------------------------------------

    def nodes(self):
        lines = ["", "One million distinct region nodes (bench/nodes.c: "
                 "trun_region_begin/end through the public API, %d "
                 "thread(s)); finalize = the trun_finalize() call, timed "
                 "by the program:" % self.a.node_threads, ""]
        if not self.have_trun:
            lines.append("(skipped: runtime not built)")
            return lines
        exe = os.path.join(self.bin, "nodes")
        if not os.path.exists(exe) and not compile_cmd(
                self.cc + OPT + ["-I" + self.a.include,
                                 os.path.join(HERE, "nodes.c")] +
                self.trun_libs() + ["-o", exe], exe):
            lines.append("(nodes.c failed to build)")
            return lines
        outer = self.a.node_outer
        inner = 1000000 // outer - 1
        args = [str(outer), str(inner), str(self.a.node_threads)]
        no_output = {"TRUN_FILE_OUTPUT": "0", "TRUN_COUT_OUTPUT": "0"}
        # (description, environment, program, the row it is a ratio to)
        variants = [
            ("no output (TRUN_FILE_OUTPUT=0 TRUN_COUT_OUTPUT=0)",
             no_output, exe, 0),
            ("file output off (TRUN_FILE_OUTPUT=0: stdout only)",
             {"TRUN_FILE_OUTPUT": "0"}, exe, 0),
            ("default outputs less the flame graph "
             "(TRUN_FLAMEGRAPH_OUTPUT=0)", {"TRUN_FLAMEGRAPH_OUTPUT": "0"},
             exe, 0),
            ("default outputs (text, JSON, tree JSON, folded, flame graph "
             "files; stdout)", {}, exe, 0),
        ]
        base_lib = self.a.nodes_base_libdir
        base_exe = os.path.join(self.bin, "nodes-base")
        if base_lib and compile_cmd(
                self.cc + OPT + ["-I" + self.a.include,
                                 os.path.join(HERE, "nodes.c"),
                                 "-L" + base_lib, "-Wl,-rpath," + base_lib,
                                 "-ltrun", "-o", base_exe], base_exe):
            # The other build's rows, interleaved with this one's.
            first = len(variants)
            variants += [
                ("base build (%s): no output" % base_lib, no_output,
                 base_exe, first),
                ("base build: file output off", {"TRUN_FILE_OUTPUT": "0"},
                 base_exe, first),
                ("base build: default outputs", {}, base_exe, first),
            ]
        res = {v[0]: {"cpu": [], "wall": [], "fin": [], "fincpu": [],
                      "rec": [], "rss": [], "made": "", "files": {},
                      "fail": ""}
               for v in variants}
        rounds = max(1, self.a.nodes_rounds or min(3, self.a.rounds))
        spent = time.time()
        for rnd in range(rounds):
            if rnd and not self.a.nodes_rounds \
                    and time.time() - spent > 240:
                break  # slow: fewer rounds will do
            order = variants[rnd % len(variants):] + \
                variants[:rnd % len(variants)]
            for desc, env, prog, _ in order:
                c = res[desc]
                if c["fail"]:
                    continue
                rundir = os.path.join(self.work, "run", "nodes", str(rnd))
                shutil.rmtree(rundir, ignore_errors=True)
                full = dict(env, TRUN_MAX_NODES="0",
                            TRUN_OUTPUT_PATH=os.path.join(rundir, "out"))
                r = run_timed([prog] + args, rundir, full)
                if r.status != 0:
                    c["fail"] = "failed: exit %d %s" % (
                        r.status, r.stderr[-200:].replace("\n", " "))
                    continue
                m = dict(re.findall(r"^(\w+) ([0-9.eE+-]+)$", r.stdout, re.M))
                c["made"] = m.get("nodes_made", "")
                c["fin"].append(float(m.get("finalize_s", "nan")))
                c["fincpu"].append(float(m.get("finalize_cpu_s", "nan")))
                c["rec"].append(float(m.get("record_s", "nan")))
                c["cpu"].append(r.cpu)
                c["wall"].append(r.wall)
                c["rss"].append(r.maxrss_kb / 1024.0)
                made = float(c["made"] or 1)
                files = {"stdout": len(r.stdout.encode())}
                out = os.path.join(rundir, "out")
                for f in sorted(os.listdir(out)) if os.path.isdir(out) else []:
                    files[f] = os.path.getsize(os.path.join(out, f))
                c["files"] = {k: v / made for k, v in files.items()}
        base = res[variants[1][0]]

        def ratio(key, c, over):
            """Median ratio of C's KEY over OVER's, taken within each
            round, with its range and CI (ratio_text)."""
            r = [x / y for x, y in zip(c[key], over[key]) if y]
            return ratio_text(r) if r else ""

        lines += ["| outputs | nodes made | record s | finalize s | "
                  "finalize x no output (spread) | finalize CPU s | "
                  "finalize CPU x no output (spread) | run CPU s | "
                  "x file output off (spread) | run wall s | "
                  "peak RSS MB | bytes per node |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
                  "|---|"]
        for desc, _, _, over in variants:
            c = res[desc]
            merge = res[variants[over][0]]  # no output: the merge alone
            if c["fail"]:
                lines.append("| %s | %s |%s" % (desc, c["fail"], " |" * 10))
                continue
            files = ", ".join("%s %.1f" % (k, v)
                              for k, v in sorted(c["files"].items()))
            lines.append("| %s | %s | %.3f | %.3f | %s | %.3f | %s | %.3f | "
                         "%s | %.3f | %.0f | %s |"
                         % (desc, c["made"], median(c["rec"]),
                            median(c["fin"]), ratio("fin", c, merge),
                            median(c["fincpu"]), ratio("fincpu", c, merge),
                            median(c["cpu"]),
                            ratio("cpu", c, res[variants[over + 1][0]]),
                            median(c["wall"]), median(c["rss"]), files))
        lines += ["", "%d interleaved round(s), order rotating; CPU = user + "
                  "system of the whole run; the ratio is taken within each "
                  "round; finalize CPU = the process's CPU time in the "
                  "call. Goals: finalize with default outputs at most 2x "
                  "finalize with no output (the merge alone; issue 13), "
                  "default outputs at most 2x file output off (CPU of the "
                  "whole run), trun.json at most 150 bytes a node; load "
                  "average %.1f at the end." % (len(base["cpu"]),
                                               os.getloadavg()[0])]
        return lines


    # -- section: lua, an interpreter ------------------------------------

    def lua_src_dir(self):
        """lua's src/ directory: --lua-src, else the copy Debian's
        librust-lua52-sys-dev carries (as the compile section)."""
        lua = self.a.lua_src or next(iter(sorted(glob.glob(
            "/usr/share/cargo/registry/lua52-sys-*/lua/src"))), None)
        return lua if lua and os.path.exists(os.path.join(lua, "lua.c")) else None

    def lua_build(self, src, name, extra_cflags, libs):
        """The lua interpreter from SRC's files (all but luac.c), with
        lua's own POSIX flags and EXTRA_CFLAGS: bin/NAME, or None."""
        exe = os.path.join(self.bin, name)
        files = [f for f in sorted(glob.glob(os.path.join(src, "*.c")))
                 if os.path.basename(f) != "luac.c"]
        cmd = (self.cc + ["-O2", "-std=gnu99", "-DLUA_COMPAT_ALL",
                          "-DLUA_USE_POSIX", "-DLUA_USE_DLOPEN"]
               + extra_cflags + files + ["-o", exe, "-lm", "-ldl"] + libs)
        return exe if compile_cmd(cmd, exe, quiet=True) else None


    def lua(self):
        lines = ["", "An interpreter: lua 5.2 (the sources Debian's "
                 "librust-lua52-sys-dev carries, or --lua-src) running "
                 "bench/lua-work.lua (lua's own test suite, all.lua, is in "
                 "no Debian package). Trace mode, default settings; the filtered "
                 "build is the second step of the usual workflow: rebuilt with "
                 "the trun-filter.txt its first run wrote (its throttled "
                 "functions left out, as timemory-run --filter-from DIR does):", ""]
        if not self.have_trun:
            lines.append("(skipped: runtime not built)")
            return lines
        src = self.lua_src_dir()
        if not src:
            lines.append("(skipped: no lua source: Debian package "
                         "librust-lua52-sys-dev, or --lua-src DIR)")
            return lines
        work = os.path.join(HERE, "lua-work.lua")
        trace = self.trun_flags("trace")
        exes = {"plain": self.lua_build(src, "lua-plain", [], []),
                "trun": self.lua_build(src, "lua-trun", trace, self.trun_libs())}
        if not exes["plain"] or not exes["trun"]:
            lines.append("(lua build failed)")
            return lines
        # The first run's filter file, then the filtered build.
        first = os.path.join(self.work, "run", "lua", "first")
        shutil.rmtree(first, ignore_errors=True)
        os.makedirs(first)
        run_timed([exes["trun"], work], first,
                  {"TRUN_OUTPUT_PATH": os.path.join(first, "out"),
                   "TRUN_COUT_OUTPUT": "0"})
        flt = os.path.join(first, "out", "trun-filter.txt")
        if os.path.exists(flt):
            exe = self.lua_build(src, "lua-filtered",
                                 trace + ["-fplugin-arg-trun-filter=" + flt],
                                 self.trun_libs())
            if exe:
                exes["filtered"] = exe
        variants = [("uninstrumented", "plain", {}),
                    ("trun, defaults", "trun", {}),
                    ("trun, TRUN_ENABLED=off", "trun", {"TRUN_ENABLED": "off"}),
                    ("trun, file output off", "trun", {"TRUN_FILE_OUTPUT": "0"})]
        if "filtered" in exes:
            variants.append(("trun, rebuilt with the first run's filter",
                             "filtered", {}))
        # Each round runs every variant --lua-runs times, interleaved, and
        # keeps each variant's median: one run of 0.3 s moves by 20-40%
        # on this shared machine, the median of several much less.
        res = {v[0]: {"cpu": [], "bytes": 0, "rows": 0, "files": {}}
               for v in variants}
        load = [os.getloadavg()[0]]
        for rnd in range(max(1, self.a.rounds)):
            order = variants[rnd % len(variants):] + variants[:rnd % len(variants)]
            runs = {v[0]: [] for v in variants}
            for rep in range(max(1, self.a.lua_runs)):
                for desc, kind, env in order:
                    rundir = os.path.join(self.work, "run", "lua", str(rnd))
                    out = os.path.join(rundir, "out-" + kind)
                    shutil.rmtree(out, ignore_errors=True)
                    os.makedirs(rundir, exist_ok=True)
                    full = dict(env, TRUN_OUTPUT_PATH=out)
                    r = run_timed([exes[kind], work], rundir, full)
                    if r.status != 0:
                        res[desc]["fail"] = "exit %d" % r.status
                        continue
                    runs[desc].append(r.cpu)
                    files = {os.path.basename(f): os.path.getsize(f)
                             for f in glob.glob(os.path.join(out, "*"))}
                    res[desc]["files"] = files
                    res[desc]["bytes"] = sum(files.values())
                    txt = os.path.join(out, "trace-wall.txt")
                    if os.path.exists(txt):
                        with open(txt) as fh:
                            res[desc]["rows"] = sum(1 for l in fh
                                                    if l.startswith("| >>>"))
            for desc, cpus in runs.items():
                if cpus:
                    res[desc]["cpu"].append(median(cpus))
        load.append(os.getloadavg()[0])
        base = res[variants[0][0]]["cpu"]
        lines += ["| run | CPU s (median) | x uninstrumented (spread) | "
                  "report bytes | table rows |", "|---|---:|---:|---:|---:|"]
        for desc, _, _ in variants:
            c = res[desc]
            if c.get("fail") or not c["cpu"]:
                lines.append("| %s | %s | | | |" % (desc, c.get("fail", "no run")))
                continue
            ratios = [x / y for x, y in zip(c["cpu"], base) if y]
            lines.append("| %s | %.3f | %s | %d | %d |"
                         % (desc, median(c["cpu"]), ratio_text(ratios),
                            c["bytes"], c["rows"]))
        files = res[variants[1][0]]["files"]
        if files:
            lines += ["", "The defaults' report: " + ", ".join(
                "%s %.1f MB" % (f, b / 1e6) for f, b in
                sorted(files.items(), key=lambda x: -x[1]))
                + "."]
        lines += ["", "%d interleaved round(s), order rotating, each variant "
                  "run %d times a round (its median kept; the ratio is taken "
                  "within the round); CPU = user + system of the whole run; "
                  "load average %.1f at the start, %.1f at the end. Goal (the "
                  "cost issue, for lua's all.lua): defaults at most 2x with a "
                  "report under 50 MB."
                  % (max(1, self.a.rounds), max(1, self.a.lua_runs), load[0],
                     load[1])]
        return lines

    # -- section 6: MPI aggregation ------------------------------------

    MPI_RANKS = (2, 4, 8, 16, 32, 64)

    def mpi(self):
        lines = ["", "MPI aggregation (bench/mpi-nodes.c: every rank makes "
                 "the same 11 110 call paths; the ranks' profiles merge up "
                 "a binomial tree at MPI_Finalize). Rank 0's figures from "
                 "TRUN_VERBOSE, median of %d runs; all ranks on this "
                 "2-core machine, so above 2 ranks they are oversubscribed "
                 "and the merge time includes waiting for the slowest "
                 "rank. Per-rank values are kept by default up to 64 ranks "
                 "(TRUN_MPI_RANK_VALUES=auto); with them off, what rank 0 "
                 "receives and holds does not grow with the ranks but "
                 "by log2 of them:" % min(3, self.a.rounds), ""]
        mpicc, mpiexec = self.a.mpicc, self.a.mpiexec
        if not self.have_trun or not mpicc or not mpiexec:
            lines.append("(skipped: no runtime, or no mpicc/mpiexec)")
            return lines
        exe = os.path.join(self.bin, "mpi-nodes")
        if not os.path.exists(exe) and not compile_cmd(
                shlex.split(mpicc) + OPT + self.trun_flags("trace") +
                [os.path.join(HERE, "mpi-nodes.c")] + self.trun_libs() +
                ["-o", exe], exe):
            lines.append("(mpi-nodes.c failed to build)")
            return lines
        pat = re.compile(r"rank 0 merged (\d+) ranks in ([0-9.]+) s \(([0-9.]+) "
                         r"s CPU decoding and folding\): (\d+) messages, (\d+) "
                         r"bytes, peak RSS (\d+) KiB")
        lines += ["| per-rank values | ranks | messages to rank 0 | bytes "
                  "received by rank 0 | rank 0 CPU s decoding + folding | rank 0 "
                  "in the reduction s (with waiting) | rank 0 peak RSS MB | "
                  "job nodes | files |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for values in ("off", "auto"):
            for np in self.MPI_RANKS:
                got, files, nodes = [], "", ""
                for rnd in range(max(1, min(3, self.a.rounds))):
                    rundir = os.path.join(self.work, "run", "mpi",
                                          "%s-%d-%d" % (values, np, rnd))
                    shutil.rmtree(rundir, ignore_errors=True)
                    os.makedirs(rundir, exist_ok=True)
                    out = os.path.join(rundir, "out")
                    env = {"TRUN_VERBOSE": "1", "TRUN_COUT_OUTPUT": "0",
                           "TRUN_THROTTLE_COUNT": "0",
                           "TRUN_MPI_RANK_VALUES": values,
                           "TRUN_OUTPUT_PATH": out}
                    r = run_timed(shlex.split(mpiexec) +
                                  ["-n", str(np), "-launcher", "fork", exe],
                                  rundir, env)
                    m = pat.search(r.stderr)
                    if r.status != 0 or not m:
                        break
                    got.append(m.groups())
                    files = str(len(os.listdir(out)))
                    for doc in load_json_files(out):
                        if "trun_mpi" in doc:
                            tr = doc["trun_mpi"].get("trace") or []
                            nodes = str(len(tr[0]["nodes"])) if tr else "0"
                if not got:
                    lines.append("| %s | %d | failed | | | | | | |" %
                                 (values, np))
                    continue
                col = lambda i: median([float(g[i]) for g in got])
                lines.append("| %s | %d | %d | %d | %.4f | %.4f | %.1f | %s | "
                             "%s |" % (values, np, col(3), col(4), col(2),
                                       col(1), col(5) / 1024.0, nodes, files))
        return lines

    # -- section 5: stack per frame --------------------------------------

    STACK_SHAPES = [
        ("down", "long f(long): result computed after the call"),
        ("void", "void f(long)"),
        ("down4", "long f(long, long, long, long): arguments passed on"),
        ("double", "double f(long, double)"),
        ("pair", "struct { long a, b; } f(long, long)"),
        ("array", "long f(long) with a 24-byte local array"),
    ]
    STACK_KB = 8192

    def stack_build(self, kind):
        exe = os.path.join(self.bin, "stack.%s" % kind)
        if os.path.exists(exe):
            return exe
        src = os.path.join(HERE, "stack.c")
        cmd = self.cc + ["-O2", src]
        if kind in ("trace", "region"):
            cmd = self.cc + ["-O2"] + self.trun_flags(kind) + [src] + \
                self.trun_libs()
        return exe if compile_cmd(cmd + ["-o", exe], exe) else None

    def stack_run(self, exe, args):
        """Exit status and stdout of EXE ARGS under an 8 MB stack."""
        env = dict(os.environ, TRUN_COUT_OUTPUT="0", TRUN_TEXT_OUTPUT="0",
                   TRUN_JSON_OUTPUT="0", TRUN_THROTTLE_COUNT="0",
                   TRUN_OUTPUT_PATH=os.path.join(self.work, "run", "stack"))
        cmd = "ulimit -s %d && exec %s" % (
            self.STACK_KB, " ".join(shlex.quote(x) for x in [exe] + args))
        res = subprocess.run(["sh", "-c", cmd], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return res.returncode, res.stdout.decode(errors="replace")

    def stack_deepest(self, exe, shape):
        """The deepest depth EXE completes, within 1/256."""
        lo, hi = 0, 4096
        while self.stack_run(exe, [shape, str(hi)])[0] == 0:
            lo, hi = hi, hi * 2
            if hi > 1 << 28:
                return None
        while hi - lo > hi // 256:
            mid = (lo + hi) // 2
            if self.stack_run(exe, [shape, str(mid)])[0] == 0:
                lo = mid
            else:
                hi = mid
        return lo

    def stack(self):
        kinds = ["plain"] + (["trace", "region"] if self.have_trun else [])
        exes = {k: self.stack_build(k) for k in kinds}
        lines = ["", "Stack per frame: bytes between two recursion depths of "
                 "each shape (bench/stack.c, `-O2`), divided by the "
                 "depths' difference, without the plugin and with it (trace "
                 "and region mode); then the deepest recursion each build "
                 "completes under a %d KB stack (`ulimit -s`), and the "
                 "instrumented depth as a share of the plain one:"
                 % self.STACK_KB, "",
                 "| shape | plain B/frame | trace B/frame | region B/frame "
                 "| plain deepest | trace deepest | trace / plain |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        for shape, desc in self.STACK_SHAPES:
            log("bench: stack %s" % shape)
            frame, deep = {}, {}
            for k in kinds:
                exe = exes.get(k)
                if not exe:
                    continue
                rc, out = self.stack_run(exe, [shape, "20000", "measure"])
                m = re.search(r"^frame ([0-9.]+)$", out, re.M)
                frame[k] = float(m.group(1)) if rc == 0 and m else None
                if k != "region":
                    deep[k] = self.stack_deepest(exe, shape)

            def cell(v, fmt):
                return fmt % v if v is not None else "n/a"
            share = (deep.get("trace") / deep["plain"]
                     if deep.get("trace") and deep.get("plain") else None)
            lines.append("| `%s` (%s) | %s | %s | %s | %s | %s | %s |" % (
                shape, desc, cell(frame.get("plain"), "%.0f"),
                cell(frame.get("trace"), "%.0f"),
                cell(frame.get("region"), "%.0f"),
                cell(deep.get("plain"), "%d"), cell(deep.get("trace"), "%d"),
                cell(share and share * 100, "%.0f%%")))
        return lines


# ---------------------------------------------------------------------
# Machine and report


def machine():
    model = ""
    try:
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE,
                             text=True).stdout
        m = re.search(r"^Model name:\s*(.*)$", out, re.M)
        model = m.group(1).strip() if m else ""
    except OSError:
        pass
    return model, os.cpu_count()


def prefault(gb):
    """Touch GB gigabytes of anonymous memory once, a page at a time, and
    free it.  On a new VM the host backs a guest page only when it is
    first touched, which makes that touch several times dearer: writing
    240 MB into fresh page cache took 0.27 s of system time here, into
    pages touched before 0.08 s.  The exit of a million nodes writes that
    much; without this its timing depends on how long the VM has run."""
    log("bench: touching %d GB of memory once (--prefault-gb)" % gb)
    # In a process of its own: the programs posix_spawn starts take
    # their peak RSS from this one's until their exec.
    subprocess.run([sys.executable, "-c", (
        "import mmap\n"
        "for _ in range(%d):\n"
        "    m = mmap.mmap(-1, 1 << 30)\n"
        "    for off in range(0, 1 << 30, mmap.PAGESIZE):\n"
        "        m[off] = 1\n"
        "    m.close()\n") % gb], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    p.add_argument("--plugin", help="the in-tree trun.so")
    p.add_argument("--libdir", help="directory of libtrun.so")
    p.add_argument("--include", help="trun's include directory")
    p.add_argument("--top-srcdir", help="for the compile-time sources")
    p.add_argument("--top-builddir", help="for config.h")
    p.add_argument("--uftrace", default=None)
    p.add_argument("--csmith", default=shutil.which("csmith"))
    p.add_argument("--csmith-files", type=int, default=6)
    p.add_argument("--workdir", default="bench-work")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--compile-rounds", type=int, default=3)
    p.add_argument("--compile-base-plugin", default=None,
                   help="another build's trun.so (e.g. the branch point's): "
                   "the compile section builds with it too, interleaved, "
                   "before and after side by side")
    p.add_argument("--compile-leaf-min-statements", type=int, default=0,
                   metavar="N", help="the compile section also builds with "
                   "-fplugin-arg-trun-leaf-min-statements=N, interleaved "
                   "(0: not)")
    p.add_argument("--cxx", default=os.environ.get("CXX", "g++"),
                   help="the C++ compiler for the generated project")
    p.add_argument("--cxx-files", type=int, default=8)
    p.add_argument("--cxx-classes", type=int, default=4,
                   help="classes per file of the generated C++ project")
    p.add_argument("--callgrind-files", type=int, default=0,
                   help="C files counted under callgrind per code base "
                   "(0: all)")
    p.add_argument("--callgrind-cxx-files", type=int, default=2,
                   help="files of the C++ project counted under callgrind")
    p.add_argument("--lua-src", default=None,
                   help="lua's src/ (default: Debian's librust-lua52-sys-dev)")
    p.add_argument("--valgrind", default=shutil.which("valgrind"))
    p.add_argument("--scale", type=float, default=1.0,
                   help="multiply workload sizes (0.1 for a quick try)")
    p.add_argument("--fib-n", type=int, default=32)
    p.add_argument("--fib-reps", type=int, default=4)
    p.add_argument("--uftrace-fib-n", type=int, default=30)
    p.add_argument("--work50-calls", type=int, default=4000000)
    p.add_argument("--workloads", default="fib,work50,alt8,omp1,omp2",
                   help="the overhead section's workloads")
    p.add_argument("--alt8-rounds", type=int, default=1000000)
    p.add_argument("--omp-n", type=int, default=500000,
                   help="iterations of omp-calls' loop (10 loops)")
    p.add_argument("--thread-fib-n", type=int, default=30)
    p.add_argument("--thread-fib-reps", type=int, default=2)
    p.add_argument("--timeline-fib-n", type=int, default=25)
    p.add_argument("--timeline-base-libdir", default=None,
                   help="another build's libtrun.so directory: its "
                   "trace mode + TRUN_TIMELINE row of the overhead and "
                   "threads sections runs interleaved with this build's")
    p.add_argument("--node-outer", type=int, default=1000)
    p.add_argument("--node-threads", type=int, default=1)
    p.add_argument("--overhead-base-libdir", default=None,
                   help="another build's libtrun.so directory: the "
                   "overhead section's trun rows and instruction counts "
                   "run with it too, interleaved with this build's")
    p.add_argument("--overhead-rows", default=None,
                   help="a regular expression: the overhead section's "
                   "rows whose name matches it (plain and the TSC floor "
                   "always run)")
    p.add_argument("--nodes-rounds", type=int, default=0,
                   help="rounds of the nodes section (default: --rounds, "
                   "at most 3: each round is four runs of a million nodes)")
    p.add_argument("--nodes-base-libdir", default=None,
                   help="another build's libtrun.so directory: its rows "
                   "of the nodes section run interleaved with this "
                   "build's")
    p.add_argument("--startup-rounds", type=int, default=15)
    p.add_argument("--startup-runs", type=int, default=60,
                   help="runs of each variant in a start-up round")
    p.add_argument("--startup-base-libdir", default=None,
                   help="another build's libtrun.so directory (e.g. the "
                   "branch point's): its start-up rows run interleaved "
                   "with this build's, before and after side by side")
    p.add_argument("--mpicc", default="")
    p.add_argument("--mpiexec", default="")
    p.add_argument("--proxy-n", type=int, default=200000)
    p.add_argument("--proxy-steps", type=int, default=800)
    p.add_argument("--proxy-runs", type=int, default=5,
                   help="runs of each proxy build a round (its median)")
    p.add_argument("--lua-runs", type=int, default=3,
                   help="runs of each lua variant a round (its median)")
    p.add_argument("--lulesh-src", default=None,
                   help="a LULESH 2.0 source directory (bench/RESULTS.md): "
                   "adds the lulesh section")
    p.add_argument("--lulesh-size", type=int, default=15)
    p.add_argument("--lulesh-iters", type=int, default=50)
    p.add_argument("--sections",
                   default="overhead,startup,proxy,threads,timeline,compile,"
                   "nodes,lua,stack,mpi")
    p.add_argument("--results", help="also write a RESULTS.md here")
    p.add_argument("--prefault-gb", type=int, default=0,
                   help="first touch this many GB of memory once (see "
                   "prefault)")
    a = p.parse_args()
    if a.include is None and a.top_srcdir:
        a.include = os.path.join(a.top_srcdir, "include")

    suite = Suite(a)
    sections = a.sections.split(",")
    started = time.time()
    if a.prefault_gb > 0:
        prefault(a.prefault_gb)
    out = []
    headline = []
    if "overhead" in sections:
        cells, plain = suite.overhead()
        out += ["Per-call overhead: the marginal CPU time (user + system, "
                "all threads and child processes) of one call over the "
                "uninstrumented build, median of %d interleaved rounds, with "
                "the spread over rounds; the same in wall time beside it. "
                "CPU time is the headline because this 2-core machine is "
                "shared, which makes wall time noisy; start+exit is the "
                "wall time of a run with almost no calls." % a.rounds]
        out += suite.overhead_table(cells, plain)
        for c in cells:
            if c["kind"] in ("trace", "region") and "ratio" in c and \
                    "every call" in c["name"]:
                headline.append("%s %s: %.2f ns a call, %.2fx the TSC floor"
                                % (c["workload"], c["kind"], c["median"],
                                   c["ratio"]))
    if "startup" in sections:
        lines, head = suite.startup()
        out += lines
        if head:
            headline.append(head)
    if "proxy" in sections:
        lines, head = suite.proxy()
        out += lines
        if head:
            headline.append(head)
    if a.lulesh_src and "lulesh" not in sections:
        sections.append("lulesh")
    if "lulesh" in sections and a.lulesh_src:
        lines, head = suite.lulesh()
        out += lines
        if head:
            headline.append(head)
    if "threads" in sections:
        out += suite.threads()
    if "timeline" in sections:
        out += suite.timeline()
    if "compile" in sections:
        out += suite.compile_time()
    if "nodes" in sections:
        out += suite.nodes()
    if "lua" in sections:
        out += suite.lua()
    if "stack" in sections:
        out += suite.stack()
    if "mpi" in sections:
        out += suite.mpi()
    suite.notes += [
        "x TSC floor = this row's ns/call over the TSC floor's ns/call for "
        "the same workload; the floor is bench/hooks_tsc.c linked into the "
        "program (no PLT, local-exec TLS), the cheapest a timer-based "
        "profiler can be. Its bookkeeping alone (bench/hooks_const.c, "
        "the clock a constant) shows how much of it is the two clock "
        "reads a call.",
        "recorded: calls the hooks counted (exact = the count computed "
        "from the workload's arguments), or the sum of COUNT over the "
        "function's rows in trun's wall-clock table.",
        "uftrace runs a smaller size (its data files grow with every "
        "call); its per-call figure is still marginal over the "
        "uninstrumented build at that size."]
    if suite.notes:
        out += ["", "Notes:", ""] + ["- " + n for n in suite.notes]
    out.append("")
    out.append("(suite took %.0f s)" % (time.time() - started))
    text = "\n".join(out)
    print(text)
    if headline:
        print("\nHeadline: " + "; ".join(headline))

    if a.results:
        model, ncpu = machine()
        gcc = subprocess.run(shlex.split(a.cc) + ["--version"],
                             stdout=subprocess.PIPE, text=True
                             ).stdout.splitlines()[0]
        cmd = " ".join(shlex.quote(x) for x in [sys.executable] + sys.argv)
        os.makedirs(os.path.dirname(os.path.abspath(a.results)),
                    exist_ok=True)
        with open(a.results, "w") as f:
            f.write("# trun benchmark results\n\n"
                    "Written by `bench/run.py` (the last full run; `make bench` "
                    "in a build directory reproduces it). Numbers are this "
                    "machine's; compare ratios, not nanoseconds.\n\n")
            f.write("- Machine: %s, %d CPUs (`nproc`), %s %s\n" % (
                model, ncpu, platform.system(), platform.release()))
            f.write("- Compiler: %s; workloads built with `%s`\n" % (
                gcc, " ".join(OPT)))
            f.write("- Date: %s\n" % time.strftime("%Y-%m-%d %H:%M UTC",
                                                   time.gmtime()))
            f.write("- Reproduce: `make bench` in the build directory, which "
                    "runs:\n\n  ```\n  %s\n  ```\n\n" % cmd)
            if headline:
                f.write("Headline: " + "; ".join(headline) + ".\n\n")
            f.write(text + "\n")


if __name__ == "__main__":
    main()
