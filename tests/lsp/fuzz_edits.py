#!/usr/bin/env python3
"""Fuzzed editing: random edit sequences over the examples (typing a prefix character by
character, deleting ranges, pasting garbage or pieces of other specs), sent to `baton lsp` as
incremental changes. After each sequence the diagnostics the server published for the document
must equal what `baton check --format json` prints for the same text (saved to the same path),
converted as the server converts them; the server must neither crash nor hang.

    fuzz_edits.py --baton build/baton --count 300 [--seed 1]
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client, utf16_position  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

GARBAGE = ["{", "}", "(", ")", "[", "]", "${", "\"", "'", "/*", "*/", "//", "#", ".", ",", "=",
           "->", "service ", "host ", "param ", "input ", "output ", "action ", "on ", "when ",
           "after ", "repeatable", "capture ", "sh ", "order ", "before ", "import \"x.baton\"\n",
           "é", "😀", "\t", "\n", " ", "0", "99999999999999999999999", "[*]", "x", "\u0000",
           "# baton: ignore[W0202]", "# baton: ignore[nonsense]", "!", "&&", "||"]


def expected_lsp(check_json, text_of):
    """The diagnostics the server should publish for one file, from check's JSON."""
    out = []
    for d in check_json["diagnostics"]:
        loc = d["location"]
        message = d["message"]
        related = []
        for n in d["notes"]:
            if n["location"] is not None and n["location"].get("line"):
                related.append((n["location"], n["message"]))
            else:
                message += "\nnote: " + n["message"]
        if d["help"] is not None:
            message += "\nhelp: " + d["help"]
        out.append((convert(loc, text_of), d["code"], message,
                    [(convert(l, text_of), m) for l, m in related]))
    return out


def column_to_utf16(line_text, col):
    cps = col - 1
    head = line_text[:cps]
    return len(head.encode("utf-16-le")) // 2 + max(0, cps - len(line_text))


def convert(loc, text_of):
    if loc is None or not loc.get("line"):
        return ("", 0, 0, 0, 0)
    lines = text_of(loc["file"]).split("\n")

    def line(n):
        t = lines[n - 1] if 0 < n <= len(lines) else ""
        return t[:-1] if t.endswith("\r") else t
    return (loc["file"], loc["line"] - 1, column_to_utf16(line(loc["line"]), loc["column"]),
            loc["end_line"] - 1, column_to_utf16(line(loc["end_line"]), loc["end_column"]))


def published_as_tuples(diags, path_of_uri):
    out = []
    for d in diags:
        r = d["range"]
        key = (path_of_uri(d), r["start"]["line"], r["start"]["character"], r["end"]["line"],
               r["end"]["character"])
        related = []
        for ri in d.get("relatedInformation", []):
            rr = ri["location"]["range"]
            related.append(((ri["location"]["uri"][len("file://"):], rr["start"]["line"],
                             rr["start"]["character"], rr["end"]["line"], rr["end"]["character"]),
                            ri["message"]))
        out.append((key, d["code"], d["message"], related))
    return out


def random_edit(rng, text, corpus):
    """One edit as (start index, end index, new text) over code points."""
    kind = rng.random()
    n = len(text)
    a = rng.randint(0, n)
    if kind < 0.35:  # delete a range
        b = min(n, a + rng.choice([1, 1, 2, 5, 20, 200]))
        return a, b, ""
    if kind < 0.75:  # garbage
        return a, a, "".join(rng.choice(GARBAGE) for _ in range(rng.randint(1, 3)))
    if kind < 0.9:  # a piece of another spec
        src = rng.choice(corpus)
        s = rng.randint(0, max(0, len(src) - 1))
        return a, a, src[s:s + rng.randint(1, 80)]
    b = min(n, a + rng.randint(0, 30))  # retype a range as it was (an undo of sorts)
    return a, b, text[a:b]


def run(baton, count, seed, verbose):
    specs = sorted(glob.glob(os.path.join(REPO, "examples", "*.baton")))
    specs += sorted(glob.glob(os.path.join(HERE, "workspace", "*.baton")))
    corpus = [open(p, encoding="utf-8").read() for p in specs]
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="baton-lsp-fuzz-"))
    shutil.copy(os.path.join(HERE, "workspace", "common.baton"), tmp)
    client = Client([baton, "lsp", "--no-config"], cwd=tmp)
    client.initialize("file://" + tmp, debounce_ms=5)
    rng = random.Random(seed)
    mismatches = 0
    edits_total = 0
    with_diagnostics = 0
    try:
        for case in range(count):
            k = rng.randrange(len(specs))
            text = corpus[k]
            path = os.path.join(tmp, "fuzz%d.baton" % case)
            uri = "file://" + path
            typing = rng.random() < 0.2
            version = 1
            if typing:  # type the whole file (or a prefix) character by character
                target = text[:rng.randint(0, len(text))]
                text = ""
                client.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri, "languageId": "baton", "version": version, "text": ""}})
                for ch in target[:400]:
                    pos = utf16_position(text, len(text))
                    version += 1
                    client.notify("textDocument/didChange", {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}]})
                    text += ch
                    edits_total += 1
            else:
                client.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri, "languageId": "baton", "version": version, "text": text}})
                for _ in range(rng.randint(1, 12)):
                    a, b, new = random_edit(rng, text, corpus)
                    start, end = utf16_position(text, a), utf16_position(text, b)
                    version += 1
                    client.notify("textDocument/didChange", {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"range": {"start": start, "end": end}, "text": new}]})
                    text = text[:a] + new + text[b:]
                    edits_total += 1
            client.request("workspace/symbol", {"query": "zz-sync"})
            got = client.published.get(uri)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            proc = subprocess.run([baton, "check", "--no-config", "--format", "json", path],
                                  capture_output=True, cwd=tmp, timeout=60)
            checked = json.loads(proc.stdout)

            def text_of(file):
                p = file if os.path.isabs(file) else os.path.join(tmp, file)
                if os.path.realpath(p) == os.path.realpath(path):
                    return text
                return open(p, encoding="utf-8", errors="replace").read()
            want = [d for d in expected_lsp(checked, text_of) if d[0][0] in ("", path)]
            want = [((path,) + d[0][1:],) + d[1:] for d in want]
            for d in want:
                d[3].sort()
            have = published_as_tuples(got or [], lambda d: path)
            for d in have:
                d[3].sort()
            if got is None:
                mismatches += 1
                print("NO PUBLICATION case %d (seed %d)" % (case, seed))
            with_diagnostics += bool(want)
            if sorted(map(repr, want)) != sorted(map(repr, have)):
                mismatches += 1
                print("MISMATCH case %d (seed %d): %s" % (case, seed, path))
                print(" text:", json.dumps(text)[:2000])
                print(" want:", want)
                print(" have:", have)
                if mismatches > 5:
                    break
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            os.unlink(path)
            if verbose and case % 100 == 0:
                print("case", case)
        status = client.close()
        if status != 0:
            print("server exited with status", status)
            mismatches += 1
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d sequences (%d with diagnostics), %d edits, %d mismatches" %
          (count, with_diagnostics, edits_total, mismatches))
    return 1 if mismatches else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    return run(os.path.abspath(args.baton), args.count, args.seed, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
