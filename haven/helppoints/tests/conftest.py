"""Help points as a coordinator would add them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from haven.accounts.models import Region
from haven.helppoints import hours, services
from haven.helppoints.models import HelpPoint, Kind


def make_point(region: Region, *, by: Any = None, hours_text: str = "24h", **fields: Any) -> HelpPoint:
    day = hours.parse_day(hours_text)
    values: dict[str, Any] = {
        "kind": Kind.FOOD, "name": "Кухня на Абая", "address": "пр. Абая 10", "district": None,
        "latitude": Decimal("43.238900"), "longitude": Decimal("76.889700"), "phone": "", "website": "",
        "languages": ["ru", "kk"], "note": "Горячий обед", "week": (day,) * 7,
    }  # fmt: skip
    values.update(fields)
    return services.create_point(by=by, region=region, **values)


def form_data(city: Region, /, **overrides: Any) -> dict[str, Any]:
    """The coordinator's form, filled in as Ekaterina would."""
    data: dict[str, Any] = {
        "kind": "food", "name": "Столовая «Достык»", "region": city.slug, "district": "",
        "address": "ул. Жибек Жолы 50", "latitude": "43.2601", "longitude": "76.9454", "phone": "+7 727 250 00 00",
        "website": "", "languages": ["ru", "kk"], "note": "Бесплатный обед с 12 до 15",
        **{f"hours_{d}": "09:00-18:00" for d in range(5)}, "hours_5": "10:00-14:00", "hours_6": "",
    }  # fmt: skip
    data.update(overrides)
    return data
