#!/usr/bin/env python3
"""A webhook receiver for the helpdesk tests, on 127.0.0.1 only.

hooksink.py DIR: binds a free port, writes it to DIR/port, appends one
JSON line per request to DIR/requests.jsonl (path, headers, body as
base64) and answers with the status in DIR/status (default 200) after the delay
in DIR/delay (seconds, default none).
"""
import base64
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1]


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        rec = {"path": self.path, "headers": dict(self.headers.items()),
               "body": base64.b64encode(body).decode()}
        with open(os.path.join(DIR, "requests.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        try:
            with open(os.path.join(DIR, "delay")) as f:
                time.sleep(float(f.read().strip() or 0))
        except OSError:
            pass
        try:
            with open(os.path.join(DIR, "status")) as f:
                status = int(f.read().strip() or 200)
        except OSError:
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
