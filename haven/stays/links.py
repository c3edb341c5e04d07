"""Signed links that let a guest open his stay from a message, without typing his code.

A link (``lib/links.py``) carries the stay's public id and a one-time number, signed
with a salt of its own; it works once, for ``HAVEN_LINK_HOURS``. Opening it enters the
household in this browser, as typing the case code would.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from haven.lib import links as signed
from haven.lib.links import LinkRefused
from haven.notify import links as notify_links
from haven.stays.models import Stay

SALT = "haven.stays.guest-link"

__all__ = ["LinkRefused", "peek", "register_all", "token_for", "use"]


def token_for(stay_public_id: str, nonce: str) -> str:
    return signed.sign({"s": stay_public_id, "n": nonce}, salt=SALT)


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


def _stay(payload: dict[str, Any]) -> Stay:
    stay = Stay.objects.select_related("household", "offer").filter(public_id=payload.get("s", "")).first()
    if stay is None:
        raise LinkRefused("gone")
    return stay


def peek(token: str) -> Stay:
    """The stay a link opens, checked but not used up (for the page that asks to go on)."""
    return _stay(signed.read(token, salt=SALT, hours=settings.HAVEN_LINK_HOURS))


def use(token: str) -> Stay:
    """Check the link and use it up; a second use is refused."""
    payload = signed.read(token, salt=SALT, hours=settings.HAVEN_LINK_HOURS)
    stay = _stay(payload)
    signed.use(token, salt=SALT, hours=settings.HAVEN_LINK_HOURS)
    return stay
