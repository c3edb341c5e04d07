"""An e-mail backend for the demo and development: the console, but readable.

Django's console backend prints the encoded message, and a Russian or Kazakh text
comes out as base64, links included. This one prints who, the subject and the body
as text, so that a person trying the demo can follow the link in a message.
"""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(f"--- e-mail to {', '.join(message.to)}: {message.subject}\n{message.body}\n")
        self.stream.write("-" * 79 + "\n")
