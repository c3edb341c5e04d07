"""Households, offers and proposed stays for the stays tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from haven.hosting.models import Offer
from haven.hosting.services import create_offer
from haven.registry.models import Household
from haven.registry.services import register_household
from haven.stays import services
from haven.stays.models import Stay


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def a_household(region: Any, alias: str = "Алексей", *, nights: int = 5, start: int = 0, **fields: Any) -> Household:
    fields = {"adults": 1, "children": 0, "languages": ["ru"], "contact_email": "alexei@example.org", **fields}
    return register_household(
        alias=alias, region=region, needed_from=day(start), needed_until=day(start + nights), **fields
    ).household


def an_offer(region: Any, host: Any, **fields: Any) -> Offer:
    fields = {
        "beds": 2,
        "max_households": 1,
        "max_nights": 14,
        "languages": ["ru"],
        "available_until": day(30),
        "price_per_night": None,
        "currency": "",
        **fields,
    }
    return create_offer(
        host=host, kind="room", region=region, district=region.districts.first(), address="ул. Абая 10, кв. 5",
        available_from=day(0), rules="", **fields,
    )  # fmt: skip


def proposed(household: Household, offer: Offer, *, by: Any, start: int = 0, end: int = 3) -> Stay:
    (stay,) = services.propose(household=household, legs=[services.LegRequest(offer, day(start), day(end))], by=by)
    return stay


def booked(household: Household, offer: Offer, *, by: Any, host: Any, start: int = 0, end: int = 3) -> Stay:
    stay = proposed(household, offer, by=by, start=start, end=end)
    services.host_accept(stay=stay, by=host)
    return services.guest_confirm(stay=stay)
