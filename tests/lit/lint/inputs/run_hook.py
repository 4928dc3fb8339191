#!/usr/bin/env python3
"""Runs a hook of .pre-commit-hooks.yaml as pre-commit runs a `language: system` hook: its
`entry` split into words, followed by the repository's files that its `files` pattern matches
(here every file under the current directory, as on a commit that stages them all), with
baton on PATH.

    python3 run_hook.py HOOKS_YAML HOOK_ID BATON_BINARY
"""
import os
import re
import shlex
import subprocess
import sys


def hook(path, hook_id):
    hooks, current = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*(-\s+)?(\w+):\s*(.*?)\s*$", line)
        if not m:
            continue
        if m.group(1):
            current = {}
        current[m.group(2)] = m.group(3)
        if m.group(2) == "id":
            hooks[m.group(3)] = current
    return hooks[hook_id]


def main():
    hooks_yaml, hook_id, baton = sys.argv[1:4]
    h = hook(hooks_yaml, hook_id)
    assert h.get("language") == "system", h
    files = []
    for root, _, names in os.walk("."):
        for name in names:
            path = os.path.relpath(os.path.join(root, name), ".")
            if re.search(h["files"], path):
                files.append(path)
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(baton)) + os.pathsep + env.get("PATH", "")
    print("$ " + " ".join([h["entry"]] + sorted(files)), flush=True)
    return subprocess.run(shlex.split(h["entry"]) + sorted(files), env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
