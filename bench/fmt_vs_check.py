#!/usr/bin/env python3
"""Bench row of `baton fmt` (issue 17): formatting the flat spec takes at most 2x what `check`
takes on it. Generates bench/work/flat-SIZE.baton with gen_spec.py when missing, then times
`baton check SPEC` and `baton fmt --check SPEC` (the whole layout computed, nothing written;
`fmt SPEC` in place on a copy is timed too), RUNS rounds interleaved, output to /dev/null;
it prints
the medians (wall and CPU) and the ratio.

Usage: bench/fmt_vs_check.py [--baton build/baton] [--size 1M] [--runs 3]"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baton", default=os.path.join(HERE, "..", "build", "baton"))
    ap.add_argument("--size", default="1M")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    prefix = os.path.join(args.work, "flat-" + args.size)
    spec = prefix + ".baton"
    if not os.path.exists(spec):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_spec.py"), "--shape", "flat",
                        "--actions", args.size, "--out", prefix], check=True, stdout=subprocess.DEVNULL)
    copy = prefix + ".fmt-copy.baton"
    commands = (("check", [args.baton, "check", spec]),
                ("fmt --check", [args.baton, "fmt", "--check", spec]),
                ("fmt (in place)", [args.baton, "fmt", copy]))
    rows = {name: [] for name, _ in commands}
    # Interleaved, round after round, so that load from other processes falls on all alike.
    for _ in range(args.runs):
        for name, cmd in commands:
            if name.startswith("fmt (in"):
                shutil.copy(spec, copy)
            rows[name].append(timed(cmd))
    if os.path.exists(copy):
        os.remove(copy)
    size_mb = os.path.getsize(spec) / 1e6
    print(f"flat {args.size}: {size_mb:.0f} MB, {args.runs} runs each (median)")
    print("| command | wall | CPU | exit |")
    print("| --- | --- | --- | --- |")
    for name, runs in rows.items():
        print(f"| `{name}` | {statistics.median(r[0] for r in runs):.2f} s | "
              f"{statistics.median(r[1] for r in runs):.2f} s | {runs[0][2]} |")
    chk = statistics.median(r[0] for r in rows["check"])
    for name in ("fmt --check", "fmt (in place)"):
        f = statistics.median(r[0] for r in rows[name])
        verdict = "met" if f <= 2 * chk else "NOT met"
        print(f"{name} / check = {f / chk:.2f} (at most 2: {verdict})")


if __name__ == "__main__":
    main()
