#!/usr/bin/env python3
"""`check` is the gate: every spec of the repository that `plan` rejects for a cycle, `check`
rejects too, with and without the params that plan was given.

    check_cycle_gate.py --baton BIN --root REPO

Enumerates the specs under examples/, tests/ (lit tests and their inputs, e2e) and bench/inputs/.
Each is planned as it is; a spec whose plan lacks params (E0308) is planned again with values
for them: ints 1, 2 and 3 (each int param at once), other types one value each. Every plan that
reports a deadlock or an impossible split (E0501, E0502) must have `check` report one too: with
the same --param values, and with none. Prints one line per miss and a summary; exit status 1
on a miss.
"""
import argparse
import os
import re
import subprocess
import sys

CYCLE = {"E0501", "E0502"}
MISSING = re.compile(r"help: pass --param ([A-Za-z_][A-Za-z0-9_]*)=<(\w+)>")
CODE = re.compile(r"\[([EWR]\d{4})\]")
VALUES = {"string": "x", "bool": "true", "list": "a,b"}


def specs(root):
    for top in ("examples", "tests", os.path.join("bench", "inputs")):
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".baton"):
                    yield os.path.join(folder, f)


def run(baton, command, spec, params):
    args = [baton, command, os.path.basename(spec)]
    for name, value in params:
        args += ["--param", f"{name}={value}"]
    r = subprocess.run(args, cwd=os.path.dirname(spec), capture_output=True, text=True,
                       env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    return r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--root", required=True)
    a = ap.parse_args()
    a.baton = os.path.abspath(a.baton)
    total = rejected = with_params = misses = 0
    for spec in specs(a.root):
        total += 1
        out = run(a.baton, "plan", spec, [])
        runs = [([], out)]
        missing = MISSING.findall(out)
        if missing:
            for n in (1, 2, 3):
                params = [(name, str(n) if t == "int" else VALUES.get(t, "x")) for name, t in missing]
                runs.append((params, run(a.baton, "plan", spec, params)))
        rel = os.path.relpath(spec, a.root)
        for params, plan_out in runs:
            codes = set(CODE.findall(plan_out))
            if not codes & CYCLE:
                continue
            rejected += 1
            with_params += bool(params)
            for given in ([params, []] if params else [[]]):
                check_codes = set(CODE.findall(run(a.baton, "check", spec, given)))
                if not check_codes & CYCLE:
                    misses += 1
                    shown = " ".join(f"--param {n}={v}" for n, v in given) or "no params"
                    print(f"MISS: {rel}: plan {' '.join(f'--param {n}={v}' for n, v in params)} "
                          f"reports {', '.join(sorted(codes & CYCLE))}; check ({shown}) does not")
    print(f"gate: {total} specs, {rejected} plans rejected for a cycle ({with_params} with params), "
          f"{misses} missed by check")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
