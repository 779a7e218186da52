"""client.py - a small JSON-RPC client for `phxc lsp` (tests and bench).

Starts the server as a subprocess, writes Content-Length framed messages,
reads them back on a thread so that a hung server shows up as a timeout and
not as a hung test."""
import json
import os
import queue
import subprocess
import threading
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    def __init__(self, argv, env=None, cwd=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=cwd)
        self.q = queue.Queue()
        self.next_id = 0
        self.pending = []          # messages read but not yet asked for
        self.stderr = b""
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._err, daemon=True).start()

    def _err(self):
        self.stderr = self.proc.stderr.read()

    def _reader(self):
        f = self.proc.stdout
        while True:
            headers = {}
            line = f.readline()
            if not line:
                self.q.put(None)
                return
            while line not in (b"\r\n", b"\n", b""):
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
                line = f.readline()
            n = int(headers.get("content-length", "0"))
            body = f.read(n)
            try:
                self.q.put(json.loads(body))
            except ValueError:
                self.q.put({"unparsable": body.decode(errors="replace")})

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.send_raw(frame(obj))

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def request_async(self, method, params=None):
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return self.next_id

    def _get(self, timeout):
        m = self.q.get(timeout=timeout)
        if m is None:
            raise EOFError("server closed its output")
        return m

    def wait(self, pred, timeout=10):
        """The first message (pending or new) for which pred is true."""
        for i, m in enumerate(self.pending):
            if pred(m):
                del self.pending[i]
                return m
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no matching message")
            m = self._get(left)
            if pred(m):
                return m
            self.pending.append(m)

    def response(self, rid, timeout=10):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def request(self, method, params=None, timeout=10):
        return self.response(self.request_async(method, params), timeout)

    def diagnostics(self, uri, timeout=10):
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri, timeout)
        return m["params"]["diagnostics"]

    def initialize(self, root=None, options=None):
        p = {"processId": os.getpid(), "capabilities": {},
             "rootUri": ("file://" + root) if root else None}
        if options is not None:
            p["initializationOptions"] = options
        r = self.request("initialize", p)
        self.notify("initialized", {})
        return r

    def open(self, path, text=None, uri=None):
        if text is None:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
        uri = uri or "file://" + os.path.abspath(path)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "phx", "version": 1, "text": text}})
        return uri

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self, timeout=10):
        """shutdown, exit; the exit status."""
        self.request("shutdown")
        self.notify("exit")
        return self.proc.wait(timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
