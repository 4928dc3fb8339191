#!/usr/bin/env python3
"""End-to-end tests of the shell and ansible backends: compile specs, run the results for real.

For each spec, the commands of its steps are replaced by stubs (e2e_stub.py, first on PATH)
that log their step and arguments. The shell script runs with the local transport, the
playbook with ansible_connection=local, and the logs are checked against the plan (from
`baton compile --target json`):
  - every deploy step ran, once, each command with exactly the arguments the plan gives it
    (every `${...}` one argument, captured outputs and secrets included);
  - every wait of the plan holds in the order of the log;
  - both occurrences of a split action ran;
  - a handler ran exactly when one of its triggers fired (a run where every step reports
    `changed`, and one where every step reports `ok`);
  - a failing step stops what waits for it, runs the handlers of its `failed` event, is named
    in the output, and the run exits non-zero;
  - shell and ansible runs ran the same commands with the same arguments;
  - no hostile value ran (the file they would create never appears), no secret value is in a
    compiled file or in ansible's output;
  - shellcheck, ansible-playbook --syntax-check and ansible-lint pass on what was compiled.
A spec that `baton check` rejects must also fail to compile to shell and ansible.

Usage: run_e2e.py --baton BATON [--targets shell,ansible] [--param k=v]... SPEC...
Exit status 0 when every check passes; each failure is printed.
"""
import argparse
import collections
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import e2e_stub  # noqa: E402

# The ansible-lint profile the playbooks must pass: the strictest.
LINT_PROFILE = "production"

# A value for --hostile-param: quotes, substitutions, newlines, blanks before a newline, a tab,
# control characters, a line separator and Jinja; @PWNED@ becomes the file it must not create.
HOSTILE = ("it's \"q\" $(touch @PWNED@) `touch @PWNED@`; touch @PWNED@ \\ \n"
           "  {{ lookup('pipe', 'touch @PWNED@') }} {% raw %}x  \n\ttab\x01\x7f\r\u2028 end ")


class Checker:
    def __init__(self):
        self.failures = []
        self.context = ""

    def expect(self, ok, message):
        if not ok:
            self.failures.append(f"{self.context}: {message}")
        return ok


def run(cmd, env=None, cwd=None):
    p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape")


class Spec:
    """One spec compiled to json, shell and ansible, with its stubs."""

    def __init__(self, args, path, work, check):
        self.args = args
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.work = os.path.join(work, self.name)
        os.makedirs(self.work)
        self.pwned = os.path.join(self.work, "pwned")
        self.params = []
        for p in args.param:
            self.params += ["--param", p.replace("@PWNED@", self.pwned)]
        self.check = check

    def compile(self, target, out):
        return run([self.args.baton, "compile", self.path, "--target", target, "-o", out] + self.params)

    def setup(self):
        """Compiles; returns False when the spec is not runnable (and checks it is refused)."""
        c = self.check
        status, _ = run([self.args.baton, "check", self.path] + self.params)
        if status != 0:
            for target in ("shell", "ansible"):
                st, out = self.compile(target, os.path.join(self.work, target))
                c.expect(st == 1, f"a spec that check rejects must not compile to {target} (exit {st}):\n{out}")
            return False
        status, out = self.compile("json", os.path.join(self.work, "plan.json"))
        if not c.expect(status == 0, f"compile --target json failed:\n{out}"):
            return False
        with open(os.path.join(self.work, "plan.json"), encoding="utf-8") as f:
            self.plan = json.load(f)
        self.steps = self.plan["steps"]
        self.labels = [s["label"] for s in self.steps]
        self.script = os.path.join(self.work, "deploy.sh")
        self.playbook = os.path.join(self.work, "ansible")
        for target, out in (("shell", self.script), ("ansible", self.playbook)):
            status, text = self.compile(target, out)
            if not c.expect(status == 0, f"compile --target {target} failed:\n{text}"):
                return False
        self.make_stubs()
        return True

    # ---- what the plan says each command is
    def value_of(self, segments):
        out = ""
        for seg in segments:
            if seg["kind"] == "text":
                out += seg["text"]
            elif seg["kind"] == "capture":
                cap = self.plan["captures"][seg["capture"]]
                out += e2e_stub.capture_value(cap["instance"] + "." + cap["output"], self.pwned)
            else:
                out += e2e_stub.secret_value(seg["name"], self.pwned)
        return out

    def argv_of(self, command):
        """The argument vector a command runs with, or None when its shell text is not a simple
        command (then only its name is checked)."""
        text, values = "", []
        for piece in command["pieces"]:
            if piece["kind"] == "shell":
                text += piece["text"]
            else:
                text += f"\x01{len(values)}\x02"
                values.append(self.value_of(piece["segments"]))
        try:
            lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|<>()")
            lexer.whitespace_split = True
            words = list(lexer)
        except ValueError:
            return None
        if not words or any(w and all(ch in ";&|<>()" for ch in w) for w in words):
            return None
        argv = []
        for w in words:
            for i, v in enumerate(values):
                w = w.replace(f"\x01{i}\x02", v)
            argv.append(w)
        return argv

    def first_word(self, command):
        text = ""
        for piece in command["pieces"]:
            text += piece["text"] if piece["kind"] == "shell" else "x"
        words = text.split()
        return words[0] if words else None

    def make_stubs(self):
        self.bin = os.path.join(self.work, "bin")
        os.makedirs(self.bin)
        names = set()
        for s in self.steps:
            for cmd in s["commands"]:
                names.add(self.first_word(cmd))
        for cap in self.plan["captures"]:
            names.add(self.first_word(cap["command"]))
        names.discard(None)
        stub = os.path.join(HERE, "e2e_stub.py")
        for n in sorted(names):
            path = os.path.join(self.bin, n)
            with open(path, "w") as f:
                f.write(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(stub)} "$0" "$@"\n')
            os.chmod(path, 0o755)

    # ---- runs
    def env(self, log, statuses):
        env = dict(os.environ)
        env["BATON_E2E_REAL_PATH"] = env.get("PATH", "/usr/bin:/bin")
        env["PATH"] = self.bin + os.pathsep + env["BATON_E2E_REAL_PATH"]
        env["BATON_E2E_LOG"] = log
        env["BATON_E2E_PWNED"] = self.pwned
        env["BATON_E2E_STATUS"] = json.dumps(statuses)
        # The local transport starts steps from an empty environment; the stubs read these.
        env["BATON_LOCAL_ENV"] = "BATON_E2E_REAL_PATH BATON_E2E_LOG BATON_E2E_PWNED BATON_E2E_STATUS"
        env["ANSIBLE_NOCOLOR"] = "1"
        env["ANSIBLE_LOCAL_TEMP"] = os.path.join(self.work, ".ansible-tmp")
        for name in self.plan["secrets"]:
            env["BATON_SECRET_" + name.upper()] = e2e_stub.secret_value(name, self.pwned)
        return env

    def execute(self, target, mode, statuses, shell="dash"):
        log = os.path.join(self.work, f"{target}-{mode}.log")
        env = self.env(log, statuses)
        if target == "shell":
            cmd = [shell, self.script, "--transport", "local", "--jobs", "4"]
            cwd = self.work
        else:
            python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
            cmd = ["ansible-playbook", "-i", "inventory.yml", "site.yml", "-e", "ansible_connection=local",
                   "-e", "ansible_python_interpreter=" + python]
            cwd = self.playbook
        status, out = run(cmd, env=env, cwd=cwd)
        entries = []
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                entries = [json.loads(line) for line in f]
        return status, out, entries

    # ---- checks
    def waits(self, i):
        return {d["step"] for d in self.steps[i]["waits_for"]}

    def downstream(self, root):
        """Every step that waits for `root`, directly or not."""
        out, todo = set(), [root]
        dependents = collections.defaultdict(set)
        for i in range(len(self.steps)):
            for d in self.waits(i):
                dependents[d].add(i)
        while todo:
            for d in dependents[todo.pop()]:
                if d not in out:
                    out.add(d)
                    todo.append(d)
        return out

    def check_log(self, entries, ran_expected, where):
        """Order, commands and arguments of the steps that ran."""
        c = self.check
        by_step = collections.defaultdict(list)
        for n, e in enumerate(entries):
            by_step[e["step"]].append((n, e))
        ran = {i for i, l in enumerate(self.labels) if any(not e["capture"] for _, e in by_step.get(l, []))}
        unknown = set(by_step) - set(self.labels)
        c.expect(not unknown, f"{where}: unknown steps in the log: {sorted(unknown)}")
        c.expect(ran == ran_expected,
                 f"{where}: steps that ran {sorted(self.labels[i] for i in ran)}, "
                 f"expected {sorted(self.labels[i] for i in ran_expected)}")
        for i in ran:
            step = self.steps[i]
            mine = [e for _, e in by_step[step["label"]] if not e["capture"]]
            expected = [cmd for cmd in step["commands"] if self.first_word(cmd)]
            if not c.expect(len(mine) == len(expected),
                            f"{where}: {step['label']} ran {len(mine)} commands, expected {len(expected)} (once each)"):
                continue
            for e, cmd in zip(mine, expected):
                argv = self.argv_of(cmd)
                got = [e["cmd"]] + e["args"]
                if argv is None:
                    c.expect(e["cmd"] == self.first_word(cmd), f"{where}: {step['label']} ran {e['cmd']}")
                else:
                    c.expect(got == argv, f"{where}: {step['label']} ran {got!r}, expected {argv!r}")
                c.expect(e["host"] == self.plan["hosts"][step["host"]]["name"],
                         f"{where}: {step['label']} ran as host {e['host']!r}")
            # Its captures, taken after it on its host.
            for k in step.get("captures", []):
                cap = self.plan["captures"][k]
                label = cap["instance"] + "." + cap["output"]
                taken = [n for n, e in by_step[step["label"]] if e["capture"] == label]
                c.expect(len(taken) == 1, f"{where}: capture {label} taken {len(taken)} times")
                if taken:
                    last_cmd = max(n for n, e in by_step[step["label"]] if not e["capture"])
                    c.expect(taken[0] > last_cmd, f"{where}: capture {label} taken before its step ended")
        # Every wait holds: all of what a step waits for was logged before its first command.
        for i in ran:
            first = min(n for n, _ in by_step[self.labels[i]])
            for d in self.waits(i):
                if d not in ran and self.steps[d]["handler"]:
                    continue  # a skipped handler
                c.expect(d in ran, f"{where}: {self.labels[i]} ran, but {self.labels[d]} it waits for did not")
                if d in ran:
                    last = max(n for n, _ in by_step[self.labels[d]])
                    c.expect(last < first, f"{where}: {self.labels[i]} started before {self.labels[d]} ended")
        return ran

    def expected_success(self, event):
        """The steps that run when every step reports `event` (changed or ok)."""
        status, ran = {}, set()
        for i, s in enumerate(self.steps):
            if s["handler"] and not any(status.get(t["step"]) == t["event"] for t in s["triggers"]):
                status[i] = "skipped"
                continue
            ran.add(i)
            status[i] = event
        return ran

    def failing_step(self):
        """A step to fail: one with `failed` handlers if any, else the first with dependents."""
        for s in self.steps:
            for t in s["triggers"]:
                if t["event"] == "failed":
                    return t["step"]
        for i in range(len(self.steps)):
            if self.downstream(i) and not self.steps[i]["handler"]:
                return i
        return 0

    def check_success(self, target, mode, shell="dash"):
        c = self.check
        event = "changed" if mode == "changed" else "ok"
        status, out, entries = self.execute(target, mode, {"*": 0 if event == "changed" else 99}, shell)
        where = f"{target} run, every step {event}"
        c.expect(status == 0, f"{where}: exit status {status}:\n{out[-3000:]}")
        ran = self.check_log(entries, self.expected_success(event), where)
        for split in self.plan["splits"]:
            occ = {l for i, l in enumerate(self.labels) if i in ran and l.startswith(split["action"] + "#")}
            c.expect({split["action"] + "#0", split["action"] + "#1"} <= occ,
                     f"{where}: split action {split['action']} ran as {sorted(occ)}")
        for name in self.plan["secrets"]:
            c.expect(target != "ansible" or e2e_stub.secret_value(name, self.pwned) not in out,
                     f"{where}: the secret {name} is in ansible's output")
        return entries

    def check_failure(self, target):
        c = self.check
        f = self.failing_step()
        label = self.labels[f]
        status, out, entries = self.execute(target, "failed", {"*": 0, label: 3})
        where = f"{target} run, {label} fails"
        c.expect(status != 0, f"{where}: exit status 0")
        ran = {i for i, l in enumerate(self.labels) if any(e["step"] == l and not e["capture"] for e in entries)}
        rescue = {i for i, s in enumerate(self.steps) for t in s["triggers"] if t["event"] == "failed" and t["step"] == f}
        c.expect(f in ran, f"{where}: the failing step did not run")
        late = (self.downstream(f) - rescue) & ran
        c.expect(not late, f"{where}: steps after the failure ran: {sorted(self.labels[i] for i in late)}")
        c.expect(rescue <= ran, f"{where}: failure handlers did not run: {sorted(self.labels[i] for i in rescue - ran)}")
        named = f"step {label} failed" in out or f"TASK [Run {label} on" in out
        c.expect(named, f"{where}: the output does not name the failed step:\n{out[-2000:]}")

    def lint(self, targets):
        c = self.check
        if "shell" in targets and shutil.which("shellcheck"):
            status, out = run(["shellcheck", self.script])
            c.expect(status == 0, f"shellcheck:\n{out}")
        if "ansible" not in targets:
            return
        if shutil.which("ansible-playbook"):
            status, out = run(["ansible-playbook", "-i", "inventory.yml", "site.yml", "--syntax-check"],
                              cwd=self.playbook, env=dict(os.environ, ANSIBLE_NOCOLOR="1"))
            c.expect(status == 0, f"ansible-playbook --syntax-check:\n{out}")
        if shutil.which("ansible-lint"):
            env = dict(os.environ, ANSIBLE_LOCAL_TEMP=os.path.join(self.work, ".ansible-tmp"))
            status, out = run(["ansible-lint", "--nocolor", "--profile", LINT_PROFILE, "site.yml", "inventory.yml"],
                              cwd=self.playbook, env=env)
            c.expect(status == 0, f"ansible-lint --profile {LINT_PROFILE}:\n{out}")

    def check_secrets_absent(self):
        for name in self.plan["secrets"]:
            value = e2e_stub.secret_value(name, self.pwned)
            for root, _, files in os.walk(self.work):
                for fn in files:
                    if fn.endswith(".log") or root.startswith(self.bin):
                        continue
                    with open(os.path.join(root, fn), "rb") as f:
                        self.check.expect(value.encode() not in f.read(), f"the secret {name} is in {fn}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baton", required=True)
    ap.add_argument("--targets", default="shell,ansible")
    ap.add_argument("--param", action="append", default=[],
                    help="k=v for every spec; @PWNED@ becomes the file a hostile value would create")
    ap.add_argument("--hostile-param", action="append", default=[],
                    help="NAME: pass the param NAME a hostile value (HOSTILE) that no literal can hold")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("specs", nargs="+")
    args = ap.parse_args()
    args.param += [f"{name}={HOSTILE}" for name in args.hostile_param]
    targets = args.targets.split(",")
    if "ansible" in targets and not shutil.which("ansible-playbook"):
        print("run_e2e.py: ansible-playbook is not installed", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="baton-e2e.")
    check = Checker()
    for path in args.specs:
        spec = Spec(args, os.path.abspath(path), work, check)
        check.context = spec.name
        if not spec.setup():
            print(f"{spec.name}: not runnable, refused by check and compile")
            continue
        spec.lint(targets)
        logs = {}
        for target in targets:
            logs[target] = spec.check_success(target, "changed", shell="dash")
            has_handlers = any(s["handler"] for s in spec.steps)
            if target == "shell" or has_handlers:
                spec.check_success(target, "ok", shell="bash")
            has_failed_events = any(t["event"] == "failed" for s in spec.steps for t in s["triggers"])
            if target == "shell" or has_failed_events:
                spec.check_failure(target)
        if len(logs) == 2:
            key = lambda e: json.dumps([e["step"], e["capture"], e["cmd"], e["args"]])
            check.expect(sorted(map(key, logs["shell"])) == sorted(map(key, logs["ansible"])),
                         "shell and ansible ran different commands")
        check.expect(not os.path.exists(spec.pwned), "a hostile value ran: " + spec.pwned + " exists")
        spec.check_secrets_absent()
        print(f"{spec.name}: {len(spec.steps)} steps, {', '.join(targets)}: "
              f"{'ok' if not any(f.startswith(spec.name + ':') for f in check.failures) else 'FAILED'}")
    for f in check.failures:
        print("FAIL " + f)
    print(f"e2e: {len(args.specs)} specs, {len(check.failures)} failures")
    if args.keep or check.failures:
        print(f"work directory: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
