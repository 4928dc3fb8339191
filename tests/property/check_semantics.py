#!/usr/bin/env python3
"""Property test of the semantics: random specs (gen_semantics.py) whose plans baton must get exactly right.

For each of N seeded specs, `baton plan --format json` (its diagnostics as json) is compared with
what docs/semantics.md says, as computed by oracle.py: the error and warning codes, and for a
spec without errors every step (in plan order), its level, what it waits for (step and edge
kind, as a set), a handler's triggers, the captures and the step each follows, and the splits.
For K of the specs without errors the shell script is also compiled and run with the local
transport (shell_run.py): the log must respect every expected wait, run each handler exactly
when one of its events fired, hand every command the expected arguments, and stop at a failing
step after running its `failed` handlers.

A mismatch is shrunk (services, actions, inputs, ... dropped while it persists), printed with its
seed, the spec, expected and actual, and the spec is written to --save DIR for reproduction.

Usage: check_semantics.py --baton BIN [--count N] [--seed S] [--start N] [--run-shell K]
                          [--pending RULE,...] [--save DIR] [--require-kinds]
(`--seed S --start N --count 1` checks the spec of seed S:N alone.)
Exit status 1 if any spec mismatched (or, with --require-kinds, a kind of construct was never
generated or a pending rule would have changed no spec), else 0.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_semantics import generate  # noqa: E402
from oracle import RULE_KINDS, RULES, Ambiguous, codes_match, expect  # noqa: E402
from shell_run import ShellRun, shape  # noqa: E402
from shrink import shrink  # noqa: E402
from spec_model import spec_text  # noqa: E402

# Every kind of construct or outcome the generator must produce at least once in a run (the
# oracle records the kinds each spec exercised). Kinds that only a pending rule produces are
# left out when that rule is pending.
KINDS = {
    "guarded-away", "unused-input", "own-capture-in-deploy", "capture-command-uses-output",
    "peer-capture-read", "event-changed", "event-ok", "event-failed", "paired-event",
    "event-never-fires", "handler-never-triggered", "split", "split-not-last", "split-blocked-first-run",
    "split-blocked-own-capture", "E0501", "E0502", "E0313", "E0404", "E0405", "E0406", "E0407", "E0503",
    "failed-handler-reads-missing-capture", "carried-capture", "member-expression", "host-attribute",
    "after-handler", "handler-emitter", "handler-emitter-never-runs", "step-after-skipped-handler",
    "cycle-left-after-split", "own-service-static-read",
    "capture-reads-itself-or-later", "capture-reads-earlier-capture", "guard-on-input", "E0304",
    "handler-triggered-by-its-last-action", "target-handler-guarded-away", "trigger-by-second-run",
    "trigger-by-split-action-in-its-cycle", "handler-in-split-cycle",
}
KINDS_OF_RULE = {"1": {"split-blocked-own-capture-not-last", "capture-after-split-not-last"}}


class Baton:
    """Runs baton on a spec file: the plan (or None) and the diagnostics' codes."""

    def __init__(self, binary):
        self.binary = binary

    def plan(self, path):
        p = subprocess.run([self.binary, "plan", path, "--format", "json", "--diag-format", "json"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        diags = json.loads(p.stderr) if p.stderr.strip() else {"diagnostics": []}
        codes = collections.defaultdict(set)
        for d in diags["diagnostics"]:
            codes[d["severity"]].add(d["code"])
        plan = json.loads(p.stdout) if p.returncode == 0 else None
        return plan, codes["error"], codes["warning"]


def actual_of(plan):
    """The parts of a plan the oracle predicts, by step label."""
    steps = plan["steps"]
    label = [s["label"] for s in steps]
    return {
        "steps": label,
        "levels": {s["label"]: s["level"] for s in steps},
        "n_levels": plan["levels"],
        "waits": {s["label"]: {(label[d["step"]], d["kind"]) for d in s["waits_for"]} for s in steps},
        "triggers": {s["label"]: {(label[t["step"]], t["event"]) for t in s["triggers"]}
                     for s in steps if s["handler"]},
        "handlers": {s["label"] for s in steps if s["handler"]},
        "captures": {f"{c['instance']}.{c['output']}": label[c["step"]] for c in plan["captures"]},
        "splits": {(sp["action"], frozenset(sp["cycle"])) for sp in plan["splits"]},
    }


def code_diff(expected, actual):
    """What a mismatch of codes is: the codes expected and missing, and the codes extra."""
    if codes_match(expected, actual):
        return (), ()
    return tuple(sorted(expected - actual)), tuple(sorted(actual - expected))


def compare(exp, plan, errors, warnings):
    """The differences between the expected result and baton's, as {category: (summary, text)}; the
    summary is what shrinking keeps."""
    diff = {}
    if not codes_match(exp.errors, errors):
        diff["errors"] = (code_diff(exp.errors, errors), f"expected {sorted(exp.errors)}, baton {sorted(errors)}")
    if exp.warnings != warnings:
        diff["warnings"] = (code_diff(exp.warnings, warnings),
                            f"expected {sorted(exp.warnings)}, baton {sorted(warnings)}")
    if diff.get("errors") or exp.errors or errors or plan is None:
        return diff
    return dict(diff, **{k: (None, v) for k, v in compare_plans(exp, plan).items()})


def compare_plans(exp, plan):
    """The differences between two plans, as {category: text}."""
    diff = {}
    act = actual_of(plan)
    if exp.steps != act["steps"]:
        same = set(exp.steps) == set(act["steps"])
        diff["steps"] = (f"order: expected {exp.steps}\n  baton    {act['steps']}" if same else
                         f"missing {sorted(set(exp.steps) - set(act['steps']))}, "
                         f"extra {sorted(set(act['steps']) - set(exp.steps))}")
    common = [s for s in exp.steps if s in act["levels"]]
    for key in ("levels", "waits"):
        lines = [f"{s}: expected {fmt(getattr(exp, key)[s])}, baton {fmt(act[key][s])}"
                 for s in common if getattr(exp, key)[s] != act[key][s]]
        if lines:
            diff[key] = "\n  ".join(lines)
    if exp.n_levels != act["n_levels"] and "levels" not in diff:
        diff["levels"] = f"expected {exp.n_levels} levels, baton {act['n_levels']}"
    if exp.handlers != act["handlers"] or any(exp.triggers[h] != act["triggers"].get(h) for h in exp.handlers):
        diff["triggers"] = "\n  ".join(f"{h}: expected {fmt(exp.triggers.get(h))}, baton {fmt(act['triggers'].get(h))}"
                                       for h in sorted(exp.handlers | act["handlers"])
                                       if exp.triggers.get(h) != act["triggers"].get(h))
    if exp.captures != act["captures"]:
        diff["captures"] = f"expected {exp.captures}, baton {act['captures']}"
    if exp.splits != act["splits"]:
        diff["splits"] = f"expected {fmt(exp.splits)}, baton {fmt(act['splits'])}"
    return diff


def fmt(value):
    """Sets sorted, tuples in parentheses: the same text for the same value."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(fmt(v) for v in sorted(value, key=str)) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    return str(value)


def signature(diff):
    """What kind of mismatch this is: the shrunk spec must keep it."""
    return {k: summary for k, (summary, _) in diff.items()}


class Checker:
    def __init__(self, args):
        self.args = args
        self.baton = Baton(args.baton)
        self.pending = [r for r in args.pending.split(",") if r]
        unknown = set(self.pending) - set(RULES)
        if unknown:
            raise SystemExit(f"check_semantics.py: unknown rules {sorted(unknown)}; known: {sorted(RULES)}")
        self.work = tempfile.mkdtemp(prefix="baton-property.")
        self.spec_path = os.path.join(self.work, "spec.baton")
        self.mismatches = 0
        self.exercised = collections.Counter()  # pending rule -> specs whose outcome it would change
        self.kinds = collections.Counter()
        self.outcomes = collections.Counter()

    def run_spec(self, spec):
        """(expected, diff, plan) for a spec; raises Ambiguous."""
        exp = expect(spec, self.pending)
        with open(self.spec_path, "w") as f:
            f.write(spec_text(spec))
        plan, errors, warnings = self.baton.plan(self.spec_path)
        return exp, compare(exp, plan, errors, warnings), plan

    def still_fails(self, sig):
        def test(spec):
            try:
                _, diff, _ = self.run_spec(spec)
            except Ambiguous:
                return False
            return signature(diff) == sig
        return test

    def show(self, title, seed, spec, lines, original=None):
        """Saves the (shrunk) spec under --save and prints it with what went wrong."""
        name = f"{title.lower().replace(' ', '-')}-{seed.replace(':', '-')}"
        path = os.path.join(self.args.save, name)
        os.makedirs(self.args.save, exist_ok=True)
        for suffix, s in (("", spec), (".original", original)):
            if s is not None:
                with open(path + suffix + ".baton", "w") as f:
                    f.write(spec_text(s))
        print(f"{title.upper()} seed {seed} (shrunk; saved as {path}.baton)")
        print("  " + spec_text(spec).rstrip().replace("\n", "\n  "))
        for line in lines:
            print("  " + line)
        sys.stdout.flush()

    def report(self, seed, spec, diff):
        self.mismatches += 1
        small = shrink(spec, self.still_fails(signature(diff)))
        _, small_diff, _ = self.run_spec(small)
        self.show("mismatch", seed, small, [f"{k}: {text}" for k, (_, text) in small_diff.items()], spec)

    def count_exercised(self, spec, exp):
        """Which pending rules would change what is expected of the spec, were they followed."""
        for rule in self.pending:
            if RULE_KINDS[rule] & exp.kinds:
                try:
                    followed = expect(spec, set(self.pending) - {rule})
                except Ambiguous:
                    continue
                if followed.outcome() != exp.outcome():
                    self.exercised[rule] += 1

    def check(self, n):
        seed = f"{self.args.seed}:{n}"
        spec, exp, _ = generate(seed, self.pending)
        self.kinds.update(exp.kinds)
        self.count_exercised(spec, exp)
        _, diff, plan = self.run_spec(spec)
        self.outcomes[",".join(sorted(exp.errors)) or "plan"] += 1
        if diff:
            self.report(seed, spec, diff)
        return spec, exp, plan, not diff

    def main(self):
        start = time.time()
        shell = ShellRun(self.args.baton, self.work)
        runnable = []
        for n in range(self.args.start, self.args.start + self.args.count):
            spec, exp, plan, ok = self.check(n)
            if ok and plan is not None:
                runnable.append((f"{self.args.seed}:{n}", spec, exp))
        shell_failures = 0
        if self.args.run_shell:
            shell_start = time.time()
            chosen = self.interesting(runnable, self.args.run_shell)
            for seed, spec, exp in chosen:
                problems = shell.check(spec, exp, seed)
                if problems:
                    shell_failures += 1
                    self.report_shell(seed, spec, shell, problems)
            print(f"shell: {len(chosen)} scripts run, {shell_failures} failed, {time.time() - shell_start:.0f} s")
        missing = self.missing_kinds()
        idle = [r for r in self.pending if not self.exercised[r]]
        print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())))
        print("kinds not covered: " + (", ".join(sorted(missing)) or "none"))
        if self.pending:
            print("pending rules exercised (specs they would change): " +
                  ", ".join(f"{r} {self.exercised[r]}" for r in self.pending))
            print("pending rules never exercised: " + (", ".join(idle) or "none"))
        print(f"property: {self.args.count} specs, {self.mismatches} mismatches, {time.time() - start:.0f} s"
              + (f" (pending rules: {','.join(self.pending)})" if self.pending else ""))
        failed = self.mismatches or shell_failures or (self.args.require_kinds and (missing or idle))
        if not shell_failures:
            shutil.rmtree(self.work, ignore_errors=True)  # else it holds the logs of the failed runs
        return 1 if failed else 0

    @staticmethod
    def interesting(runnable, k):
        """k of the specs that have a plan, spread over the run, those with handlers, splits or
        captures first."""
        runnable = [r for r in runnable if "capture-order" not in r[2].hazards]  # its script fails
        rich = [r for r in runnable if r[2].handlers or r[2].splits or r[2].captures]
        pool = rich if len(rich) >= k else runnable
        step = max(1, len(pool) // k)
        return pool[::step][:k]

    def report_shell(self, seed, spec, shell, problems):
        """Shrinks a spec whose script misbehaves (a few dozen runs at most) while it has the same
        kinds of problems, prints it and saves it."""
        shapes = {shape(p) for p in problems}

        def still_fails(s):
            try:
                exp, diff, plan = self.run_spec(s)
            except Ambiguous:
                return False
            return not diff and plan is not None and {shape(p) for p in shell.check(s, exp, seed + "-shrink")} == shapes

        small = shrink(spec, still_fails, limit=60)
        problems = shell.check(small, expect(small, self.pending), seed + "-shrunk")
        self.show("shell mismatch", seed, small, problems[:20], spec)

    def missing_kinds(self):
        wanted = set(KINDS)
        for rule, kinds in KINDS_OF_RULE.items():
            if rule not in self.pending:
                wanted |= kinds
        return {k for k in wanted if not self.kinds[k]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baton", required=True)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--start", type=int, default=0, help="the first spec (seed S:N is spec N of seed S)")
    ap.add_argument("--run-shell", type=int, default=0, metavar="K")
    ap.add_argument("--pending", default="", help="decided rules baton does not implement yet: " +
                    "; ".join(f"{k}: {v}" for k, v in RULES.items()))
    ap.add_argument("--save", default="property-mismatches", help="where mismatching specs are written")
    ap.add_argument("--require-kinds", action="store_true",
                    help="fail if a kind of construct was never generated, or a pending rule never mattered")
    return Checker(ap.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
