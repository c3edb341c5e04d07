"""The independent validator and scorer of ``haven-match-result/1`` results.

Everything here follows ../shared/matching/FORMAT.md to the letter and shares no code
with the solver beyond the parsed instance (``model.py``), so an engine test that runs
``check_result`` on the engine's own output is a real check, not a tautology.

Public API:

- ``leg_value`` and ``score_assignment``: the score of one leg and of one household's
  chain of legs, exactly the formula of FORMAT.md.
- ``household_violations``: the hard rules 1 to 3 (and "no night before today") for
  one household's legs.
- ``unassigned_reason`` and ``compatible_offers``: the reason code of an unplaced
  household, as the filter chain of FORMAT.md, and the offers that pass all of it.
- ``check_result``: every hard rule, the bookkeeping of households, reason codes,
  the score and the bound of a decoded result, as a ``CheckReport``. Malformed input
  gives violations, never an exception.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np

from haven.matching.engine.model import RESULT_FORMAT, Household, Instance, Leg, Offer

# The reason codes of ``unassigned[].reason``, in the order the rules are checked.
REASON_CODES: tuple[str, ...] = (
    "no_offer_in_city",
    "too_many_people",
    "pets",
    "children",
    "accessibility",
    "women_only",
    "excluded",
    "dates",
    "capacity_taken",
)

# Relative tolerance on the score (absolute near zero), and on the bound.
SCORE_TOLERANCE = 1e-6

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- report ----------------------------------------------------------------------------


@dataclass
class CheckReport:
    """What ``check_result`` found.

    ``violations`` break the contract (a result with any is wrong, whatever its
    score); ``warnings`` are lapses the contract does not forbid but a coordinator
    would notice (a proposal with no reasons). ``score`` is the score recomputed from
    the legs; ``reported_score`` and ``upper_bound`` are the result's own figures, or
    None when they are missing or not numbers.
    """

    violations: list[str] = field(default_factory=list)
    score: float = 0.0
    warnings: list[str] = field(default_factory=list)
    reported_score: float | None = None
    upper_bound: float | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    def describe(self) -> str:
        """A few lines for a terminal: the verdict, the figures, then each finding."""
        verdict = "ok" if self.ok else f"{len(self.violations)} violation(s)"
        lines = [f"{verdict}; recomputed score {self.score:.6f}"]
        if self.reported_score is not None:
            lines[0] += f", reported {self.reported_score:.6f}"
        if self.upper_bound is not None:
            lines[0] += f", upper bound {self.upper_bound:.6f}"
            if self.upper_bound > 0:
                lines[0] += f" (score/bound {self.score / self.upper_bound:.4%})"
        lines += [f"violation: {v}" for v in self.violations]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


# --- lookups shared by the functions below, built once per instance ----------------------


class _CityOffers:
    """The offers of one city as arrays, for the reason filter chain."""

    def __init__(self, offers: list[Offer]) -> None:
        self.offers = offers
        self.position = {o.id: i for i, o in enumerate(offers)}
        self.beds = np.array([o.beds for o in offers], dtype=np.int64)
        self.pets_ok = np.array([o.pets_ok for o in offers], dtype=bool)
        self.children_ok = np.array([o.children_ok for o in offers], dtype=bool)
        self.accessible = np.array([o.accessible for o in offers], dtype=bool)
        self.open_to_all = np.array([not o.women_only for o in offers], dtype=bool)
        self.start = np.array([o.start.toordinal() for o in offers], dtype=np.int64)
        self.end = np.array([o.end.toordinal() for o in offers], dtype=np.int64)


class _Lookup:
    """Households and offers by id, offers by city, exclusions by household."""

    def __init__(self, instance: Instance) -> None:
        self.households = {h.id: h for h in instance.households}
        self.offers = {o.id: o for o in instance.offers}
        by_city: dict[str, list[Offer]] = {}
        for offer in instance.offers:
            by_city.setdefault(offer.city, []).append(offer)
        self.cities = {city: _CityOffers(offers) for city, offers in by_city.items()}
        self.excluded: dict[str, set[str]] = {}
        for household_id, offer_id in instance.exclusions:
            self.excluded.setdefault(household_id, set()).add(offer_id)


_LOOKUPS: dict[int, tuple[weakref.ref[Instance], _Lookup]] = {}


def _lookup(instance: Instance) -> _Lookup:
    """The lookup of an instance, cached by identity while the instance lives.

    Instances are immutable, and hashing a large one on every call would cost more
    than the lookup saves, hence the identity key and the finalizer.
    """
    key = id(instance)
    cached = _LOOKUPS.get(key)
    if cached is not None and cached[0]() is instance:
        return cached[1]
    lookup = _Lookup(instance)
    _LOOKUPS[key] = (weakref.ref(instance), lookup)
    weakref.finalize(instance, _LOOKUPS.pop, key, None)
    return lookup


# --- score -----------------------------------------------------------------------------


def _urgent_start(instance: Instance, household: Household) -> dt.date:
    """The first night counted as urgent: max(household from, today)."""
    return max(household.start, instance.today)


def leg_value(
    instance: Instance, household: Household, offer: Offer, leg_start: dt.date, leg_end: dt.date, leg_index: int
) -> float:
    """The score of one leg of ``household`` at ``offer`` over nights leg_start <= n < leg_end.

    ``leg_index`` is the leg's position in the household's chain, from 0; every leg
    after the first pays the move penalty. The leg is scored as given, even if it
    breaks a hard rule (that is ``household_violations``' business).
    """
    policy = instance.policy
    people = household.people
    start, end = leg_start.toordinal(), leg_end.toordinal()
    nights = max(0, end - start)
    urgent_from = _urgent_start(instance, household).toordinal()
    urgent_until = urgent_from + policy.urgent_nights
    urgent = max(0, min(end, urgent_until) - max(start, urgent_from))
    weight_sum = policy.urgent_weight * urgent + (nights - urgent)
    vulnerable = policy.vulnerable_weight if household.vulnerable else 1.0
    value = people * vulnerable * weight_sum
    if household.languages & offer.languages:
        value += people * policy.language_bonus
    if household.district is not None and household.district == offer.district:
        value += people * policy.district_bonus
    if leg_index > 0:
        value -= people * policy.move_penalty
    return value


def score_assignment(instance: Instance, household_id: str, legs: Sequence[Leg]) -> float:
    """The score of one household's chain of legs, in the order given.

    Raises KeyError for an unknown household or offer id (``check_result`` reports
    those as violations instead).
    """
    lookup = _lookup(instance)
    household = lookup.households[household_id]
    return sum(
        (
            leg_value(instance, household, lookup.offers[leg.offer], leg.start, leg.end, index)
            for index, leg in enumerate(legs)
        ),
        0.0,
    )


# --- hard rules for one household ----------------------------------------------------


def _leg_label(household: Household, leg: Leg) -> str:
    return f"{household.id} at {leg.offer} from {leg.start.isoformat()} until {leg.end.isoformat()}"


def household_violations(instance: Instance, household: Household, legs: Sequence[Leg]) -> list[str]:
    """The hard rules 1 to 3 of FORMAT.md, and "no night before today", for one household.

    Capacity (rule 4) involves all households and is checked by ``check_result``.
    An empty chain breaks none of these rules.
    """
    lookup = _lookup(instance)
    policy = instance.policy
    found: list[str] = []
    if len(legs) > policy.max_legs:
        found.append(f"{household.id}: {len(legs)} legs > max_legs {policy.max_legs}")
    offers_seen: set[str] = set()
    for index, leg in enumerate(legs):
        label = _leg_label(household, leg)
        nights = (leg.end - leg.start).days
        if nights <= 0:
            found.append(f"{label}: from is not before until")
        if index > 0 and leg.start != legs[index - 1].end:
            previous_end = legs[index - 1].end.isoformat()
            found.append(f"{label}: not consecutive, the previous leg ends {previous_end}")
        if leg.start < household.start or leg.end > household.end:
            window = f"{household.start.isoformat()} until {household.end.isoformat()}"
            found.append(f"{label}: outside the household's nights from {window}")
        if leg.start < instance.today:
            found.append(f"{label}: night {leg.start.isoformat()} is before today {instance.today.isoformat()}")
        if leg.offer in offers_seen:
            found.append(f"{label}: offer used twice by the household")
        offers_seen.add(leg.offer)
        if len(legs) > 1 and 0 < nights < policy.min_leg_nights:
            found.append(f"{label}: {nights} night(s) < min_leg_nights {policy.min_leg_nights} in a chain")
        offer = lookup.offers.get(leg.offer)
        if offer is None:
            found.append(f"{label}: unknown offer {leg.offer!r}")
            continue
        if leg.start < offer.start or leg.end > offer.end:
            window = f"{offer.start.isoformat()} until {offer.end.isoformat()}"
            found.append(f"{label}: outside the offer's nights from {window}")
        if nights > offer.max_nights:
            found.append(f"{label}: {nights} nights > the offer's max_nights {offer.max_nights}")
        if offer.city != household.city:
            found.append(f"{label}: offer in {offer.city}, household in {household.city}")
        if (household.id, offer.id) in instance.exclusions:
            found.append(f"{label}: excluded pair")
        if household.pets and not offer.pets_ok:
            found.append(f"{label}: household has pets, offer takes none")
        if household.children > 0 and not offer.children_ok:
            found.append(f"{label}: household has children, offer takes none")
        if household.accessible and not offer.accessible:
            found.append(f"{label}: household needs step-free access, offer has none")
        if offer.women_only and not household.women_only:
            found.append(f"{label}: women-only offer, household not women_only")
    return found


# --- reasons ---------------------------------------------------------------------------


def _filter_chain(instance: Instance, household: Household) -> tuple[str, list[Offer]]:
    """The reason code of ``household`` and the offers that pass every filter."""
    code, city, mask = _filter_mask(instance, household)
    if city is None or mask is None:
        return code, []
    return code, [city.offers[i] for i in np.flatnonzero(mask)]


def _filter_mask(
    instance: Instance, household: Household
) -> tuple[str, _CityOffers | None, np.ndarray[Any, np.dtype[np.bool_]] | None]:
    """The reason code of ``household``, and its city's offers with a mask of those
    that pass every filter (None unless the code is ``capacity_taken``).

    Starts from the offers in its city and applies the rules in the order of
    FORMAT.md; the first filter that leaves nothing names the reason. When some offer
    passes all of them the code is ``capacity_taken``.
    """
    lookup = _lookup(instance)
    city = lookup.cities.get(household.city)
    if city is None:
        return "no_offer_in_city", None, None
    mask = city.beds >= household.people
    if not mask.any():
        return "too_many_people", None, None
    rules = (
        ("pets", household.pets, city.pets_ok),
        ("children", household.children > 0, city.children_ok),
        ("accessibility", household.accessible, city.accessible),
        # A women-only offer takes only women_only households; the reverse is free.
        ("women_only", not household.women_only, city.open_to_all),
    )
    for code, applies, allowed in rules:
        if applies:
            mask &= allowed
            if not mask.any():
                return code, None, None
    for offer_id in lookup.excluded.get(household.id, ()):
        position = city.position.get(offer_id)
        if position is not None:
            mask[position] = False
    if not mask.any():
        return "excluded", None, None
    first = _urgent_start(instance, household).toordinal()
    last = household.end.toordinal()  # exclusive
    if first >= last:
        return "dates", None, None
    mask &= (city.start < last) & (city.end > first)
    if not mask.any():
        return "dates", None, None
    return "capacity_taken", city, mask


def unassigned_reason(instance: Instance, household: Household) -> str:
    """The FORMAT.md reason code for leaving ``household`` unplaced.

    The first rule, in the listed order, that leaves it no compatible offer at all,
    or ``capacity_taken`` when compatible offers exist (and went to others).
    """
    return _filter_mask(instance, household)[0]


def compatible_offers(instance: Instance, household: Household) -> list[Offer]:
    """The offers that pass every rule of the chain: same city, enough beds, pets,
    children, access, women-only, not excluded, and open on some night of the
    household from max(its from, today). Each could take it alone for one night."""
    return _filter_chain(instance, household)[1]


# --- checking a decoded result -------------------------------------------------------


def _is_number(value: Any) -> TypeGuard[float]:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond any float
        return False


def _close(reported: float, expected: float) -> bool:
    return abs(reported - expected) <= SCORE_TOLERANCE * max(1.0, abs(expected))


def _parse_day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _parse_leg(raw: Any, path: str) -> Leg | str:
    """A Leg, or the violation that makes ``raw`` unreadable."""
    if not isinstance(raw, dict):
        return f"{path}: must be an object with offer, from and until"
    offer = raw.get("offer")
    if not isinstance(offer, str):
        return f"{path}.offer: must be a string, not {offer!r}"
    days = []
    for key in ("from", "until"):
        if key not in raw:
            return f"{path}.{key}: missing"
        day = _parse_day(raw[key])
        if day is None:
            return f"{path}.{key}: not an ISO day: {raw[key]!r}"
        days.append(day)
    return Leg(offer=offer, start=days[0], end=days[1])


def _list_field(result: dict[str, Any], key: str, violations: list[str]) -> list[Any]:
    if key not in result:
        violations.append(f"{key}: missing")
        return []
    value = result[key]
    if not isinstance(value, list):
        violations.append(f"{key}: must be a list")
        return []
    return value


@dataclass
class _Stay:
    """One leg at a known offer, for the capacity check."""

    household: str
    people: int
    start: int  # ordinal of the first night
    end: int  # ordinal of the day after the last night


def _capacity_violations(instance: Instance, stays: dict[str, list[_Stay]]) -> list[str]:
    """Rule 4: on every night, people <= beds and households <= max_households."""
    found: list[str] = []
    for offer in instance.offers:  # instance order, so the report is stable
        at_offer = stays.get(offer.id)
        if not at_offer:
            continue
        first = offer.start.toordinal()
        length = offer.end.toordinal() - first
        people = np.zeros(length + 1, dtype=np.int64)
        households = np.zeros(length + 1, dtype=np.int64)
        for stay in at_offer:
            # Nights outside the offer's window are reported by the rule-2 check.
            a = min(max(stay.start - first, 0), length)
            b = min(max(stay.end - first, 0), length)
            if a < b:
                people[a] += stay.people
                people[b] -= stay.people
                households[a] += 1
                households[b] -= 1
        people = np.cumsum(people)[:length]
        households = np.cumsum(households)[:length]
        over = np.flatnonzero((people > offer.beds) | (households > offer.max_households))
        for night in over.tolist():
            day = dt.date.fromordinal(first + night).isoformat()
            ordinal = first + night
            there = ", ".join(s.household for s in at_offer if s.start <= ordinal < s.end)
            if people[night] > offer.beds:
                found.append(f"{offer.id} on {day}: {people[night]} people > {offer.beds} beds ({there})")
            if households[night] > offer.max_households:
                found.append(
                    f"{offer.id} on {day}: {households[night]} households > max_households "
                    f"{offer.max_households} ({there})"
                )
    return found


def check_result(instance: Instance, result: Any) -> CheckReport:
    """Check a decoded ``haven-match-result/1`` result against ``instance``.

    Reports, as human-readable violations naming the household, offer and night:
    the result's format and structure; every hard rule of FORMAT.md (1-4 and no night
    before today); that every household appears exactly once across assignments and
    unassigned and no unknown id appears; that each unassigned reason is a listed code
    and the right one (``capacity_taken`` only with a compatible offer); that
    ``score`` matches the recomputed score within 1e-6 relative (absolute near zero);
    and that ``upper_bound`` is at least the recomputed score, to the same tolerance.
    Never raises on a malformed result.
    """
    report = CheckReport()
    violations = report.violations
    if not isinstance(result, dict):
        violations.append(f"result: must be an object, not {type(result).__name__}")
        return report
    lookup = _lookup(instance)
    if result.get("format") != RESULT_FORMAT:
        violations.append(f"format: must be {RESULT_FORMAT!r}, not {result.get('format')!r}")

    seen: dict[str, str] = {}  # household id -> where it first appeared

    def claim(household_id: Any, path: str) -> Household | None:
        if not isinstance(household_id, str):
            violations.append(f"{path}.household: must be a string, not {household_id!r}")
            return None
        household = lookup.households.get(household_id)
        if household is None:
            violations.append(f"{path}.household: unknown household {household_id!r}")
            return None
        if household_id in seen:
            violations.append(f"{household_id}: appears twice, in {seen[household_id]} and {path}")
        else:
            seen[household_id] = path
        return household

    total = 0.0
    stays: dict[str, list[_Stay]] = {}
    for i, entry in enumerate(_list_field(result, "assignments", violations)):
        path = f"assignments[{i}]"
        if not isinstance(entry, dict):
            violations.append(f"{path}: must be an object")
            continue
        household = claim(entry.get("household"), path)
        raw_legs = entry.get("legs")
        if not isinstance(raw_legs, list):
            violations.append(f"{path}.legs: must be a list")
            continue
        reasons = entry.get("reasons")
        if reasons is None:
            report.warnings.append(f"{path}: no reasons given")
        elif not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            violations.append(f"{path}.reasons: must be a list of strings")
        elif not reasons:
            report.warnings.append(f"{path}: no reasons given")
        legs: list[Leg] = []
        readable = True
        for j, raw_leg in enumerate(raw_legs):
            leg = _parse_leg(raw_leg, f"{path}.legs[{j}]")
            if isinstance(leg, str):
                violations.append(leg)
                readable = False
            else:
                legs.append(leg)
        if household is None:
            continue
        if not raw_legs:
            violations.append(f"{household.id}: assigned no legs (an unplaced household goes in unassigned)")
        if readable:
            violations.extend(household_violations(instance, household, legs))
        else:
            # The chain has holes: check what each readable leg breaks on its own.
            if len(raw_legs) > instance.policy.max_legs:
                violations.append(f"{household.id}: {len(raw_legs)} legs > max_legs {instance.policy.max_legs}")
            for leg in legs:
                violations.extend(household_violations(instance, household, [leg]))
        for index, leg in enumerate(legs):
            offer = lookup.offers.get(leg.offer)
            if offer is None:
                continue
            total += leg_value(instance, household, offer, leg.start, leg.end, index)
            stays.setdefault(offer.id, []).append(
                _Stay(household.id, household.people, leg.start.toordinal(), leg.end.toordinal())
            )
    violations.extend(_capacity_violations(instance, stays))

    for i, entry in enumerate(_list_field(result, "unassigned", violations)):
        path = f"unassigned[{i}]"
        if not isinstance(entry, dict):
            violations.append(f"{path}: must be an object")
            continue
        household = claim(entry.get("household"), path)
        detail = entry.get("detail")
        if detail is not None and not isinstance(detail, str):
            violations.append(f"{path}.detail: must be a string")
        reason = entry.get("reason")
        if not isinstance(reason, str) or reason not in REASON_CODES:
            violations.append(f"{path}.reason: {reason!r} is not one of {', '.join(REASON_CODES)}")
            continue
        if household is None:
            continue
        expected = unassigned_reason(instance, household)
        if reason == expected:
            continue
        if expected == "capacity_taken":
            compatible = compatible_offers(instance, household)
            ids = ", ".join(o.id for o in compatible[:5]) + (", ..." if len(compatible) > 5 else "")
            violations.append(f"{household.id}: reason {reason!r}, but compatible offers exist ({ids})")
        else:
            violations.append(f"{household.id}: reason {reason!r}, but the first binding rule is {expected!r}")

    for household in instance.households:
        if household.id not in seen:
            violations.append(f"{household.id}: missing from both assignments and unassigned")

    report.score = total
    score = result.get("score")
    if not _is_number(score):
        violations.append(f"score: must be a finite number, not {score!r}")
    else:
        report.reported_score = float(score)
        if not _close(float(score), total):
            violations.append(f"score: reported {score!r}, recomputed {total!r}")
    bound = result.get("upper_bound")
    if not _is_number(bound):
        violations.append(f"upper_bound: must be a finite number, not {bound!r}")
    else:
        report.upper_bound = float(bound)
        if float(bound) < total - SCORE_TOLERANCE * max(1.0, abs(total)):
            violations.append(f"upper_bound: {bound!r} is below the recomputed score {total!r}")
    stats = result.get("stats")
    if stats is not None and not isinstance(stats, dict):
        violations.append("stats: must be an object")
    return report
