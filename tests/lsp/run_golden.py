#!/usr/bin/env python3
"""Golden tests of `baton lsp`: each case in cases/NAME.lsp is a script of messages to the
server; what the server answers and publishes, with the workspace's path written $ROOT, must
equal cases/NAME.expected. `--update` rewrites the expected files (read the diff: it records
what the server does now, right or wrong).

The workspace (workspace/) is copied to a temporary directory, so that the files the server
reads are the ones the case means. The whole script is on the server's standard input before it
starts, so that what it answers does not depend on timing: notifications only change documents,
and the diagnostics are published when the next request comes (or at the end of the input).

Script lines (positions are the protocol's: 0-based line:character):
  # comment
  init {JSON}                       initialize with these params (default: no capabilities);
                                    without an init line, the harness initializes with {}
  noinit                            send nothing before the script
  open FILE [TEXT-AS-JSON-STRING]   didOpen, with the workspace file's text or the one given
  change FILE L:C-L:C JSON-STRING   incremental didChange
  replace FILE JSON-STRING          full didChange
  close FILE
  hover|definition|references|prepareRename|completion FILE L:C
  rename FILE L:C NEWNAME
  symbols FILE                      textDocument/documentSymbol
  wsymbol QUERY                     workspace/symbol
  request METHOD {JSON}             any request; "@FILE" strings become that file's URI
  notify METHOD {JSON}              any notification
  raw JSON-STRING                   bytes sent as they are (for malformed input)
  rawbody JSON-STRING               a body sent as it is, framed
  noexit                            end the input without shutdown and exit
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def pos(text):
    line, char = text.split(":")
    return {"line": int(line), "character": int(char)}


class Script:
    def __init__(self, root):
        self.root = root
        self.out = bytearray()
        self.next_id = 1

    def uri(self, name):
        return "file://" + os.path.join(self.root, name)

    def subst(self, value):
        if isinstance(value, str) and value.startswith("@"):
            return self.uri(value[1:])
        if isinstance(value, dict):
            return {k: self.subst(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.subst(v) for v in value]
        return value

    def request(self, method, params):
        self.out += frame({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.next_id += 1

    def notify(self, method, params):
        self.out += frame({"jsonrpc": "2.0", "method": method, "params": params})

    def at(self, name, where):
        return {"textDocument": {"uri": self.uri(name)}, "position": pos(where)}


def build_input(case_path, root):
    s = Script(root)
    lines = open(case_path, encoding="utf-8").read().splitlines()
    words = [l.split(" ", 1)[0] for l in lines]
    exit_at_end = "noexit" not in words
    if "init" not in words and "noinit" not in words:
        s.request("initialize", {"processId": None, "rootUri": s.uri(""), "capabilities": {}})
        s.notify("initialized", {})
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cmd, _, rest = line.partition(" ")
        if cmd == "init":
            params = s.subst(json.loads(rest)) if rest.strip() else {}
            params.setdefault("capabilities", {})
            s.request("initialize", params)
            s.notify("initialized", {})
        elif cmd in ("noinit", "noexit"):
            pass
        elif cmd == "open":
            name, _, text = rest.partition(" ")
            if text:
                text = json.loads(text)
            else:
                text = open(os.path.join(root, name), encoding="utf-8").read()
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": s.uri(name), "languageId": "baton", "version": 1, "text": text}})
        elif cmd == "change":
            name, span, text = rest.split(" ", 2)
            a, b = span.split("-")
            s.notify("textDocument/didChange", {
                "textDocument": {"uri": s.uri(name), "version": 2},
                "contentChanges": [{"range": {"start": pos(a), "end": pos(b)}, "text": json.loads(text)}]})
        elif cmd == "replace":
            name, text = rest.split(" ", 1)
            s.notify("textDocument/didChange", {
                "textDocument": {"uri": s.uri(name), "version": 2},
                "contentChanges": [{"text": json.loads(text)}]})
        elif cmd == "close":
            s.notify("textDocument/didClose", {"textDocument": {"uri": s.uri(rest)}})
        elif cmd in ("hover", "definition", "references", "prepareRename", "completion"):
            name, where = rest.split(" ")
            params = s.at(name, where)
            if cmd == "references":
                params["context"] = {"includeDeclaration": True}
            s.request("textDocument/" + cmd, params)
        elif cmd == "rename":
            name, where, new = rest.split(" ")
            params = s.at(name, where)
            params["newName"] = new
            s.request("textDocument/rename", params)
        elif cmd == "symbols":
            s.request("textDocument/documentSymbol", {"textDocument": {"uri": s.uri(rest)}})
        elif cmd == "wsymbol":
            s.request("workspace/symbol", {"query": rest})
        elif cmd == "request":
            method, _, params = rest.partition(" ")
            s.request(method, s.subst(json.loads(params)) if params.strip() else {})
        elif cmd == "notify":
            method, _, params = rest.partition(" ")
            s.notify(method, s.subst(json.loads(params)) if params.strip() else {})
        elif cmd == "raw":
            s.out += json.loads(rest).encode()
        elif cmd == "rawbody":
            body = json.loads(rest).encode()
            s.out += b"Content-Length: %d\r\n\r\n" % len(body) + body
        else:
            raise SystemExit("%s: unknown script line: %s" % (case_path, line))
    if exit_at_end:
        s.request("shutdown", None)
        s.notify("exit", None)
    return bytes(s.out)


def parse_output(data):
    messages = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("output ends inside a header: %r" % data[:80])
        length = None
        for h in head.split(b"\r\n"):
            name, _, value = h.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None or len(rest) < length:
            raise ValueError("bad frame: %r" % head)
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def run_case(baton, case_path):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(os.path.realpath(tmp), "ws")
        shutil.copytree(os.path.join(HERE, "workspace"), root)
        stdin = build_input(case_path, root)
        inp = os.path.join(tmp, "input")
        with open(inp, "wb") as f:
            f.write(stdin)
        with open(inp, "rb") as f:
            proc = subprocess.run([baton, "lsp"], stdin=f, capture_output=True, cwd=root, timeout=60)
        lines = [json.dumps(m, ensure_ascii=False, sort_keys=True) for m in parse_output(proc.stdout)]
        lines.append("exit status: %d" % proc.returncode)
        text = "\n".join(lines) + "\n"
        return text.replace("file://" + root, "file://$ROOT").replace(root, "$ROOT")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    cases_dir = os.path.join(HERE, "cases")
    names = args.cases or sorted(f[:-4] for f in os.listdir(cases_dir) if f.endswith(".lsp"))
    failed = 0
    for name in names:
        case = os.path.join(cases_dir, name + ".lsp")
        expected_path = os.path.join(cases_dir, name + ".expected")
        got = run_case(os.path.abspath(args.baton), case)
        if args.update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(got)
            continue
        want = open(expected_path, encoding="utf-8").read() if os.path.exists(expected_path) else ""
        if got != want:
            failed += 1
            print("FAIL %s" % name)
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), "expected", "got"))
    print("%d cases, %d failed" % (len(names), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
