#!/usr/bin/env python3
"""Prints SigV4 test vectors as JSON, computed by botocore.auth.SigV4Auth
(S3SigV4Auth for the s3 cases) at fixed timestamps. tests/unit/sigv4_test
runs this script and compares phxc's runtime/sigv4.c with each vector byte
for byte: canonical request, string to sign, signature, Authorization.

Each vector: name, method, url (no query), query [[k, v]...] raw,
headers [[k, v]...], body, region, service, s3, access_key, secret_key,
session_token, time (epoch seconds), then the expected values."""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AK = "AKIDEXAMPLE"
SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FORM = "application/x-www-form-urlencoded; charset=utf-8"

CASES = [
    # name, method, url, query, headers, body, region, service, token, epoch, s3
    ("get-root-empty", "GET", "https://cloudformation.us-east-1.amazonaws.com/", [], [], "",
     "us-east-1", "cloudformation", None, 1440938160, False),
    ("get-no-path", "GET", "https://example.amazonaws.com", [], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-simple", "GET", "https://example.amazonaws.com/",
     [("Param1", "value1"), ("Param2", "value2")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-order-key-case", "GET", "https://example.amazonaws.com/",
     [("b", "1"), ("A", "2"), ("a", "3")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-repeated-key", "GET", "https://example.amazonaws.com/",
     [("Param1", "value2"), ("Param1", "value1"), ("Param1", "Value1")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-reserved", "GET", "https://example.amazonaws.com/",
     [("k", "a b+c/d?e=f&g#h*i~j"), ("!'()*", "@$,;:")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-utf8", "GET", "https://example.amazonaws.com/",
     [("ሴ", "€ 100 ü")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("query-empty-value", "GET", "https://example.amazonaws.com/",
     [("Action", "ListStacks"), ("NextToken", ""), ("Version", "2010-05-15")], [], "",
     "eu-west-1", "cloudformation", None, 1700000000, False),
    ("query-percent", "GET", "https://example.amazonaws.com/",
     [("p", "100%"), ("q", "%2F")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("path-dot-segments", "GET", "https://example.amazonaws.com/./a/../b//c/", [], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("path-encoded", "GET", "https://example.amazonaws.com/a b/~c$d", [], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("header-trim", "GET", "https://example.amazonaws.com/", [],
     [("My-Header1", "  value1  "), ("My-Header2", "a   b\t c"), ("X-Amz-Meta-Z", "z")], "",
     "us-east-1", "service", None, 1440938160, False),
    ("header-unsigned", "GET", "https://example.amazonaws.com/", [],
     [("User-Agent", "phxc/0.1"), ("Expect", "100-continue"), ("Accept", "text/xml")], "",
     "us-east-1", "service", None, 1440938160, False),
    ("session-token", "GET", "https://cloudformation.us-west-2.amazonaws.com/",
     [("Action", "DescribeStacks"), ("Version", "2010-05-15")], [], "",
     "us-west-2", "cloudformation",
     "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtoken+/=", 1440938160, False),
    ("post-form-create", "POST", "https://cloudformation.us-east-1.amazonaws.com/", [],
     [("Content-Type", FORM)],
     "Action=CreateChangeSet&ChangeSetName=phxc-1&ChangeSetType=CREATE&StackName=hello"
     "&TemplateBody=%7B%22Resources%22%3A%7B%7D%7D&Version=2010-05-15",
     "us-east-1", "cloudformation", None, 1763900000, False),
    ("post-form-token", "POST", "https://cloudformation.eu-central-1.amazonaws.com/", [],
     [("Content-Type", FORM)], "Action=DescribeStackEvents&StackName=app-prod&Version=2010-05-15",
     "eu-central-1", "cloudformation", "FQoGZXIvYXdzEBYaDHRva2Vu", 1763900000, False),
    ("post-empty-body", "POST", "https://example.amazonaws.com/", [],
     [("Content-Type", FORM)], "", "us-east-1", "service", None, 1440938160, False),
    ("region-gov", "GET", "https://cloudformation.us-gov-west-1.amazonaws.com/",
     [("Action", "GetTemplate")], [], "", "us-gov-west-1", "cloudformation", None,
     1600000000, False),
    ("region-china", "POST", "https://cloudformation.cn-north-1.amazonaws.com.cn/", [],
     [("Content-Type", FORM)], "Action=ListStacks&Version=2010-05-15",
     "cn-north-1", "cloudformation", None, 1600000000, False),
    ("region-iso", "GET", "https://cloudformation.us-iso-east-1.c2s.ic.gov/",
     [("Action", "DescribeStacks")], [], "", "us-iso-east-1", "cloudformation", None,
     1600000000, False),
    ("region-opt-in", "POST", "https://cloudformation.ap-southeast-5.amazonaws.com/", [],
     [("Content-Type", FORM)], "Action=DeleteStack&StackName=x&Version=2010-05-15",
     "ap-southeast-5", "cloudformation", None, 1735689599, False),
    ("loopback-port", "POST", "http://127.0.0.1:5000/", [],
     [("Content-Type", FORM)], "Action=DescribeStacks&Version=2010-05-15",
     "us-east-1", "cloudformation", None, 1763900000, False),
    ("default-port-dropped", "GET", "https://Example.AmazonAWS.com:443/", [], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("http-default-port", "GET", "http://localhost:80/x", [("a", "b")], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("ipv6-host", "GET", "http://[::1]:8080/", [], [], "",
     "us-east-1", "service", None, 1440938160, False),
    ("leap-day", "GET", "https://example.amazonaws.com/", [], [], "",
     "us-east-1", "service", None, 1709208000, False),
    ("s3-put-object", "PUT", "http://127.0.0.1:5000/phxc-templates-123/hello/abc.json", [],
     [("Content-Type", "application/json")], '{"Resources": {}}',
     "us-east-1", "s3", None, 1763900000, True),
    ("s3-create-bucket", "PUT", "https://s3.eu-west-1.amazonaws.com/phxc-bucket", [],
     [("Content-Type", "application/xml")],
     '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
     '<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
     "eu-west-1", "s3", "c2Vzc2lvbg==", 1763900000, True),
    ("s3-head-bucket-empty", "HEAD", "https://s3.amazonaws.com/phxc-bucket", [], [], "",
     "us-east-1", "s3", None, 1763900000, True),
    ("s3-key-encoded", "PUT", "https://s3.amazonaws.com/b/dir/a%20b%2Bc.json", [], [], "x",
     "us-east-1", "s3", None, 1763900000, True),
]


def vector(case):
    name, method, url, query, headers, body, region, service, token, epoch, s3 = case
    creds = Credentials(AK, SK, token)
    cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
    signer = cls(creds, service, region)
    req = AWSRequest(method=method, url=url, data=body.encode("utf-8"),
                     headers=dict(headers), params=list(query))
    when = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    req.context["timestamp"] = when.strftime(botocore.auth.SIGV4_TIMESTAMP)
    # The steps of SigV4Auth.add_auth, with the timestamp fixed above.
    signer._modify_request_before_signing(req)
    creq = signer.canonical_request(req)
    sts = signer.string_to_sign(req, creq)
    sig = signer.signature(sts, req)
    signer._inject_signature_to_request(req, sig)
    return {
        "name": name, "method": method, "url": url,
        "query": [[k, v] for k, v in query], "headers": [[k, v] for k, v in headers],
        "body": body, "region": region, "service": service, "s3": s3,
        "access_key": AK, "secret_key": SK, "session_token": token or "",
        "time": epoch,
        "canonical_request": creq, "string_to_sign": sts, "signature": sig,
        "authorization": req.headers["Authorization"],
    }


def main():
    vectors = [vector(c) for c in CASES]
    json.dump(vectors, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
