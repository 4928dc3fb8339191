#!/usr/bin/env python3
"""Prints the commands of a JSON plan (baton compile --target json) one per line, for lit
tests of evaluated values: `step: text` where each ${} value is shown as [value], a capture
as [<instance.output>] and a secret as [<secret name>]. Reads the plan on standard input."""
import json
import sys

plan = json.load(sys.stdin)
captures = plan["captures"]


def segment(s):
    if s["kind"] == "text":
        return s["text"]
    if s["kind"] == "capture":
        c = captures[s["capture"]]
        return "<" + c["instance"] + "." + c["output"] + ">"
    return "<secret " + s["name"] + ">"


def command(c):
    out = ""
    for p in c["pieces"]:
        if p["kind"] == "shell":
            out += p["text"]
        else:
            out += "[" + "".join(segment(s) for s in p["segments"]) + "]"
    return out


for step in plan["steps"]:
    for c in step["commands"]:
        print(step["label"] + ": " + command(c))
for c in captures:
    print("capture " + c["instance"] + "." + c["output"] + ": " + command(c["command"]))
