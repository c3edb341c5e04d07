"""The legal stay clock: how many days a person may still stay, and when they may come back.

Pure Python, no Django: the same calculator serves ``haven stay-clock``
(../shared/CONTRACTS.md), the guide's pages and its API. The method is the Schengen
short-stay calculator's: a day of entry and a day of exit are both days of presence, and
every day of presence is checked against the rules in force on that day:

- ``Rule(limit, window)``: at most ``limit`` days of presence in the ``window`` days
  ending on that day (that day included): "90 days in any 180".
- ``PerEntry(limit)``: at most ``limit`` days since the entry of the trip, entry day
  included: "30 days per entry". An exit and a new entry on the same day start a new count.
- ``PerPeriod(limit, months)``: at most ``limit`` days in the calendar period holding
  that day, periods of ``months`` starting in January: "180 days per calendar year".
- ``Registration(within)``: not a limit but a deadline: register by the ``within``-th day
  of the stay, the entry day being the first.

Each rule may hold only from ``since`` to ``until`` (a rule change): a day is judged by
the rules in force on it, and a rolling window counts every day in it, also those from
before the change. A rule may not apply to a kind of travel document (``exempt``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
MAX_WINDOW = 3650
# How far ahead a stay is followed: past this, nothing limits it ("no limit").
HORIZON = 3660
PERIOD_MONTHS = (1, 2, 3, 4, 6, 12)
# The fewest days a calendar period of so many months can have (February of a common year
# in it): a limit must be below it, or it limits nothing.
SHORTEST_PERIOD = {1: 28, 2: 59, 3: 90, 4: 120, 6: 181, 12: 365}


class BadTrips(ValueError):
    """Trips or rules that cannot be right. ``code`` and ``params`` let a page say it in
    the reader's language; ``str()`` is the English sentence (the command prints it)."""

    MESSAGES = {
        "usage": "{text}",
        "after_check_day": "a trip begins on {entry}, after the day checked",
        "plan_while_there": "a trip goes on past the planned entry on {entry}: give the day it ends first",
        "out_of_range": "{day} is out of range ({first}-{last})",
        "exit_before_entry": "the trip entered {entry} exits before it, on {exit}",
        "open_not_last": "the trip entered {entry} has no exit, but another trip comes after it",
        "overlap": "the trips entered {first} and {second} overlap",
        "stay_range": "the stay must be 1 to {most} days, not {stay}",
        "window_range": "the window must be 1 to {most} days, not {window}",
        "limit_not_below_window": "the limit must be 1 to {most} days (less than the window), not {limit}",
        "limit_range": "the limit must be 1 to {most} days, not {limit}",
        "period_months": "a period must be 1, 2, 3, 4, 6 or 12 months, not {months}",
        "period_limit": "the limit must be 1 to {most} days (less than a {months}-month period), not {limit}",
        "within_range": "registration must be due within 1 to {most} days, not {within}",
        "since_after_until": "a rule in force from {since} cannot end before that, on {until}",
        "twice_at_once": "two rules of the same kind are in force at once, from {since}",
        "per_entry_unreachable": "{per_entry} days per entry can never be used: at most {limit} days in any {window}",
    }

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


@dataclass(frozen=True)
class Trip:
    entry: dt.date
    exit: dt.date | None  # None: still there


@dataclass(frozen=True)
class _Ruled:
    since: dt.date | None = field(default=None, kw_only=True)
    until: dt.date | None = field(default=None, kw_only=True)
    exempt: frozenset[str] = field(default=frozenset(), kw_only=True)

    def holds(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    def applies(self, document: str | None) -> bool:
        return document is None or document not in self.exempt


@dataclass(frozen=True)
class Rule(_Ruled):
    """At most ``limit`` days of presence in any ``window`` days."""

    limit: int
    window: int

    def check(self) -> None:
        if not 1 <= self.window <= MAX_WINDOW:
            raise BadTrips("window_range", most=MAX_WINDOW, window=self.window)
        if not 1 <= self.limit < self.window:
            # A limit as long as its window never ends a stay: not a rule.
            raise BadTrips("limit_not_below_window", most=self.window - 1, limit=self.limit)


@dataclass(frozen=True)
class PerEntry(_Ruled):
    """At most ``limit`` days from an entry, the entry day being the first."""

    limit: int

    def check(self) -> None:
        if not 1 <= self.limit <= MAX_WINDOW:
            raise BadTrips("limit_range", most=MAX_WINDOW, limit=self.limit)


@dataclass(frozen=True)
class PerPeriod(_Ruled):
    """At most ``limit`` days in each calendar period of ``months`` (12: a calendar year)."""

    limit: int
    months: int = 12

    def check(self) -> None:
        if self.months not in PERIOD_MONTHS:
            raise BadTrips("period_months", months=self.months)
        shortest = SHORTEST_PERIOD[self.months]
        if not 1 <= self.limit < shortest:
            raise BadTrips("period_limit", most=shortest - 1, months=self.months, limit=self.limit)

    def start(self, day: dt.date) -> dt.date:
        return dt.date(day.year, (day.month - 1) // self.months * self.months + 1, 1)


@dataclass(frozen=True)
class Registration(_Ruled):
    """Register by the ``within``-th day of a stay."""

    within: int

    def check(self) -> None:
        if not 1 <= self.within <= 365:
            raise BadTrips("within_range", most=365, within=self.within)


Limit = Rule | PerEntry | PerPeriod
AnyRule = Rule | PerEntry | PerPeriod | Registration


def _same_measure(a: AnyRule, b: AnyRule) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Rule) and isinstance(b, Rule):
        return a.window == b.window
    if isinstance(a, PerPeriod) and isinstance(b, PerPeriod):
        return a.months == b.months
    return True


def _overlap(a: AnyRule, b: AnyRule) -> dt.date | None:
    """The first day both rules are in force, if there is one."""
    start = max(a.since or EARLIEST, b.since or EARLIEST)
    end = min(a.until or LATEST, b.until or LATEST)
    return start if start <= end else None


def check_rules(rules: Sequence[AnyRule]) -> None:
    """Refuse a rule set that contradicts itself: a rule that cannot be, two rules of the
    same measure in force on the same day, or a per-entry allowance that a rolling limit
    in force with it never lets anyone use."""
    for rule in rules:
        rule.check()
        for day in (rule.since, rule.until):
            if day is not None:
                _in_range(day)
        if rule.since and rule.until and rule.until < rule.since:
            raise BadTrips("since_after_until", since=rule.since.isoformat(), until=rule.until.isoformat())
    for a, b in itertools.combinations(rules, 2):
        both = _overlap(a, b)
        if both is None:
            continue
        if _same_measure(a, b):
            raise BadTrips("twice_at_once", since=both.isoformat())
        for per, rolling in ((a, b), (b, a)):
            if isinstance(per, PerEntry) and isinstance(rolling, Rule) and per.limit > rolling.limit:
                raise BadTrips("per_entry_unreachable", per_entry=per.limit, limit=rolling.limit, window=rolling.window)


@dataclass(frozen=True)
class Answer:
    on: dt.date
    days_used: int
    present: bool
    last_legal_day: dt.date | None
    days_left: int
    earliest_entry: dt.date | None
    violations: list[dt.date]
    # Beyond the contract: no limit in force ends the stay within HORIZON days.
    unlimited: bool = False
    registration_deadline: dt.date | None = None
    # The rolling limit and window that days_used is counted against (the first in force).
    limit: int | None = None
    window: int | None = None

    def as_json(self) -> dict[str, object]:
        """The keys of ../shared/CONTRACTS.md, exactly."""

        return {
            "on": self.on.isoformat(), "days_used": self.days_used, "present": self.present,
            "last_legal_day": _iso(self.last_legal_day), "days_left": self.days_left,
            "earliest_entry": _iso(self.earliest_entry), "violations": [d.isoformat() for d in self.violations],
        }  # fmt: skip

    def as_full_json(self) -> dict[str, object]:
        return {
            **self.as_json(), "unlimited": self.unlimited,
            "registration_deadline": _iso(self.registration_deadline), "limit": self.limit, "window": self.window,
        }  # fmt: skip


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def check_trips(trips: Sequence[Trip]) -> list[Trip]:
    """The trips in order; refused when a date is out of range, an exit comes before its
    entry, or two trips overlap (an exit and the next entry on the same day is allowed:
    that day counts once)."""
    for trip in trips:
        for day in (trip.entry, trip.exit):
            if day is not None:
                _in_range(day)
        if trip.exit is not None and trip.exit < trip.entry:
            raise BadTrips("exit_before_entry", entry=trip.entry.isoformat(), exit=trip.exit.isoformat())
    ordered = sorted(trips, key=lambda t: t.entry)
    for before, after in itertools.pairwise(ordered):
        if before.exit is None:
            raise BadTrips("open_not_last", entry=before.entry.isoformat())
        if after.entry < before.exit:
            raise BadTrips("overlap", first=before.entry.isoformat(), second=after.entry.isoformat())
    return ordered


def _in_range(day: dt.date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise BadTrips("out_of_range", day=day.isoformat(), first=EARLIEST.year, last=LATEST.year)


class _Presence:
    """Days of presence as sorted day ordinals: the recorded ones (``past``) and, maybe, a
    stay going on from ``start`` to ``end`` (day ordinals) after them."""

    def __init__(self, past: Iterable[int]) -> None:
        self.past = sorted(set(past))
        self.start = self.end = 0  # no stay

    def count(self, first: int, last: int) -> int:
        n = bisect.bisect_right(self.past, last) - bisect.bisect_left(self.past, first)
        if self.end >= self.start > 0:
            n += max(0, min(last, self.end) - max(first, self.start) + 1)
        return n


def _breaks(rules: Sequence[Limit], days: _Presence, day: int, entry: int) -> bool:
    """Whether being present on ``day`` (of a trip entered on ``entry``) breaks a rule in force."""
    date = dt.date.fromordinal(day)
    for rule in rules:
        if not rule.holds(date):
            continue
        if isinstance(rule, Rule):
            used = days.count(day - rule.window + 1, day)
        elif isinstance(rule, PerEntry):
            used = day - entry + 1
        else:
            used = days.count(rule.start(date).toordinal(), day)
        if used > rule.limit:
            return True
    return False


def _recorded(trips: Sequence[Trip], until: dt.date) -> dict[int, int]:
    """Day ordinal of presence -> the ordinal of the entry it counts from; an open trip
    runs to ``until``. A day of exit and re-entry is the last day of the earlier entry
    (an overstay on it stays an overstay) and the first of the later one, which the
    days after it count from."""
    days: dict[int, int] = {}
    for trip in trips:
        end = trip.exit if trip.exit is not None else until
        for day in range(trip.entry.toordinal(), end.toordinal() + 1):
            days.setdefault(day, trip.entry.toordinal())
    return days


def _stay_from(
    rules: Sequence[Limit], past: _Presence, start: int, entry: int, most: int, *, first_entry: int | None = None
) -> int | None:
    """The last day d < start + most such that being present every day from start to d
    breaks no rule; None when start itself breaks one. ``first_entry``: the earlier entry
    that the first day also counts from (it ends a trip as well as beginning one)."""
    last = None
    for day in range(start, start + most):
        past.start, past.end = start, day
        if _breaks(rules, past, day, entry) or (
            day == start and first_entry is not None and _breaks(rules, past, day, first_entry)
        ):
            break
        last = day
    past.start = past.end = 0
    return last


def stay_clock(
    trips: Sequence[Trip], on: dt.date, rules: Rule | Sequence[AnyRule], *, stay: int | None = None,
    document: str | None = None,
) -> Answer:  # fmt: skip
    all_rules: list[AnyRule] = [rules] if isinstance(rules, Rule) else list(rules)
    check_rules(all_rules)
    _in_range(on)
    if stay is not None and not 1 <= stay <= MAX_WINDOW:
        raise BadTrips("stay_range", most=MAX_WINDOW, stay=stay)
    applying = [r for r in all_rules if r.applies(document)]
    limits: list[Limit] = [r for r in applying if not isinstance(r, Registration)]
    ordered = [t for t in check_trips(trips) if t.entry <= on]
    today = on.toordinal()
    # The trip going on: on a day of exit and re-entry, the one entered that day.
    current = next((t for t in reversed(ordered) if t.exit is None or t.exit >= on), None)
    present = current is not None
    recorded = _recorded(ordered, on)  # as they happened, up to the check day
    everything = _Presence(recorded)
    violations = [
        dt.date.fromordinal(d) for d in sorted(recorded) if d < today and _breaks(limits, everything, d, recorded[d])
    ]
    past = _Presence(d for d in recorded if d < today)
    entry = current.entry.toordinal() if current is not None else today
    last = _stay_from(limits, past, today, entry, HORIZON, first_entry=recorded.get(today))
    unlimited = last == today + HORIZON - 1
    rolling = next((r for r in limits if isinstance(r, Rule) and r.holds(on)), None)
    window = rolling.window if rolling else 180
    days_used = past.count(today - window + 1, today) + (1 if present else 0)
    earliest = None
    if stay is not None and not present:
        earliest = _earliest_entry(limits, past, today, stay)
    # Registration is due by the rule in force on the day of entry.
    arrived = dt.date.fromordinal(entry)
    deadline_rule = next((r for r in applying if isinstance(r, Registration) and r.holds(arrived)), None)
    deadline = None
    if deadline_rule is not None:
        deadline = dt.date.fromordinal(entry + deadline_rule.within - 1)
    return Answer(
        on=on, days_used=days_used, present=present,
        last_legal_day=None if last is None or unlimited else dt.date.fromordinal(last),
        days_left=0 if last is None or unlimited else last - today + 1, earliest_entry=earliest,
        violations=violations, unlimited=unlimited, registration_deadline=deadline,
        limit=rolling.limit if rolling else None, window=rolling.window if rolling else None,
    )  # fmt: skip


def _earliest_entry(rules: Sequence[Limit], past: _Presence, start: int, stay: int) -> dt.date | None:
    """The first day on or after start on which ``stay`` days in a row break no rule.

    Every candidate day is tried at once with numpy: for each rule, the days of presence
    before ``start`` that each day's window (or calendar period) holds, plus the stay's
    own days in it, against the limit, on the days the rule is in force."""
    for rule in rules:  # a stay longer than a limit in force from now on for good never fits
        forever = rule.until is None and (rule.since is None or rule.since.toordinal() <= start)
        if isinstance(rule, Rule | PerEntry) and stay > rule.limit and forever:
            return None
    # Once every recorded day is a whole window behind, a stay that can be legal at all
    # is. Calendar periods repeat: two whole periods after the last recorded day every way
    # a stay can fall across their boundaries has been tried. After that, only a rule
    # change can still help.
    reach = max(
        [r.window for r in rules if isinstance(r, Rule)]
        + [2 * (31 * r.months + 1) + stay for r in rules if isinstance(r, PerPeriod)]
        + [367]
    )
    latest_past = max(past.past, default=start)
    changes = [r.since.toordinal() for r in rules if r.since] + [r.until.toordinal() + 1 for r in rules if r.until]
    end = min(max([max(start, latest_past) + reach, *changes]) + 1, start + HORIZON)
    candidates = end - start + 1
    days = np.arange(start, end + stay, dtype=np.int64)
    recorded = np.asarray(past.past, dtype=np.int64)

    def recorded_in(first: np.ndarray, last: np.ndarray) -> np.ndarray:
        return np.searchsorted(recorded, last, side="right") - np.searchsorted(recorded, first, side="left")

    ok = np.ones(candidates, dtype=bool)
    counted = np.arange(1, stay + 1)  # the stay's own days up to each of its days
    rows = max(1, 2_000_000 // stay)  # candidates per block: a few MB at most
    entries = np.arange(start, end + 1, dtype=np.int64)
    for rule in rules:
        holds = np.ones(days.shape, dtype=bool)
        if rule.since is not None:
            holds &= days >= rule.since.toordinal()
        if rule.until is not None:
            holds &= days <= rule.until.toordinal()
        if isinstance(rule, Rule):
            base = recorded_in(days - rule.window + 1, days)
            extra = np.minimum(counted, rule.window)
        elif isinstance(rule, PerPeriod):
            starts = np.array([rule.start(dt.date.fromordinal(int(d))).toordinal() for d in days], dtype=np.int64)
            base = recorded_in(starts, days)
        else:
            base = np.zeros(days.shape, dtype=np.int64)
            extra = counted
        base_rows = sliding_window_view(base, stay)
        holds_rows = sliding_window_view(holds, stay)
        for first in range(0, candidates, rows):
            block = slice(first, min(first + rows, candidates))
            if isinstance(rule, PerPeriod):
                # the stay's days in the period so far: from the later of entry and period start
                since = np.maximum(entries[block, None], sliding_window_view(starts, stay)[block])
                used = base_rows[block] + sliding_window_view(days, stay)[block] - since + 1
            else:
                used = base_rows[block] + extra
            ok[block] &= ~(holds_rows[block] & (used > rule.limit)).any(axis=1)
    found = np.flatnonzero(ok)
    return dt.date.fromordinal(start + int(found[0])) if found.size else None
