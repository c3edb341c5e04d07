"""A logging filter that keeps case codes, e-mail addresses and phone numbers out of logs."""

from __future__ import annotations

import logging
import re

from haven.lib.codes import CODE_ALPHABET

# Not inside a longer token: a UUID's first group (8 hex digits, then "-") is no code.
_CODE = re.compile(rf"(?<![\w-])[{CODE_ALPHABET}]{{4}}-?[{CODE_ALPHABET}]{{4}}(?![\w-])", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A number with its country code (+7 701 ...), or a bare run of 10 to 15 digits; not a
# timestamp such as 2026-11-25 20:25:15.
_PHONE = re.compile(r"(?<![\w+])\+\d[\d ()-]{6,}\d|(?<!\w)\d{10,15}(?!\w)")
_TELEGRAM = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{5,32}\b")


def _looks_like_code(match: re.Match[str]) -> str:
    text = match.group()
    # A code with its dash, or with a digit, or in capitals is redacted; an ordinary
    # lower-case 8-letter word ("password") is kept. A capital word such as
    # "REGISTER" is redacted too: a false alarm costs nothing, a leaked code does.
    if "-" in text or re.search(r"\d", text) or text.isupper():
        return "[code]"
    return text


def redact(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _TELEGRAM.sub("[telegram]", text)
    text = _PHONE.sub("[phone]", text)
    return _CODE.sub(_looks_like_code, text)


class RedactPersonalData(logging.Filter):
    """Redacts the message; the formatter below also covers tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted line, the traceback included (a database error
    quotes the failing row, which can hold an alias or a contact)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
