"""Case codes: short, readable over the phone, stored only as a keyed hash.

Eight characters from 31 symbols with no look-alikes (no 0/O, no 1/I/L): about
2**39.6 codes, shown as ``K7RX-93HM``. People type them with or without the dash,
in any case, sometimes with a Cyrillic letter that looks Latin; ``parse_code``
accepts all of that and nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8

# Cyrillic letters that look like Latin ones, as phones' keyboards type them.
_LOOKALIKES = str.maketrans(
    {
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "У": "Y",
    }
)  # fmt: skip


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``K7RX93HM`` -> ``K7RX-93HM``."""
    return f"{code[:4]}-{code[4:]}"


def parse_code(text: str) -> str | None:
    """Normalise what a person typed into a bare code, or None if it cannot be one."""
    cleaned = "".join(text.split()).replace("-", "").replace("\u2010", "").replace("\u2013", "")
    cleaned = cleaned.upper().translate(_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_code(code: str, key: str) -> str:
    """The keyed hash under which a code is stored (HMAC-SHA256, hex)."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()
