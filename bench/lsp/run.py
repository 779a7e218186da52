#!/usr/bin/env python3
"""bench/lsp/run.py - figures for phxc lsp, measured from the client.

    python3 bench/lsp/run.py [PHXC]

1. diagnostics latency: 20 edits of examples/phoenix/phoenix.phx (eight
   stdlib imports), each a full-text didChange; the time from writing the
   change to reading its publishDiagnostics. Median, min, max.
2. completion latency: 20 completions of a property name in a resource of
   the same document (the check is up to date first).
3. peak memory: VmHWM of the server after opening every example and every
   stdlib module (and waiting for their diagnostics).
Goals (issue 13): < 10 ms, < 5 ms, < 20 MiB. Not a test: it prints figures.
PHX_PATH defaults to the source tree's stdlib."""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(SRC, "tests", "lsp"))
from client import Client  # noqa: E402

phxc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "phxc")
os.environ.setdefault("PHX_PATH", os.path.join(SRC, "stdlib"))
c = Client([phxc, "lsp"])
c.initialize(root=SRC)

path = os.path.join(SRC, "examples/phoenix/phoenix.phx")
text = open(path).read()
uri = c.open(path, text)
c.diagnostics(uri)

lat = []
for v in range(2, 22):
    edited = text.replace('port = 3000', 'port = %d' % (3000 + v))
    t0 = time.perf_counter()
    c.change(uri, edited, v)
    m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri and m["params"].get("version") == v)
    lat.append((time.perf_counter() - t0) * 1000)
    assert m["params"]["diagnostics"] == [], m

# completion of a property name inside a resource, in the same program
ctext = text + '\nresource extra "AWS::S3::Bucket" {\n  Versi\n}\n'
c.change(uri, ctext, 100)
c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 100)
lines = ctext.split("\n")
line = next(i for i, l in enumerate(lines) if l == "  Versi")
clat = []
for _ in range(20):
    t0 = time.perf_counter()
    r = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                              "position": {"line": line, "character": 7}})
    clat.append((time.perf_counter() - t0) * 1000)
    assert any(i["label"] == "VersioningConfiguration" for i in r["result"]["items"]), r

# every example and stdlib module open at once
paths = []
for root in ("examples", "stdlib"):
    for dp, _, fs in os.walk(os.path.join(SRC, root)):
        paths += [os.path.join(dp, f) for f in fs if f.endswith(".phx")]
for p in sorted(paths):
    c.diagnostics(c.open(p))
status = open("/proc/%d/status" % c.proc.pid).read()
hwm = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:"))
rss = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmRSS:"))
rc = c.close()

print("phxc lsp, measured from the client (%s)" % phxc)
print("diagnostics after an edit of phoenix.phx: median %.2f ms (min %.2f, max %.2f, 20 edits)  goal < 10 ms"
      % (statistics.median(lat), min(lat), max(lat)))
print("completion of a property name:            median %.2f ms (min %.2f, max %.2f, 20 requests)  goal < 5 ms"
      % (statistics.median(clat), min(clat), max(clat)))
print("peak memory, %d documents open (every example and stdlib module): VmHWM %.1f MiB (VmRSS %.1f MiB)  goal < 20 MiB"
      % (len(paths) + 1, hwm / 1024, rss / 1024))
print("exit status after shutdown and exit: %d" % rc)
