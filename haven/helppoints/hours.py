"""Opening hours: reading what a coordinator types, and "open now" on a city's clock.

Pure: no database. A week is seven days, Monday first; a day is a tuple of intervals
``(opens, closes)`` in minutes from that day's midnight, sorted. ``closes`` may pass
1440 (24:00): "20:00-02:00" is ``(1200, 1560)`` and runs into the next day. Times are
read on the wall clock of the point's city (Almaty and Bishkek keep no summer time).

Stored as JSON, seven lists of ``["HH:MM", "HH:MM"]`` as written ("20:00", "02:00").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _

DAY = 24 * 60
WEEK = 7 * DAY
MAX_INTERVALS = 6  # more in one day is a typing slip

Interval = tuple[int, int]
Day = tuple[Interval, ...]
Week = tuple[Day, Day, Day, Day, Day, Day, Day]

CLOSED_WORDS = {"", "-", "—", "–", "closed", "выходной", "закрыто", "не работает", "жабық", "демалыс"}
ROUND_THE_CLOCK_WORDS = {"24h", "24 h", "24/7", "24ч", "24 ч", "круглосуточно", "тәулік бойы", "round the clock"}
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_INTERVAL = re.compile(rf"^{_TIME}\s*(?:-|–|—|to|до)\s*{_TIME}$")


class HoursError(ValueError):
    """What is wrong with a day's hours, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hhmm(minutes: int) -> str:
    """Minutes from a midnight as a clock time; 1440 is "24:00", later ones the next day's."""
    if minutes != DAY:
        minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(hours: str, mins: str | None, written: str) -> int:
    hour, minute = int(hours), int(mins or 0)
    if hour > 24 or (hour == 24 and minute > 0):
        raise HoursError(_("%(time)s is not a time: hours run from 00:00 to 24:00.") % {"time": written})
    if minute > 59:
        raise HoursError(_("%(time)s is not a time: minutes run from 00 to 59.") % {"time": written})
    return hour * 60 + minute


def _time_as_written(hours: str, mins: str | None) -> str:
    return f"{int(hours):02d}:{mins}" if mins is not None else f"{int(hours):02d}:00"


def parse_day(text: str) -> Day:
    """One day's hours as typed: "09:00-13:00, 14:00-18:00", "9-18", "24h", "20:00–02:00".

    Empty (or "closed") is a closed day. Raises ``HoursError`` saying what is wrong.
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in CLOSED_WORDS:
        return ()
    if cleaned in ROUND_THE_CLOCK_WORDS:
        return ((0, DAY),)
    intervals: list[Interval] = []
    for part in (p.strip() for p in re.split(r"[,;]", cleaned)):
        if not part:
            continue
        found = _INTERVAL.match(part)
        if found is None:
            raise HoursError(
                _(
                    "Could not read “%(text)s”. Write the hours like 09:00-18:00, or 09:00-13:00, 14:00-18:00 "
                    "with a break; 24h for round the clock; leave it empty when closed."
                )
                % {"text": part[:40]}
            )
        h1, m1, h2, m2 = found.groups()
        opens = _minutes(h1, m1, _time_as_written(h1, m1))
        closes = _minutes(h2, m2, _time_as_written(h2, m2))
        if opens == DAY:
            raise HoursError(_("Nothing opens at 24:00: that is the end of the day. Write 00:00."))
        if opens == closes:
            raise HoursError(
                _("%(interval)s opens and closes at the same time. For round the clock write 24h.")
                % {"interval": f"{hhmm(opens)}-{hhmm(closes)}"}
            )
        if closes < opens:
            closes += DAY  # past midnight: it closes the next day
        intervals.append((opens, closes))
    if len(intervals) > MAX_INTERVALS:
        raise HoursError(_("At most %(n)d intervals in one day.") % {"n": MAX_INTERVALS})
    intervals.sort()
    for (o1, c1), (o2, c2) in itertools.pairwise(intervals):
        if o2 < c1:
            raise HoursError(
                _("%(first)s and %(second)s overlap: write them as one interval.")
                % {"first": f"{hhmm(o1)}-{hhmm(c1)}", "second": f"{hhmm(o2)}-{hhmm(c2)}"}
            )
    return tuple(intervals)


def format_day(day: Day) -> str:
    """A day as a form shows it again: "09:00-13:00, 14:00-18:00", "24h", ""."""
    if day == ((0, DAY),):
        return "24h"
    return ", ".join(f"{hhmm(o)}-{hhmm(c)}" for o, c in day)


def closed_week() -> Week:
    return ((), (), (), (), (), (), ())


def to_json(week: Week) -> list[list[list[str]]]:
    return [[[hhmm(o), hhmm(c)] for o, c in day] for day in week]


def from_json(value: Any) -> Week:
    """The stored form back; anything unreadable is a closed day (never a crash on a page)."""
    days: list[Day] = []
    for index in range(7):
        try:
            text = ", ".join(f"{o}-{c}" for o, c in value[index])
            days.append(parse_day(text))
        except (HoursError, TypeError, ValueError, IndexError, KeyError):
            days.append(())
    return (days[0], days[1], days[2], days[3], days[4], days[5], days[6])


def is_round_the_clock(week: Week) -> bool:
    return all(day == ((0, DAY),) for day in week)


# --- open now ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """A time in the week: weekday (0 Monday) and minutes from its midnight."""

    weekday: int
    minute: int

    @property
    def time(self) -> str:
        return hhmm(self.minute)


@dataclass(frozen=True)
class Status:
    is_open: bool
    # Open: when it closes (None: it never closes, round the clock).
    closes: Moment | None = None
    # Closed: when it opens next (None: it has no hours at all).
    opens: Moment | None = None
    # Whether ``closes``/``opens`` falls on the day asked about.
    same_day: bool = True


def _spans(week: Week) -> list[Interval]:
    """Every interval of the week as minutes from Monday 00:00, for two weeks running,
    merged where they touch or overlap (so "until" is when it really closes)."""
    spans = sorted(
        (weekday * DAY + o + shift, weekday * DAY + c + shift)
        for shift in (-WEEK, 0, WEEK)
        for weekday, day in enumerate(week)
        for o, c in day
    )
    merged: list[Interval] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _moment(week_minute: int, *, closing: bool = False) -> Moment:
    """``closing``: a close at midnight is the day's 24:00, not the next day's 00:00."""
    if closing and week_minute % DAY == 0:
        return Moment((week_minute // DAY - 1) % 7, DAY)
    week_minute %= WEEK
    return Moment(week_minute // DAY, week_minute % DAY)


def status_at(week: Week, at: dt.datetime) -> Status:
    """Open or closed at ``at`` (an aware datetime already in the point's zone, or a naive
    wall-clock time there), with when that changes."""
    now = at.weekday() * DAY + at.hour * 60 + at.minute
    spans = _spans(week)
    for start, end in spans:
        if start <= now < end:
            if end - start >= WEEK:
                return Status(True)
            return Status(True, closes=_moment(end, closing=True), same_day=end <= (now // DAY + 1) * DAY)
        if start > now:
            return Status(False, opens=_moment(start), same_day=start < (now // DAY + 1) * DAY)
    return Status(False)


def is_open_at(week: Week, weekday: int, minute: int) -> bool:
    """Plainly by the written intervals (with yesterday's past midnight): the check for ``status_at``."""
    yesterday = week[(weekday - 1) % 7]
    return any(o <= minute < c for o, c in week[weekday]) or any(minute + DAY < c for _, c in yesterday)


def weekday_abbr(weekday: int) -> str:
    return str(WEEKDAYS_ABBR[weekday])


def weekday_name(weekday: int) -> str:
    return str(WEEKDAYS[weekday])


def status_text(status: Status) -> str:
    """ "Open now · until 18:00", "Closed · opens Tue 09:00", for a person reading the list."""
    if status.is_open and status.closes is None:
        return _("Open now · round the clock")
    if status.is_open and status.closes is not None:
        if status.same_day:
            return _("Open now · until %(time)s") % {"time": status.closes.time}
        return _("Open now · until %(day)s %(time)s") % {
            "day": weekday_abbr(status.closes.weekday),
            "time": status.closes.time,
        }
    if status.opens is None:
        return _("Closed")
    if status.same_day:
        return _("Closed · opens at %(time)s") % {"time": status.opens.time}
    return _("Closed · opens %(day)s %(time)s") % {"day": weekday_abbr(status.opens.weekday), "time": status.opens.time}


def day_text(day: Day) -> str:
    """A day's hours to read: "09:00–13:00, 14:00–18:00", "round the clock", "closed"."""
    if not day:
        return _("closed")
    if day == ((0, DAY),):
        return _("round the clock")
    return ", ".join(f"{hhmm(o)}–{hhmm(c)}" for o, c in day)


def week_summary(week: Week) -> list[tuple[str, str]]:
    """The week in runs of days with the same hours: [("Mon–Fri", "09:00–18:00"), ("Sat", ...)]."""
    rows: list[tuple[str, str]] = []
    start = 0
    for weekday in range(1, 8):
        if weekday == 7 or week[weekday] != week[start]:
            days = weekday_abbr(start) if weekday - 1 == start else f"{weekday_abbr(start)}–{weekday_abbr(weekday - 1)}"
            rows.append((days, day_text(week[start])))
            start = weekday
    return rows
