#!/usr/bin/env python3
"""A judge of SigV4 signatures for the e2e suite: an HTTP server on 127.0.0.1 that recomputes
every signed request's signature with botocore (an implementation independent of the Rust
`aws-sigv4` crate cogform signs with) and refuses a mismatch with 403.

usage: sigv4_server.py --port-file FILE --keys FILE
  --keys: JSON {access key id: secret key}; the signer's key must be one of them.

Every answer is JSON: {"signed", "verified", "service", "method", "path", "query", "body",
"authorization"} (the raw path as received, its query decoded, the body as text), so the
tests also check what arrived. A request whose header `x-e2e-refuse` is set gets 403 after
the check (to drive `cogform call`'s explanation of a refusal). Stopped by its PID.
"""

import argparse
import datetime
import http.server
import json
import pathlib
import re
import urllib.parse

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, ?SignedHeaders=(?P<signed>[^,]+), ?Signature=(?P<sig>[0-9a-f]{64})"
)


class Judge(http.server.BaseHTTPRequestHandler):
    keys = {}

    def log_message(self, *args):
        pass

    def answer(self, status, doc):
        body = json.dumps(doc, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        raw_path, _, query = self.path.partition("?")
        doc = {
            "method": self.command,
            "path": raw_path,
            "query": urllib.parse.parse_qsl(query, keep_blank_values=True),
            "body": body.decode("utf-8", "replace"),
            "authorization": self.headers.get("authorization"),
            "signed": False,
            "verified": False,
        }
        auth = self.headers.get("authorization") or ""
        m = AUTH.fullmatch(auth.strip())
        if auth.startswith("AWS4-HMAC-SHA256"):
            doc["signed"] = True
            if not m:
                return self.answer(403, {**doc, "error": "malformed Authorization header"})
            doc["service"] = m["service"]
            ok, why = self.verify(m, body)
            if not ok:
                return self.answer(403, {**doc, "error": why})
            doc["verified"] = True
        if self.headers.get("x-e2e-refuse"):
            return self.answer(403, {**doc, "message": "refused by the test (x-e2e-refuse)"})
        if m and m["service"] == "s3" and self.command == "GET":
            # What an S3 ListObjectsV2 answers, so the AWS CLI is satisfied.
            xml = ('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult '
                   'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>'
                   '<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>'
                   '</ListBucketResult>').encode()
            self.send_response(200)
            self.send_header("content-type", "application/xml")
            self.send_header("content-length", str(len(xml)))
            self.send_header("x-e2e-verified", "true")
            self.end_headers()
            self.wfile.write(xml)
            return None
        return self.answer(200, doc)

    def verify(self, m, body):
        secret = self.keys.get(m["key"])
        if secret is None:
            return False, f"unknown access key {m['key']}"
        signed = m["signed"].split(";")
        headers = {}
        for name in signed:
            value = self.headers.get(name)
            if value is None:
                return False, f"signed header {name} missing"
            headers[name] = value
        amz_date = self.headers.get("x-amz-date")
        if not amz_date:
            return False, "no x-amz-date"
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 900:
            return False, "x-amz-date more than 15 minutes away"
        request = AWSRequest(method=self.command, url=f"http://{self.headers['host']}{self.path}",
                             data=body, headers=headers)
        request.context["timestamp"] = amz_date
        token = self.headers.get("x-amz-security-token")
        signer_class = S3SigV4Auth if m["service"] == "s3" else SigV4Auth
        signer = signer_class(Credentials(m["key"], secret, token), m["service"], m["region"])
        canonical = signer.canonical_request(request)
        string_to_sign = signer.string_to_sign(request, canonical)
        expected = signer.signature(string_to_sign, request)
        if expected != m["sig"]:
            return False, f"signature mismatch; botocore's canonical request:\n{canonical}"
        return True, ""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--keys", required=True)
    args = parser.parse_args()
    Judge.keys = json.loads(pathlib.Path(args.keys).read_text())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Judge)
    pathlib.Path(args.port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
