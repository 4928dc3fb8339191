#!/usr/bin/env python3
"""Every spec of the repository passes `baton fmt --check --verify` (nothing is written):
the layout is stable, keeps every comment and compiles to the same IR and plan. A spec with a
mistake must be refused with its diagnostics (exit 1), never with a --verify failure.

Usage: verify_repo.py BATON REPO_ROOT [WORK_DIR, unused]"""
import os
import subprocess
import sys


def main():
    baton, root = sys.argv[1:3]
    specs = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and not x.startswith("build")]
        specs += [os.path.join(d, f) for f in files if f.endswith(".baton")]
    specs.sort()
    verified = refused = 0
    failures = []
    for spec in specs:
        # --check: nothing is written; the spec stays where it is, so its imports resolve.
        r = subprocess.run([baton, "fmt", "--check", "--verify", spec], capture_output=True)
        err = r.stderr.decode(errors="replace")
        if "--verify" in err or r.returncode == 2:
            failures.append(f"{os.path.relpath(spec, root)}: exit {r.returncode}: {err.strip()}")
        elif r.returncode == 1 and err:
            refused += 1
        else:
            verified += 1
    for f in failures:
        print("FAIL", f)
    print(f"{verified} specs verified, {refused} refused for their mistakes, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
