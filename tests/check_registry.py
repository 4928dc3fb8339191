#!/usr/bin/env python3
"""Checks that every diagnostic code in compiler/diagnostics/diagnostic_kinds.def is documented in
docs/diagnostics.md (a heading naming the code) and triggered by at least one lit test (a
CHECK line naming `[CODE]`), and that codes are unique. Exits 1 listing what is missing."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kinds = open(os.path.join(root, "compiler", "diagnostics", "diagnostic_kinds.def"), encoding="utf-8").read()
codes = re.findall(r'^BATON_DIAG\(\w+, "(\w+)", "([\w-]+)"', kinds, re.M)
problems = []
seen = set()
for code, _ in codes:
    if code in seen:
        problems.append(f"{code}: declared twice")
    seen.add(code)

docs = open(os.path.join(root, "docs", "diagnostics.md"), encoding="utf-8").read()
documented = set(re.findall(r"^#+ .*?\b([EWR]\d{4})\b", docs, re.M))

tested = set()
for dirpath, _, files in os.walk(os.path.join(root, "tests", "lit")):
    for name in files:
        if not (name.endswith(".baton") or name.endswith(".test")):
            continue
        text = open(os.path.join(dirpath, name), encoding="utf-8", errors="replace").read()
        for line in text.split("\n"):
            if re.match(r"\s*(//|#)\s*baton:", line):
                continue  # a suppression comment names codes; it does not check them
            if re.match(r"\s*(//|#)\s*[\w-]+:", line):
                tested.update(re.findall(r"\b([EWR]\d{4})\b", line))

for code, name in codes:
    if code not in documented:
        problems.append(f"{code} ({name}): no section in docs/diagnostics.md")
    if code not in tested:
        problems.append(f"{code} ({name}): no lit test checks it")
for code in sorted(documented - seen):
    problems.append(f"{code}: documented but not in the registry")

for p in problems:
    print(p)
print(f"registry: {len(codes)} codes, {len(problems)} problems")
sys.exit(1 if problems else 0)
