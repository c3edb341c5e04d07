"""The link in a stay clock reminder: it shows that household's clock, read only, on a
phone where the household's code was never entered. Signed, for two weeks; refused once
the clock or its household is gone."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from haven.guide.models import Clock
from haven.lib import links as signed
from haven.lib.links import LinkRefused
from haven.notify import links as notify_links

SALT = "haven.guide.clock"
HOURS = 14 * 24  # a reminder comes 7 days ahead; the link outlives the deadline a week

__all__ = ["LinkRefused", "clock_of", "clock_path", "token"]


def token(clock_id: str, nonce: str) -> str:
    return signed.sign({"c": clock_id, "n": nonce}, salt=SALT)


def clock_path(context: dict[str, Any]) -> str:
    if not Clock.objects.filter(public_id=context["clock"]).exists():
        raise notify_links.Gone(context["clock"])
    return reverse("guide:clock-link", kwargs={"token": token(context["clock"], context["nonce"])})


def clock_of(value: str) -> Clock:
    payload = signed.read(value, salt=SALT, hours=HOURS)
    found = (
        Clock.objects.select_related("rule_set", "household__region")
        .prefetch_related("trips", "rule_set__rules")
        .filter(public_id=payload.get("c", ""))
        .first()
    )
    if found is None:
        raise LinkRefused("gone")
    return found
