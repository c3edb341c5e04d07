"""Just enough SMTP to take a Haven's mail and count it: the two-node run checks that no
message arrived twice, and tests/test_faults.py kills a sender after its mail arrived.

``received`` holds each message's recipients and text. While ``hold`` is set, a received
message gets no answer: a sender waits there (and may be killed), its mail delivered but
its sending never recorded.
"""

from __future__ import annotations

import socketserver
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    data: bytes


class MailSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.received: list[Mail] = []
        self.lock = threading.Lock()
        self.hold = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class SmtpSession(socketserver.StreamRequestHandler):
    server: MailSink

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.say("220 sink")
        to: list[str] = []
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].split(b":", 1)[0].strip().upper()
            if verb == b"RCPT":
                to.append(line.decode().split(":", 1)[1].strip().strip("<>").lower())
                self.say("250 ok")
            elif verb == b"DATA":
                self.say("354 go on")
                data = b""
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data += part
                with self.server.lock:
                    self.server.received.append(Mail(tuple(to), data))
                to = []
                while self.server.hold.is_set():  # no answer: the sender waits, or is killed
                    time.sleep(0.2)
                self.say("250 queued")
            elif verb == b"QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")
