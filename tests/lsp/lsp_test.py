"""lsp_test.py - scripted sessions with `phxc lsp`, printed as TAP.

Every feature of the server is asserted on real examples, on stdlib modules
and on half-written programs; then the robustness cases (malformed JSON,
unknown methods and documents, huge documents, invalid UTF-8, bad headers)
and the lifecycle (shutdown + exit -> 0, exit alone -> 1, EOF ends it).
Environment: PHXC (the command, split on blanks), top_srcdir, PHX_PATH."""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Client, frame  # noqa: E402

SRC = os.environ.get("top_srcdir") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PHXC = shlex.split(os.environ.get("PHXC") or os.path.join(SRC, "phxc"))
TMP = tempfile.mkdtemp(prefix="phxc-lsp.")
n = 0
failed = 0


def tap(ok, name, detail=None):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()


def case(name):
    """Runs a test function; an exception is a failure with its message."""
    def deco(fn):
        try:
            r = fn()
            if isinstance(r, tuple):
                tap(r[0], name, r[1])
            else:
                tap(bool(r), name)
        except Exception as e:  # noqa: BLE001 - any error fails the case
            tap(False, name, "%s: %s" % (type(e).__name__, e))
        return fn
    return deco


def server(options=None, env=None, root=SRC):
    c = Client(PHXC + ["lsp"], env=env)
    c.initialize(root=root, options=options)
    return c


def write(rel, text):
    path = os.path.join(TMP, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def offset_of(text, needle, after=True, nth=0):
    """(line, UTF-16 character) just after (or at) the nth occurrence."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    if after:
        i += len(needle)
    before = text[:i]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(col.encode("utf-16-le")) // 2}


def to_index(text, pos):
    lines = text.split("\n")
    off = sum(len(l) + 1 for l in lines[:pos["line"]])
    units = 0
    i = off
    while units < pos["character"] and i < len(text):
        units += len(text[i].encode("utf-16-le")) // 2
        i += 1
    return i


def apply_edits(text, edits):
    spans = sorted(((to_index(text, e["range"]["start"]), to_index(text, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for a, b, t in spans:
        text = text[:a] + t + text[b:]
    return text


def complete(c, uri, text, needle, nth=0):
    r = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                              "position": offset_of(text, needle, nth=nth)})
    return r["result"]["items"]


def labels(items):
    return [i["label"] for i in items]


def hover(c, uri, text, needle, after=False, shift=1):
    pos = offset_of(text, needle, after=after)
    pos["character"] += shift
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
    res = r.get("result")
    return res["contents"]["value"] if res else ""


def errors(diags):
    return [d for d in diags if d["severity"] == 1]


# ---- one long session over the examples ----------------------------------------
S = server()
PHOENIX = os.path.join(SRC, "examples/phoenix/phoenix.phx")
with open(PHOENIX) as f:
    PHOENIX_TEXT = f.read()
HELLO = os.path.join(SRC, "examples/hello/hello.phx")
with open(HELLO) as f:
    HELLO_TEXT = f.read()


@case("initialize announces completion, hover, definition, references, symbols, actions, formatting, semantic tokens")
def _():
    c = Client(PHXC + ["lsp"])
    caps = c.initialize()["result"]["capabilities"]
    want = ["completionProvider", "hoverProvider", "definitionProvider", "referencesProvider",
            "documentSymbolProvider", "workspaceSymbolProvider", "codeActionProvider",
            "documentFormattingProvider", "semanticTokensProvider", "textDocumentSync"]
    rc = c.close()
    return all(k in caps for k in want) and rc == 0, caps


@case("diagnostics: examples/phoenix (eight stdlib imports) opens with no diagnostic")
def _():
    u = S.open(PHOENIX)
    d = S.diagnostics(u)
    return d == [], d


@case("diagnostics: every example and every stdlib module checks clean, as phxc check says")
def _():
    bad = {}
    paths = []
    for root in ("examples", "stdlib"):
        for dp, _, fs in os.walk(os.path.join(SRC, root)):
            paths += [os.path.join(dp, f) for f in fs if f.endswith(".phx")]
    for p in sorted(paths):
        u = S.open(p)
        d = errors(S.diagnostics(u))
        cli = subprocess.run(PHXC + ["check", p], capture_output=True)
        if bool(d) != (cli.returncode != 0):
            bad[p] = (d, cli.returncode)
    return len(paths) > 15 and not bad, bad


BAD_BUCKET = 'resource b "AWS::S3::Bucket" {\n  VersioningConfig { Status = "Enabled" }\n}\n'
BAD_URI = S.open(write("bad/app.phx", BAD_BUCKET))
BAD_DIAGS = S.diagnostics(BAD_URI)


@case("diagnostics: unknown property located on its key, the hint as related information")
def _():
    d = BAD_DIAGS
    ok = (len(d) == 1 and d[0]["range"] == {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 18}}
          and d[0]["severity"] == 1 and "VersioningConfig" in d[0]["message"]
          and any("did you mean 'VersioningConfiguration'" in r["message"] for r in d[0].get("relatedInformation", [])))
    return ok, d


@case("code action: a did-you-mean applied fixes the program and clears its diagnostics")
def _():
    r = S.request("textDocument/codeAction", {"textDocument": {"uri": BAD_URI}, "range": BAD_DIAGS[0]["range"],
                                              "context": {"diagnostics": BAD_DIAGS}})["result"]
    fix = [a for a in r if a["title"] == "Change to 'VersioningConfiguration'"]
    if not fix:
        return False, r
    text = apply_edits(BAD_BUCKET, fix[0]["edit"]["changes"][BAD_URI])
    S.change(BAD_URI, text, 2)
    d = S.diagnostics(BAD_URI)
    return errors(d) == [] and "VersioningConfiguration {" in text, (text, d)


@case("diagnostics: an error in one environment only is found (every environment is checked)")
def _():
    t = ('env dev { zones = ["a", "b"] }\nenv prod { zones = ["a"] }\n'
         'resource t "AWS::SNS::Topic" {\n  TopicName = env.zones[1]\n}\n')
    u = S.open(write("envs/app.phx", t))
    d = S.diagnostics(u)
    cli = subprocess.run(PHXC + ["check", os.path.join(TMP, "envs/app.phx")], capture_output=True, text=True)
    return (len(d) == 1 and "out of range" in d[0]["message"] and d[0]["range"]["start"]["line"] == 3
            and "out of range" in cli.stderr), (d, cli.stderr)


@case("diagnostics: notes become related information at their own place")
def _():
    t = 'resource t "AWS::SNS::Topic" {\n  TopicName = "a"\n  TopicName = "c"\n}\n'
    u = S.open(write("notes/app.phx", t))
    d = S.diagnostics(u)
    rel = d[0].get("relatedInformation", []) if d else []
    return any(r["message"] == "first set here" and r["location"]["range"]["start"]["line"] == 1 for r in rel), d


@case("diagnostics: columns count UTF-16 code units (a non-BMP character before the error)")
def _():
    t = 'resource t "AWS::SNS::Topic" { DisplayName = "\U0001F600é"  Bogus = 1 }\n'
    u = S.open(write("utf16/app.phx", t))
    d = S.diagnostics(u)
    want = offset_of(t, "Bogus", after=False)
    return d and d[0]["range"]["start"] == want, (d, want)


@case("diagnostics: a half-written program gets syntax errors, not a crash, and a fix clears them")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  BucketName = \n'
    u = S.open(write("half/app.phx", t))
    d1 = S.diagnostics(u)
    S.change(u, 'resource b "AWS::S3::Bucket" {\n  BucketName = "x"\n}\n', 2)
    d2 = S.diagnostics(u)
    return len(errors(d1)) >= 1 and errors(d2) == [], (d1, d2)


@case("diagnostics: a document that imports a changed open document is checked again")
def _():
    lib = write("imp/lib.phx", "component pair(prefix: string) {\n  resource a \"AWS::S3::Bucket\" { BucketName = prefix }\n}\n")
    main = write("imp/main.phx", 'import "./lib"\npair p { prefix = "x" }\n')
    ul = S.open(lib)
    S.diagnostics(ul)
    um = S.open(main)
    d1 = S.diagnostics(um)
    S.change(ul, "component pair(prefix: string, size: int) {\n  resource a \"AWS::S3::Bucket\" { BucketName = prefix }\n}\n", 2)
    d2 = S.diagnostics(um)
    return errors(d1) == [] and any("size" in x["message"] for x in d2), (d1, d2)


@case("diagnostics: a burst of edits is checked fewer times than it has edits (debounce)")
def _():
    u = S.open(write("burst/app.phx", HELLO_TEXT))
    S.diagnostics(u)
    before = S.request("phx/stats")["result"]["checks"]
    data = b"".join(frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
                           "params": {"textDocument": {"uri": u, "version": v},
                                      "contentChanges": [{"text": HELLO_TEXT + "#" * v}]}})
                    for v in range(2, 22))
    S.send_raw(data)
    d = S.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == u and m["params"].get("version") == 21)
    after = S.request("phx/stats")["result"]["checks"]
    return after - before < 20 and d["params"]["diagnostics"] == [], (before, after)


@case("diagnostics: incremental changes (ranges in UTF-16) are applied")
def _():
    t = 'resource t "AWS::SNS::Topic" { DisplayName = "\U0001F600"  TopicNam = "x" }\n'
    u = S.open(write("incr/app.phx", t))
    d1 = S.diagnostics(u)
    pos = offset_of(t, "TopicNam")
    S.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
                                        "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "e"}]})
    d2 = S.diagnostics(u)
    return len(d1) == 1 and d2 == [], (d1, d2)


# ---- completion ---------------------------------------------------------------------
def doc(rel, text):
    u = S.open(write(rel, text))
    S.diagnostics(u)
    return u


@case("completion: keywords where an item starts")
def _():
    t = "\n"
    u = doc("c1/app.phx", t)
    ls = labels(S.request("textDocument/completion", {"textDocument": {"uri": u},
                                                       "position": {"line": 0, "character": 0}})["result"]["items"])
    return all(k in ls for k in ("resource", "param", "output", "env", "import", "component", "stack")), ls


@case("completion: resource types by fuzzy match, s3buck -> AWS::S3::Bucket first")
def _():
    t = 'resource b "s3buck'
    u = doc("c2/app.phx", t)
    items = complete(S, u, t, "s3buck")
    return items and items[0]["label"] == "AWS::S3::Bucket", labels(items)[:5]


@case("completion: a resource snippet carries its required properties")
def _():
    t = 'resource s "sns::subscri'
    u = doc("c3/app.phx", t)
    items = complete(S, u, t, "subscri")
    it = [i for i in items if i["label"] == "AWS::SNS::Subscription"]
    new = it[0]["textEdit"]["newText"] if it else ""
    return (it and it[0].get("insertTextFormat") == 2 and "Protocol = " in new and "TopicArn = " in new
            and new.startswith('AWS::SNS::Subscription" {')), new


@case("completion: a resource snippet where an item starts (fuzzy type, whole block)")
def _():
    t = "sqsque"
    u = doc("c3b/app.phx", t)
    items = complete(S, u, t, "sqsque")
    it = [i for i in items if i["label"] == "AWS::SQS::Queue"]
    return it and it[0]["textEdit"]["newText"].startswith('resource ${100:name} "AWS::SQS::Queue" {'), labels(items)[:8]


@case("completion: properties of the enclosing resource in a half-written line (required marked)")
def _():
    t = 'resource s "AWS::SNS::Subscription" {\n  Prot\n'
    u = doc("c4/app.phx", t)
    items = complete(S, u, t, "Prot")
    it = [i for i in items if i["label"] == "Protocol"]
    return it and "required" in it[0]["detail"], items[:5]


@case("completion: every setting of the stack block the checker accepts (regions, transform, strict, ...)")
def _():
    t = 'stack s {\n  \n}\n'
    u = doc("c4s/app.phx", t)
    ls = labels(complete(S, u, t, "{\n  "))
    want = ("description", "region", "regions", "tags", "bucket", "metadata", "rules", "transform",
            "globals", "strict")
    return all(k in ls for k in want), ls


@case("completion: parameter and output settings include logical_id")
def _():
    t = 'param p : string {\n  lo\n}\noutput o = "x" {\n  lo\n}\n'
    u = doc("c4p/app.phx", t)
    return ("logical_id" in labels(complete(S, u, t, "  lo")) and
            "logical_id" in labels(complete(S, u, t, "  lo", nth=1))), None


@case("completion: keys the block already has are not offered again")
def _():
    t = 'resource s "AWS::SNS::Subscription" {\n  Protocol = "email"\n  \n  TopicArn = "x"\n}\n'
    u = doc("c4b/app.phx", t)
    ls = labels(complete(S, u, t, '"email"\n  '))
    return "Protocol" not in ls and "TopicArn" not in ls and "Endpoint" in ls, ls


@case("completion: properties of a nested property object")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  VersioningConfiguration {\n    \n  }\n}\n'
    u = doc("c5/app.phx", t)
    items = complete(S, u, t, "{\n    ")
    it = [i for i in items if i["label"] == "Status"]
    return it and "required" in it[0]["detail"] and len(items) == 1, items


@case("completion: properties of objects inside a list property")
def _():
    t = ('resource g "AWS::EC2::SecurityGroup" {\n  GroupDescription = "x"\n'
         '  SecurityGroupIngress = [\n    { IpPro\n')
    u = doc("c6/app.phx", t)
    return "IpProtocol" in labels(complete(S, u, t, "IpPro")), None


@case("completion: enum values after '='")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  VersioningConfiguration { Status = '
    u = doc("c7/app.phx", t)
    items = complete(S, u, t, "Status = ")
    ls = labels(items)
    e = [i for i in items if i["label"] == "Enabled"]
    return "Enabled" in ls and "Suspended" in ls and e[0]["insertText"] == '"Enabled"', ls


@case("completion: enum values inside the quotes")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  VersioningConfiguration { Status = "Ena" }\n}\n'
    u = doc("c7b/app.phx", t)
    ls = labels(complete(S, u, t, '"Ena'))
    return "Enabled" in ls, ls


@case("completion: attributes after 'name.' (Fn::GetAtt)")
def _():
    t = HELLO_TEXT + "output x = assets.\n"
    u = doc("c8/app.phx", t)
    ls = labels(complete(S, u, t, "assets."))
    return "Arn" in ls and "DomainName" in ls, ls


@case("completion: exports of a component instance after 'name.'")
def _():
    t = PHOENIX_TEXT + "output extra = net.\n"
    u = doc("c9/phoenix.phx", t)
    ls = labels(complete(S, u, t, "extra = net."))
    return "vpc_id" in ls and "public_subnets" in ls, ls


@case("completion: component arguments with their types and defaults (required first)")
def _():
    t = PHOENIX_TEXT.replace('network net { stack = data  cidr = "10.0.0.0/16"  azs = env.azs  nat = env.nat }', "network net {\n  \n  stack = data\n}")
    u = doc("c10/phoenix.phx", t)
    items = complete(S, u, t, "network net {\n  ")
    by = {i["label"]: i for i in items}
    return ("cidr" in by and "azs" in by and "nat" in by and
            any("=" in i["detail"] for i in items)), [(i["label"], i["detail"]) for i in items]


@case("completion: fields of a record argument, with their types and defaults")
def _():
    t = PHOENIX_TEXT.replace("scale_on { cpu = 70%", "scale_on { \n  cpu = 70%", 1)
    u = doc("c10d/phoenix.phx", t)
    items = complete(S, u, t, "scale_on { \n")
    by = {i["label"]: i["detail"] for i in items}
    # cpu and requests_per_second are written already
    return ("memory" in by and "response_time" in by and "cpu" not in by and "requests_per_second" not in by
            and by.get("memory") == "percent = 0%"), by


@case("completion: names in scope after '='")
def _():
    t = HELLO_TEXT + "output z = \n"
    u = doc("c11/app.phx", t)
    ls = labels(complete(S, u, t, "output z = "))
    return all(k in ls for k in ("assets", "alerts", "alert_email", "env", "aws")), ls


@case("completion: names in a component's scope are its arguments and resources")
def _():
    t = 'component c(prefix: string, size: int = 3) {\n  resource a "AWS::S3::Bucket" { BucketName = pr }\n}\n'
    u = doc("c11b/app.phx", t)
    ls = labels(complete(S, u, t, "BucketName = pr"))
    return "prefix" in ls, ls


@case("completion: env keys after 'env.'")
def _():
    t = PHOENIX_TEXT + "output e = env.\n"
    u = doc("c12/phoenix.phx", t)
    ls = labels(complete(S, u, t, "output e = env."))
    return all(k in ls for k in ("azs", "nat", "db_instances", "name")), ls


@case("completion: module names inside import \"...\"")
def _():
    t = 'import "aws/'
    u = doc("c13/app.phx", t)
    ls = labels(complete(S, u, t, "aws/"))
    return "aws/network" in ls and "aws/security_group" in ls, ls


@case("completion: a component at an item start comes with its required arguments")
def _():
    t = 'import "aws/security_group"\nallow\n'
    u = doc("c14/app.phx", t)
    items = complete(S, u, t, "allow")
    it = [i for i in items if i["label"] == "allow_from"]
    return it and "group_id = $" in it[0]["insertText"] and "port = $" in it[0]["insertText"], items[:3]


@case("completion: a component of a module not imported yet adds the import")
def _():
    t = 'allow_fr\n'
    u = doc("c15/app.phx", t)
    items = complete(S, u, t, "allow_fr")
    it = [i for i in items if i["label"] == "allow_from"]
    return it and it[0]["additionalTextEdits"][0]["newText"] == 'import "aws/security_group"\n', items[:3]


@case("completion: component arguments in a half-written instance at the end of a program that does not parse")
def _():
    t = PHOENIX_TEXT + "\nnetwork net2 {\n  ci"
    u = doc("c10b/phoenix.phx", t)
    ls = labels(complete(S, u, t, "net2 {\n  ci"))
    return "cidr" in ls, ls


@case("completion: an unfinished value line does not stop property completion on the next line")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  BucketName = \n  Versi\n'
    u = doc("c10c/app.phx", t)
    ls = labels(complete(S, u, t, "  Versi"))
    return "VersioningConfiguration" in ls, ls


@case("completion: stack, param and output settings")
def _():
    t = 'stack s {\n  reg\n}\n'
    u = doc("c16/app.phx", t)
    return "region" in labels(complete(S, u, t, "reg")), None


@case("completion: nothing in a comment, no crash at the end of the file")
def _():
    t = 'resource b "AWS::S3::Bucket" {}\n# Buck'
    u = doc("c17/app.phx", t)
    items = complete(S, u, t, "# Buck")
    r2 = S.request("textDocument/completion", {"textDocument": {"uri": u},
                                               "position": {"line": 99, "character": 99}})
    return items == [] and "result" in r2, items


# ---- hover ---------------------------------------------------------------------------
HU = S.open(HELLO)
S.diagnostics(HU)


@case("hover: a resource type shows its required properties and the AWS documentation link")
def _():
    v = hover(S, HU, HELLO_TEXT, "AWS::SNS::Subscription", shift=3)
    return ("Protocol" in v and "TopicArn" in v and
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-subscription.html" in v), v


@case("hover: a property shows its type, required and allowed values")
def _():
    t = 'resource b "AWS::S3::Bucket" {\n  VersioningConfiguration { Status = "Enabled" }\n  AccessControl = "Private"\n}\n'
    u = doc("h1/app.phx", t)
    v1 = hover(S, u, t, "Status")
    v2 = hover(S, u, t, "AccessControl")
    return ("required" in v1 and "Enabled" in v1 and "Suspended" in v1 and "a string" in v1
            and "optional" in v2 and "PublicRead" in v2), (v1, v2)


@case("hover: a reference says what it lowers to (Ref, Fn::GetAtt)")
def _():
    v1 = hover(S, HU, HELLO_TEXT, "TopicArn = alerts", after=True, shift=-2)
    v2 = hover(S, HU, HELLO_TEXT, "assets.Arn", shift=8)
    return '"Ref": "Alerts"' in v1 and '"Fn::GetAtt": ["Assets", "Arn"]' in v2, (v1, v2)


@case("hover: a param reference shows its type and default")
def _():
    v = hover(S, HU, HELLO_TEXT, "Endpoint = alert_email", after=True, shift=-2)
    return "string" in v and "ops@example.com" in v and '"Ref": "AlertEmail"' in v, v


@case("hover: env.KEY shows its value in each environment")
def _():
    u = S.open(PHOENIX)
    v = hover(S, u, PHOENIX_TEXT, "azs = env.azs", after=True, shift=-1)
    return "dev: `2`" in v and "prod: `3`" in v, v


@case("hover: a component argument shows its type, default and the comment beside it")
def _():
    t = ('import "aws/security_group"\n'
         'admin_access admin { vpc_id = "vpc-1"  ssh_cidrs = ["203.0.113.7/32"] }\n')
    u = doc("h2/app.phx", t)
    v = hover(S, u, t, "ssh_cidrs")
    return "list" in v and "Default: `[]`" in v and "e.g." in v, v


@case("hover: a component name shows where it comes from and its arguments")
def _():
    v = hover(S, S.open(PHOENIX), PHOENIX_TEXT, "network net")
    return "component from" in v and "network.phx" in v and "`cidr`" in v, v


@case("hover: an instance and its exports; a loop variable; a component argument used in its body")
def _():
    pu = S.open(PHOENIX)
    v1 = hover(S, pu, PHOENIX_TEXT, "net.vpc_id", shift=1)
    v2 = hover(S, pu, PHOENIX_TEXT, "net.vpc_id", shift=5)
    t = ('component c(names: list, size: int = 3) {  # how many\n'
         '  for n in names {\n    resource q "AWS::SQS::Queue" { QueueName = n  DelaySeconds = size }\n  }\n}\n')
    u = doc("h3/app.phx", t)
    v3 = hover(S, u, t, "QueueName = n", after=True, shift=-1)
    v4 = hover(S, u, t, "DelaySeconds = size", after=True, shift=-1)
    return ("instance of component `network`" in v1 and "export of component `network`" in v2
            and "loop variable" in v3 and "Default: `3`" in v4), (v1, v2, v3, v4)


@case("diagnostics: an error inside an imported module is shown at the import")
def _():
    write("modbad/lib.phx", 'component pair(prefix: string) {\n  resource a "AWS::S3::Bucket" { Bogus = prefix }\n}\n')
    t = 'import "./lib"\npair p { prefix = "x" }\n'
    u = doc("modbad/main.phx", t)
    S.change(u, t, 2)
    d = S.diagnostics(u)
    return (d and d[0]["range"]["start"]["line"] == 0 and "in module" in d[0]["message"]
            and any(r["location"]["uri"].endswith("lib.phx") for r in d[0].get("relatedInformation", []))), d


# ---- definition, references, symbols -------------------------------------------------
def definition(uri, text, needle, shift=1, after=False):
    pos = offset_of(text, needle, after=after)
    pos["character"] += shift
    return S.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": pos})["result"]


@case("definition: a reference goes to the declaration")
def _():
    r = definition(HU, HELLO_TEXT, "TopicArn = alerts", after=True, shift=-2)
    return len(r) == 1 and r[0]["range"]["start"] == offset_of(HELLO_TEXT, "alerts \"AWS::SNS::Topic\"", after=False), r


LET_TEXT = ('param env_type : string = "dev"\nlet is_prod = env_type == "prod"\n'
            'resource q "AWS::SQS::Queue" { DelaySeconds = if is_prod then 0 else 5 }\n')


@case("definition and hover: a let name goes to its 'let', and hover says what it is")
def _():
    u = doc("lets/main.phx", LET_TEXT)
    S.change(u, LET_TEXT, 2)
    r = definition(u, LET_TEXT, "if is_prod", shift=4)
    pos = offset_of(LET_TEXT, "if is_prod", after=False)
    pos["character"] += 4
    h = S.request("textDocument/hover", {"textDocument": {"uri": u}, "position": pos})["result"]
    text = json.dumps(h)
    return (len(r) == 1 and r[0]["range"]["start"] == offset_of(LET_TEXT, "is_prod =", after=False)
            and "let" in text), (r, h)


@case("definition: a component goes into the stdlib module that declares it")
def _():
    pu = S.open(PHOENIX)
    r = definition(pu, PHOENIX_TEXT, "network net")
    return len(r) == 1 and r[0]["uri"].endswith("stdlib/aws/network.phx"), r


@case("definition: an export after 'name.' goes to the component's export")
def _():
    pu = S.open(PHOENIX)
    r = definition(pu, PHOENIX_TEXT, "net.vpc_id", shift=5)
    return len(r) == 1 and r[0]["uri"].endswith("network.phx"), r


@case("definition: env.KEY goes to its entry in every env block")
def _():
    pu = S.open(PHOENIX)
    r = definition(pu, PHOENIX_TEXT, "azs = env.azs", after=True, shift=-1)
    return len(r) == 2 and {x["range"]["start"]["line"] for x in r} == {17, 18}, r


@case("definition: an import goes to the module file")
def _():
    pu = S.open(PHOENIX)
    r = definition(pu, PHOENIX_TEXT, '"aws/waf"', shift=2)
    return len(r) == 1 and r[0]["uri"].endswith("stdlib/aws/waf.phx"), r


@case("references: a param's declaration and every use")
def _():
    pos = offset_of(HELLO_TEXT, "param alert_email")
    pos["character"] -= 2
    r = S.request("textDocument/references", {"textDocument": {"uri": HU}, "position": pos,
                                              "context": {"includeDeclaration": True}})["result"]
    return len(r) == 2, r


@case("references: env.KEY uses across the program")
def _():
    pu = S.open(PHOENIX)
    pos = offset_of(PHOENIX_TEXT, "azs = env.azs", after=True)
    pos["character"] -= 1
    r = S.request("textDocument/references", {"textDocument": {"uri": pu}, "position": pos,
                                              "context": {"includeDeclaration": False}})["result"]
    return len(r) >= 1 and all(x["uri"].endswith("phoenix.phx") for x in r), r


@case("references: an instance's uses (resolve does not bind them; the same scoping finds them)")
def _():
    pu = S.open(PHOENIX)
    pos = offset_of(PHOENIX_TEXT, "network net", after=True)
    pos["character"] -= 1
    r = S.request("textDocument/references", {"textDocument": {"uri": pu}, "position": pos,
                                              "context": {"includeDeclaration": True}})["result"]
    import re
    uses = len(re.findall(r"\bnet\b", PHOENIX_TEXT))  # the declaration and every use
    return len(r) >= 5 and len(r) == uses, (len(r), uses)


@case("references: the instances of a component")
def _():
    t = 'component c(p: string) {\n  resource a "AWS::SNS::Topic" { TopicName = p }\n}\nc one { p = "1" }\nc two { p = "2" }\n'
    u = doc("r1/app.phx", t)
    pos = offset_of(t, "component c", after=True)
    pos["character"] -= 1
    r = S.request("textDocument/references", {"textDocument": {"uri": u}, "position": pos,
                                              "context": {"includeDeclaration": True}})["result"]
    return len(r) == 3, r


@case("document symbols: the outline of hello.phx")
def _():
    r = S.request("textDocument/documentSymbol", {"textDocument": {"uri": HU}})["result"]
    names = [x["name"] for x in r]
    return names == ["hello", "alert_email", "assets", "assets_tls", "alerts", "alerts_tls", "alerts_mail", "bucket_name", "bucket_arn", "topic_arn"], names


@case("workspace symbols: components of the stdlib and names of open documents")
def _():
    r = S.request("workspace/symbol", {"query": "web_serv"})["result"]
    return any(x["name"] == "web_service" and x["location"]["uri"].endswith("web_service.phx") for x in r), r[:5]


# ---- code actions ---------------------------------------------------------------------
@case("code action: add the missing required properties; the result checks clean")
def _():
    t = 'resource s "AWS::SNS::Subscription" {\n}\n'
    u = doc("a1/app.phx", t)
    S.change(u, t, 2)
    d = S.diagnostics(u)
    r = S.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": d[0]["range"],
                                              "context": {"diagnostics": d}})["result"]
    fix = [a for a in r if a["title"].startswith("Add the missing required")]
    if not fix:
        return False, (d, r)
    new = apply_edits(t, fix[0]["edit"]["changes"][u])
    S.change(u, new.replace('Protocol = ""', 'Protocol = "email"').replace('TopicArn = ""', 'TopicArn = "arn:aws:sns:us-east-1:1:t"'), 3)
    d2 = S.diagnostics(u)
    return "Protocol = " in new and "TopicArn = " in new and d2 == [], (new, d2)


@case("code action: add the missing import of a stdlib component")
def _():
    t = 'allow_from r { group_id = "sg-1"  source_group_id = "sg-2"  port = 80 }\n'
    u = doc("a2/app.phx", t)
    S.change(u, t, 2)
    d = S.diagnostics(u)
    r = S.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": d[0]["range"],
                                              "context": {"diagnostics": d}})["result"]
    fix = [a for a in r if a["title"].startswith('Import "aws/security_group"')]
    if not fix:
        return False, (d, r)
    new = apply_edits(t, fix[0]["edit"]["changes"][u])
    S.change(u, new, 3)
    d2 = S.diagnostics(u)
    return new.startswith('import "aws/security_group"\n') and d2 == [], (new, d2)


# ---- formatting, semantic tokens --------------------------------------------------------
@case("formatting: the edit gives what phxc fmt gives")
def _():
    t = 'resource   b "AWS::S3::Bucket"{BucketName="x"\n   Tags=[]}\n'
    p = write("f1/app.phx", t)
    u = doc("f1/app.phx", t)
    r = S.request("textDocument/formatting", {"textDocument": {"uri": u},
                                              "options": {"tabSize": 2, "insertSpaces": True}})["result"]
    want = subprocess.run(PHXC + ["fmt", p], capture_output=True, text=True).stdout
    return r and apply_edits(t, r) == want, (r, want)


@case("formatting: a formatted document gives no edit; one that does not scan gives an error")
def _():
    r1 = S.request("textDocument/formatting", {"textDocument": {"uri": HU}, "options": {}})
    t = 'resource b "AWS::S3::Bucket" { BucketName = "x\n'
    u = doc("f2/app.phx", t)
    r2 = S.request("textDocument/formatting", {"textDocument": {"uri": u}, "options": {}})
    return r1.get("result") == [] and "error" in r2, (r1, r2)


@case("semantic tokens: keywords, types, properties, strings")
def _():
    r = S.request("textDocument/semanticTokens/full", {"textDocument": {"uri": HU}})["result"]["data"]
    # decode: the first token is 'stack' on line 2 (0-based), a keyword
    return len(r) % 5 == 0 and len(r) > 50 and r[0] == 2 and r[3] == 0, r[:10]


# ---- settings ----------------------------------------------------------------------------
@case("settings: initializationOptions includeDirs are searched for modules")
def _():
    write("inc/mods/team/tags.phx", 'component tagged(name: string) {\n  resource t "AWS::SNS::Topic" { TopicName = name }\n}\n')
    env = dict(os.environ)
    c = server(options={"includeDirs": [os.path.join(TMP, "inc/mods")]}, env=env)
    t = 'import "team/tags"\ntagged x { name = "n" }\n'
    u = c.open(write("inc/app.phx", t))
    d = c.diagnostics(u)
    ls = labels(complete(c, u, 'import "team/', "team/"))  # on the same doc text is fine: context is the string
    rc = c.close()
    return d == [] and rc == 0, (d, ls)


@case("settings: workspace/didChangeConfiguration includeDirs re-check open documents")
def _():
    c = server()
    t = 'import "team/tags"\ntagged x { name = "n" }\n'
    u = c.open(write("inc2/app.phx", t))
    d1 = c.diagnostics(u)
    c.notify("workspace/didChangeConfiguration", {"settings": {"phx": {"includeDirs": [os.path.join(TMP, "inc/mods")]}}})
    d2 = c.diagnostics(u)
    rc = c.close()
    return len(d1) >= 1 and d2 == [] and rc == 0, (d1, d2)


# ---- robustness --------------------------------------------------------------------------
def alive(c):
    return "result" in c.request("phx/stats")


@case("robust: malformed JSON gets a parse error response, the server goes on")
def _():
    body = b'{"jsonrpc": "2.0", "id": 1, "method": '
    S.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    m = S.wait(lambda m: "error" in m and m["error"]["code"] == -32700)
    return alive(S), m


@case("robust: invalid UTF-8 in a message gets a parse error response")
def _():
    body = b'{"jsonrpc": "2.0", "id": 77, "method": "x\xff\xfe"}'
    S.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    m = S.wait(lambda m: "error" in m and m["error"]["code"] == -32700)
    return alive(S), m


@case("robust: an unknown method gets MethodNotFound; an unknown notification is ignored")
def _():
    r = S.request("textDocument/teleport", {})
    S.notify("custom/whatever", {})
    return r["error"]["code"] == -32601 and alive(S), r


@case("robust: a request for a document that is not open gets an error")
def _():
    r = S.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.phx"},
                                         "position": {"line": 0, "character": 0}})
    r2 = S.request("textDocument/completion", {"position": {"line": 0, "character": 0}})
    return r["error"]["code"] == -32602 and r2["error"]["code"] == -32602, (r, r2)


@case("robust: wrong types in params (position a string, params a list) give errors, not crashes")
def _():
    r1 = S.request("textDocument/hover", {"textDocument": {"uri": HU}, "position": "here"})
    r2 = S.request("textDocument/definition", [1, 2])
    S.notify("textDocument/didChange", {"textDocument": {"uri": HU}, "contentChanges": [{"range": 5}]})
    S.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
    return ("result" in r1 or "error" in r1) and "error" in r2 and alive(S), (r1, r2)


@case("robust: a header without Content-Length, a non-numeric one, a body without header and junk are dropped; the server goes on")
def _():
    S.send_raw(b"Content-Type: x\r\n\r\n")
    S.send_raw(b"Content-Length: banana\r\n\r\n")
    # a body without its header, then junk: the reader finds the next header
    S.send_raw(b'Content-Type: x\r\n\r\n{"jsonrpc": "2.0", "id": 99, "method": "phx/stats"}garbage\n\n')
    return alive(S)


@case("robust: a Content-Length over 64 MiB is refused and its body skipped")
def _():
    c = server()
    big = 65 * 1024 * 1024
    c.send_raw(b"Content-Length: %d\r\n\r\n" % big)
    chunk = b" " * (1 << 20)
    for _ in range(65):
        c.send_raw(chunk)
    ok = alive(c)
    rc = c.close()
    return ok and rc == 0


@case("robust: a huge document (20 MiB) is refused with a warning, quickly")
def _():
    c = server()
    text = "# " + "x" * (20 << 20) + "\n"
    t0 = time.time()
    u = c.open("/tmp/huge.phx", text)
    d = c.diagnostics(u, timeout=60)
    h = c.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 0, "character": 5}})
    rc = c.close()
    return (len(d) == 1 and "larger than 16 MiB" in d[0]["message"] and "result" in h and rc == 0
            and time.time() - t0 < 30), d


@case("robust: a large document (2 MiB of resources) is checked")
def _():
    c = server()
    text = "".join('resource t%d "AWS::SNS::Topic" { TopicName = "t%d" }\n' % (i, i) for i in range(40000))
    u = c.open("/tmp/large.phx", text)
    d = c.diagnostics(u, timeout=120)
    ok = alive(c)
    rc = c.close()
    return ok and rc == 0 and isinstance(d, list), d[:2]


@case("robust: NUL bytes and invalid UTF-8 in a document (via JSON escapes) are handled")
def _():
    t = 'resource b "AWS::S3::Bucket" { BucketName = "a\u0000b" }\n\u0000\ufffd\n'
    u = S.open(write("nul/app.phx", "x"), t)
    d = S.diagnostics(u)
    h = S.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 0}})
    cpl = S.request("textDocument/completion", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 1}})
    return isinstance(d, list) and "result" in h and "result" in cpl, d


@case("lifecycle: requests before initialize get ServerNotInitialized")
def _():
    c = Client(PHXC + ["lsp"])
    r = c.request("textDocument/hover", {})
    c.initialize()
    rc = c.close()
    return r["error"]["code"] == -32002 and rc == 0, r


@case("lifecycle: requests after shutdown are refused; exit then ends with status 0")
def _():
    c = server()
    c.request("shutdown")
    r = c.request("textDocument/hover", {})
    c.notify("exit")
    rc = c.proc.wait(10)
    return r["error"]["code"] == -32600 and rc == 0, (r, rc)


@case("lifecycle: exit without shutdown ends with status 1")
def _():
    c = server()
    c.notify("exit")
    return c.proc.wait(10) == 1


@case("lifecycle: end of input ends the server")
def _():
    c = server()
    c.proc.stdin.close()
    try:
        rc = c.proc.wait(10)
    except subprocess.TimeoutExpired:
        c.kill()
        return False, "still running"
    return rc in (0, 1), rc


@case("lifecycle: the main session shuts down cleanly (status 0, only log lines on stderr)")
def _():
    rc = S.close()
    time.sleep(0.2)
    err = S.stderr.decode(errors="replace")
    odd = [l for l in err.splitlines() if not l.startswith("phxc lsp: ")]
    return rc == 0 and not odd and "Sanitizer" not in err and "runtime error" not in err, err[-3000:]


@case("command: phxc help lsp and phxc lsp --help describe it; files are refused")
def _():
    h = subprocess.run(PHXC + ["help", "lsp"], capture_output=True, text=True)
    h2 = subprocess.run(PHXC + ["lsp", "--help"], capture_output=True, text=True)
    bad = subprocess.run(PHXC + ["lsp", "app.phx"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    top = subprocess.run(PHXC + ["--help"], capture_output=True, text=True)
    return (h.returncode == 0 and "Language Server Protocol" in h.stdout and h2.stdout == h.stdout
            and bad.returncode == 2 and "lsp" in top.stdout), (h.stdout, bad.stderr)


shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
