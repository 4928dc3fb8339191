#!/usr/bin/env python3
"""Malformed input never crashes or hangs `baton lsp`: the scripts of the golden cases, turned
into bytes and mutated (bytes flipped, ranges dropped or repeated, JSON values swapped for
others of another type, headers broken), are fed to the server, which must end (at the end of
its input) with status 0 or 1, never killed by a signal or timed out.

    fuzz_protocol.py --baton build/baton --count 300 [--seed 1]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_golden  # noqa: E402

ODD_VALUES = [None, True, -1, 2 ** 63, 1.5, "", "x" * 300, [], {}, [1, "a"], {"line": "a"},
              {"line": -5, "character": 2 ** 40}, "file:///", "file:///nonexistent/a.baton",
              "\u0000", "😀"]


def mutate_json(rng, value):
    """`value` with one part, chosen at random, replaced by an odd value."""
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(list(value))
        value = dict(value)
        if rng.random() < 0.2:
            del value[key]
        else:
            value[key] = mutate_json(rng, value[key])
        return value
    if isinstance(value, list) and value and rng.random() < 0.7:
        value = list(value)
        i = rng.randrange(len(value))
        value[i] = mutate_json(rng, value[i])
        return value
    return rng.choice(ODD_VALUES)


def split_frames(data):
    frames = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        frames.append(json.loads(rest[:length]))
        data = rest[length:]
    return frames


def mutate(rng, data):
    frames = split_frames(data)
    kind = rng.random()
    if kind < 0.6:  # odd values inside messages
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(frames))
            frames[i] = mutate_json(rng, frames[i])
        return b"".join(run_golden.frame(f) for f in frames)
    out = bytearray(data)
    if kind < 0.8:  # bytes flipped
        for _ in range(rng.randint(1, 10)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    a = rng.randrange(len(out))
    b = min(len(out), a + rng.randint(1, 200))
    if kind < 0.9:  # a range dropped
        return bytes(out[:a] + out[b:])
    return bytes(out[:b] + out[a:b] * rng.randint(1, 3) + out[b:])  # a range repeated


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    baton = os.path.abspath(args.baton)
    rng = random.Random(args.seed)
    cases_dir = os.path.join(HERE, "cases")
    cases = sorted(os.path.join(cases_dir, f) for f in os.listdir(cases_dir) if f.endswith(".lsp"))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(os.path.realpath(tmp), "ws")
        shutil.copytree(os.path.join(HERE, "workspace"), root)
        # The cases that send raw bytes are malformed already: they are not split into messages.
        cases = [c for c in cases if "\nraw" not in "\n" + open(c, encoding="utf-8").read()]
        inputs = [run_golden.build_input(c, root) for c in cases]
        for n in range(args.count):
            data = mutate(rng, rng.choice(inputs))
            try:
                proc = subprocess.run([baton, "lsp"], input=data, capture_output=True, cwd=root,
                                      timeout=30)
            except subprocess.TimeoutExpired:
                failures += 1
                print("HANG on input %d (seed %d)" % (n, args.seed))
                continue
            if proc.returncode not in (0, 1):
                failures += 1
                path = os.path.join(tempfile.gettempdir(), "baton-lsp-crash-%d-%d.bin" % (args.seed, n))
                with open(path, "wb") as f:
                    f.write(data)
                print("status %d on input %d (seed %d), saved as %s: %s" % (
                    proc.returncode, n, args.seed, path, proc.stderr.decode(errors="replace")[-500:]))
    print("%d inputs, %d failures" % (args.count, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
