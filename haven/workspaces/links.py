"""A booking's private link: its code, signed. It opens the booking (and its check-in QR) without an account."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

from haven.notify import links as notify_links

_signer = signing.Signer(salt="haven.workspaces.booking", sep=".")


def token(code: str) -> str:
    return _signer.sign(code)


def code_of(value: str) -> str | None:
    try:
        return _signer.unsign(value)
    except signing.BadSignature:
        return None


def booking_path(context: dict[str, Any]) -> str:
    return reverse("workspaces:booking", args=[token(str(context["booking"]))])


def register_all() -> None:
    notify_links.register("desk-booking", booking_path)
