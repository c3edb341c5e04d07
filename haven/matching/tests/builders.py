"""Small hand-made instances and results for the validator's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from haven.matching.engine.model import Instance, Leg, parse_instance
from haven.matching.engine.validate import check_result, score_assignment


def day(n: int) -> str:
    """The ISO day n of October 2022 (today in these instances is day 1)."""
    return (dt.date(2022, 9, 30) + dt.timedelta(days=n)).isoformat()


def leg(offer: str, a: int, b: int) -> Leg:
    return Leg(offer, dt.date.fromisoformat(day(a)), dt.date.fromisoformat(day(b)))


def a_household(id: str = "h1", **fields: Any) -> dict[str, Any]:
    raw = {
        "id": id, "city": "almaty", "adults": 1, "children": 0, "from": day(1), "until": day(8),
        "pets": False, "accessible": False, "women_only": False, "vulnerable": False,
        "languages": ["ru"], "district": None,
    }  # fmt: skip
    raw.update(fields)
    return raw


def an_offer(id: str = "o1", **fields: Any) -> dict[str, Any]:
    raw = {
        "id": id, "city": "almaty", "district": "medeu", "beds": 4, "max_households": 2,
        "from": day(1), "until": day(31), "max_nights": 30, "pets_ok": True, "children_ok": True,
        "accessible": True, "women_only": False, "languages": ["kk"],
    }  # fmt: skip
    raw.update(fields)
    return raw


def an_instance(
    households: list[dict[str, Any]],
    offers: list[dict[str, Any]],
    exclusions: list[tuple[str, str]] = (),  # type: ignore[assignment]
    policy: dict[str, Any] | None = None,
    today: str = day(1),
) -> Instance:
    raw: dict[str, Any] = {
        "format": "haven-match/1",
        "today": today,
        "households": households,
        "offers": offers,
        "exclusions": [{"household": h, "offer": o} for h, o in exclusions],
    }
    if policy is not None:
        raw["policy"] = policy
    return parse_instance(raw)


def a_result(
    instance: Instance, assigned: dict[str, list[tuple[str, int, int]]], unassigned: dict[str, str] | None = None
) -> dict[str, Any]:
    """A result with legs (offer, first night, day after the last) and the true score."""
    score = sum(
        score_assignment(instance, h, [Leg(o, dt.date.fromisoformat(day(a)), dt.date.fromisoformat(day(b)))
                                       for o, a, b in legs])
        for h, legs in assigned.items()
    )  # fmt: skip
    return {
        "format": "haven-match-result/1",
        "score": score,
        "upper_bound": score,
        "assignments": [
            {
                "household": h,
                "legs": [{"offer": o, "from": day(a), "until": day(b)} for o, a, b in legs],
                "reasons": ["a good fit"],
            }
            for h, legs in assigned.items()
        ],
        "unassigned": [{"household": h, "reason": r, "detail": ""} for h, r in (unassigned or {}).items()],
        "stats": {},
    }


def assert_caught(instance: Instance, result: dict[str, Any], *fragments: str) -> list[str]:
    report = check_result(instance, result)
    assert not report.ok
    for fragment in fragments:
        assert any(fragment in v for v in report.violations), (fragment, report.violations)
    return report.violations


def assert_valid(instance: Instance, result: dict[str, Any]) -> None:
    report = check_result(instance, result)
    assert report.violations == []
    assert report.ok
