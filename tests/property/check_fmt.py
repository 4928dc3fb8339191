#!/usr/bin/env python3
"""Property test of `baton fmt`: generated and mutated specs all pass `baton fmt --verify`.

Specs come from gen_semantics.py (random specs of every construct) and from the repository's
specs (tests/lit, examples); each is mutated in ways that keep its meaning (whitespace and line
breaks between tokens, comments of both kinds at token boundaries, `;` dropped, CRLF, a byte
order mark) and in ways that may not (a token dropped or doubled). Every file then goes through
one `baton fmt --verify` run (many files per process, for speed), which must either format it
(idempotent, same comments, same IR, same plan) or refuse it for a mistake with diagnostics:
never a --verify failure, never a crash or a hang.

Usage: check_fmt.py --baton BIN [--count N] [--seed S] [--repo ROOT] [--keep DIR]"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_semantics import generate  # noqa: E402
from spec_model import spec_text  # noqa: E402


def tokens(text):
    """(start, end) of each token and comment of `text`, as format/format_tokens.cpp lexes it."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\f":
            i += 1
            continue
        start = i
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "#" or text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c == '"':
            modes, i = ["S"], i + 1
            while i < n and modes:
                c = text[i]
                if modes[-1] == "S":
                    if c == '"':
                        modes.pop(); i += 1
                    elif c == "\n":
                        break
                    elif c == "\\" and i + 1 < n and text[i + 1] != "\n":
                        i += 2
                    elif text.startswith("${", i):
                        modes.append("C"); i += 2
                    else:
                        i += 1
                elif c == '"':
                    modes.append("S"); i += 1
                elif c == "{":
                    modes.append("C"); i += 1
                elif c == "}":
                    modes.pop(); i += 1
                else:
                    i += 1
        elif c.isalnum() or c == "_":
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
        else:
            i += 2 if text[i:i + 2] in ("->", "||", "&&", "==", "!=", "<=", ">=") else 1
        out.append((start, i))
    return out


GAPS = [" ", "  ", "\n", "\n\n\n", "\t", " /* c */ ", "/*x*/", " // note\n", "\n# hash\n", "\n  \n", " /* two\n lines */ "]


def mutate(text, rng, keep_meaning):
    toks = tokens(text)
    if len(toks) < 2:
        return text
    pieces, last = [], 0
    for k, (s, e) in enumerate(toks):
        gap = text[last:s]
        tok = text[s:e]
        if k > 0 and rng.random() < 0.15:
            gap = rng.choice(GAPS)
            # A line comment must not swallow a token on its line: only where a break follows.
            if gap.lstrip().startswith(("//", "#")) and not gap.endswith("\n"):
                gap += "\n"
            # Nor may the gap after a line comment lose its line break.
            prev = text[toks[k - 1][0]:toks[k - 1][1]]
            if prev.startswith(("//", "#")):
                gap = "\n" + gap
        if tok == ";" and rng.random() < 0.5:
            tok = " "
        if not keep_meaning and rng.random() < 0.02:
            tok = rng.choice(["", tok + " " + tok, "(", "}", ","])
        pieces.append(gap + tok)
        last = e
    out = "".join(pieces) + text[last:]
    if rng.random() < 0.1:
        out = out.replace("\n", "\r\n")
    if rng.random() < 0.1:
        out = "\ufeff" + out
    return out


def repo_specs(root):
    specs = []
    for d in ("examples", "tests/lit"):
        for base, dirs, files in os.walk(os.path.join(root, d)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".baton"):
                    with open(os.path.join(base, f), encoding="utf-8", errors="replace") as fh:
                        specs.append(fh.read())
    return specs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baton", required=True)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--keep", help="copy the failing files here")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sources = repo_specs(args.repo)
    work = tempfile.mkdtemp(prefix="baton-fmt-property.")
    try:
        files = []
        for n in range(args.count):
            kind = n % 4
            if kind == 0:
                text = spec_text(generate(f"{args.seed}/{n}")[0])
            else:
                text = rng.choice(sources)
                if kind == 3:
                    text = spec_text(generate(f"{args.seed}/{n}")[0])
            text = mutate(text, rng, keep_meaning=kind != 2)
            path = os.path.join(work, f"{n}.baton")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            files.append(path)
        failures, formatted, refused = [], 0, 0
        for i in range(0, len(files), 500):
            batch = files[i:i + 500]
            r = subprocess.run([args.baton, "fmt", "--verify", "--diag-format", "gcc"] + batch,
                               capture_output=True, timeout=600)
            if r.returncode not in (0, 1):
                failures.append(f"exit {r.returncode} on a batch from {batch[0]}: {r.stderr[-2000:]!r}")
            err = r.stderr.decode(errors="replace")
            for line in err.splitlines():
                if "--verify" in line:
                    failures.append(line)
            bad = {line.split(":")[0] for line in err.splitlines() if ": error:" in line}
            refused += len(bad)
            formatted += len(batch) - len(bad)
        for f in failures:
            print("FAIL", f)
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                path = f.split(" ")[2].rstrip(":") if f.startswith("baton: error: ") else None
                if path and os.path.exists(path):
                    shutil.copy(path, args.keep)
        print(f"fmt property: {len(files)} specs, {formatted} formatted and verified, "
              f"{refused} refused for their mistakes, {len(failures)} failures")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
