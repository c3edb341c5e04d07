"""The instance and result of the ``haven-match/1`` format, parsed strictly.

Every malformed input raises InstanceError with a path that names the field and the
household or offer (``households[17].until: before from``), so the CLI can print one
clear line and exit 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

FORMAT = "haven-match/1"
RESULT_FORMAT = "haven-match-result/1"
# Longest window of nights a household or an offer may span.
MAX_WINDOW_DAYS = 731
MAX_PEOPLE = 100
# Dates must lie within this many days of ``today``: nights are counted from today, and
# a window in the year 9999 would make every array that long.
MAX_DAYS_FROM_TODAY = 1096
MAX_LEGS = 10


class InstanceError(ValueError):
    """A malformed instance; the message starts with the path of the bad field."""


@dataclass(frozen=True)
class Policy:
    max_legs: int = 3
    min_leg_nights: int = 2
    urgent_nights: int = 3
    urgent_weight: float = 2.0
    vulnerable_weight: float = 1.5
    language_bonus: float = 0.5
    district_bonus: float = 0.25
    move_penalty: float = 1.0


@dataclass(frozen=True)
class Household:
    id: str
    city: str
    adults: int
    children: int
    start: dt.date
    end: dt.date
    pets: bool
    accessible: bool
    women_only: bool
    vulnerable: bool
    languages: frozenset[str]
    district: str | None

    @property
    def people(self) -> int:
        return self.adults + self.children


@dataclass(frozen=True)
class Offer:
    id: str
    city: str
    district: str
    beds: int
    max_households: int
    start: dt.date
    end: dt.date
    max_nights: int
    pets_ok: bool
    children_ok: bool
    accessible: bool
    women_only: bool
    languages: frozenset[str]


@dataclass(frozen=True)
class Instance:
    today: dt.date
    policy: Policy
    households: tuple[Household, ...]
    offers: tuple[Offer, ...]
    exclusions: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Leg:
    offer: str
    start: dt.date
    end: dt.date

    def to_dict(self) -> dict[str, str]:
        return {"offer": self.offer, "from": self.start.isoformat(), "until": self.end.isoformat()}


# --- parsing -------------------------------------------------------------------------


def _get(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise InstanceError(f"{path}.{key}: missing")
    return obj[key]


def _str(obj: dict[str, Any], key: str, path: str) -> str:
    value = _get(obj, key, path)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{path}.{key}: must be a non-empty string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InstanceError(f"{path}.{key}: not valid Unicode text") from None
    return value


def _bool(obj: dict[str, Any], key: str, path: str) -> bool:
    value = _get(obj, key, path)
    if not isinstance(value, bool):
        raise InstanceError(f"{path}.{key}: must be true or false")
    return value


def _int(obj: dict[str, Any], key: str, path: str, low: int, high: int | None = None) -> int:
    value = _get(obj, key, path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{path}.{key}: must be a whole number")
    if value < low:
        raise InstanceError(f"{path}.{key}: must be at least {low}")
    if high is not None and value > high:
        raise InstanceError(f"{path}.{key}: must be at most {high}")
    return value


def _date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise InstanceError(f"{path}: must be an ISO date string")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{path}: not a date: {value!r}") from None


def _window(obj: dict[str, Any], path: str, today: dt.date) -> tuple[dt.date, dt.date]:
    start = _date(_get(obj, "from", path), f"{path}.from")
    end = _date(_get(obj, "until", path), f"{path}.until")
    if end <= start:
        raise InstanceError(f"{path}.until: not after from")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise InstanceError(f"{path}.until: window longer than {MAX_WINDOW_DAYS} days")
    if abs((start - today).days) > MAX_DAYS_FROM_TODAY or abs((end - today).days) > MAX_DAYS_FROM_TODAY:
        raise InstanceError(f"{path}.from: more than {MAX_DAYS_FROM_TODAY} days from today")
    return start, end


def _languages(obj: dict[str, Any], path: str) -> frozenset[str]:
    value = _get(obj, "languages", path)
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise InstanceError(f"{path}.languages: must be a list of language codes")
    return frozenset(x.strip().lower() for x in value)


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(f"{path}: must be an object")
    return value


def _list(obj: dict[str, Any], key: str, required: bool = True) -> list[Any]:
    if key not in obj:
        if required:
            raise InstanceError(f"{key}: missing")
        return []
    value = obj[key]
    if not isinstance(value, list):
        raise InstanceError(f"{key}: must be a list")
    return value


def _policy(raw: Any) -> Policy:
    if raw is None:
        return Policy()
    raw = _object(raw, "policy")
    defaults = Policy()
    values: dict[str, Any] = {}
    for name in ("max_legs", "min_leg_nights", "urgent_nights"):
        if name in raw:
            high = MAX_LEGS if name == "max_legs" else 366
            values[name] = _int(raw, name, "policy", 1 if name != "urgent_nights" else 0, high)
    for name in ("urgent_weight", "vulnerable_weight", "language_bonus", "district_bonus", "move_penalty"):
        if name in raw:
            value = raw[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise InstanceError(f"policy.{name}: must be a number")
            if value < 0 or value > 1e6:
                raise InstanceError(f"policy.{name}: must be between 0 and 1e6")
            values[name] = float(value)
    unknown = set(raw) - set(defaults.__dataclass_fields__)
    if unknown:
        raise InstanceError(f"policy.{sorted(unknown)[0]}: unknown key")
    return Policy(**values)


def parse_household(raw: Any, path: str, today: dt.date) -> Household:
    obj = _object(raw, path)
    start, end = _window(obj, path, today)
    district = obj.get("district")
    if district is not None and (not isinstance(district, str) or not district.strip()):
        raise InstanceError(f"{path}.district: must be a string or null")
    adults = _int(obj, "adults", path, 1, MAX_PEOPLE)
    children = _int(obj, "children", path, 0, MAX_PEOPLE)
    return Household(
        id=_str(obj, "id", path), city=_str(obj, "city", path), adults=adults, children=children,
        start=start, end=end, pets=_bool(obj, "pets", path), accessible=_bool(obj, "accessible", path),
        women_only=_bool(obj, "women_only", path), vulnerable=_bool(obj, "vulnerable", path),
        languages=_languages(obj, path), district=district,
    )  # fmt: skip


def parse_offer(raw: Any, path: str, today: dt.date) -> Offer:
    obj = _object(raw, path)
    start, end = _window(obj, path, today)
    return Offer(
        id=_str(obj, "id", path), city=_str(obj, "city", path), district=_str(obj, "district", path),
        beds=_int(obj, "beds", path, 1, 10_000), max_households=_int(obj, "max_households", path, 1, 10_000),
        start=start, end=end, max_nights=_int(obj, "max_nights", path, 1, MAX_WINDOW_DAYS),
        pets_ok=_bool(obj, "pets_ok", path), children_ok=_bool(obj, "children_ok", path),
        accessible=_bool(obj, "accessible", path), women_only=_bool(obj, "women_only", path),
        languages=_languages(obj, path),
    )  # fmt: skip


def parse_instance(raw: Any) -> Instance:
    """Check and convert a decoded JSON instance; raises InstanceError on the first fault."""
    obj = _object(raw, "instance")
    if obj.get("format") != FORMAT:
        raise InstanceError(f"format: must be {FORMAT!r}, not {obj.get('format')!r}")
    today = _date(_get(obj, "today", "instance"), "today")
    policy = _policy(obj.get("policy"))
    households = tuple(parse_household(h, f"households[{i}]", today) for i, h in enumerate(_list(obj, "households")))
    offers = tuple(parse_offer(o, f"offers[{i}]", today) for i, o in enumerate(_list(obj, "offers")))
    ids: tuple[tuple[str, list[str]], ...] = (
        ("households", [h.id for h in households]),
        ("offers", [o.id for o in offers]),
    )
    for kind, names in ids:
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                raise InstanceError(f"{kind}[{i}].id: duplicate id {name!r}")
            seen.add(name)
    household_ids = {h.id for h in households}
    offer_ids = {o.id for o in offers}
    exclusions = set()
    for i, raw_pair in enumerate(_list(obj, "exclusions", required=False)):
        pair = _object(raw_pair, f"exclusions[{i}]")
        h, o = _str(pair, "household", f"exclusions[{i}]"), _str(pair, "offer", f"exclusions[{i}]")
        if h not in household_ids:
            raise InstanceError(f"exclusions[{i}].household: unknown household {h!r}")
        if o not in offer_ids:
            raise InstanceError(f"exclusions[{i}].offer: unknown offer {o!r}")
        exclusions.add((h, o))
    return Instance(today=today, policy=policy, households=households, offers=offers, exclusions=frozenset(exclusions))


# --- results ---------------------------------------------------------------------------


@dataclass
class Assignment:
    household: str
    legs: list[Leg]
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"household": self.household, "legs": [leg.to_dict() for leg in self.legs], "reasons": self.reasons}


@dataclass
class Unassigned:
    household: str
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"household": self.household, "reason": self.reason, "detail": self.detail}


@dataclass
class Result:
    score: float
    upper_bound: float
    assignments: list[Assignment]
    unassigned: list[Unassigned]
    stats: dict[str, Any] = field(default_factory=dict)
    # What a later run for the same city starts from (engine/state.py); not part of the format.
    state: dict[str, Any] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "score": self.score,
            "upper_bound": self.upper_bound,
            "assignments": [a.to_dict() for a in self.assignments],
            "unassigned": [u.to_dict() for u in self.unassigned],
            "stats": self.stats,
        }
