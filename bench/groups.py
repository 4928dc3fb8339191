#!/usr/bin/env python3
"""Whole-group references (issue 13, bench row 2): time and peak RSS, no assertion.

On an N-member group w with service a on it, four specs (and `after a[*].run` beside them):
  (a) service b on w reads a[*].o: every member of b reads every member of a;
  (b) a plain service reads a[*].o;
  (c) every member of b on w reads a plain service's output;
  (d) order a before b, both on w;
  (e) b.run after a[*].run, both on w.
Each is run through `baton check` and `baton plan` (text to /dev/null) under a timeout and the
address-space limit of suite.py, and the table gives the wall time, the peak RSS (GNU time's %M)
and the exit status. The target of the issue: each planned in under 2 s and 500 MB at N = 100k.

    bench/groups.py [--baton build/baton] [--sizes 1000,4000,8000,100000] [--timeout 60]
        [--mem-limit GB] [--commands check,plan] [--cases a,b,...] [--out FILE.md]
"""

import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import growth  # noqa: E402  (the group specs, measure, describe_status)

CASES = [
    ("(a) group reads group: a[*].o", growth.group_reads_group),
    ("(b) plain reads group: a[*].o", growth.plain_reads_group),
    ("(c) group reads plain: c.o", growth.group_reads_plain),
    ("(d) order a before b", growth.group_order),
    ("(e) after a[*].run", growth.group_after_group),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baton", default=os.path.join(HERE, "..", "build", "baton"))
    ap.add_argument("--sizes", default="1000,4000,8000,100000")
    ap.add_argument("--commands", default="check,plan")
    ap.add_argument("--cases", default="", help="comma-separated letters (a-e); default all")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--mem-limit", type=float, default=4, help="GB of address space per run (0: none)")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    growth.suite.limit_address_space(args.mem_limit)
    baton = os.path.abspath(args.baton)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    commands = [c for c in args.commands.split(",") if c]
    letters = set(args.cases.split(",")) if args.cases else None
    lines = ["| case | command | N | wall s | peak RSS MB | status |", "|---|---|---:|---:|---:|---|"]
    with tempfile.TemporaryDirectory() as work:
        for name, write in CASES:
            if letters and name[1] not in letters:
                continue
            skip = set()  # a command that timed out or ran out of memory is not run larger
            for n in sizes:
                d = os.path.join(work, "n%d" % n)
                os.makedirs(d, exist_ok=True)
                spec = write(n, d)
                for cmd in commands:
                    if cmd in skip:
                        lines.append("| %s | `%s` | %d | — | — | skipped (failed smaller) |" % (name, cmd, n))
                        continue
                    wall, rss_kb, status = growth.measure([baton, cmd, spec], d, args.timeout)
                    if not growth.completed(status):
                        skip.add(cmd)
                    lines.append("| %s | `%s` | %d | %.3f | %.1f | %s |" % (name, cmd, n, wall, rss_kb / 1024, status))
                    print(lines[-1], file=sys.stderr, flush=True)
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
