#!/usr/bin/env python3
"""Checks the operation plans of specs against their deploy plans (tests/lit/examples/operations.test).

    check_operations.py BATON SPEC...

For each spec:
  - teardown: every step of the teardown undoes one deploy step (`undoes`), every deploy step
    (handlers aside, a split action once) is undone, and the edges between the undos are
    exactly the deploy's edges reversed: every deploy edge u -> v appears as v -> u, and no
    other edge is added (an instance's own teardown actions follow each other, which maps to
    no edge). What waits for a split action's first run is left out, as the rules say;
  - restart, for specs that declare it: at the largest batch the groups allow, no batch takes
    more than size - min members down, batches cover their steps in order, and every
    instance of a service that declares it is in exactly one batch.
Prints one line per spec and a summary; exit status 1 on any failure.
"""
import json
import re
import subprocess
import sys


def plan(baton, spec, *args):
    p = subprocess.run([baton, "plan", spec, "--format", "json", *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError(f"{spec} {' '.join(args)}: {p.stderr.decode()}")
    return json.loads(p.stdout)


def key(step):
    return f"{step['instance']}.{step['action']}"


def check_teardown(deploy, teardown):
    problems = []
    steps = deploy["steps"]
    expected, slots = set(), set()
    for u in steps:
        if u["handler"]:
            continue
        slots.add(key(u))
        for d in u["waits_for"]:
            v = steps[d["step"]]
            if v["handler"] or v["occurrence"] == 0 or key(v) == key(u):
                continue
            expected.add((key(v), key(u)))  # v's undo waits for u's
    got, undone = set(), set()
    for t in teardown["steps"]:
        if t["undoes"] is None:
            # Only an instance without a deploy step has teardown steps that undo nothing.
            if any(s["instance"] == t["instance"] and not s["handler"] for s in steps):
                problems.append(f"step {t['label']} undoes nothing")
            continue
        undone.add(t["undoes"])
        for d in t["waits_for"]:
            s = teardown["steps"][d["step"]]
            if s["undoes"] != t["undoes"]:
                got.add((t["undoes"], s["undoes"]))
    if undone != slots:
        problems.append(f"undone {sorted(undone ^ slots)} differ from the deploy's steps")
    if got - expected:
        problems.append(f"edges not in the deploy, reversed: {sorted(got - expected)}")
    if expected - got:
        problems.append(f"deploy edges not reversed: {sorted(expected - got)}")
    if teardown["operation"] != "teardown" or teardown["batches"]:
        problems.append("not a teardown plan")
    return problems


def check_restart(restart):
    problems = []
    seen = set()
    position = 0
    for b in restart["batches"]:
        limit = b["size"] - (b["min"] or 0)
        if len(b["members"]) > limit:
            problems.append(f"batch {b} takes down more than {limit}")
        if b["first"] != position or b["end"] <= b["first"]:
            problems.append(f"batch {b} does not follow the one before")
        position = b["end"]
        for m in b["members"]:
            if m in seen:
                problems.append(f"{m} in two batches")
            seen.add(m)
        for s in restart["steps"][b["first"]:b["end"]]:
            if s["instance"] not in b["members"]:
                problems.append(f"step {s['label']} is not of its batch's members")
    if position != len(restart["steps"]):
        problems.append("steps outside every batch")
    return problems


def main():
    baton, specs = sys.argv[1], sys.argv[2:]
    failures = 0
    for spec in specs:
        name = spec.rsplit("/", 1)[-1]
        deploy = plan(baton, spec)
        problems = check_teardown(deploy, plan(baton, spec, "--op", "teardown"))
        what = "teardown"
        if re.search(r"\bop\s+restart\b", open(spec, encoding="utf-8").read()):
            # The largest batch each group allows is at least 1: --batch 1 always fits.
            problems += check_restart(plan(baton, spec, "--op", "restart"))
            what += ", restart"
        for p in problems:
            print(f"FAIL {name}: {p}")
        failures += bool(problems)
        print(f"{name}: {what}: {'ok' if not problems else 'FAILED'}")
    print(f"operations: {len(specs)} specs, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
