#!/usr/bin/env python3
"""A scripted CloudFormation Query endpoint on 127.0.0.1 for tests/deploy.

Replays response sequences shaped like the examples of the CloudFormation
API reference, for what moto cannot do: per-resource events, CREATE_FAILED
with a reason, rollbacks, stacks held by another operation, paginated events
(NextToken), throttling and 500 answers. Every request's SigV4 signature is
recomputed with botocore (SigV4Auth) and a mismatch answers 403
SignatureDoesNotMatch, as AWS does.

usage: fake_cfn.py SCENARIO PORTFILE LOGFILE
  writes the port it listens on to PORTFILE, one line per request to LOGFILE
  ("Action" or "Action -> Code"). Scenarios: see SCENARIOS below.

Faulty-endpoint scenarios (FAULTY below) break the protocol instead: a
connection reset, credentials that expire mid-watch, an endpoint that dies,
a 200 answer that is not the promised XML, a stack deleted under the
watcher, a 500 after ExecuteChangeSet did its work, an endless body, a
NextToken that repeats, a request that never gets an answer, an operation
or change set that never settles.
"""
import json
import os
import re
import socket
import struct
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDFAKECFN"
SECRET_KEY = "fake-cfn-secret"
NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
ACCOUNT = "123456789012"
PAGE = 3  # events per DescribeStackEvents page: forces NextToken


def stack_id(name):
    return f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/{name}/{uuid.uuid4()}"


class Stack:
    def __init__(self, name, status, template=""):
        self.name = name
        self.id = stack_id(name)
        self.status = status
        self.reason = ""
        self.template = template
        self.events = []      # newest first, shown
        self.pending = []     # scripted, revealed a few per DescribeStackEvents
        self.clock = 0
        # DescribeStackResources: logical ID -> [type, status, reason]
        self.resources = {r: [t, "CREATE_COMPLETE", ""] for r, t in RESOURCES}

    def event(self, logical, rtype, status, reason=""):
        self.clock += 1
        return {
            "EventId": str(uuid.uuid4()), "StackId": self.id, "StackName": self.name,
            "LogicalResourceId": logical, "PhysicalResourceId": "",
            "ResourceType": rtype, "ResourceStatus": status, "ResourceStatusReason": reason,
            "Timestamp": f"2026-11-25T10:00:{self.clock:02d}.000Z",
        }

    def reveal(self, n):
        for _ in range(min(n, len(self.pending))):
            e = self.pending.pop(0)
            self.events.insert(0, e)
            if e["ResourceType"] == "AWS::CloudFormation::Stack":
                self.status = e["ResourceStatus"]
            elif e["LogicalResourceId"] in self.resources:
                self.resources[e["LogicalResourceId"]][1:] = [e["ResourceStatus"],
                                                              e["ResourceStatusReason"]]


STACK = "AWS::CloudFormation::Stack"
RESOURCES = (("Assets", "AWS::S3::Bucket"), ("Alerts", "AWS::SNS::Topic"),
             ("AlertsMail", "AWS::SNS::Subscription"))


def script_create_failure(s):
    """A first create where the topic fails: CREATE_FAILED, then rollback."""
    s.pending = [
        s.event(s.name, STACK, "CREATE_IN_PROGRESS", "User Initiated"),
        s.event("Assets", "AWS::S3::Bucket", "CREATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "CREATE_IN_PROGRESS"),
        s.event("Assets", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
        s.event("Alerts", "AWS::SNS::Topic", "CREATE_FAILED",
                "Resource handler returned message: \"Invalid parameter: TopicName\" "
                "(Service: Sns, Status Code: 400)"),
        s.event("Assets", "AWS::S3::Bucket", "CREATE_FAILED", "Resource creation cancelled"),
        s.event(s.name, STACK, "ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to create: [Alerts, Assets]. "
                "Rollback requested by user."),
        s.event("Assets", "AWS::S3::Bucket", "DELETE_COMPLETE"),
        s.event("Alerts", "AWS::SNS::Topic", "DELETE_COMPLETE"),
        s.event(s.name, STACK, "ROLLBACK_COMPLETE"),
    ]


def script_create_ok(s):
    s.pending = [
        s.event(s.name, STACK, "CREATE_IN_PROGRESS", "User Initiated"),
        s.event("Assets", "AWS::S3::Bucket", "CREATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "CREATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "CREATE_COMPLETE"),
        s.event("AlertsMail", "AWS::SNS::Subscription", "CREATE_IN_PROGRESS"),
        s.event("AlertsMail", "AWS::SNS::Subscription", "CREATE_COMPLETE"),
        s.event("Assets", "AWS::S3::Bucket", "CREATE_COMPLETE"),
        s.event(s.name, STACK, "CREATE_COMPLETE"),
    ]


def script_update_ok(s):
    s.pending = [
        s.event(s.name, STACK, "UPDATE_IN_PROGRESS", "User Initiated"),
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_COMPLETE"),
        s.event(s.name, STACK, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
        s.event(s.name, STACK, "UPDATE_COMPLETE"),
    ]


def held_update_ok(s):
    """Someone else's update, under way when phxc arrives."""
    s.pending = [
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_COMPLETE"),
        s.event("AlertsMail", "AWS::SNS::Subscription", "UPDATE_IN_PROGRESS"),
        s.event("AlertsMail", "AWS::SNS::Subscription", "UPDATE_COMPLETE"),
        s.event(s.name, STACK, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
        s.event(s.name, STACK, "UPDATE_COMPLETE"),
    ]


def held_update_fails(s):
    """Someone else's update that fails, and whose rollback fails too."""
    s.pending = [
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_IN_PROGRESS"),
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_FAILED",
                "Resource handler returned message: \"Access Denied\" (Service: Sns, "
                "Status Code: 403)"),
        s.event(s.name, STACK, "UPDATE_ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to update: [Alerts]."),
        s.event("Alerts", "AWS::SNS::Topic", "UPDATE_FAILED",
                "Resource handler returned message: \"Access Denied\" (Service: Sns, "
                "Status Code: 403)"),
        s.event(s.name, STACK, "UPDATE_ROLLBACK_FAILED",
                "The following resource(s) failed to update: [Alerts]."),
    ]


def script_continue_rollback(s, skip):
    s.pending = [s.event(s.name, STACK, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")]
    for r, t in RESOURCES:
        if r in skip:
            s.pending.append(s.event(r, t, "UPDATE_COMPLETE", "Resource skipped during rollback"))
        elif s.resources[r][1] == "UPDATE_FAILED":
            s.pending.append(s.event(r, t, "UPDATE_IN_PROGRESS"))
            s.pending.append(s.event(r, t, "UPDATE_COMPLETE"))
    s.pending += [
        s.event(s.name, STACK, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"),
        s.event(s.name, STACK, "UPDATE_ROLLBACK_COMPLETE"),
    ]


def script_delete(s):
    s.pending = [
        s.event(s.name, STACK, "DELETE_IN_PROGRESS", "User Initiated"),
        s.event(s.name, STACK, "DELETE_COMPLETE"),
    ]


def script_data_fails(s):
    """Several stacks (tests/deploy/stacks.test): the one named *-data fails."""
    (script_create_failure if s.name.endswith("-data") else script_create_ok)(s)


# scenario: (initial stack status or None, script run by ExecuteChangeSet,
#            {Action: [answers for its first calls]}, where an answer is an
#            AWS error code or an HTTP status)
SCENARIOS = {
    "create-fails": (None, script_create_failure, {}),
    "throttled": (None, script_create_ok,
                  {"DescribeStacks": ["Throttling", "Throttling"],
                   "DescribeStackEvents": ["Throttling", 500, "Throttling", "Throttling",
                                           "Throttling", "Throttling"]}),
    "rollback-complete": ("ROLLBACK_COMPLETE", script_create_ok, {}),
    "update-rollback-failed": ("UPDATE_ROLLBACK_FAILED", script_create_ok, {}),
    "in-progress": ("UPDATE_IN_PROGRESS", script_create_ok, {}),
    "in-progress-ok": ("UPDATE_IN_PROGRESS", script_create_ok, {}),
    "in-progress-fails": ("UPDATE_IN_PROGRESS", script_create_ok, {}),
    "review-in-progress": ("REVIEW_IN_PROGRESS", script_create_ok, {}),
    # several stacks of one program, deployed side by side
    "stacks-middle-fails": (None, script_data_fails, {}),
    "stacks-throttled": (None, script_create_ok,
                         {"DescribeStacks": ["Throttling"] * 4,
                          "CreateChangeSet": ["Throttling", "Throttling"],
                          "DescribeStackEvents": ["Throttling"] * 6}),
}
def script_never_settles(s):
    s.pending = [s.event(s.name, STACK, "CREATE_IN_PROGRESS", "User Initiated"),
                 s.event("Assets", "AWS::S3::Bucket", "CREATE_IN_PROGRESS")]


for _name in ("reset", "expired-mid-watch", "endpoint-killed", "wrong-shape", "stack-deleted",
              "5xx-after-execute", "endless-body", "huge-length", "repeated-token", "hang",
              "cs-never-ready"):
    SCENARIOS[_name] = (None, script_create_ok, {})
SCENARIOS["never-settles"] = (None, script_never_settles, {})
SCENARIOS["repeated-token"] = ("CREATE_COMPLETE", script_create_ok, {})
SCENARIOS["endless-body"] = ("CREATE_COMPLETE", script_create_ok, {})
SCENARIOS["huge-length"] = ("CREATE_COMPLETE", script_create_ok, {})

# export safety (tests/deploy/exports.test): stack "hello" is deployed with
# its topic exported as hello-TopicArn; ListImports answers from IMPORTS
# (pages of stack names), else "is not imported by any stack"
EXPORTED = json.dumps({
    "Resources": {"Alerts": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"TopicArn": {"Value": {"Ref": "Alerts"},
                             "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-TopicArn"}}}}})
IMPORTS = {"export-imported": {"hello-TopicArn": [["other-app"], ["hello-reports"]]},
           "export-free": {}}
SCENARIOS["export-imported"] = ("CREATE_COMPLETE", script_create_ok, {})
SCENARIOS["export-free"] = ("CREATE_COMPLETE", script_create_ok, {})
# a fresh account: every stack created (the first deploy of the examples)
SCENARIOS["fresh"] = (None, script_create_ok, {})

# scenario -> what the stack's other operation does as phxc polls
HELD = {"in-progress-ok": held_update_ok, "in-progress-fails": held_update_fails}
# stacks ListStacks shows besides the live ones: another program's, and an
# older, deleted stack of the same name
LISTED = [("other-app", "CREATE_COMPLETE"), ("hello", "DELETE_COMPLETE"),
          ("hello-old", "UPDATE_COMPLETE")]
LIST_PAGE = 2


class State:
    def __init__(self, scenario):
        initial, self.script, faults = SCENARIOS[scenario]
        self.faults = {k: list(v) for k, v in faults.items()}
        self.stacks = []
        if initial:
            s = Stack("hello", initial, EXPORTED if scenario in IMPORTS else "{}")
            s.events = [s.event("hello", STACK, initial)]
            if initial == "UPDATE_ROLLBACK_FAILED":
                for r in ("Alerts", "AlertsMail"):
                    s.resources[r][1:] = ["UPDATE_FAILED", "Resource handler returned "
                                          "message: \"Access Denied\""]
            if scenario in HELD:
                HELD[scenario](s)
            self.stacks.append(s)
        self.listed = [Stack(n, st) for n, st in LISTED]
        self.change_sets = {}
        self.scenario = scenario
        self.executed = False     # ExecuteChangeSet has run
        self.tokens = {}          # ClientRequestToken of ExecuteChangeSet -> change set
        self.resets = 3           # connections still to reset (scenario reset)
        self.watch_calls = 0      # DescribeStackEvents after the execute

    def find(self, name):
        for s in reversed(self.stacks):
            if s.name == name or s.id == name:
                if s.name == name and s.status == "DELETE_COMPLETE":
                    continue  # by name, deleted stacks do not exist
                return s
        return None


def verify_sigv4(handler, body):
    auth = handler.headers.get("Authorization", "")
    m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", auth)
    if not m:
        return "IncompleteSignature"
    ak, date, region, service, signed, sig = m.groups()
    if ak != ACCESS_KEY:
        return "InvalidClientTokenId"
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names or service != "cloudformation":
        return "IncompleteSignature"
    amz_date = handler.headers.get("X-Amz-Date", "")
    if amz_date[:8] != date:
        return "SignatureDoesNotMatch"
    headers = {n: handler.headers.get(n, "") for n in names}
    req = AWSRequest(method=handler.command, url="http://" + handler.headers["Host"] + handler.path,
                     data=body, headers=headers)
    req.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(ak, SECRET_KEY), service, region)
    creq = signer.canonical_request(req)
    want = signer.signature(signer.string_to_sign(req, creq), req)
    return None if want == sig else "SignatureDoesNotMatch"


def member_list(items):
    return "".join(f"<member>{i}</member>" for i in items)


def event_xml(e):
    return "<member>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in e.items()) + "</member>"


class Handler(BaseHTTPRequestHandler):
    state = None
    log = None

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, xml):
        data = xml.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.log.write(f"{self.action} -> {code}\n")
        self.log.flush()
        self.reply(status, f'<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type>'
                           f"<Code>{code}</Code><Message>{escape(message)}</Message></Error>"
                           f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")

    def ok(self, result):
        self.log.write(f"{self.action}{self.page}\n")
        self.log.flush()
        a = self.action
        self.reply(200, f'<{a}Response xmlns="{NS}"><{a}Result>{result}</{a}Result>'
                        f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId>"
                        f"</ResponseMetadata></{a}Response>")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        q = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        self.action = q.get("Action", "?")
        self.page = " (page)" if q.get("NextToken") else ""
        bad = verify_sigv4(self, body)
        if bad:
            return self.error(403, bad, "The request signature we calculated does not match "
                              "the signature you provided.")
        if self.faulty(q):
            return
        faults = self.state.faults.get(self.action)
        if faults:
            f = faults.pop(0)
            if f == 500:
                return self.error(500, "InternalFailure", "internal failure")
            return self.error(400, f, "Rate exceeded")
        getattr(self, "act_" + self.action, self.act_unknown)(q)

    def log_line(self, text):
        self.log.write(text + "\n")
        self.log.flush()

    def faulty(self, q):
        """The faulty-endpoint scenarios; True when the request was handled."""
        st, a = self.state, self.action
        mode = st.scenario
        watching = st.executed and a in ("DescribeStackEvents", "DescribeStacks")
        if a == "DescribeStackEvents" and st.executed:
            st.watch_calls += 1
        if mode == "reset" and watching and st.resets > 0:
            st.resets -= 1
            self.log_line(f"{a} -> reset")
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return True
        if mode == "expired-mid-watch" and watching and st.watch_calls >= 2:
            self.error(400, "ExpiredToken", "The security token included in the request is expired")
            return True
        if mode == "endpoint-killed" and watching and st.watch_calls >= 2:
            self.log_line(f"{a} -> killed")
            os._exit(0)
        if mode == "wrong-shape" and a == "DescribeChangeSet":
            self.log_line(f"{a} -> xhtml")
            self.reply(200, '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                            "<head><title>Captive portal</title></head><body><p>Log in"
                            "</p></body></html>")
            return True
        if mode == "stack-deleted" and a == "DescribeStackEvents" and st.watch_calls == 3:
            st.stacks = []   # gone, by name and by ID
            return False
        if mode == "5xx-after-execute" and a == "ExecuteChangeSet":
            token = q.get("ClientRequestToken")
            if not st.executed:
                self.log_line(f"{a} token={token}")
                self.act_ExecuteChangeSet(q, quiet=True)
                st.tokens[token] = True
                self.error(500, "InternalFailure", "We encountered an internal error")
                return True
            if token and token in st.tokens:
                self.ok("")  # the same request again: idempotent
            else:
                self.error(400, "InvalidChangeSetStatus", "the change set was executed already")
            return True
        if mode in ("endless-body", "huge-length") and a == "DescribeStacks":
            self.log_line(f"{a} -> {mode}")
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            if mode == "huge-length":
                self.send_header("Content-Length", str(10 << 30))
                self.end_headers()
                self.wfile.write(b"<DescribeStacksResponse>" + b" " * 65536)
                return True
            self.end_headers()   # HTTP/1.0, no length: the body runs until the connection ends
            chunk = b" " * 65536
            try:
                self.wfile.write(b"<DescribeStacksResponse>")
                for _ in range(1 << 16):   # 4 GB, were it read to the end
                    self.wfile.write(chunk)
            except OSError:
                self.log_line(f"{a} -> body cut by the client")
            self.close_connection = True
            return True
        if mode == "repeated-token" and a == "ListStacks":
            self.ok("<StackSummaries></StackSummaries><NextToken>same-token</NextToken>")
            return True
        if mode == "hang" and a == "DescribeStackEvents" and st.watch_calls >= 2:
            self.log_line(f"{a} -> hanging")
            time.sleep(600)
            return True
        if mode == "cs-never-ready" and a == "DescribeChangeSet":
            s, _ = st.change_sets.get(q["ChangeSetName"], (None, None))
            self.ok(f"<ChangeSetId>{q['ChangeSetName']}</ChangeSetId><StackId>{s.id}</StackId>"
                    "<Status>CREATE_PENDING</Status><ExecutionStatus>UNAVAILABLE</ExecutionStatus>"
                    "<Changes></Changes>")
            return True
        return False

    def act_unknown(self, q):
        self.error(400, "InvalidAction", f"unknown action {self.action}")

    def no_stack(self, name):
        self.error(400, "ValidationError", f"Stack with id {name} does not exist")

    def act_DescribeStacks(self, q):
        s = self.state.find(q["StackName"])
        if not s:
            return self.no_stack(q["StackName"])
        export = (f"<ExportName>{s.name}-TopicArn</ExportName>"
                  if self.state.scenario in IMPORTS else "")
        self.ok(f"<Stacks><member><StackId>{s.id}</StackId><StackName>{s.name}</StackName>"
                f"<StackStatus>{s.status}</StackStatus><Outputs><member><OutputKey>TopicArn"
                f"</OutputKey><OutputValue>arn:aws:sns:us-east-1:{ACCOUNT}:hello-alerts"
                f"</OutputValue>{export}</member></Outputs></member></Stacks>")

    def act_ListImports(self, q):
        name = q["ExportName"]
        pages = IMPORTS.get(self.state.scenario, {}).get(name)
        if not pages:
            return self.error(400, "ValidationError",
                              f"Export '{name}' is not imported by any stack.")
        self.log_line(f"ListImports {name}")
        start = int(q.get("NextToken") or 0)
        nxt = f"<NextToken>{start + 1}</NextToken>" if start + 1 < len(pages) else ""
        self.ok(f"<Imports>{member_list(pages[start])}</Imports>{nxt}")

    def act_GetTemplate(self, q):
        s = self.state.find(q["StackName"])
        if not s:
            return self.no_stack(q["StackName"])
        self.ok(f"<TemplateBody>{escape(s.template)}</TemplateBody>")

    def act_CreateChangeSet(self, q):
        if q.get("ClientToken"):
            self.log_line("CreateChangeSet has a ClientToken")
        s = self.state.find(q["StackName"])
        if q["ChangeSetType"] == "CREATE":
            if s and s.status != "REVIEW_IN_PROGRESS":
                return self.error(400, "AlreadyExistsException", f"Stack [{s.name}] already exists")
            s = Stack(q["StackName"], "REVIEW_IN_PROGRESS")
            self.state.stacks.append(s)
        elif not s:
            return self.no_stack(q["StackName"])
        s.template = q.get("TemplateBody", "")
        cs = f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:changeSet/{q['ChangeSetName']}/{uuid.uuid4()}"
        self.state.change_sets[cs] = (s, q["ChangeSetType"])
        self.ok(f"<Id>{cs}</Id><StackId>{s.id}</StackId>")

    def act_DescribeChangeSet(self, q):
        s, _ = self.state.change_sets.get(q["ChangeSetName"], (None, None))
        if not s:
            return self.error(400, "ChangeSetNotFound", "ChangeSet does not exist")
        changes = "".join(
            f"<member><Type>Resource</Type><ResourceChange><Action>Add</Action>"
            f"<LogicalResourceId>{r}</LogicalResourceId><ResourceType>{t}</ResourceType>"
            f"</ResourceChange></member>"
            for r, t in (("Assets", "AWS::S3::Bucket"), ("Alerts", "AWS::SNS::Topic"),
                         ("AlertsMail", "AWS::SNS::Subscription")))
        self.ok(f"<ChangeSetId>{q['ChangeSetName']}</ChangeSetId><StackId>{s.id}</StackId>"
                f"<Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>"
                f"<Changes>{changes}</Changes>")

    def act_ExecuteChangeSet(self, q, quiet=False):
        s, kind = self.state.change_sets.pop(q["ChangeSetName"], (None, None))
        if not s:
            return self.error(400, "ChangeSetNotFound", "ChangeSet does not exist")
        if kind == "UPDATE":
            script_update_ok(s)
        else:
            self.state.script(s)
        self.state.executed = True
        if q.get("ClientRequestToken"):
            self.log_line("ExecuteChangeSet has a ClientRequestToken")
        if not quiet:
            self.ok("")

    def act_DeleteChangeSet(self, q):
        self.state.change_sets.pop(q["ChangeSetName"], None)
        self.ok("")

    def act_DeleteStack(self, q):
        if q.get("ClientRequestToken"):
            self.log_line("DeleteStack has a ClientRequestToken")
        s = self.state.find(q["StackName"])
        if s:
            script_delete(s)
        self.ok("")

    def act_ContinueUpdateRollback(self, q):
        s = self.state.find(q["StackName"])
        if not s:
            return self.no_stack(q["StackName"])
        given = sorted((k, v) for k, v in q.items() if k.startswith("ResourcesToSkip"))
        skip = [v for k, v in sorted(given, key=lambda kv: int(kv[0].rsplit(".", 1)[1]))]
        if s.status != "UPDATE_ROLLBACK_FAILED":
            return self.error(400, "ValidationError", f"Stack {s.id} is in {s.status} state "
                              "and can not continue update rollback")
        for r in skip:
            if r not in s.resources or s.resources[r][1] != "UPDATE_FAILED":
                return self.error(400, "ValidationError", f"Resource {r} is not in UPDATE_FAILED")
        # logged with its parameters, so that the test can read them
        self.log.write("ContinueUpdateRollback skip: "
                       + (" ".join(f"{k}={v}" for k, v in given) or "none") + "\n")
        script_continue_rollback(s, skip)
        self.ok("")

    def act_DescribeStackResources(self, q):
        s = self.state.find(q["StackName"])
        if not s:
            return self.no_stack(q["StackName"])
        self.ok("<StackResources>" + "".join(
            f"<member><StackName>{s.name}</StackName><StackId>{s.id}</StackId>"
            f"<LogicalResourceId>{r}</LogicalResourceId>"
            f"<PhysicalResourceId>{r.lower()}-1234</PhysicalResourceId>"
            f"<ResourceType>{t}</ResourceType><Timestamp>2026-11-25T10:00:00Z</Timestamp>"
            f"<ResourceStatus>{st}</ResourceStatus>"
            + (f"<ResourceStatusReason>{escape(why)}</ResourceStatusReason>" if why else "")
            + "</member>" for r, (t, st, why) in s.resources.items()) + "</StackResources>")

    def act_ListStacks(self, q):
        every = self.state.listed + self.state.stacks
        start = int(q.get("NextToken") or 0)
        page = every[start:start + LIST_PAGE]
        nxt = (f"<NextToken>{start + LIST_PAGE}</NextToken>"
               if start + LIST_PAGE < len(every) else "")
        self.ok("<StackSummaries>" + "".join(
            f"<member><StackId>{s.id}</StackId><StackName>{s.name}</StackName>"
            f"<CreationTime>2026-11-25T09:00:00Z</CreationTime>"
            f"<StackStatus>{s.status}</StackStatus></member>" for s in page)
            + f"</StackSummaries>{nxt}")

    def act_DescribeStackEvents(self, q):
        s = self.state.find(q["StackName"])
        if not s:
            return self.no_stack(q["StackName"])
        token = q.get("NextToken")
        if not token:
            s.reveal(3)  # the operation moves on between polls
            start = 0
        else:
            start = int(token)
        page = s.events[start:start + PAGE]
        nxt = f"<NextToken>{start + PAGE}</NextToken>" if start + PAGE < len(s.events) else ""
        self.ok(f"<StackEvents>{''.join(event_xml(e) for e in page)}</StackEvents>{nxt}")


def main():
    scenario, portfile, logfile = sys.argv[1:4]
    Handler.state = State(scenario)
    Handler.log = open(logfile, "a")
    srv = HTTPServer(("127.0.0.1", 0), Handler)
    with open(portfile + ".tmp", "w") as f:
        f.write(f"{srv.server_address[1]}\n")
    import os
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
