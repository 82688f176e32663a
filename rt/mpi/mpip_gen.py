#!/usr/bin/env python3
"""rt/mpip_gen.py -- generate trun's MPI-P wrappers from MPICH's mpi.h.

Usage: mpip_gen.py PREPROCESSED_MPI_H [SYMBOLS]
PREPROCESSED_MPI_H is `echo '#include <mpi.h>' | mpicc -E -`; SYMBOLS, when
given and not empty, lists the symbols the MPI library defines (one a line,
from `nm -D --defined-only`): a PMPI_ call mpi.h declares but the library
lacks (MPICH 4.0 declares a few) gets no wrapper.  Writes
C source on standard output: one wrapper per MPI_ function declared there
that also has a PMPI_ twin.  Each wrapper forwards to PMPI_ and, while
MPI-P is on (TRUN_MPIP), records a region named after the call and adds
the bytes it sent and received to trun_comm_bytes.

Left out: the calls rt/mpi.c writes by hand (MPI_Init, MPI_Init_thread,
MPI_Finalize, MPI_Pcontrol, MPI_Abort), MPI_Wtime/MPI_Wtick (too cheap to profile),
variadic calls and parameters spelled as raw function pointers.
"""

import re
import sys

HAND_WRITTEN = {
    "MPI_Init", "MPI_Init_thread", "MPI_Finalize", "MPI_Pcontrol", "MPI_Abort",
    "MPI_Wtime", "MPI_Wtick",
}

DECL_RE = re.compile(
    r"^(?:extern\s+)?(?P<ret>[A-Za-z_][\w\s\*]*?)\s*\b(?P<name>P?MPI_\w+)"
    r"\s*\((?P<params>.*)\)\s*(?P<attrs>__attribute__.*)?$", re.S)


def strip_attributes(text):
    """Drop every __attribute__((...)) with balanced parentheses."""
    out = []
    i = 0
    key = "__attribute__"
    while True:
        j = text.find(key, i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        k = text.find("(", j)
        depth = 0
        while k < len(text):
            if text[k] == "(":
                depth += 1
            elif text[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1


def split_params(text):
    """Split a parameter list on its top-level commas."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def param_name(param):
    """The declared name: the last identifier, before any [] suffix."""
    bare = re.sub(r"(\s*\[[^\]]*\])+\s*$", "", param).strip()
    m = re.search(r"([A-Za-z_]\w*)$", bare)
    return m.group(1) if m else None


def read_declarations(text):
    """(return type, name, [(type text, name)]) for each MPI_/PMPI_ function."""
    text = re.sub(r"^#.*$", "", text, flags=re.M)
    found = {}
    for decl in text.split(";"):
        decl = " ".join(decl.split())
        if "typedef" in decl or "MPI_" not in decl:
            continue
        decl = strip_attributes(decl).strip()
        m = DECL_RE.match(decl)
        if not m:
            continue
        params = split_params(m.group("params"))
        if params == ["void"]:
            params = []
        found[m.group("name")] = (m.group("ret").strip(), params)
    return found


# ---------------------------------------------------------------------
# Bytes sent + received by one call, as a C expression over its
# parameters.  Collectives count what this rank moves: a root that
# scatters sends COUNT*size to every rank of the communicator; a root
# that gathers receives from every rank.  MPI_IN_PLACE buffers move
# nothing.  Persistent *_init calls move nothing (the bytes move at
# MPI_Start, which cannot see them); neighbourhood collectives and file
# I/O are recorded as regions without bytes.

def ts(dt):
    return "trun_mpip_type_bytes (%s)" % dt


def is_root(comm, root):
    return "(trun_mpip_comm_rank (%s) == %s)" % (comm, root)


def csize(comm):
    return "trun_mpip_comm_size (%s)" % comm


def not_in_place(buf):
    return "((const void *) (%s) != MPI_IN_PLACE)" % buf


def vsum(types, counts, comm):
    helper = ("trun_mpip_sum_count" if "MPI_Count" in types[counts]
              else "trun_mpip_sum_int")
    return "%s (%s, %s)" % (helper, counts, csize(comm))


def cond(test, value):
    return "(%s ? (uint64_t) (%s) : 0)" % (test, value)


def bytes_rule(base, p):
    """P maps parameter name -> type text; returns a C expression."""
    n = lambda c: "(uint64_t) (%s)" % c
    if base in ("Send", "Bsend", "Ssend", "Rsend", "Isend", "Ibsend",
                "Issend", "Irsend", "Recv", "Irecv", "Mrecv", "Imrecv"):
        return "%s * %s" % (n("count"), ts("datatype"))
    if base in ("Sendrecv", "Isendrecv"):
        return "%s * %s + %s * %s" % (n("sendcount"), ts("sendtype"),
                                      n("recvcount"), ts("recvtype"))
    if base in ("Sendrecv_replace", "Isendrecv_replace"):
        return "2 * %s * %s" % (n("count"), ts("datatype"))
    if base == "Bcast":
        return "%s * %s" % (n("count"), ts("datatype"))
    if base == "Reduce":
        one = "%s * %s" % (n("count"), ts("datatype"))
        return "%s + %s" % (one, cond(is_root("comm", "root"), one))
    if base in ("Allreduce", "Scan", "Exscan"):
        return "2 * %s * %s" % (n("count"), ts("datatype"))
    if base in ("Gather", "Gatherv"):
        send = cond(not_in_place("sendbuf"),
                    "%s * %s" % (n("sendcount"), ts("sendtype")))
        if base == "Gather":
            got = "%s * %s * %s" % (n("recvcount"), ts("recvtype"),
                                    csize("comm"))
        else:
            got = "%s * %s" % (vsum(p, "recvcounts", "comm"), ts("recvtype"))
        return "%s + %s" % (send, cond(is_root("comm", "root"), got))
    if base in ("Scatter", "Scatterv"):
        if base == "Scatter":
            out = "%s * %s * %s" % (n("sendcount"), ts("sendtype"),
                                    csize("comm"))
        else:
            out = "%s * %s" % (vsum(p, "sendcounts", "comm"), ts("sendtype"))
        got = cond(not_in_place("recvbuf"),
                   "%s * %s" % (n("recvcount"), ts("recvtype")))
        return "%s + %s" % (cond(is_root("comm", "root"), out), got)
    if base in ("Allgather", "Allgatherv"):
        send = cond(not_in_place("sendbuf"),
                    "%s * %s" % (n("sendcount"), ts("sendtype")))
        if base == "Allgather":
            got = "%s * %s * %s" % (n("recvcount"), ts("recvtype"),
                                    csize("comm"))
        else:
            got = "%s * %s" % (vsum(p, "recvcounts", "comm"), ts("recvtype"))
        return "%s + %s" % (send, got)
    if base == "Alltoall":
        send = cond(not_in_place("sendbuf"), "%s * %s * %s" % (
            n("sendcount"), ts("sendtype"), csize("comm")))
        got = "%s * %s * %s" % (n("recvcount"), ts("recvtype"), csize("comm"))
        return "%s + %s" % (send, got)
    if base == "Alltoallv":
        send = cond(not_in_place("sendbuf"), "%s * %s" % (
            vsum(p, "sendcounts", "comm"), ts("sendtype")))
        got = "%s * %s" % (vsum(p, "recvcounts", "comm"), ts("recvtype"))
        return "%s + %s" % (send, got)
    if base == "Alltoallw":
        kind = "count" if "MPI_Count" in p["sendcounts"] else "int"
        send = cond(not_in_place("sendbuf"),
                    "trun_mpip_sum_w_%s (sendcounts, sendtypes, %s)"
                    % (kind, csize("comm")))
        got = "trun_mpip_sum_w_%s (recvcounts, recvtypes, %s)" % (
            kind, csize("comm"))
        return "%s + %s" % (send, got)
    if base == "Reduce_scatter":
        total = "%s * %s" % (vsum(p, "recvcounts", "comm"), ts("datatype"))
        mine = "(uint64_t) recvcounts[trun_mpip_comm_rank (comm)] * %s" % (
            ts("datatype"))
        return "%s + %s" % (total, mine)
    if base == "Reduce_scatter_block":
        one = "%s * %s" % (n("recvcount"), ts("datatype"))
        return "%s * %s + %s" % (one, csize("comm"), one)
    if base in ("Put", "Get", "Rput", "Rget", "Accumulate", "Raccumulate"):
        return "%s * %s" % (n("origin_count"), ts("origin_datatype"))
    if base in ("Get_accumulate", "Rget_accumulate"):
        return "%s * %s + %s * %s" % (n("origin_count"), ts("origin_datatype"),
                                      n("result_count"), ts("result_datatype"))
    if base == "Fetch_and_op":
        return "2 * %s" % ts("datatype")
    if base == "Compare_and_swap":
        return "3 * %s" % ts("datatype")
    return None


NONBLOCKING_COLLECTIVES = {
    "Iallgather", "Iallgatherv", "Iallreduce", "Ialltoall", "Ialltoallv",
    "Ialltoallw", "Ibcast", "Iexscan", "Igather", "Igatherv", "Ireduce",
    "Ireduce_scatter", "Ireduce_scatter_block", "Iscan", "Iscatter",
    "Iscatterv",
}


def bytes_expr(name, params):
    """C expression for the bytes NAME moves, or "0"."""
    base = name[len("MPI_"):]
    if base.endswith("_c"):
        base = base[:-2]
    if base.endswith("_init") or base.startswith("File_"):
        return "0"
    if base in NONBLOCKING_COLLECTIVES:
        base = base[1:]
    types = {pname: ptype for ptype, pname in params}
    expr = bytes_rule(base, types)
    if expr is None:
        return "0"
    for ident in re.findall(r"\b([a-z_]+)\b(?! \()", expr):
        if ident not in types and ident not in ("uint64_t", "const", "void"):
            raise SystemExit("mpip_gen: %s: rule uses '%s', not a parameter"
                             % (name, ident))
    return expr


def wrapper(name, ret, params):
    names = ", ".join(pname for _, pname in params)
    proto = ", ".join(text for text, _ in params) or "void"
    call = "TRUN_PMPI (P%s) (%s)" % (name, names)
    lines = [
        "TRUN_MPIP_EXPORT %s" % ret,
        "%s (%s)" % (name, proto),
        "{",
        "  if (!trun_mpip_active ())",
        "    return %s;" % call,
        "  trun_mpip_begin (\"%s\");" % name,
        "  %s rc = %s;" % (ret, call),
    ]
    expr = bytes_expr(name, [(t, n) for t, n in params])
    if ret == "int" and expr != "0":
        lines.append("  trun_mpip_end (\"%s\", rc == MPI_SUCCESS ? (%s) : 0);"
                     % (name, expr))
    else:
        lines.append("  trun_mpip_end (\"%s\", 0);" % name)
    lines += ["  return rc;", "}", ""]
    return "\n".join(lines)


def main():
    src = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    decls = read_declarations(src)
    defined = None
    if len(sys.argv) > 2:
        defined = set(open(sys.argv[2]).read().split()) or None
        if defined is None:
            sys.stderr.write("mpip_gen: warning: no symbols in %s; wrapping "
                             "every PMPI_ call mpi.h declares\n" % sys.argv[2])
    out = [
        "/* Generated by rt/mpip_gen.py from MPICH's mpi.h: do not edit.",
        "   One MPI-P wrapper per MPI_ call that has a PMPI_ twin.  */",
        "#include <mpi.h>",
        "#include <stdint.h>",
        "#include \"mpi/mpip.h\"",
        "",
    ]
    count = 0
    skipped = []
    for name in sorted(decls):
        if not name.startswith("MPI_") or name in HAND_WRITTEN:
            continue
        ret, raw = decls[name]
        if ("P" + name not in decls or "..." in raw
                or (defined is not None and "P" + name not in defined)):
            skipped.append(name)
            continue
        params = [(text, param_name(text)) for text in raw]
        if any(pname is None or "(*" in text for text, pname in params):
            skipped.append(name)
            continue
        out.append(wrapper(name, ret, params))
        count += 1
    out.append("/* %d wrappers; skipped: %s */" % (count, " ".join(skipped) or "none"))
    sys.stdout.write("\n".join(out) + "\n")
    if count == 0:
        raise SystemExit("mpip_gen: no MPI_ declarations found in the input")


if __name__ == "__main__":
    main()
