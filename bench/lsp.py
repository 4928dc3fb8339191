#!/usr/bin/env python3
"""Latency and memory of `baton lsp` (issue 18's bench rows; timings are measured here, never
asserted in tests):

  - didChange -> publishDiagnostics on bench/inputs/realistic-500.baton and on the flat 10k
    spec of gen_spec.py (debounce off, so the figure is the check and the publication);
  - hover, definition and references at random names of those specs;
  - rename of a param read by 1,000 services (1,001 edits);
  - the server's peak RSS (VmHWM) after the 10k runs.

    bench/lsp.py --baton build/baton [--runs 100] [--out bench/results/DATE-lsp.md]
"""
import argparse
import datetime
import os
import random
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lsp"))
from lsp_client import Client  # noqa: E402


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def ms(v):
    return "%.2f ms" % (v * 1000)


def cpu_seconds(pid):
    """User plus system CPU time of process `pid` so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def names_in(client, uri):
    """(line, character) of every declared name's selection, from documentSymbol."""
    out = []
    stack = list(client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"])
    while stack:
        s = stack.pop()
        out.append(s["selectionRange"]["start"])
        stack.extend(s.get("children", []))
    return out


def measure_spec(baton, path, runs, rng):
    text = open(path, encoding="utf-8").read()
    uri = "file://" + os.path.realpath(path)
    client = Client([baton, "lsp", "--no-config"], cwd=os.path.dirname(path))
    client.initialize("file://" + os.path.dirname(os.path.realpath(path)), debounce_ms=0)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "baton",
                                                            "version": 1, "text": text}})
    client.wait_publication()
    last_line = text.count("\n")
    change = []
    cpu0 = cpu_seconds(client.proc.pid)
    for k in range(runs):
        # Type a space at the end of the file, then take it back: the spec stays the same.
        if k % 2 == 0:
            edit = {"range": {"start": {"line": last_line, "character": 0},
                              "end": {"line": last_line, "character": 0}}, "text": " "}
        else:
            edit = {"range": {"start": {"line": last_line, "character": 0},
                              "end": {"line": last_line, "character": 1}}, "text": ""}
        t0 = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": k + 2},
                                                 "contentChanges": [edit]})
        client.wait_publication()
        change.append(time.perf_counter() - t0)
    change_cpu = (cpu_seconds(client.proc.pid) - cpu0) / runs
    positions = names_in(client, uri)
    timings = {}
    for method in ("hover", "definition", "references"):
        values = []
        for _ in range(runs):
            p = rng.choice(positions)
            params = {"textDocument": {"uri": uri}, "position": p}
            if method == "references":
                params["context"] = {"includeDeclaration": True}
            t0 = time.perf_counter()
            r = client.request("textDocument/" + method, params)
            values.append(time.perf_counter() - t0)
            assert "result" in r, r
        timings[method] = values
    with open("/proc/%d/status" % client.proc.pid) as f:
        hwm = [l for l in f if l.startswith("VmHWM")][0].split()[1]
    client.close()
    return change, change_cpu, timings, int(hwm) / 1024.0, len(positions)


def measure_rename(baton, runs, refs=1000):
    tmp = tempfile.mkdtemp(prefix="baton-lsp-bench-")
    path = os.path.join(tmp, "rename.baton")
    lines = ['param shared = "x"', 'host h { address = "10.0.0.1" }']
    for i in range(refs):
        lines.append('service s%d on h { input v = shared; action run { sh "run ${v}" } }' % i)
    text = "\n".join(lines) + "\n"
    open(path, "w").write(text)
    uri = "file://" + os.path.realpath(path)
    client = Client([baton, "lsp", "--no-config"], cwd=tmp)
    client.initialize("file://" + tmp, debounce_ms=0)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "baton",
                                                            "version": 1, "text": text}})
    client.wait_publication()
    values, edits = [], 0
    cpu0 = cpu_seconds(client.proc.pid)
    for k in range(runs):
        t0 = time.perf_counter()
        r = client.request("textDocument/rename", {"textDocument": {"uri": uri},
                                                   "position": {"line": 0, "character": 7},
                                                   "newName": "renamed%d" % k})
        values.append(time.perf_counter() - t0)
        edits = len(r["result"]["changes"][uri])
    cpu = (cpu_seconds(client.proc.pid) - cpu0) / runs
    client.close()
    return values, edits, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--out")
    args = ap.parse_args()
    baton = os.path.abspath(args.baton)
    rng = random.Random(1)
    work = os.path.join(HERE, "work")
    os.makedirs(work, exist_ok=True)
    flat = os.path.join(work, "flat-10k")
    if not os.path.exists(flat + ".baton"):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_spec.py"), "--shape", "flat",
                        "--actions", "10k", "--out", flat], check=True)
    specs = [("realistic-500", os.path.join(HERE, "inputs", "realistic-500.baton")),
             ("flat-10k", flat + ".baton")]
    out = ["# `baton lsp`: latency and memory", "",
           "%s on %s, %d runs each (p50 / p95 / max). Debounce off for the change rows." %
           (datetime.date.today(), socket.gethostname(), args.runs), "",
           "| spec | row | p50 | p95 | max |", "| --- | --- | --- | --- | --- |"]
    rss = {}
    cpu_rows = []
    for name, path in specs:
        change, change_cpu, timings, hwm, count = measure_spec(baton, path, args.runs, rng)
        rss[name] = hwm
        cpu_rows.append("| %s | didChange -> publishDiagnostics | %s |" % (name, ms(change_cpu)))
        rows = [("didChange -> publishDiagnostics", change)] + [(m, timings[m]) for m in
                                                                 ("hover", "definition", "references")]
        for row, values in rows:
            out.append("| %s | %s | %s | %s | %s |" % (name, row, ms(pct(values, 50)),
                                                        ms(pct(values, 95)), ms(max(values))))
    rename, edits, rename_cpu = measure_rename(baton, max(10, args.runs // 5))
    cpu_rows.append("| 1,000 services | rename | %s |" % ms(rename_cpu))
    out.append("| 1,000 services | rename (%d edits) | %s | %s | %s |" % (
        edits, ms(pct(rename, 50)), ms(pct(rename, 95)), ms(max(rename))))
    out += ["", "The server's own CPU time per operation (mean; what the wall times above are made"
            " of when the machine is not shared):", "", "| spec | row | CPU |", "| --- | --- | --- |"]
    out += cpu_rows
    out += ["", "| spec | server peak RSS (VmHWM) |", "| --- | --- |"]
    for name, hwm in rss.items():
        out.append("| %s | %.1f MB |" % (name, hwm))
    text = "\n".join(out) + "\n"
    print(text)
    if args.out:
        open(args.out, "w").write(text)


if __name__ == "__main__":
    main()
