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
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np

from haven.matching.engine.model import RESULT_FORMAT, Household, Instance, Leg
from haven.matching.engine.rules import (
    REASON_CODES,
    _lookup,
    compatible_offers,
    household_violations,
    leg_value,
    score_assignment,
    unassigned_reason,
)

__all__ = [
    "REASON_CODES",
    "SCORE_TOLERANCE",
    "CheckReport",
    "check_result",
    "compatible_offers",
    "household_violations",
    "leg_value",
    "score_assignment",
    "unassigned_reason",
]


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
