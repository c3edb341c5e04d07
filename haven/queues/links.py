"""A ticket's private link: its id, signed. Whoever has the link sees the ticket and may leave.

The signature is deterministic, so the outbox can write the same link into a message
without storing it; a changed or invented link fails the signature.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

from haven.notify import links as notify_links

_signer = signing.Signer(salt="haven.queues.ticket", sep=".")


def token(public_id: str) -> str:
    return _signer.sign(public_id)


def public_id_of(value: str) -> str | None:
    try:
        return _signer.unsign(value)
    except signing.BadSignature:
        return None


def ticket_path(context: dict[str, Any]) -> str:
    return reverse("queues:ticket", args=[token(str(context["ticket"]))])


def register_all() -> None:
    notify_links.register("queue-ticket", ticket_path)
