"""Signed one-time links for people without an account (a guest's stay, "still need a place?").

A link carries a small payload and a one-time number, signed with a salt per kind of
link and a timestamp. It works for ``hours`` and once: using it writes the number to
``UsedLink``. Looking at it (``read``) uses nothing up, so that a mail scanner following
links does not spend them; the page asks the person to press a button first.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction

from haven.lib.models import UsedLink


class LinkRefused(Exception):
    def __init__(self, why: str) -> None:  # "forged", "expired", "used", "gone"
        super().__init__(why)
        self.why = why


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def sign(payload: dict[str, str], *, salt: str) -> str:
    """A token for ``payload``, which must hold a one-time number under ``"n"``."""
    return signing.dumps(payload, salt=salt, compress=True)


def read(token: str, *, salt: str, hours: int) -> dict[str, Any]:
    """The payload of a valid, unused link; LinkRefused otherwise."""
    try:
        payload = signing.loads(token, salt=salt, max_age=hours * 3600)
    except signing.SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkRefused("forged") from exc
    if not isinstance(payload, dict) or not all(isinstance(v, str) for v in payload.values()) or "n" not in payload:
        raise LinkRefused("forged")
    if UsedLink.objects.filter(nonce=payload["n"][:40]).exists():
        raise LinkRefused("used")
    return payload


def use(token: str, *, salt: str, hours: int) -> dict[str, Any]:
    """Check the link and use it up; a second use (even at the same instant) is refused."""
    payload = read(token, salt=salt, hours=hours)
    try:
        with transaction.atomic():
            UsedLink.objects.create(nonce=payload["n"][:40])
    except IntegrityError as exc:
        raise LinkRefused("used") from exc
    return payload
