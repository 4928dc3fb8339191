#!/usr/bin/env python3
"""Regenerates the CHECK lines of lit tests from what baton prints now.

    python3 tests/update_checks.py [--build DIR] TEST...

For every `RUN: <command> | FileCheck %s ...` line of a test (optionally with
--check-prefix=P), runs <command> with lit's substitutions and rewrites that prefix's check
lines at the end of the file: one CHECK per output line, CHECK-NEXT after it, CHECK-EMPTY for
blank lines, the test's own path replaced by {{.*}}NAME. Review the diff before committing:
the script writes what baton does, not what it should do.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def escape(line):
    # FileCheck reads {{...}} as a regex and [[...]] as a variable.
    line = line.replace("{{", "{{[{][{]}}").replace("[[", "{{\\[\\[}}")
    return line


def substitute(cmd, path, build):
    inputs = os.path.join(HERE, "lit", "inputs")
    cmd = cmd.replace("%baton", os.path.join(build, "baton"))
    cmd = cmd.replace("%inputs", inputs)
    cmd = cmd.replace("%mermaid-check", "node " + os.path.join(HERE, "tools", "mermaid", "check.mjs"))
    cmd = cmd.replace("%S", os.path.dirname(path))
    cmd = cmd.replace("%s", path)
    cmd = cmd.replace("%t", os.path.join(build, "lit", "update.tmp"))
    return cmd


def generalize(text, path):
    text = text.replace(os.path.dirname(path) + "/", "{{.*}}")
    text = text.replace(os.path.join(HERE, "lit", "inputs") + "/", "{{.*}}")
    return text


def update(path, build):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    comment = "#" if path.endswith(".test") else "//"
    runs = []
    for line in lines:
        m = re.match(r"\s*(?://|#)\s*RUN:\s*(.*)$", line)
        if m:
            runs.append(m.group(1))
    # Join continuation lines (ending in \).
    joined, cur = [], ""
    for r in runs:
        if r.endswith("\\"):
            cur += r[:-1] + " "
        else:
            joined.append(cur + r)
            cur = ""
    outputs = {}
    for run in joined:
        m = re.match(r"(.*)\|\s*FileCheck\s+%s(.*)$", run)
        if not m:
            continue
        cmd, opts = m.group(1), m.group(2)
        pm = re.search(r"--check-prefix[= ](\w+)", opts)
        prefix = pm.group(1) if pm else "CHECK"
        # `not` inverts the exit status for lit; here only the output matters.
        cmd = re.sub(r"(^|&&\s*|;\s*|\|\s*)not\s+", r"\1", cmd.strip())
        os.makedirs(os.path.join(build, "lit"), exist_ok=True)
        res = subprocess.run(substitute(cmd, path, build), shell=True, capture_output=True,
                             text=True, cwd=os.path.dirname(path),
                             env=dict(os.environ, NO_COLOR="1"))
        outputs[prefix] = res.stdout
    if not outputs:
        print(f"{path}: no RUN line with FileCheck", file=sys.stderr)
        return
    check_re = re.compile(r"\s*(?://|#)\s*(" + "|".join(outputs) + r")(-NEXT|-EMPTY)?:")
    kept = [l for l in lines if not check_re.match(l) and l != f"{comment} AUTOUPDATE"]
    while kept and kept[-1] == "":
        kept.pop()
    kept.append("")
    kept.append(f"{comment} AUTOUPDATE")
    for prefix, out in outputs.items():
        out_lines = out.split("\n")
        if out_lines and out_lines[-1] == "":
            out_lines.pop()
        for i, l in enumerate(out_lines):
            if l == "":
                kept.append(f"{comment} {prefix}-EMPTY:")
            else:
                tag = prefix if i == 0 else prefix + "-NEXT"
                kept.append(f"{comment} {tag}:{generalize(escape(l), path)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("tests", nargs="+")
    a = ap.parse_args()
    for t in a.tests:
        update(os.path.abspath(t), os.path.abspath(a.build))


if __name__ == "__main__":
    main()
