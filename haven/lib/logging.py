"""A logging filter that keeps case codes, e-mail addresses and phone numbers out of logs."""

from __future__ import annotations

import logging
import re

from haven.lib.codes import CODE_ALPHABET

_CODE = re.compile(rf"\b[{CODE_ALPHABET}]{{4}}-?[{CODE_ALPHABET}]{{4}}\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")
_TELEGRAM = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{5,32}\b")


def redact(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _TELEGRAM.sub("[telegram]", text)
    text = _PHONE.sub("[phone]", text)
    # Codes last, with digits: a lone 8-letter word (e.g. "REGISTER") looks like a code
    # too, so only mixed letter-and-digit groups are redacted.
    return _CODE.sub(lambda m: "[code]" if re.search(r"\d", m.group()) else m.group(), text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
