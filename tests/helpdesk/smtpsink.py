#!/usr/bin/env python3
"""An SMTP sink for the helpdesk tests, on 127.0.0.1 only.

smtpsink.py DIR: binds a free port, writes it to DIR/port, and stores
every message as DIR/msg-N.eml with its envelope in DIR/msg-N.env
(MAIL FROM and RCPT TO lines).  Speaks just enough ESMTP for libcurl.
"""
import os
import socketserver
import sys
import threading

DIR = sys.argv[1]
lock = threading.Lock()
count = [0]


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink ESMTP")
        env = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("latin-1").strip()
            verb = cmd.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == "MAIL":
                env = [cmd]
                self.reply("250 ok")
            elif verb == "RCPT":
                env.append(cmd)
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                data = []
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    data.append(l)
                with lock:
                    count[0] += 1
                    n = count[0]
                base = os.path.join(DIR, "msg-%d" % n)
                with open(base + ".env", "w") as f:
                    f.write("\n".join(env) + "\n")
                with open(base + ".eml.tmp", "wb") as f:
                    f.write(b"".join(data))
                os.rename(base + ".eml.tmp", base + ".eml")
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 not here")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Session)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
