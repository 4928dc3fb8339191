#!/usr/bin/env python3
"""The golden pairs of `baton fmt`: tests/lit/fmt/inputs/golden/NAME.in formats to NAME.out,
byte for byte; NAME.out formats to itself (idempotence); and `baton fmt --verify` accepts
NAME.in (same comments, same IR, same plan). `--update` rewrites the .out files (review them).

Usage: check_golden.py BATON GOLDEN_DIR WORK_DIR [--update]"""
import os
import shutil
import subprocess
import sys


def fmt(baton, data):
    r = subprocess.run([baton, "fmt", "-"], input=data, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode(errors="replace"))
    return r.stdout


def main():
    baton, golden, work = sys.argv[1:4]
    update = "--update" in sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    names = sorted(n[:-3] for n in os.listdir(golden) if n.endswith(".in"))
    failures = []
    for name in names:
        src = open(os.path.join(golden, name + ".in"), "rb").read()
        out_path = os.path.join(golden, name + ".out")
        try:
            got = fmt(baton, src)
        except RuntimeError as e:
            failures.append(f"{name}: baton fmt failed: {e}")
            continue
        if update:
            open(out_path, "wb").write(got)
        want = open(out_path, "rb").read() if os.path.exists(out_path) else None
        if got != want:
            failures.append(f"{name}: output differs from {name}.out:\n{got.decode(errors='replace')}")
            continue
        if fmt(baton, got) != got:
            failures.append(f"{name}: not idempotent")
        # --verify on a copy (imports resolve against the copy's directory: none exist).
        copy = os.path.join(work, name + ".baton")
        open(copy, "wb").write(src)
        r = subprocess.run([baton, "fmt", "--verify", copy], capture_output=True)
        if r.returncode != 0 or open(copy, "rb").read() != want:
            failures.append(f"{name}: --verify failed: {r.stderr.decode(errors='replace')}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(names)} golden pairs, {len(failures)} failures")
    return 1 if failures or len(names) < 50 else 0


if __name__ == "__main__":
    sys.exit(main())
