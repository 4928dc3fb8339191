#!/usr/bin/env python3
# Times `baton check` on the flat spec with one syntax error near its start or its end, and on
# token-dense bad input, against the clean spec in the same run: the cost of one mistake.
"""Mistakes benchmark (issue 13, done-when row 1; see bench/README.md).

Writes the flat spec (gen_spec.py, default 100k action instances), a copy with one broken line
near its end and one near its start, and `(` repeated 1 MB and 20 MB; runs `baton check` on
each, interleaved round after round, once as built (the ANTLR path only in windows around the
mistake) and once with BATON_ANTLR_WHOLE_FILE=1 (the whole file through ANTLR, as before the
windows). Prints a Markdown table: median wall time, peak RSS, the exit status, and each
mistake's time and memory as a ratio of the clean spec's (the target is at most 1.5x).
A report, not an assertion.

Example: bench/mistakes.py --baton build/baton --size 100k --runs 3
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import suite  # noqa: E402
from suite import run_once, size_label  # noqa: E402
from gen_spec import parse_size  # noqa: E402

BROKEN_LINE = "param broken = (1 +\n"  # one syntax error: an operand missing before ')'


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def cases(work, size):
    """(name, path) of every input, generating what is missing."""
    prefix = os.path.join(work, "flat-%s" % size_label(size))
    if not os.path.exists(prefix + ".baton"):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_spec.py"), "--shape", "flat",
                        "--actions", str(size), "--out", prefix], check=True,
                       stdout=subprocess.DEVNULL)
    clean = prefix + ".baton"
    with open(clean) as f:
        text = f.read()
    lines = text.splitlines(keepends=True)
    # Between two declarations: before a line that starts one, 10 lines from either end.
    starts = [i for i, line in enumerate(lines) if line[:1].isalpha()]
    near_end = next(i for i in reversed(starts) if i < len(lines) - 10)
    near_start = next(i for i in starts if i > 10)
    out = [("clean", clean)]
    out.append(("error near end",
                write(prefix + "-error-end.baton",
                      "".join(lines[:near_end] + [BROKEN_LINE] + lines[near_end:]))))
    out.append(("error near start",
                write(prefix + "-error-start.baton",
                      "".join(lines[:near_start] + [BROKEN_LINE] + lines[near_start:]))))
    out.append(("'(' x 1 MB", write(os.path.join(work, "parens-1MB.baton"), "(" * 1000000)))
    out.append(("'(' x 20 MB", write(os.path.join(work, "parens-20MB.baton"), "(" * 20000000)))
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--baton", default=os.path.join(HERE, "..", "build", "baton"))
    p.add_argument("--size", default="100k", help="action instances of the flat spec (default 100k)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--mem-limit", type=float, default=0, help="GB of address space per run (0: none)")
    p.add_argument("--work", default=os.path.join(HERE, "work"))
    p.add_argument("--whole-file", action="store_true", help="also run with BATON_ANTLR_WHOLE_FILE=1")
    args = p.parse_args(argv)
    suite.limit_address_space(args.mem_limit)
    os.makedirs(args.work, exist_ok=True)
    inputs = cases(args.work, parse_size(args.size))
    modes = [("windows", None)] + ([("whole file", "1")] if args.whole_file else [])
    runs = {}
    scratch = tempfile.mkdtemp(prefix="baton-mistakes-")
    for _ in range(args.runs):
        for mode, env in modes:
            for name, path in inputs:
                if env:
                    os.environ["BATON_ANTLR_WHOLE_FILE"] = env
                else:
                    os.environ.pop("BATON_ANTLR_WHOLE_FILE", None)
                r = run_once([args.baton, "check", path], os.path.join(scratch, "err"), args.timeout)
                runs.setdefault((mode, name), []).append(r)
    os.environ.pop("BATON_ANTLR_WHOLE_FILE", None)
    print("| mode | input | size | wall (median) | peak RSS | exit | time / clean | RSS / clean |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for mode, _ in modes:
        clean = runs[(mode, "clean")]
        t0 = statistics.median(r.wall for r in clean)
        m0 = max(r.rss_kb for r in clean)
        for name, path in inputs:
            rs = runs[(mode, name)]
            t = statistics.median(r.wall for r in rs)
            m = max(r.rss_kb for r in rs)
            status = ",".join(sorted({str(r.status) for r in rs}))
            print("| %s | %s | %.1f MB | %.3f s | %.0f MB | %s | %.2fx | %.2fx |" % (
                mode, name, os.path.getsize(path) / 1e6, t, m / 1024, status, t / t0, m / m0))


if __name__ == "__main__":
    main(sys.argv[1:])
