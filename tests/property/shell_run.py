# Runs a generated spec's shell script with the local transport and checks its log against the oracle.
#
# Every command is the stub of the end-to-end tests (tests/e2e/e2e_stub.py), which logs its step,
# capture and arguments and exits with the status given for its step: 0 (changed) or 99 (ok) at
# random, so that handlers run only when one of their events fired; then, when the plan has
# `failed` handlers, one step fails.
import collections
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys

E2E = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e")
sys.path.insert(0, E2E)
import e2e_stub  # noqa: E402
from spec_model import CAPTURE, COMMAND, spec_text  # noqa: E402

EVENT_OF_STATUS = {0: "changed", 99: "ok"}


class Log:
    """The entries of one run, by step: the position of each command and capture."""

    def __init__(self, path):
        self.entries = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                self.entries = [json.loads(line) for line in f]
        self.commands = collections.defaultdict(list)
        self.captures = collections.defaultdict(list)
        for n, e in enumerate(self.entries):
            (self.captures[e["capture"]] if e["capture"] else self.commands[e["step"]]).append((n, e))

    def ran(self):
        return set(self.commands)

    def span(self, step):
        """First and last positions of a step's entries, captures included."""
        where = [n for n, e in enumerate(self.entries) if e["step"] == step]
        return min(where), max(where)


def shape(problem):
    """What kind of problem a script had, without the labels and numbers (for shrinking)."""
    return re.sub(r"\S+\.\S+|\d+", "_", problem).split(":")[0].split(",")[0]


class ShellRun:
    def __init__(self, baton, work):
        self.baton = baton
        self.work = work
        self.bin = os.path.join(work, "bin")
        os.makedirs(self.bin, exist_ok=True)
        stub = os.path.join(E2E, "e2e_stub.py")
        for name in (COMMAND, CAPTURE):
            path = os.path.join(self.bin, name)
            with open(path, "w") as f:
                # -S: no site packages; the stub needs only the standard library, and starts faster.
                f.write(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -S {shlex.quote(stub)} "$0" "$@"\n')
            os.chmod(path, 0o755)
        self.shell = shutil.which("dash") or "sh"

    # ---- running

    def compile(self, spec, where):
        os.makedirs(where, exist_ok=True)
        path = os.path.join(where, "spec.baton")
        with open(path, "w") as f:
            f.write(spec_text(spec))
        script = os.path.join(where, "deploy.sh")
        p = subprocess.run([self.baton, "compile", path, "--target", "shell", "-o", script],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return script if p.returncode == 0 else None, p.stdout.decode(errors="replace")

    def execute(self, script, where, name, statuses):
        log = os.path.join(where, name + ".log")
        env = dict(os.environ)
        env["BATON_E2E_REAL_PATH"] = env.get("PATH", "/usr/bin:/bin")
        env["PATH"] = self.bin + os.pathsep + env["BATON_E2E_REAL_PATH"]
        env["BATON_E2E_LOG"] = log
        env["BATON_E2E_PWNED"] = self.pwned(where)
        env["BATON_E2E_STATUS"] = json.dumps(statuses)
        # The local transport starts steps from an empty environment; the stubs read these.
        env["BATON_LOCAL_ENV"] = "BATON_E2E_REAL_PATH BATON_E2E_LOG BATON_E2E_PWNED BATON_E2E_STATUS"
        p = subprocess.run([self.shell, script, "--transport", "local", "--jobs", "4"], env=env, cwd=where,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode(errors="replace"), Log(log)

    def pwned(self, where):
        return os.path.join(where, "pwned")

    # ---- what should happen

    def text(self, segments, where):
        return "".join(s if isinstance(s, str) else e2e_stub.capture_value(s[1], self.pwned(where)) for s in segments)

    def expected_runs(self, exp, statuses):
        """The steps that run when each step exits with its status (none fails)."""
        event, ran = {}, set()
        for s in exp.steps:
            if s in exp.handlers and not any(event.get(e) == k for e, k in exp.triggers[s]):
                continue
            ran.add(s)
            event[s] = EVENT_OF_STATUS[statuses[s]]
        return ran

    def descendants(self, exp, root):
        dependents = collections.defaultdict(set)
        for s, waits in exp.waits.items():
            for w, _ in waits:
                dependents[w].add(s)
        out, todo = set(), [root]
        while todo:
            for d in dependents[todo.pop()]:
                if d not in out:
                    out.add(d)
                    todo.append(d)
        return out

    def ancestors(self, exp, step):
        out, todo = set(), [step]
        while todo:
            for w, _ in exp.waits[todo.pop()]:
                if w not in out:
                    out.add(w)
                    todo.append(w)
        return out

    # ---- checks

    def check(self, spec, exp, seed):
        """Problems found running the spec's script (an empty list when all is well)."""
        where = os.path.join(self.work, "shell-" + seed.replace(":", "-"))
        script, out = self.compile(spec, where)
        if script is None:
            return [f"compile --target shell failed:\n{out}"]
        rng = random.Random(seed)
        statuses = {s: rng.choice((0, 99)) for s in exp.steps}
        status, out, log = self.execute(script, where, "success", statuses)
        problems = [] if status == 0 else [f"exit status {status} where every step succeeds:\n{out[-2000:]}"]
        problems += self.check_success(exp, log, self.expected_runs(exp, statuses), where)
        rescues = any(k == "failed" and e not in exp.handlers for h in exp.handlers for e, k in exp.triggers[h])
        if rescues and "2" not in exp.hazards:
            problems += self.check_failure(exp, script, where, rng)
        if os.path.exists(self.pwned(where)):
            problems.append("a captured value ran as code")
        if not problems:
            shutil.rmtree(where, ignore_errors=True)
        return problems

    def check_success(self, exp, log, expected, where):
        problems = []
        ran = log.ran()
        if ran != expected:
            problems.append(f"ran {sorted(ran)}, expected {sorted(expected)}")
        for s in sorted(ran & expected):
            problems += self.check_step(exp, log, s, where)
        return problems

    def check_step(self, exp, log, step, where):
        problems = []
        cmds = log.commands[step]
        argv = [COMMAND] + [self.text(w, where) for w in exp.argv[step]]
        if [[e["cmd"]] + e["args"] for _, e in cmds] != [argv]:
            problems.append(f"{step} ran {[[e['cmd']] + e['args'] for _, e in cmds]}, expected {[argv]}")
        first, _ = log.span(step)
        for w, kind in sorted(exp.waits[step]):
            if w not in log.ran():
                if w not in exp.handlers:
                    problems.append(f"{step} ran but {w}, which it waits for ({kind}), did not")
                continue
            if log.span(w)[1] > first:
                problems.append(f"{step} started before {w} ended, which it waits for ({kind})")
        for cap, producer in exp.captures.items():
            if producer == step:
                problems += self.check_capture(exp, log, cap, step, cmds, where)
        return problems

    def check_capture(self, exp, log, cap, step, cmds, where):
        taken = log.captures[cap]
        if len(taken) != 1 or taken[0][1]["step"] != step:
            return [f"capture {cap} taken as {[e['step'] for _, e in taken]}, expected once after {step}"]
        n, e = taken[0]
        argv = [CAPTURE] + [self.text(w, where) for w in exp.capture_argv[cap]]
        ran = [e["cmd"]] + e["args"]
        problems = [] if ran == argv else [f"capture {cap} ran {ran}, expected {argv}"]
        if cmds and n < cmds[-1][0]:
            problems.append(f"capture {cap} taken before {step} ended")
        return problems

    def failing_step(self, exp, rng):
        """A deploy step (a handler may not run) with `failed` handlers, most of the time; else any."""
        deploy = [s for s in exp.steps if s not in exp.handlers]
        rescued = sorted({e for h in exp.handlers for e, k in exp.triggers[h] if k == "failed"} & set(deploy))
        return rng.choice(rescued) if rescued and rng.random() < 0.8 else rng.choice(deploy)

    def check_failure(self, exp, script, where, rng):
        failing = self.failing_step(exp, rng)
        status, out, log = self.execute(script, where, "failure", {"*": 0, failing: 3})
        ran = log.ran()
        problems = [] if status == 1 else [f"{failing} fails: exit status {status}, expected 1"]
        if failing not in ran:
            problems.append(f"{failing} fails: it did not run")
        rescue = {h for h in exp.handlers if (failing, "failed") in exp.triggers[h]}
        late = (self.descendants(exp, failing) - rescue) & ran
        if late:
            problems.append(f"{failing} fails: steps that wait for it ran: {sorted(late)}")
        before = self.ancestors(exp, failing)
        for h in sorted(rescue):
            captures = {seg[1] for w in exp.argv[h] for seg in w if not isinstance(seg, str)}
            if all(exp.captures[c] in before for c in captures) and len(log.commands[h]) != 1:
                problems.append(f"{failing} fails: its failure handler {h} ran {len(log.commands[h])} times")
        others = {h for h in exp.handlers - rescue if all(k == "failed" for _, k in exp.triggers[h])}
        if others & ran:
            problems.append(f"{failing} fails: handlers of other failures ran: {sorted(others & ran)}")
        return problems
