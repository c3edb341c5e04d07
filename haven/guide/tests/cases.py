"""What the hand-worked stay clock cases share: short names for dates and rules, and the
one check they all make.

Every expectation in the cases was worked out by hand, day by day, never by running the
engine; each case's id says the arithmetic. "doy" is the day of the year (2022 and 2023
have 365 days, 2024 has 366); a day N days after another is "+ N".
Month ends as doy, common year: Jan 31, Feb 59, Mar 90, Apr 120, May 151, Jun 181,
Jul 212, Aug 243, Sep 273, Oct 304, Nov 334, Dec 365 (leap year: one more from Feb).
In a 180-day window a day of presence D drops out on D + 180 (the window of D + 179
still starts on D).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from haven.guide.stayclock import AnyRule, Rule, Trip, stay_clock

D = dt.date.fromisoformat
S = Rule(90, 180)
RESIDENCE = frozenset({"residence"})
Case = tuple[str, list[Trip], str, Rule | list[AnyRule], dict[str, Any], dict[str, Any]]
NONE: dict[str, Any] = {}


def trips(*pairs: tuple[str, str | None]) -> list[Trip]:
    return [Trip(D(a), D(b) if b else None) for a, b in pairs]


def span(first: str, last: str) -> list[str]:
    """Every day from first to last, both included, as ISO dates."""
    start, end = D(first), D(last)
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def agrees(
    given: list[Trip], on: str, rules: Rule | list[AnyRule], options: dict[str, Any], expected: dict[str, Any]
) -> None:
    answer = stay_clock(given, D(on), rules, **options).as_full_json()
    assert {key: answer[key] for key in expected} == expected
