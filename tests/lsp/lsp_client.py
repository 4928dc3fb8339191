"""A minimal LSP client over pipes, for the fuzz test and the bench: frames messages, reads the
server's, and keeps what it publishes."""
import json
import subprocess


class Client:
    def __init__(self, argv, cwd=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 1
        self.published = {}  # uri -> the last diagnostics published
        self.publications = 0

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        msg = json.loads(self.proc.stdout.read(length))
        if msg.get("method") == "textDocument/publishDiagnostics":
            self.published[msg["params"]["uri"]] = msg["params"]["diagnostics"]
            self.publications += 1
        return msg

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                return msg

    def wait_publication(self):
        """Reads until the next publishDiagnostics; returns it."""
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics":
                return msg

    def initialize(self, root_uri, encodings=None, debounce_ms=None):
        caps = {"general": {"positionEncodings": encodings}} if encodings else {}
        params = {"processId": None, "rootUri": root_uri, "capabilities": caps}
        if debounce_ms is not None:
            params["initializationOptions"] = {"debounceMs": debounce_ms}
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return result

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.stdin.close()
        except (BrokenPipeError, EOFError):
            pass
        return self.proc.wait(timeout=30)


def utf16_position(text, index):
    """The protocol position (UTF-16) of code-point index `index` of `text`."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return {"line": line, "character": len(text[start:index].encode("utf-16-le")) // 2}
