"""The "do you still need a place?" link in a message to a group (``lib/links.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from haven.lib import links as signed
from haven.lib.links import LinkRefused
from haven.notify import links as notify_links
from haven.registry.models import Household
from haven.registry.services import STILL_SALT

__all__ = ["LinkRefused", "household_of", "register_all", "still_path"]


def still_path(context: dict[str, Any]) -> str:
    if not Household.objects.filter(public_id=context["household"]).exists():
        raise notify_links.Gone(context["household"])
    token = signed.sign({"h": str(context["household"]), "n": context["nonce"]}, salt=STILL_SALT)
    return reverse("registry:still-needed", kwargs={"token": token})


def register_all() -> None:
    notify_links.register("still-needed", still_path)


def household_of(token: str, *, use: bool) -> Household:
    """The group a link asks; with ``use`` the link is spent."""
    hours = settings.HAVEN_LINK_HOURS
    payload = (
        signed.use(token, salt=STILL_SALT, hours=hours) if use else signed.read(token, salt=STILL_SALT, hours=hours)
    )
    household = Household.objects.select_related("region").filter(public_id=payload.get("h", "")).first()
    if household is None:
        raise LinkRefused("gone")
    return household
