#!/usr/bin/env python3
"""End-to-end tests of operations: a teardown and a rolling restart of a 5-member group with
`min 3` (tests/e2e/operations.baton), compiled to shell and ansible and run for real.

Every command appends `<host> <event>` to a log (the local transport and the local connection
run them all on this machine). The checks:
  - teardown: every member's `stop` and the app's ran, the app (which depends on the group)
    first, then the joiners, then the member that bootstrapped;
  - restart with --batch 2: the members went down in the batches of the plan, in order, each
    batch's health checks ran before the next batch started, and at no moment were more than
    size - min = 2 members down;
  - a member made to fail (FAIL_MEMBER) stops every later batch: the run exits non-zero, the
    members of later batches never went down, and the shell script names the failed batch;
  - shell and ansible logged the same events in the same batch order.

Usage: run_operations.py --baton BATON [--targets shell,ansible]
Exit status 0 when every check passes; each failure is printed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "operations.baton")
SIZE, MIN, BATCH = 5, 3, 2


def run(cmd, env=None, cwd=None):
    p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace")


class Run:
    def __init__(self, baton, work, failures):
        self.baton, self.work, self.failures = baton, work, failures

    def expect(self, ok, message):
        if not ok:
            self.failures.append(message)
        return ok

    def compile(self, op, target, extra=()):
        out = os.path.join(self.work, f"{op}-{target}")
        out_path = out + ".sh" if target == "shell" else out
        status, text = run([self.baton, "compile", SPEC, "--target", target, "--op", op, "-o", out_path, *extra])
        self.expect(status == 0, f"compile --op {op} --target {target}: {text}")
        return out_path

    def plan(self, op, extra=()):
        status, text = run([self.baton, "plan", SPEC, "--format", "json", "--op", op, *extra])
        self.expect(status == 0, f"plan --op {op}: {text}")
        return json.loads(text) if status == 0 else None

    def execute(self, target, artifact, name, fail_member=""):
        log = os.path.join(self.work, name + ".log")
        env = dict(os.environ)
        env["OPS_LOG"] = log
        env["FAIL_MEMBER"] = fail_member
        env["BATON_LOCAL_ENV"] = "OPS_LOG FAIL_MEMBER"
        env["ANSIBLE_NOCOLOR"] = "1"
        env["ANSIBLE_LOCAL_TEMP"] = os.path.join(self.work, ".ansible-tmp")
        if target == "shell":
            status, out = run(["sh", artifact, "--transport", "local", "--jobs", "4"], env=env)
        else:
            python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
            status, out = run(["ansible-playbook", "-i", "inventory.yml", "site.yml", "-e",
                               "ansible_connection=local", "-e", "ansible_python_interpreter=" + python],
                              env=env, cwd=artifact)
        events = []
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                events = [tuple(line.split()) for line in f if line.strip()]
        return status, out, events

    # ---- checks
    def teardown(self, target):
        artifact = self.compile("teardown", target)
        status, out, events = self.execute(target, artifact, f"teardown-{target}")
        where = f"{target} teardown"
        if not self.expect(status == 0, f"{where}: exit {status}\n{out}"):
            return None
        stops = [host for host, event in events if event == "stop"]
        members = [f"db[{i}]" for i in range(SIZE)]
        self.expect(sorted(stops) == sorted(members + ["app"]), f"{where}: stopped {stops}")
        self.expect(stops and stops[0] == "app", f"{where}: the app did not stop first: {stops}")
        self.expect(stops and stops[-1] == "db[0]", f"{where}: db[0] did not stop last: {stops}")
        return stops

    def restart(self, target, plan, fail_member=""):
        artifact = self.compile("restart", target, ["--batch", str(BATCH)])
        name = f"restart-{target}" + ("-fail" if fail_member else "")
        status, out, events = self.execute(target, artifact, name, fail_member)
        where = f"{target} restart" + (f" with {fail_member} failing" if fail_member else "")
        batches = [b["members"] for b in plan["batches"]]
        hosts = [[m.replace("galera", "db") for m in b] for b in batches]
        down, most, order, healthy = set(), 0, [], set()
        for host, event in events:
            if event == "down":
                down.add(host)
                order.append(host)
            elif event == "up":
                down.discard(host)
            elif event == "healthy":
                healthy.add(host)
            most = max(most, len(down))
        self.expect(most <= SIZE - MIN, f"{where}: {most} members down at once, more than {SIZE - MIN}")
        # Batches in order: the members went down batch after batch, each batch checked first.
        position = {h: k for k, b in enumerate(hosts) for h in b}
        ks = [position[h] for h in order]
        self.expect(ks == sorted(ks), f"{where}: members went down out of batch order: {order}")
        if not fail_member:
            self.expect(status == 0, f"{where}: exit {status}\n{out}")
            self.expect(sorted(order) == sorted(h for b in hosts for h in b), f"{where}: went down: {order}")
            self.expect(healthy == set(position), f"{where}: health checked on {sorted(healthy)}")
            # Each batch's health checks came before the next batch went down.
            seen_down = {}
            for n, (host, event) in enumerate(events):
                seen_down.setdefault((host, event), n)
            for k in range(1, len(hosts)):
                for prev in hosts[k - 1]:
                    for nxt in hosts[k]:
                        self.expect(seen_down[(prev, "healthy")] < seen_down[(nxt, "down")],
                                    f"{where}: {nxt} went down before {prev} was healthy")
        else:
            failed = position[fail_member]
            self.expect(status != 0, f"{where}: exit 0 though {fail_member} failed")
            later = [h for b in hosts[failed + 1:] for h in b]
            self.expect(not any(h in later for h in order),
                        f"{where}: a later batch ran after the failure: {order}")
            if target == "shell":
                self.expect(f"batch {failed + 1} of {len(hosts)}" in out and "did not start" in out,
                            f"{where}: the script does not name the failed batch:\n{out}")
        return [(h, e) for h, e in events if e in ("down", "up")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--targets", default="shell,ansible")
    args = ap.parse_args()
    targets = args.targets.split(",")
    if "ansible" in targets and not shutil.which("ansible-playbook"):
        print("run_operations.py: ansible-playbook is not installed", file=sys.stderr)
        return 2
    failures = []
    with tempfile.TemporaryDirectory(prefix="baton-ops-") as work:
        r = Run(args.baton, work, failures)
        plan = r.plan("restart", ["--batch", str(BATCH)])
        if plan is not None:
            r.expect(len(plan["batches"]) == 3, f"restart: {len(plan['batches'])} batches, not 3")
            orders = {}
            for target in targets:
                r.teardown(target)
                orders[target] = r.restart(target, plan)
                r.restart(target, plan, fail_member="db[2]")
            if len(orders) == 2:
                key = lambda evs: [h for h, e in evs if e == "down"]
                # Within a batch members run concurrently; compare the batches' contents.
                position = {m.replace("galera", "db"): k for k, b in enumerate(plan["batches"]) for m in b["members"]}
                a, b = ([position[h] for h in key(v)] for v in orders.values())
                r.expect(a == b, f"shell and ansible ran the batches differently: {orders}")
    for f in failures:
        print("FAIL:", f)
    print(f"operations e2e: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
