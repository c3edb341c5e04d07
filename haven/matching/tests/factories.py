"""Tiny instances written by hand, as dicts in the haven-match/1 format."""

from __future__ import annotations

from typing import Any


def household(id: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": id, "city": "almaty", "adults": 1, "children": 0, "from": "2022-10-01", "until": "2022-10-04",
        "pets": False, "accessible": False, "women_only": False, "vulnerable": False, "languages": ["ru"],
        "district": None,
    }  # fmt: skip
    base.update(kw)
    return base


def offer(id: str, **kw: Any) -> dict[str, Any]:
    base = {
        "id": id, "city": "almaty", "district": "medeu", "beds": 1, "max_households": 1, "from": "2022-10-01",
        "until": "2022-10-15", "max_nights": 14, "pets_ok": False, "children_ok": True, "accessible": False,
        "women_only": False, "languages": ["kk"],
    }  # fmt: skip
    base.update(kw)
    return base


def instance(households: list[dict[str, Any]], offers: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": "haven-match/1",
        "today": "2022-10-01",
        "households": households,
        "offers": offers,
    }
    base.update(kw)
    return base
