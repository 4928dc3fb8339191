#!/usr/bin/env python3
# Runs the benchmark cases (baton and its baselines on the same graphs) and writes the Markdown results table.
"""The benchmark suite behind bench/run.sh (see bench/README.md).

Every command is run with posix_spawn and reaped with wait4, so each run gives its wall time,
CPU time and peak RSS (ru_maxrss) from one measurement. The commands of one case run
interleaved (round after round), so that the load other processes put on the machine falls
on all of them alike and the ratios between them hold even when absolute times drift.

A command that exits non-zero is reported as "n/a (exit N: first line of stderr)" and not run
again in that case; the suite keeps going.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_spec import parse_size  # noqa: E402  (one parser of `10k`, `1M` for both scripts)
TARGETS = ["shell", "ansible", "dot", "mermaid", "json"]
ALL_COMMANDS = ["cat", "wc", "tsort", "check", "plan"] + ["compile-" + t for t in TARGETS] + ["puppet"]


def size_label(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


# ---------------------------------------------------------------------------------------------
# measuring one run


class Run:
    __slots__ = ("wall", "cpu", "rss_kb", "status", "stderr_first")

    def __init__(self, wall, cpu, rss_kb, status, stderr_first):
        self.wall, self.cpu, self.rss_kb, self.status, self.stderr_first = wall, cpu, rss_kb, status, stderr_first


MEM_LIMIT = []  # ["prlimit", "--as=BYTES", "--"] when --mem-limit is set


def limit_address_space(gb):
    """Makes run_once run every command under `prlimit --as` of gb GB (none if gb <= 0 or no prlimit)."""
    if gb > 0 and shutil.which("prlimit"):
        MEM_LIMIT[:] = ["prlimit", "--as=%d" % int(gb * 1e9), "--"]


def run_once(argv, stderr_path, timeout, stdout_path=os.devnull, rss=True):
    """Runs argv once; returns a Run. status is the exit code, or 128+signal, or 'timeout'.

    Peak RSS comes from GNU time: a child spawned straight from Python would inherit the
    interpreter's high-water mark across exec, so ru_maxrss would never read below ~17 MB.
    Wall time is taken here (time's own fork and exec cost the same for every command, and
    /bin/true in the latency case shows them); CPU time is wait4's, time's few microseconds
    included. With rss=False the command is spawned directly (no GNU time in between) and
    rss_kb is 0: the latency case times that way.
    """
    rss_path = stderr_path + ".rss"
    if rss:
        full = ["/usr/bin/time", "-f", "%M", "-o", rss_path] + MEM_LIMIT + argv
    else:
        full = [shutil.which(argv[0]) or argv[0]] + argv[1:]
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    timed_out = []

    start = time.perf_counter()
    pid = os.posix_spawn(full[0], full, os.environ, file_actions=actions, setpgroup=0)

    def kill():
        timed_out.append(True)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    _, wstatus, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if timer:
        timer.cancel()
    if timed_out:
        status = "timeout"
    elif os.WIFEXITED(wstatus):
        status = os.WEXITSTATUS(wstatus)
    else:
        status = 128 + os.WTERMSIG(wstatus)
    rss_kb = 0
    try:
        if not rss:
            raise OSError
        with open(rss_path) as f:
            lines = f.read().split()
            rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    except OSError:
        pass
    first = ""
    if status != 0:
        try:
            with open(stderr_path, errors="replace") as f:
                for line in f:
                    if line.strip():
                        first = line.strip()
                        break
        except OSError:
            pass
    return Run(wall, ru.ru_utime + ru.ru_stime, rss_kb, status, first)


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


class Result:
    """All runs of one command in one case."""

    def __init__(self, name, argv):
        self.name, self.argv = name, argv
        self.runs = []
        self.failure = None  # "exit N: first line" once a run failed

    def ok(self):
        return self.failure is None and bool(self.runs)

    def median(self):
        return statistics.median(r.wall for r in self.runs)

    def cpu_median(self):
        return statistics.median(r.cpu for r in self.runs)

    def rss_kb(self):
        return max(r.rss_kb for r in self.runs)

    def to_json(self):
        return {"name": self.name, "argv": self.argv, "failure": self.failure,
                "wall": [r.wall for r in self.runs], "cpu": [r.cpu for r in self.runs],
                "rss_kb": [r.rss_kb for r in self.runs]}


def measure_interleaved(commands, runs, warmup, timeout, scratch, log, rss=True):
    """commands: list of (name, argv[, stdout_path]). Runs them round-robin; returns {name: Result}."""
    results = {c[0]: Result(c[0], c[1]) for c in commands}
    for rnd in range(warmup + runs):
        for c in commands:
            name, argv = c[0], c[1]
            res = results[name]
            if res.failure:
                continue
            out = c[2] if len(c) > 2 else os.devnull
            r = run_once(argv, os.path.join(scratch, "stderr.txt"), timeout, out, rss)
            if r.status != 0:
                what = "timeout after %ds" % timeout if r.status == "timeout" else "exit %s" % r.status
                res.failure = what + (": " + r.stderr_first if r.stderr_first else "")
                log("    %-16s n/a (%s)" % (name, res.failure))
                continue
            if rnd >= warmup:
                res.runs.append(r)
        log("    round %d/%d done" % (rnd + 1, warmup + runs))
    return results


# ---------------------------------------------------------------------------------------------
# the cases


def generate(shape, size, work, puppet, log):
    """Generates (or reuses) the case; returns (prefix, stats)."""
    prefix = os.path.join(work, "%s-%s" % (shape, size_label(size)))
    gen = os.path.join(HERE, "gen_spec.py")
    stats_path = prefix + ".json"
    fresh = (os.path.exists(stats_path) and os.path.getmtime(stats_path) > os.path.getmtime(gen)
             and (not puppet or os.path.exists(prefix + ".pp")))
    if not fresh:
        log("  generating %s" % os.path.basename(prefix))
        argv = [sys.executable, gen, "--shape", shape, "--actions", str(size), "--out", prefix]
        if puppet:
            argv.append("--puppet")
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    with open(stats_path) as f:
        return prefix, json.load(f)


def case_commands(baton, prefix, stats, wanted, puppet, work):
    spec, edges = prefix + ".baton", prefix + ".edges"
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    cmds = []
    if "cat" in wanted:
        cmds.append(("cat", ["cat", spec]))
    if "wc" in wanted:
        cmds.append(("wc", ["wc", "-l", spec]))
    if "tsort" in wanted:
        cmds.append(("tsort", ["tsort", edges]))
    if "check" in wanted:
        cmds.append(("check", [baton, "check", spec]))
    if "plan" in wanted:
        cmds.append(("plan", [baton, "plan", spec]))
    for t in TARGETS:
        if "compile-" + t in wanted:
            dest = os.path.join(out, "ansible") if t == "ansible" else os.path.join(out, "plan." + t)
            cmds.append(("compile-" + t, [baton, "compile", spec, "--target", t, "-o", dest]))
    pup = None
    if puppet and "puppet" in wanted:
        pdir = os.path.join(work, "puppet")
        pup = ("puppet", ["puppet", "apply", "--noop", "--vardir", pdir + "/var", "--confdir", pdir + "/conf",
                          "--codedir", pdir + "/code", "--logdest", "console", prefix + ".pp"])
    return cmds, pup


def runs_for(size, base_runs):
    if size >= 1000000:
        return 1
    if size >= 100000:
        return min(base_runs, 3)
    return base_runs


# ---------------------------------------------------------------------------------------------
# report


def fmt_time(s):
    if s < 0.01:
        return "%.2f ms" % (s * 1000)
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def fmt_bytes(b):
    if b >= 10 * 1024 * 1024:
        return "%.0f MB" % (b / 1048576)
    if b >= 1024 * 1024:
        return "%.1f MB" % (b / 1048576)
    if b >= 10 * 1024:
        return "%.0f KB" % (b / 1024)
    return "%.1f KB" % (b / 1024)


def fmt_rate(x):
    if x >= 1e6:
        return "%.1fM" % (x / 1e6)
    if x >= 1e3:
        return "%.0fk" % (x / 1e3)
    return "%.0f" % x


def case_table(case):
    """Markdown rows for one case."""
    stats, res = case["stats"], case["results"]
    mb = stats["spec_bytes"] / 1e6
    acts = stats["action_instances"]
    base = {k: res[k].median() for k in ("cat", "tsort", "puppet") if k in res and res[k].ok()}
    lines = [
        "| command | median | spread (min–max) | n | CPU | peak RSS | RSS / action | RSS / decl | MB/s | actions/s | × cat | × tsort | puppet ÷ this |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ALL_COMMANDS:
        if name not in res:
            continue
        r = res[name]
        if not r.ok():
            lines.append("| `%s` | n/a (%s) |  |  |  |  |  |  |  |  |  |  |  |" % (
                name, (r.failure or "no run").replace("|", "\\|")))
            continue
        med = r.median()
        lo, hi = min(x.wall for x in r.runs), max(x.wall for x in r.runs)
        rss = r.rss_kb() * 1024
        reads_spec = name in ("cat", "wc", "check", "plan") or name.startswith("compile-")
        graph_cmd = name not in ("cat", "wc")
        is_baton = name in ("check", "plan") or name.startswith("compile-")
        row = [
            "`%s`" % name,
            fmt_time(med),
            "%s–%s" % (fmt_time(lo), fmt_time(hi)),
            str(len(r.runs)),
            fmt_time(r.cpu_median()),
            fmt_bytes(rss),
            "%.0f B" % (rss / acts) if graph_cmd else "",
            "%.0f B" % (rss / stats["declarations"]) if reads_spec and graph_cmd else "",
            "%.1f" % (mb / med) if reads_spec else "",
            fmt_rate(acts / med) if graph_cmd else "",
            "%.1f" % (med / base["cat"]) if "cat" in base and (is_baton or name == "tsort") else "",
            "%.2f" % (med / base["tsort"]) if "tsort" in base and is_baton else "",
            "%.0f×" % (base["puppet"] / med) if "puppet" in base and (is_baton or name == "tsort") else "",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def environment(baton):
    def first_line(argv):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except Exception as e:  # a missing tool is reported, not fatal
            return "unavailable (%s)" % e.__class__.__name__
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    rev = first_line(["git", "-C", os.path.dirname(HERE), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", os.path.dirname(HERE), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "host": socket.gethostname(),
        "cpu": "%s, %d cores" % (cpu, os.cpu_count() or 0),
        "kernel": platform.release(),
        "baton": first_line([baton, "--version"]),
        "commit": rev + (" (with uncommitted changes)" if dirty else ""),
        "tsort": first_line(["tsort", "--version"]),
        "puppet": first_line(["puppet", "--version"]) if shutil.which("puppet") else "not installed",
        "python": platform.python_version(),
    }


def target_rows(latency, cases, idle_kb=0):
    """The issue's targets, each with the figure that decides it.

    The verdict is taken on wall time, as the targets are stated; on a loaded machine wall time
    overstates, so the CPU-time figure is given too and, where it decides otherwise, the
    verdict says so. `idle_kb` is the peak RSS of `baton --version` (the binary and its
    libraries, before any spec): the flat rows give memory per declaration above it too.
    """
    rows = []

    def verdict(ok_wall, ok_cpu=None):
        v = "**met**" if ok_wall else "**missed**"
        if ok_cpu is not None and ok_cpu != ok_wall:
            v += " (%s on CPU time)" % ("met" if ok_cpu else "missed")
        return v

    # 1. latency
    if latency and latency["check"]:
        med = statistics.median(latency["check"])
        cpu = statistics.median(latency["cpu_check"])
        rows.append(("`check` of a 500-line spec ≤ 10 ms median (process start included)",
                     "%s median, p95 %s, CPU %s (`/bin/true`: %s)" % (
                         fmt_time(med), fmt_time(percentile(latency["check"], 95)), fmt_time(cpu),
                         fmt_time(statistics.median(latency["true"]))),
                     verdict(med <= 0.010, cpu <= 0.010)))
    elif latency:
        rows.append(("`check` of a 500-line spec ≤ 10 ms", "n/a (%s)" % latency["failure"], "not measured"))

    # 2. flat throughput and memory through plan
    for c in cases:
        if c["shape"] != "flat":
            continue
        st, res = c["stats"], c["results"]
        label = size_label(c["size"])
        r = res.get("plan")
        if r is None:
            continue
        lab = "flat %s: ≥ 10 MB/s and ≤ 2 KB/declaration through `plan`" % label
        if not r.ok():
            chk = res.get("check")
            extra = ""
            if chk is not None and chk.ok():
                extra = "; `check` alone: %.1f MB/s, %.0f B/declaration" % (
                    st["spec_bytes"] / 1e6 / chk.median(), chk.rss_kb() * 1024 / st["declarations"])
            rows.append((lab, "n/a (%s)%s" % (r.failure, extra), "not measurable"))
            continue
        rate = st["spec_bytes"] / 1e6 / r.median()
        rate_cpu = st["spec_bytes"] / 1e6 / r.cpu_median()
        per_decl = r.rss_kb() * 1024 / st["declarations"]
        # Memory per declaration is what the spec adds: the few MB of an idle baton (code and
        # libraries mapped in) are not per declaration, and dominate a 1k spec. The verdict is
        # taken above that baseline when it was measured; both figures are shown.
        judged = per_decl
        above_idle = ""
        if idle_kb:
            judged = (r.rss_kb() - idle_kb) * 1024 / st["declarations"]
            above_idle = "; %.0f B/declaration above an idle baton (%s)" % (judged, fmt_bytes(idle_kb * 1024))
        rows.append((lab, "%.1f MB/s (CPU: %.1f MB/s), %.0f B/declaration%s (%s spec, %d declarations)" % (
            rate, rate_cpu, per_decl, above_idle, fmt_bytes(st["spec_bytes"]), st["declarations"]),
                     verdict(rate >= 10 and judged <= 2048, rate_cpu >= 10 and judged <= 2048)))

    # 3. replicated 1M
    big = [c for c in cases if c["shape"] == "replicated" and c["size"] >= 1000000]
    for c in big:
        st, r = c["stats"], c["results"].get("plan")
        lab = "replicated %s actions / %.1fM edges: `plan` ≤ 3 s, ≤ 1 KB/action" % (
            size_label(c["size"]), st["edges"] / 1e6)
        if r is None:
            continue
        if not r.ok():
            rows.append((lab, "n/a (%s)" % r.failure, "not measurable"))
        else:
            per = r.rss_kb() * 1024 / st["action_instances"]
            rows.append((lab, "%s (CPU %s), %.0f B/action" % (fmt_time(r.median()), fmt_time(r.cpu_median()), per),
                         verdict(r.median() <= 3 and per <= 1024, r.cpu_median() <= 3 and per <= 1024)))
    if not big and cases:
        rows.append(("replicated 1M actions: `plan` ≤ 3 s, ≤ 1 KB/action", "1M not in this run (`--sizes ...,1M`)",
                     "not measured"))

    # 4. plan vs tsort. The target is stated for the replicated 1M graph; the other cases are
    # shown for reference (a flat spec is several times the size of its edge list, and at 1k
    # both commands are mostly process start-up).
    for c in cases:
        res = c["results"]
        if "tsort" in res and "plan" in res:
            is_target = c["shape"] == "replicated" and c["size"] >= 1000000
            lab = "%s %s: `plan` no slower than `tsort`%s" % (
                c["shape"], size_label(c["size"]), "" if is_target else " (for reference: the target is the replicated 1M graph)")
            if res["plan"].ok() and res["tsort"].ok():
                ratio = res["plan"].median() / res["tsort"].median()
                ratio_cpu = res["plan"].cpu_median() / res["tsort"].cpu_median()
                v = verdict(ratio <= 1.0, ratio_cpu <= 1.0)
                if not is_target:
                    v = "faster" if ratio <= 1.0 else "slower"
                rows.append((lab, "plan / tsort = %.2f (%s vs %s); on CPU time %.2f" % (
                    ratio, fmt_time(res["plan"].median()), fmt_time(res["tsort"].median()), ratio_cpu), v))
            else:
                bad = res["plan"] if not res["plan"].ok() else res["tsort"]
                extra = ""
                if "check" in res and res["check"].ok() and res["tsort"].ok():
                    extra = "; check alone / tsort = %.2f" % (res["check"].median() / res["tsort"].median())
                rows.append((lab, "n/a (%s)%s" % (bad.failure, extra), "not measurable"))

    # 4b. issue 4: compiling the 100k spec to each target in at most 3 s each
    for c in cases:
        if c["size"] != 100000:
            continue
        res = c["results"]
        compiles = [(k, r) for k, r in sorted(res.items()) if k.startswith("compile-")]
        if not compiles:
            continue
        lab = "%s 100k: `compile` to each target ≤ 3 s (issue 4)" % c["shape"]
        if not all(r.ok() for _, r in compiles):
            rows.append((lab, "n/a (%s)" % next(r.failure for _, r in compiles if not r.ok()), "not measurable"))
            continue
        slowest = max(r.median() for _, r in compiles)
        slowest_cpu = max(r.cpu_median() for _, r in compiles)
        rows.append((lab, ", ".join("%s %s" % (k[len("compile-"):], fmt_time(r.median())) for k, r in compiles),
                     verdict(slowest <= 3, slowest_cpu <= 3)))

    # 5. puppet at 10k
    for c in cases:
        res = c["results"]
        if c["size"] == 10000 and "puppet" in res:
            lab = "%s 10k: ≥ 100× faster than `puppet apply --noop`" % c["shape"]
            pup = res["puppet"]
            if pup.ok() and "plan" in res and res["plan"].ok():
                x = pup.median() / res["plan"].median()
                x_cpu = pup.cpu_median() / res["plan"].cpu_median()
                rows.append((lab, "puppet / plan = %.0f× (%s vs %s); on CPU time %.0f×" % (
                    x, fmt_time(pup.median()), fmt_time(res["plan"].median()), x_cpu), verdict(x >= 100, x_cpu >= 100)))
            elif pup.ok() and "check" in res and res["check"].ok():
                x = pup.median() / res["check"].median()
                rows.append((lab, "plan n/a; puppet / check = %.0f× (%s vs %s)" % (
                    x, fmt_time(pup.median()), fmt_time(res["check"].median())), "not measurable"))
            else:
                rows.append((lab, "n/a (%s)" % (pup.failure or "plan n/a"), "not measurable"))
    return rows


def write_report(path, env, meta, latency, cases):
    L = []
    L.append("# baton benchmark: %s on %s" % (env["date"], env["host"]))
    L.append("")
    L.append("Written by `bench/run.sh` (see bench/README.md). Times are wall-clock medians of "
             "interleaved runs; spread is min–max over those runs; peak RSS is `ru_maxrss` (largest "
             "run). Ratios compare commands measured in the same rounds, on the same graph.")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    for k in ("cpu", "kernel", "baton", "commit", "tsort", "puppet", "python"):
        L.append("| %s | %s |" % (k, env[k]))
    L.append("| load average (start → end) | %s → %s |" % (meta["load_start"], meta["load_end"]))
    L.append("| command line | `%s` |" % meta["cmdline"])
    if meta.get("limit_gb"):
        L.append("| address-space limit per command | %.1f GB |" % meta["limit_gb"])
    L.append("")

    L.append("## Targets (issue 5)")
    L.append("")
    L.append("| target | measured | verdict |")
    L.append("|---|---|---|")
    for t, m, v in target_rows(latency, cases, env.get("baton_idle_rss_kb", 0)):
        L.append("| %s | %s | %s |" % (t, m.replace("|", "\\|"), v))
    L.append("")

    if latency:
        L.append("## Latency: `baton check` of `bench/inputs/realistic-500.baton`")
        L.append("")
        L.append("%d lines, %s; %d runs of each command, interleaved." % (
            latency["lines"], fmt_bytes(latency["bytes"]), latency["runs"]))
        L.append("")
        L.append("| command | median | p95 | min | max | CPU median | peak RSS |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        for name, key in (("`/bin/true` (process start)", "true"), ("`baton --version`", "version"),
                          ("`baton check realistic-500.baton`", "check"), ("`baton plan realistic-500.baton`", "plan")):
            vals = latency.get(key)
            if not vals:
                if key in latency.get("failures", {}):
                    L.append("| %s | n/a (%s) | | | | | |" % (name, latency["failures"][key].replace("|", "\\|")))
                continue
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                name, fmt_time(statistics.median(vals)), fmt_time(percentile(vals, 95)), fmt_time(min(vals)),
                fmt_time(max(vals)), fmt_time(statistics.median(latency["cpu_" + key])),
                fmt_bytes(max(latency["rss_" + key]) * 1024)))
        if latency.get("check") and latency.get("true"):
            L.append("")
            L.append("`check` minus process start (median): %s." % fmt_time(
                statistics.median(latency["check"]) - statistics.median(latency["true"])))
        L.append("")

    for c in cases:
        st = c["stats"]
        L.append("## %s, %s action instances" % (c["shape"], size_label(c["size"])))
        L.append("")
        desc = ("%d action instances (%d steps after splits), %d edges, %d declarations, %d services, "
                "%s of spec in %d lines; edge list %s" % (
                    st["action_instances"], st["steps"], st["edges"], st["declarations"], st["services"],
                    fmt_bytes(st["spec_bytes"]), st["spec_lines"], fmt_bytes(c["edges_bytes"])))
        if c["shape"] == "replicated":
            desc += "; %d groups × %d members × %d services" % (st["groups"], st["members"], st["services_per_group"])
        desc += "; %d events, %d repeatable cycles." % (st["events"], st["cycles"] * (st.get("members") or 1))
        L.append(desc)
        L.append("")
        L.extend(case_table(c))
        L.append("")

    L.append("## Notes")
    L.append("")
    L.append("- `cat` is the reading lower bound, `wc -l` reading plus a pass over every byte, `tsort` the "
             "ordering lower bound on the same action graph (`PREFIX.edges`: one node per action instance, "
             "one line per edge after the split). `× cat` and `× tsort` are this command's median divided by "
             "theirs (lower is better); `puppet ÷ this` is the speed-up over `puppet apply --noop` on the "
             "equivalent manifest (one `notify` per action instance, `require` per edge).")
    L.append("- MB/s counts spec text (for `tsort`, see the edge list size above); RSS / decl divides peak RSS "
             "by the spec's declarations (params, hosts, services, inputs, outputs, actions, handlers, events, "
             "orders).")
    L.append("- n/a: the command failed; the first line of its standard error is shown, and it was not "
             "run again in that case.")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


# ---------------------------------------------------------------------------------------------


def latency_case(baton, spec, runs, scratch, timeout, log):
    data = {"runs": runs, "bytes": os.path.getsize(spec), "failures": {}}
    with open(spec) as f:
        data["lines"] = sum(1 for _ in f)
    cmds = [("true", ["/bin/true"]), ("version", [baton, "--version"]), ("check", [baton, "check", spec]),
            ("plan", [baton, "plan", spec])]
    # Timed without GNU time in between; peak RSS from three more runs through it.
    res = measure_interleaved(cmds, runs, 5, timeout, scratch, lambda s: None, rss=False)
    mem = measure_interleaved([c for c in cmds if res[c[0]].ok()], 3, 0, timeout, scratch, lambda s: None)
    for key, r in res.items():
        if r.ok():
            data[key] = [x.wall for x in r.runs]
            data["cpu_" + key] = [x.cpu for x in r.runs]
            data["rss_" + key] = [x.rss_kb for x in mem[key].runs] if mem[key].ok() else [0]
        else:
            data[key] = []
            data["failures"][key] = r.failure
    data["failure"] = data["failures"].get("check")
    log("  latency: check median %s" % (fmt_time(statistics.median(data["check"])) if data["check"] else "n/a"))
    return data


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--baton", help="the baton binary (a release build)")
    p.add_argument("--work", default=os.path.join(HERE, "work"), help="generated cases and scratch (default bench/work)")
    p.add_argument("--out", default=None, help="results file (default bench/results/<date>-<host>.md)")
    p.add_argument("--sizes", default="1k,10k,100k,1M", help="action instances per case, comma-separated (1k,10k,100k,1M)")
    p.add_argument("--shapes", default="flat,replicated")
    p.add_argument("--commands", default=",".join(ALL_COMMANDS),
                   help="subset of: " + ",".join(ALL_COMMANDS) + " (also: compile = every target)")
    p.add_argument("--runs", type=int, default=5, help="timed runs per command (at most 3 at 100k, 1 at 1M)")
    p.add_argument("--puppet-sizes", default="1k,10k", help="sizes at which puppet apply --noop runs ('' for none)")
    p.add_argument("--puppet-runs", type=int, default=2)
    p.add_argument("--latency-runs", type=int, default=100, help="runs of the latency case (0 to skip it)")
    p.add_argument("--timeout", type=int, default=600, help="seconds before one run is killed and reported n/a")
    p.add_argument("--mem-limit", type=float, default=None,
                   help="address-space limit per command in GB (default: half the machine's memory), so that a "
                        "runaway case fails as n/a instead of pushing the machine into the OOM killer")
    p.add_argument("--invocation", default=None, help=argparse.SUPPRESS)  # how run.sh was called, for the report
    p.add_argument("--render", metavar="JSON", help="only rewrite the Markdown of an earlier run (to --out or beside it)")
    args = p.parse_args(argv)
    if args.render:
        render(args.render, args.out or os.path.splitext(args.render)[0] + ".md")
        return
    if not args.baton:
        p.error("--baton is required")
    args.cmdline = args.invocation or " ".join(["bench/suite.py"] + argv)
    args.load_start = " ".join("%.2f" % x for x in os.getloadavg())

    limit_gb = args.mem_limit
    if limit_gb is None:
        limit_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 / 1e9
    limit_address_space(limit_gb)
    args.limit_gb = limit_gb

    wanted = set()
    for c in args.commands.split(","):
        c = c.strip()
        if c == "compile":
            wanted.update("compile-" + t for t in TARGETS)
        elif c in ALL_COMMANDS:
            wanted.add(c)
        elif c:
            p.error("unknown command %r" % c)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    args.sizes = sizes
    puppet_sizes = {parse_size(s) for s in args.puppet_sizes.split(",") if s.strip()}
    if not shutil.which("puppet"):
        puppet_sizes = set()
    os.makedirs(args.work, exist_ok=True)
    scratch = os.path.join(args.work, "scratch")
    os.makedirs(scratch, exist_ok=True)
    baton = os.path.abspath(args.baton)

    def log(s):
        print(s, file=sys.stderr, flush=True)

    env = environment(baton)
    if args.out is None:
        results = os.path.join(HERE, "results")
        os.makedirs(results, exist_ok=True)
        base = os.path.join(results, "%s-%s" % (datetime.date.today().isoformat(), env["host"]))
        args.out, n = base + ".md", 2
        while os.path.exists(args.out):
            args.out, n = "%s-%d.md" % (base, n), n + 1

    env["baton_idle_rss_kb"] = run_once([baton, "--version"], os.path.join(scratch, "idle.txt"),
                                        args.timeout).rss_kb
    latency = None
    if args.latency_runs > 0:
        log("latency case (%d runs)" % args.latency_runs)
        latency = latency_case(baton, os.path.join(HERE, "inputs", "realistic-500.baton"), args.latency_runs,
                               scratch, args.timeout, log)

    cases = []
    for shape in [s.strip() for s in args.shapes.split(",") if s.strip()]:
        for size in sizes:
            with_puppet = size in puppet_sizes and "puppet" in wanted
            log("%s %s" % (shape, size_label(size)))
            prefix, stats = generate(shape, size, args.work, with_puppet, log)
            cmds, pup = case_commands(baton, prefix, stats, wanted, with_puppet, args.work)
            runs = runs_for(size, args.runs)
            warmup = 1 if size <= 10000 else 0
            res = measure_interleaved(cmds, runs, warmup, args.timeout, scratch, log)
            if pup:
                log("  puppet apply --noop (%d runs)" % args.puppet_runs)
                res.update(measure_interleaved([pup], args.puppet_runs, 0, args.timeout, scratch, log))
            for name, r in res.items():
                if r.ok():
                    log("    %-16s %s" % (name, fmt_time(r.median())))
            cases.append({"shape": shape, "size": size, "stats": stats, "results": res,
                          "edges_bytes": os.path.getsize(prefix + ".edges")})

    meta = {"cmdline": args.cmdline, "load_start": args.load_start, "limit_gb": args.limit_gb,
            "load_end": " ".join("%.2f" % x for x in os.getloadavg())}
    write_report(args.out, env, meta, latency, cases)
    raw = {"env": env, "meta": meta, "latency": latency,
           "cases": [{"shape": c["shape"], "size": c["size"], "stats": c["stats"], "edges_bytes": c["edges_bytes"],
                      "results": {k: v.to_json() for k, v in c["results"].items()}} for c in cases]}
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(raw, f, indent=1)
    log("wrote %s" % args.out)


def render(json_path, out_path):
    """Writes the Markdown report again from a run's raw .json (after a change to the report)."""
    with open(json_path) as f:
        raw = json.load(f)
    cases = []
    for c in raw["cases"]:
        results = {}
        for name, r in c["results"].items():
            res = Result(name, r["argv"])
            res.failure = r["failure"]
            res.runs = [Run(w, cpu, rss, 0, "") for w, cpu, rss in zip(r["wall"], r["cpu"], r["rss_kb"])]
            results[name] = res
        cases.append({"shape": c["shape"], "size": c["size"], "stats": c["stats"], "results": results,
                      "edges_bytes": c.get("edges_bytes", 0)})
    meta = raw.get("meta") or {"cmdline": "?", "load_start": "?", "load_end": "?", "limit_gb": None}
    latency = raw.get("latency")
    if latency and "cpu_check" not in latency:
        latency["cpu_check"] = latency["check"]
    write_report(out_path, raw["env"], meta, latency, cases)


if __name__ == "__main__":
    main(sys.argv[1:])
