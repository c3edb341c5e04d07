"""The legal stay clock: "at most ``limit`` days of presence in any ``window`` days".

Pure Python, no Django: the same calculator serves ``haven stay-clock``
(../shared/CONTRACTS.md) and, later, the guide's pages. The rule is the Schengen
short-stay calculator's method: a day of entry and a day of exit are both days of
presence; on every day of presence, the days of presence in the ``window`` days ending
on that day (that day included) number at most ``limit``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
MAX_WINDOW = 3650


class BadTrips(ValueError):
    """Trips or a rule that cannot be right; the message says which, for a person to fix."""


@dataclass(frozen=True)
class Trip:
    entry: dt.date
    exit: dt.date | None  # None: still there


@dataclass(frozen=True)
class Rule:
    limit: int
    window: int

    def check(self) -> None:
        if not 1 <= self.window <= MAX_WINDOW:
            raise BadTrips(f"the window must be 1 to {MAX_WINDOW} days, not {self.window}")
        if not 1 <= self.limit < self.window:
            # A limit as long as its window never ends a stay: not a rule.
            raise BadTrips(f"the limit must be 1 to {self.window - 1} days (less than the window), not {self.limit}")


@dataclass(frozen=True)
class Answer:
    on: dt.date
    days_used: int
    present: bool
    last_legal_day: dt.date | None
    days_left: int
    earliest_entry: dt.date | None
    violations: list[dt.date]

    def as_json(self) -> dict[str, object]:
        def iso(day: dt.date | None) -> str | None:
            return None if day is None else day.isoformat()

        return {
            "on": self.on.isoformat(), "days_used": self.days_used, "present": self.present,
            "last_legal_day": iso(self.last_legal_day), "days_left": self.days_left,
            "earliest_entry": iso(self.earliest_entry), "violations": [d.isoformat() for d in self.violations],
        }  # fmt: skip


def check_trips(trips: Sequence[Trip]) -> list[Trip]:
    """The trips in order; refused when a date is out of range, an exit comes before its
    entry, or two trips overlap (an exit and the next entry on the same day is allowed:
    that day counts once)."""
    for trip in trips:
        for day in (trip.entry, trip.exit):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise BadTrips(f"{day.isoformat()} is out of range ({EARLIEST.year}-{LATEST.year})")
        if trip.exit is not None and trip.exit < trip.entry:
            raise BadTrips(f"the trip entered {trip.entry.isoformat()} exits before it, on {trip.exit.isoformat()}")
    ordered = sorted(trips, key=lambda t: t.entry)
    for before, after in itertools.pairwise(ordered):
        if before.exit is None:
            raise BadTrips(f"the trip entered {before.entry.isoformat()} has no exit, but another trip comes after it")
        if after.entry < before.exit:
            raise BadTrips(f"the trips entered {before.entry.isoformat()} and {after.entry.isoformat()} overlap")
    return ordered


def _days(trips: Iterable[Trip], until: dt.date) -> set[int]:
    """Day ordinals of presence; an open trip (or one extended) runs to ``until``."""
    days: set[int] = set()
    for trip in trips:
        end = trip.exit if trip.exit is not None else until
        days.update(range(trip.entry.toordinal(), end.toordinal() + 1))
    return days


def _used(days: set[int], day: int, window: int) -> int:
    return sum(1 for d in range(day - window + 1, day + 1) if d in days)


def _last_legal(days: set[int], start: int, rule: Rule) -> int | None:
    """The last day d >= start such that staying every day from start to d breaks the
    rule on no day; None when start itself breaks it."""
    stay = set(days)
    last = None
    # More than ``limit`` days ahead cannot all be legal: the window would hold them.
    for day in range(start, start + rule.limit + 1):
        stay.add(day)
        if _used(stay, day, rule.window) > rule.limit:
            break
        last = day
    return last


def stay_clock(trips: Sequence[Trip], on: dt.date, rule: Rule, *, stay: int | None = None) -> Answer:
    rule.check()
    if not EARLIEST <= on <= LATEST:
        raise BadTrips(f"{on.isoformat()} is out of range ({EARLIEST.year}-{LATEST.year})")
    if stay is not None and not 1 <= stay <= MAX_WINDOW:
        raise BadTrips(f"the stay must be 1 to {MAX_WINDOW} days, not {stay}")
    ordered = [t for t in check_trips(trips) if t.entry <= on]
    today = on.toordinal()
    current = next((t for t in ordered if t.exit is None or t.exit >= on), None)
    present = current is not None
    recorded = _days(ordered, on)  # as they happened, up to the check day
    violations = sorted(
        dt.date.fromordinal(d) for d in recorded if d < today and _used(recorded, d, rule.window) > rule.limit
    )
    past = {d for d in recorded if d < today}
    days_used = _used(past | ({today} if present else set()), today, rule.window)
    last = _last_legal(past, today, rule)
    last_day = None if last is None else dt.date.fromordinal(last)
    earliest = None
    if stay is not None and not present and stay <= rule.limit:
        earliest = _earliest_entry(past, today, stay, rule)
    return Answer(
        on=on, days_used=days_used, present=present, last_legal_day=last_day,
        days_left=0 if last is None else last - today + 1, earliest_entry=earliest, violations=violations,
    )  # fmt: skip


def _earliest_entry(past: set[int], start: int, stay: int, rule: Rule) -> dt.date | None:
    """The first day on or after start on which ``stay`` days in a row break the rule on no day."""
    latest_past = max(past, default=start)
    # Once the window has moved past every day of presence, any stay up to the limit fits.
    for entry in range(start, max(start, latest_past + rule.window) + 1):
        days = set(past)
        ok = True
        for day in range(entry, entry + stay):
            days.add(day)
            if _used(days, day, rule.window) > rule.limit:
                ok = False
                break
        if ok:
            return dt.date.fromordinal(entry)
    return None
