"""Signed links that let a guest open his stay from a message, without typing his code.

A link carries the stay's public id and a one-time number, signed with a salt of its
own and a timestamp. It works once (the number is written to ``LinkUse``), for
``HAVEN_LINK_HOURS``. Opening it enters the household in this browser, as typing the
case code would.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from haven.notify import links as notify_links
from haven.stays.models import LinkUse, Stay

SALT = "haven.stays.guest-link"


class LinkRefused(Exception):
    def __init__(self, why: str) -> None:  # "forged", "expired", "used", "gone"
        super().__init__(why)
        self.why = why


def token_for(stay_public_id: str, nonce: str) -> str:
    return signing.dumps({"s": stay_public_id, "n": nonce}, salt=SALT, compress=True)


def _still_there(context: dict[str, Any]) -> str:
    if not Stay.objects.filter(public_id=context["stay"]).exists():
        raise notify_links.Gone(context["stay"])  # erased with its household
    return str(context["stay"])


def guest_path(context: dict[str, Any]) -> str:
    return reverse("stays:guest-link", kwargs={"token": token_for(_still_there(context), context["nonce"])})


def host_path(context: dict[str, Any]) -> str:
    return reverse("stays:host-stay", kwargs={"public_id": _still_there(context)})


def register_all() -> None:
    notify_links.register("guest-stay", guest_path)
    notify_links.register("host-stay", host_path)


def _payload(token: str) -> dict[str, str]:
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.HAVEN_LINK_HOURS * 3600)
    except signing.SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkRefused("forged") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), str) or not isinstance(payload.get("n"), str):
        raise LinkRefused("forged")
    return payload


def peek(token: str) -> Stay:
    """The stay a link opens, checked but not used up (for the page that asks to go on)."""
    payload = _payload(token)
    if LinkUse.objects.filter(nonce=payload["n"][:40]).exists():
        raise LinkRefused("used")
    stay = Stay.objects.select_related("household", "offer").filter(public_id=payload["s"]).first()
    if stay is None:
        raise LinkRefused("gone")
    return stay


def use(token: str) -> Stay:
    """Check the link and use it up; a second use is refused."""
    stay = peek(token)
    payload = _payload(token)
    try:
        with transaction.atomic():
            LinkUse.objects.create(nonce=payload["n"][:40])
    except IntegrityError as exc:
        raise LinkRefused("used") from exc
    return stay
