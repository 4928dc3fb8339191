#!/usr/bin/env python3
# Times baton on the pathological spec shapes found by fuzzing, at three sizes each, and reports how each one grows.
"""Growth benchmark (see bench/README.md).

For every shape (a construct the fuzzer found slow or crashing) it writes specs at three sizes,
runs `baton check` (and `baton plan` for some) on each under a timeout and an address-space
limit, and prints a Markdown table with the wall time, the peak RSS, the exit status and the
growth exponent between consecutive sizes: log(t2/t1) / log(n2/n1), about 1 when the time is
linear in n, 2 when quadratic. Exponents above 1.3 are flagged "superlinear". A crash shows as
`crash (signal N)`, a run killed at the timeout as `timeout`; the benchmark goes on.

Example: bench/growth.py --baton build/baton --shapes value-chain,dense-references --scale 0.5
"""

import argparse
import collections
import datetime
import math
import os
import re
import resource
import shutil
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import suite  # noqa: E402  (run_once, the address-space limit, the environment, the flat spec)
from suite import run_once, size_label  # noqa: E402

SUPERLINEAR = 1.3  # an exponent above this is flagged...
JUDGED_FROM = 0.1  # ...when the larger run takes at least this many seconds (shorter ones are mostly start-up and noise)
REPEAT_BELOW = 0.5  # seconds: a run shorter than this is repeated twice more and the median kept
BRACKET_DEPTH = 100  # nesting of each deep-nesting param: under the parser's limit of 128


# ---------------------------------------------------------------------------------------------
# writing specs: each shape function writes the file(s) for size n into directory d and returns
# the file to give baton


def write_main(d, text):
    """Writes text as d/main.baton; returns its path."""
    path = os.path.join(d, "main.baton")
    with open(path, "w") as f:
        f.write(text)
    return path


def lines(template, n):
    """template % i for i in 0..n-1, one per line."""
    return "".join(template % {"i": i, "next": i + 1} + "\n" for i in range(n))


def long_string(n, d):
    """One param whose default is a string literal of n bytes, interpolated by a command."""
    return write_main(d, 'param s = "%s"\n'
                         'host h { address = "10.0.0.1" }\n'
                         'service svc on h {\n  action run { sh "echo ${s}" }\n}\n' % ("x" * n))


def nested_params(n, d):
    """n params, each an expression of BRACKET_DEPTH nested parentheses."""
    value = "(" * BRACKET_DEPTH + "1" + ")" * BRACKET_DEPTH
    return write_main(d, lines("param p%(i)d = " + value, n))


def open_parens(n, d):
    """`(` n times: the parser stops at the nesting limit (E0106)."""
    return write_main(d, "param p = " + "(" * n + "\n")


def import_chain(n, d):
    """f0.baton imports f1.baton, which imports f2.baton ... n files deep."""
    for i in range(n):
        imp = 'import "f%d.baton"\n' % (i + 1) if i + 1 < n else ""
        with open(os.path.join(d, "f%d.baton" % i), "w") as f:
            f.write("%sparam p%d = %d\n" % (imp, i, i))
    return os.path.join(d, "f0.baton")


def import_flat(n, d):
    """One root that imports n files directly."""
    for i in range(n):
        with open(os.path.join(d, "f%d.baton" % i), "w") as f:
            f.write("param p%d = %d\n" % (i, i))
    return write_main(d, lines('import "f%(i)d.baton"', n) + "param root = 0\n")


def unknown_names(n, d):
    """n params each referring to a name declared nowhere (E0202 each)."""
    return write_main(d, lines("param p%(i)d = unknown%(i)d", n))


def typo_names(n, d):
    """n params and n references with a typo, each close to one declared name (E0202 with a suggestion)."""
    return write_main(d, lines("param p%(i)d = %(i)d", n) + lines("param q%(i)d = p%(i)dx", n))


def chain_text(template, last, n):
    """n lines of template, each referring to the next one, then the last one's value."""
    return lines(template, n - 1) + last % {"i": n - 1} + "\n"


def param_chain(n, d):
    """p0 = p1 + 1, p1 = p2 + 1 ... p(n-1) = 0: each param needs the one declared after it."""
    return write_main(d, chain_text("param p%(i)d = p%(next)d + 1", "param p%(i)d = 0", n))


def param_cycle(n, d):
    """The same chain, but the last param refers back to p0 (E0312)."""
    return write_main(d, chain_text("param p%(i)d = p%(next)d + 1", "param p%(i)d = p0 + 1", n))


def input_chain(n, d):
    """A service with n inputs, a0 = a1 + 1 ... a(n-1) = 0, and an action using a0."""
    body = chain_text("  input a%(i)d = a%(next)d + 1", "  input a%(i)d = 0", n)
    return write_main(d, 'host h { address = "10.0.0.1" }\n'
                         'service svc on h {\n%s  action run { sh "echo ${a0}" }\n}\n' % body)


def attribute_chain(n, d):
    """A host with n attributes, a0 = h.a1 + "x" ... a(n-1) = "x", and a service using a0.

    The values themselves sum to n*n/2 bytes: some quadratic growth is in the output here.
    """
    body = chain_text('  a%(i)d = h.a%(next)d + "x"', '  a%(i)d = "x"', n)
    return write_main(d, 'host h {\n  address = "10.0.0.1"\n%s}\n'
                         'service svc on h {\n  action run { sh "echo ${host.a0}" }\n}\n' % body)


GROUP_HEAD = ("param n: int = %d\n"
              "host w[n] {}\n"
              'host h { address = "10.0.0.1" }\n'
              'service a on w {\n  output o = "v${index}"\n  action run { sh "a" }\n}\n')


def group_spec(d, n, rest):
    """The group w[n] with service a on it (output o, action run), then rest."""
    return write_main(d, GROUP_HEAD % n + rest)


def group_reads_group(n, d):
    """service b on w reads a[*].o: every member of b waits for every member of a (n*n edges)."""
    return group_spec(d, n, 'service b on w {\n  input peers = a[*].o\n  action run { sh "b" }\n}\n')


def group_after_group(n, d):
    """b.run after a[*].run on the same group (n*n edges)."""
    return group_spec(d, n, 'service b on w {\n  action run after a[*].run { sh "b" }\n}\n')


def group_order(n, d):
    """order a before b, both on the group (n*n edges)."""
    return group_spec(d, n, 'service b on w {\n  action run { sh "b" }\n}\norder a before b\n')


def plain_reads_group(n, d):
    """One service on a plain host reads the whole group (n edges)."""
    return group_spec(d, n, 'service b on h {\n  input all = a[*].o\n  action run { sh "b" }\n}\n')


def group_reads_plain(n, d):
    """Every member of a group service reads one plain service (n edges)."""
    return group_spec(d, n, 'service c on h {\n  output o = "c"\n  action run { sh "c" }\n}\n'
                            'service b on w {\n  input x = c.o\n  action run { sh "b" }\n}\n')


WORK = os.path.join(HERE, "work")  # where the flat specs of gen_spec.py are generated and kept


def flat_text(n):
    """The text of the flat spec of gen_spec.py at n action instances (generated once, then reused)."""
    prefix, _ = suite.generate("flat", n, WORK, False, lambda s: print(s, file=sys.stderr))
    with open(prefix + ".baton") as f:
        return f.read()


def flat_many_lines(n, d):
    """The flat spec as gen_spec.py writes it: one declaration or member per line."""
    return write_main(d, flat_text(n))


def flat_long_lines(n, d):
    """The same spec on a single line (comments dropped: they would run to its end)."""
    code = [line for line in flat_text(n).splitlines() if not line.startswith("//")]
    return write_main(d, " ".join(code) + "\n")


SYNTAX_ERROR = "param = \n"


def flat_error_at_end(n, d):
    """The flat spec with one syntax error appended."""
    return write_main(d, flat_text(n) + SYNTAX_ERROR)


def flat_error_at_start(n, d):
    """The flat spec with one syntax error before its first line."""
    return write_main(d, SYNTAX_ERROR + flat_text(n))


# ---------------------------------------------------------------------------------------------
# the shapes: variants, sizes, commands, and the diagnostic each run should end with (None: none)

Variant = collections.namedtuple("Variant", "name write sizes expect")
Shape = collections.namedtuple("Shape", "name commands variants")

SHAPES = [
    Shape("long-string", ["check"], [Variant("string", long_string, (1000000, 4000000, 16000000), None)]),
    Shape("deep-nesting", ["check"], [
        Variant("depth-100 params", nested_params, (4000, 16000, 64000), None),
        Variant("open parens", open_parens, (250000, 1000000, 4000000), "E0106")]),
    Shape("import-chain", ["check"], [
        Variant("chain", import_chain, (500, 2000, 8000), None),
        Variant("flat", import_flat, (500, 2000, 8000), None)]),
    Shape("unknown-names", ["check"], [
        Variant("unknown", unknown_names, (200, 800, 3200), "E0202"),
        Variant("typo", typo_names, (150, 600, 2400), "E0202")]),
    Shape("value-chain", ["check", "plan"], [
        Variant("params", param_chain, (1000, 4000, 16000), None),
        Variant("inputs", input_chain, (1000, 4000, 16000), None),
        Variant("host attributes", attribute_chain, (1000, 4000, 16000), None),
        Variant("param cycle", param_cycle, (1000, 4000, 16000), "E0312")]),
    Shape("dense-references", ["check", "plan"], [
        Variant("input a[*].o", group_reads_group, (250, 1000, 4000), None),
        Variant("after a[*].run", group_after_group, (250, 1000, 4000), None),
        Variant("order a before b", group_order, (250, 1000, 4000), None),
        Variant("plain reads group", plain_reads_group, (6250, 25000, 100000), None),
        Variant("group reads plain", group_reads_plain, (6250, 25000, 100000), None)]),
    Shape("one-syntax-error", ["check"], [
        Variant("error at end", flat_error_at_end, (4000, 16000, 64000), "E0101"),
        Variant("error at start", flat_error_at_start, (4000, 16000, 64000), "E0101")]),
    Shape("many-lines", ["check"], [Variant("flat", flat_many_lines, (4000, 16000, 64000), None)]),
    Shape("long-lines", ["check"], [Variant("flat on one line", flat_long_lines, (4000, 16000, 64000), None)]),
]
BASELINE = "many-lines"  # the clean spec one-syntax-error is compared with (same sizes)


# ---------------------------------------------------------------------------------------------
# running


Row = collections.namedtuple("Row", "shape variant command n bytes wall rss_kb status expect")


def input_bytes(d):
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))


def measure(argv, scratch, timeout):
    """Runs argv (repeated when short); returns (median wall, max peak RSS in KB, status of the first run)."""
    stderr = os.path.join(scratch, "stderr.txt")
    first = run_once(argv, stderr, timeout)
    runs = [first]
    if first.status in (0, 1) and first.wall < REPEAT_BELOW:
        runs += [run_once(argv, stderr, timeout) for _ in range(2)]
    return statistics.median(r.wall for r in runs), max(r.rss_kb for r in runs), describe_status(first)


def describe_status(run):
    """'ok', 'exit 1 (E0202)', 'crash (signal 11)', 'out of memory (signal 6)' (std::bad_alloc), 'timeout'."""
    if run.status == "timeout":
        return "timeout"
    if run.status == 0:
        return "ok"
    if run.status > 128:
        what = "out of memory" if "bad_alloc" in run.stderr_first else "crash"
        return "%s (signal %d)" % (what, run.status - 128)
    code = re.search(r"\[([EW]\d+)\]", run.stderr_first)
    return "exit %d%s" % (run.status, " (%s)" % code.group(1) if code else ": " + run.stderr_first[:60])


def completed(status):
    """Whether a run went to its end (cleanly or with diagnostics): its time means something."""
    return status == "ok" or status.startswith("exit ")


def write_case(shape, variant, n, work):
    """Writes the variant's spec at size n into a fresh directory; returns (directory, file for baton, bytes)."""
    d = os.path.join(work, "%s-%s-%d" % (shape.name, re.sub(r"\W+", "_", variant.name), n))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    spec = variant.write(n, d)
    return d, spec, input_bytes(d)


def run_series(baton, shape, variant, scale, work, timeout, log):
    """Every size of one variant, every command; returns Rows. Sizes after a timeout are skipped."""
    rows = []
    scratch = os.path.join(work, "scratch")
    os.makedirs(scratch, exist_ok=True)
    timed_out = set()
    for size in variant.sizes:
        n = max(1, int(round(size * scale)))
        d, spec, nbytes = write_case(shape, variant, n, work)
        for cmd in shape.commands:
            if cmd in timed_out:
                rows.append(Row(shape.name, variant.name, cmd, n, nbytes, None, 0, "skipped (timeout below)",
                                variant.expect))
                continue
            wall, rss_kb, status = measure([baton, cmd, spec], scratch, timeout)
            if status == "timeout":
                timed_out.add(cmd)
                wall = None
            log("  %-18s %-20s %-6s %8s  %s  %s" % (shape.name, variant.name, cmd, size_label(n),
                                                    "%.3f s" % wall if wall is not None else "n/a", status))
            rows.append(Row(shape.name, variant.name, cmd, n, nbytes, wall, rss_kb, status, variant.expect))
        shutil.rmtree(d, ignore_errors=True)
    return rows


def run_all(baton, shapes, scale, work, timeout, log):
    rows = []
    for shape in shapes:
        for variant in shape.variants:
            rows += run_series(baton, shape, variant, scale, work, timeout, log)
    return rows


# ---------------------------------------------------------------------------------------------
# the report


def exponent(a, b):
    """Growth exponent of wall time from row a to row b, or None when either did not complete."""
    if a.wall is None or b.wall is None or not (completed(a.status) and completed(b.status)) or a.wall <= 0:
        return None
    return math.log(b.wall / a.wall) / math.log(b.n / a.n)


def series_of(rows):
    """Rows grouped by (shape, variant, command), sizes in order."""
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault((r.shape, r.variant, r.command), []).append(r)
    return groups


def superlinear(a, b):
    """Whether the growth from row a to row b is flagged: a high exponent over runs long enough to judge."""
    e = exponent(a, b)
    return e is not None and e > SUPERLINEAR and b.wall >= JUDGED_FROM


def fmt_exponent(a, b):
    e = exponent(a, b)
    if e is None:
        return "n/a"
    if superlinear(a, b):
        return "**%.2f superlinear**" % e
    return "%.2f" % e if b.wall >= JUDGED_FROM else "%.2f (short)" % e


def fmt_status(r):
    """The status, with a warning when a run that completed ended otherwise than the shape expects."""
    want = "ok" if r.expect is None else r.expect
    got = r.status
    if completed(got) and (got != "ok" if r.expect is None else "(%s)" % r.expect not in got):
        return "%s ⚠ expected %s" % (got, want)
    return got


def main_table(rows):
    out = ["| shape | command | n | input bytes | wall s | peak RSS MB | status | exponent |",
           "|---|---|---:|---:|---:|---:|---|---:|"]
    for (shape, variant, cmd), series in series_of(rows).items():
        prev = None
        for r in series:
            e = "—" if prev is None else fmt_exponent(prev, r)
            out.append("| %s: %s | `%s` | %s | %d | %s | %s | %s | %s |" % (
                shape, variant, cmd, size_label(r.n), r.bytes,
                "%.3f" % r.wall if r.wall is not None else "n/a",
                "%.1f" % (r.rss_kb / 1024.0) if r.rss_kb and r.wall is not None else "n/a",
                fmt_status(r), e))
            prev = r
    return out


def findings(rows):
    """One line per series that grew superlinearly or did not complete at some size."""
    out = []
    for (shape, variant, cmd), series in series_of(rows).items():
        steep = [exponent(a, b) for a, b in zip(series, series[1:]) if superlinear(a, b)]
        failed = ["%s at %s" % (r.status, size_label(r.n)) for r in series if not completed(r.status)]
        if steep or failed:
            what = ["exponent up to %.2f" % max(steep)] if steep else []
            what += failed
            out.append("- %s: %s, `%s`: %s" % (shape, variant, cmd, "; ".join(what)))
    return out or ["- none: every series completed, none flagged superlinear"]


def syntax_error_table(rows):
    """one-syntax-error against the clean flat spec at the same size: ratios of time and memory."""
    clean = {r.n: r for r in rows if r.shape == BASELINE}
    out = ["| variant | n | clean wall s | error ÷ clean, time | error ÷ clean, peak RSS |",
           "|---|---:|---:|---:|---:|"]
    for r in rows:
        c = clean.get(r.n)
        if r.shape != "one-syntax-error" or c is None:
            continue
        ok = r.wall is not None and c.wall is not None and completed(r.status) and completed(c.status)
        out.append("| %s | %s | %s | %s | %s |" % (
            r.variant, size_label(r.n), "%.3f" % c.wall if c.wall is not None else "n/a",
            "%.2f" % (r.wall / c.wall) if ok else "n/a",
            "%.2f" % (r.rss_kb / c.rss_kb) if ok and c.rss_kb else "n/a"))
    return out if len(out) > 2 else []


def header(env, meta):
    out = ["# baton growth benchmark: %s on %s" % (env["date"], env["host"]), "",
           "Written by `bench/growth.py` (see bench/README.md). One run per size, or the median of three "
           "when a run takes under %.1f s; peak RSS is GNU time's `%%M`. The exponent is "
           "log(t2/t1) / log(n2/n1) between a size and the one before: about 1 is linear, 2 quadratic; "
           "above %.1f it is flagged superlinear, unless the larger run took under %.1f s: such an "
           "exponent is marked (short), as start-up and noise weigh too much in it."
           % (REPEAT_BELOW, SUPERLINEAR, JUDGED_FROM),
           "",
           "| | |", "|---|---|"]
    for k in ("cpu", "kernel", "baton", "commit", "python"):
        out.append("| %s | %s |" % (k, env[k]))
    out += ["| process start-up (`baton --version`) | %.1f ms, %.1f MB |" % (meta["startup"] * 1000,
                                                                          meta["startup_rss_kb"] / 1024.0),
            "| timeout, address-space limit per run | %d s, %s |" % (
                meta["timeout"], "%.1f GB" % meta["limit_gb"] if suite.MEM_LIMIT else "none"),
            "| stack limit (where deep recursion crashes) | %s |" % stack_limit(),
            "| load average (start → end) | %s → %s |" % (meta["load_start"], meta["load_end"]),
            "| total time of this run | %.0f s |" % meta["elapsed"],
            "| command line | `%s` |" % meta["cmdline"], ""]
    return out


def stack_limit():
    soft = resource.getrlimit(resource.RLIMIT_STACK)[0]
    return "unlimited" if soft == resource.RLIM_INFINITY else "%d MB" % (soft // 1048576)


def report(env, meta, rows):
    out = header(env, meta)
    out += ["## Results", ""] + main_table(rows) + [""]
    out += ["## Superlinear or failing", ""] + findings(rows) + [""]
    ratios = syntax_error_table(rows)
    if ratios:
        out += ["## One syntax error against the clean spec", ""] + ratios + [""]
    out += ["## Notes", "",
            "- An exponent between runs that take little more than the process start-up above is "
            "understated (start-up does not grow), or noise on a loaded machine: read the last one of "
            "each series.",
            "- `value-chain: host attributes` builds values of n·n/2 bytes in all (each attribute is the "
            "next one plus a character), so part of its growth is in its output.",
            "- `n/a`: the run did not complete (crash, timeout, memory limit); no exponent is computed across it.",
            ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


def select_shapes(text, parser):
    """The shapes named in --shapes (all when empty); one-syntax-error brings its clean baseline along."""
    by_name = {s.name: s for s in SHAPES}
    names = [t.strip() for t in text.split(",") if t.strip()] or list(by_name)
    for name in names:
        if name not in by_name:
            parser.error("unknown shape %r (one of: %s)" % (name, ", ".join(by_name)))
    if "one-syntax-error" in names and BASELINE not in names:
        names.append(BASELINE)
    return [s for s in SHAPES if s.name in names]


def startup(baton, scratch, timeout):
    """Median wall time and peak RSS of `baton --version` over five runs."""
    runs = [run_once([baton, "--version"], os.path.join(scratch, "version.txt"), timeout) for _ in range(5)]
    return statistics.median(r.wall for r in runs), max(r.rss_kb for r in runs)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--baton", default=os.path.join(os.path.dirname(HERE), "build", "baton"),
                   help="the baton binary (default build/baton)")
    p.add_argument("--shapes", default="", help="comma-separated subset of: " + ", ".join(s.name for s in SHAPES))
    p.add_argument("--scale", type=float, default=1.0, help="multiplies every size (default 1)")
    p.add_argument("--timeout", type=int, default=60, help="seconds before a run is killed (default 60)")
    p.add_argument("--mem-limit", type=float, default=4.0,
                   help="address-space limit per run in GB (default 4; 0 for none)")
    p.add_argument("--work", default=os.path.join(WORK, "growth"), help="scratch directory (default bench/work/growth)")
    p.add_argument("--out", help="also write the report to this Markdown file")
    args = p.parse_args(argv)
    shapes = select_shapes(args.shapes, p)
    baton = os.path.abspath(args.baton)
    if not os.access(baton, os.X_OK):
        p.error("no baton binary at %s (build it: scripts/build.sh build)" % baton)
    if not os.path.exists("/usr/bin/time"):
        p.error("/usr/bin/time (Debian package 'time') is required for the peak RSS")

    def log(s):
        print(s, file=sys.stderr, flush=True)

    suite.limit_address_space(args.mem_limit)
    os.makedirs(args.work, exist_ok=True)
    started = time.perf_counter()
    meta = {"cmdline": " ".join(["bench/growth.py"] + argv), "timeout": args.timeout, "limit_gb": args.mem_limit,
            "load_start": " ".join("%.2f" % x for x in os.getloadavg())}
    meta["startup"], meta["startup_rss_kb"] = startup(baton, args.work, args.timeout)
    rows = run_all(baton, shapes, args.scale, args.work, args.timeout, log)
    meta["load_end"] = " ".join("%.2f" % x for x in os.getloadavg())
    meta["elapsed"] = time.perf_counter() - started
    text = report(suite.environment(baton), meta, rows)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        log("wrote %s" % args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
