"""More hand-worked cases for the stay clock, the Schengen short-stay calculator's method:
an entry day and an exit day are both days of presence, a day of exit and re-entry counts
once, and each day of presence is judged by the rules in force on it, the rolling window
ending on that day (that day included).

Every expectation below was worked out by hand, day by day, never by running the engine;
each case's id says the arithmetic. "doy" is the day of the year (2022 and 2023 have
365 days, 2024 has 366); a day N days after another is "+ N".
Month ends as doy, common year: Jan 31, Feb 59, Mar 90, Apr 120, May 151, Jun 181,
Jul 212, Aug 243, Sep 273, Oct 304, Nov 334, Dec 365 (leap year: one more from Feb).
In a 180-day window a day of presence D drops out on D + 180 (the window of D + 179
still starts on D).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from haven.guide.stayclock import (
    AnyRule,
    BadTrips,
    PerEntry,
    PerPeriod,
    Registration,
    Rule,
    Trip,
    stay_clock,
)

D = dt.date.fromisoformat
S = Rule(90, 180)
RESIDENCE = frozenset({"residence"})
# A rule change as Türkiye's of 27 January 2023: 30 days per entry before and after, and
# from the change also 90 days in any 180, counting the days before the change too.
CHANGE: list[AnyRule] = [
    PerEntry(30, until=D("2023-01-26")),
    PerEntry(30, since=D("2023-01-27")),
    Rule(90, 180, since=D("2023-01-27")),
]


def trips(*pairs: tuple[str, str | None]) -> list[Trip]:
    return [Trip(D(a), D(b) if b else None) for a, b in pairs]


def span(first: str, last: str) -> list[str]:
    """Every day from first to last, both included, as ISO dates."""
    start, end = D(first), D(last)
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


# Nine trips of 10 days between Jun 10 and Nov 19 2022: 90 days, all in the window of Dec 1
# (which starts on Jun 5). They drop out from Jun 10 + 180 = Dec 7 (Jun 10-19 -> Dec 7-16),
# the second trip from Jul 1 + 180 = Dec 28.
NINE_TENS = trips(
    ("2022-06-10", "2022-06-19"),
    ("2022-07-01", "2022-07-10"),
    ("2022-07-20", "2022-07-29"),
    ("2022-08-10", "2022-08-19"),
    ("2022-08-25", "2022-09-03"),
    ("2022-09-15", "2022-09-24"),
    ("2022-10-01", "2022-10-10"),
    ("2022-10-20", "2022-10-29"),
    ("2022-11-10", "2022-11-19"),
)
# 30 + 60 days: Jul 1-30 2022 (drops out Dec 28 - Jan 26) and Oct 1 - Nov 29 2022 (drops out
# Mar 30 - May 28 2023).
THIRTY_SIXTY = trips(("2022-07-01", "2022-07-30"), ("2022-10-01", "2022-11-29"))
# Three trips of 30 days before the change (each within 30 per entry): Oct 1-30,
# Nov 5 - Dec 4 (26 + 4) and Dec 10 - Jan 8 (22 + 8): 90 days.
NINETY_BEFORE = trips(("2022-10-01", "2022-10-30"), ("2022-11-05", "2022-12-04"), ("2022-12-10", "2023-01-08"))
# The same but the third trip is Dec 10-19: 30 + 30 + 10 = 70 days.
SEVENTY_BEFORE = trips(("2022-10-01", "2022-10-30"), ("2022-11-05", "2022-12-04"), ("2022-12-10", "2022-12-19"))

# Days of exit and re-entry on the check day: the engine first got these wrong (found by
# working them by hand); now plain cases.
RUN_TODAY_PER_ENTRY = (
    "30 per entry and 90/180, border run on the check day Jan 30: the trip going on is the one entered"
    " today, its count restarts: per entry to Jan 30 + 29 = Feb 28, rolling 29 + 61 = 90 only on Mar 31;"
    " Jan 30 - Feb 28 is 30 days"
)
RUN_TODAY_REGISTRATION = (
    "register within 3 days, border run on the check day Jan 30: the new entry must be registered by"
    " Jan 30 + 2 = Feb 1, not by Jan 3 as for the trip that ended today"
)
RUN_DAY_OVERSTAY = (
    "30 per entry, Jan 1-31 then Jan 31 - Feb 15: Jan 31 was the 31st day of the first entry, an overstay"
    " that re-entering the same day does not undo"
)

Case = tuple[str, list[Trip], str, Rule | list[AnyRule], dict[str, Any], dict[str, Any]]
NONE: dict[str, Any] = {}

CASES: list[Case] = [
    # ---- Schengen 90/180 ----------------------------------------------------------------
    (
        "same-day exit and re-entry: Oct 1-10 (10) and Oct 10-15 (6, Oct 10 again) make 15, not 16;"
        " entering Nov 1: 15 + 75 = 90 on Nov 1 + 74 = Jan 14 (30 Nov + 31 Dec + 14 Jan)",
        trips(("2022-10-01", "2022-10-10"), ("2022-10-10", "2022-10-15")),
        "2022-11-01",
        S,
        NONE,
        {"days_used": 15, "present": False, "last_legal_day": "2023-01-14", "days_left": 75, "violations": []},
    ),
    (
        "three one-day trips Sep 5, Oct 5, Nov 5 count 3; entering Dec 1: 3 + 87 = 90 on Dec 1 + 86 = Feb 25"
        " (31 + 31 + 25), before Sep 5 drops out on Mar 4",
        trips(("2022-09-05", "2022-09-05"), ("2022-10-05", "2022-10-05"), ("2022-11-05", "2022-11-05")),
        "2022-12-01",
        S,
        NONE,
        {"days_used": 3, "last_legal_day": "2023-02-25", "days_left": 87},
    ),
    (
        "window edge: Mar 1 2023 - 179 = Sep 3 2022 (28 Feb + 31 Jan + 31 Dec + 30 Nov + 31 Oct + 28 Sep back)"
        " is still in",
        trips(("2022-09-03", "2022-09-03")),
        "2023-03-01",
        S,
        NONE,
        {"days_used": 1},
    ),
    (
        "window edge: Sep 2 2022 is 180 days before Mar 1 2023 and falls out",
        trips(("2022-09-02", "2022-09-02")),
        "2023-03-01",
        S,
        NONE,
        {"days_used": 0, "days_left": 90},
    ),
    (
        "window edge over Feb 29: Mar 1 2024 - 179 = Sep 4 2023 (one day later than in 2023) is still in",
        trips(("2023-09-04", "2023-09-04")),
        "2024-03-01",
        S,
        NONE,
        {"days_used": 1},
    ),
    (
        "window edge over Feb 29: Sep 3 2023 is 180 days before Mar 1 2024 and falls out",
        trips(("2023-09-03", "2023-09-03")),
        "2024-03-01",
        S,
        NONE,
        {"days_used": 0},
    ),
    (
        "nine 10-day trips Jun 10 - Nov 19 add to exactly 90: no violation, and entering Dec 1 makes 91 at once",
        NINE_TENS,
        "2022-12-01",
        S,
        NONE,
        {"days_used": 90, "present": False, "last_legal_day": None, "days_left": 0, "violations": []},
    ),
    (
        "nine 10-day trips, a 10-day stay: from Dec 7 (Jun 10 + 180) one old day drops as each new one comes,"
        " Dec 7-16 hold 90 each; Dec 6 would hold 91",
        NINE_TENS,
        "2022-12-01",
        S,
        {"stay": 10},
        {"earliest_entry": "2022-12-07"},
    ),
    (
        "nine 10-day trips, an 11-day stay: Dec 17-27 drop nothing (80 old days), so the 11th day must be"
        " Dec 28 when Jul 1 drops: entry Dec 18, Dec 27 = 80 + 10, Dec 28 = 79 + 11",
        NINE_TENS,
        "2022-12-01",
        S,
        {"stay": 11},
        {"earliest_entry": "2022-12-18"},
    ),
    (
        "past overstay Mar 1 - Jun 5: day 90 is May 29 (31 + 30 + 29), so May 30 - Jun 5 broke it (7 days);"
        " on Dec 1 only Jun 5 is in the window, gone on Dec 2: a stay from Dec 1 may last 90 days to Feb 28",
        trips(("2022-03-01", "2022-06-05")),
        "2022-12-01",
        S,
        NONE,
        {
            "violations": span("2022-05-30", "2022-06-05"),
            "days_used": 1,
            "last_legal_day": "2023-02-28",
            "days_left": 90,
        },
    ),
    (
        "overstaying now: open since Aug 1, day 90 is Oct 29 (31 + 30 + 29); Oct 30 - Nov 14 are listed"
        " (the check day Nov 15 is not), 92 + 15 = 107 used",
        trips(("2022-08-01", None)),
        "2022-11-15",
        S,
        NONE,
        {
            "present": True,
            "days_used": 107,
            "violations": span("2022-10-30", "2022-11-14"),
            "last_legal_day": None,
            "days_left": 0,
        },
    ),
    (
        "Jun 1 - Sep 10 is 102 days (30 + 31 + 31 + 10), day 90 is Aug 29: Aug 30 - Sep 10 broke it;"
        " on Oct 1 (window from Apr 5) all 102 count",
        trips(("2022-06-01", "2022-09-10")),
        "2022-10-01",
        S,
        NONE,
        {"violations": span("2022-08-30", "2022-09-10"), "days_used": 102, "last_legal_day": None, "days_left": 0},
    ),
    (
        "after 102 days Jun 1 - Sep 10 a 1-day stay needs 13 days out: Jun 1 drops Nov 28 (doy 152 + 180 = 332),"
        " Jun 13 on Dec 10: 89 + 1",
        trips(("2022-06-01", "2022-09-10")),
        "2022-10-01",
        S,
        {"stay": 1},
        {"earliest_entry": "2022-12-10"},
    ),
    (
        "after 102 days Jun 1 - Sep 10 a 90-day stay can also start Dec 10: each day one old day drops and one"
        " new comes (90 all along) until Sep 10 drops on Mar 9 = Dec 10 + 89",
        trips(("2022-06-01", "2022-09-10")),
        "2022-10-01",
        S,
        {"stay": 90},
        {"earliest_entry": "2022-12-10"},
    ),
    (
        "30 + 60 days, a 10-day stay: Jul 1 drops on Dec 28 (doy 182 + 180 = 362), then one a day",
        THIRTY_SIXTY,
        "2022-12-01",
        S,
        {"stay": 10},
        {"days_used": 90, "last_legal_day": None, "earliest_entry": "2022-12-28"},
    ),
    (
        "30 + 60 days, a 30-day stay from Dec 28 ends Jan 26 as Jul 30 drops: 90 each day",
        THIRTY_SIXTY,
        "2022-12-01",
        S,
        {"stay": 30},
        {"earliest_entry": "2022-12-28"},
    ),
    (
        "30 + 60 days, a 31-day stay: nothing drops Jan 27 - Mar 29 (60 old days), the 31st day must be"
        " Mar 30 when Oct 1 drops: entry Mar 30 - 30 = Feb 28",
        THIRTY_SIXTY,
        "2022-12-01",
        S,
        {"stay": 31},
        {"earliest_entry": "2023-02-28"},
    ),
    (
        "30 + 60 days, a 90-day stay from Feb 28: 30 + 60 = 90 on Mar 29, then Oct 1 - Nov 29 drop one a day"
        " until May 28 = Feb 28 + 89",
        THIRTY_SIXTY,
        "2022-12-01",
        S,
        {"stay": 90},
        {"earliest_entry": "2023-02-28"},
    ),
    (
        "leap year: open since Jan 1 2024, on Mar 15: 31 + 29 + 15 = 75; day 90 is Mar 30 (not 31 as in 2023),"
        " Mar 15-30 is 16 days",
        trips(("2024-01-01", None)),
        "2024-03-15",
        S,
        NONE,
        {"days_used": 75, "present": True, "last_legal_day": "2024-03-30", "days_left": 16},
    ),
    (
        "across New Year: Dec 20 - Jan 10 is 12 + 10 = 22; entering Jan 20: 22 + 68 = 90 on Jan 20 + 67 = Mar 28"
        " (12 + 28 + 28)",
        trips(("2022-12-20", "2023-01-10")),
        "2023-01-20",
        S,
        NONE,
        {"days_used": 22, "last_legal_day": "2023-03-28", "days_left": 68},
    ),
    (
        "a trip going on past the check day: Nov 20 - Mar 1, on Dec 31: 11 + 31 = 42 used; it may go on to"
        " Nov 20 + 89 = Feb 17, 1 + 31 + 17 = 49 days; the later overstay is not yet a violation",
        trips(("2022-11-20", "2023-03-01")),
        "2022-12-31",
        S,
        NONE,
        {"present": True, "days_used": 42, "last_legal_day": "2023-02-17", "days_left": 49, "violations": []},
    ),
    (
        "check day = exit day: Oct 1 - Nov 29 (60), on Nov 29 present; going on, day 90 is Oct 1 + 89 = Dec 29,"
        " Nov 29 - Dec 29 is 31 days",
        trips(("2022-10-01", "2022-11-29")),
        "2022-11-29",
        S,
        NONE,
        {"present": True, "days_used": 60, "last_legal_day": "2022-12-29", "days_left": 31},
    ),
    (
        "check day = the day after exit: not present, 60 used; a stay from Nov 30 reaches 60 + 30 on Dec 29",
        trips(("2022-10-01", "2022-11-29")),
        "2022-11-30",
        S,
        NONE,
        {"present": False, "days_used": 60, "last_legal_day": "2022-12-29", "days_left": 30},
    ),
    (
        "the day after exit, a 30-day stay fits at once: 60 + 30 = 90 on Dec 29",
        trips(("2022-10-01", "2022-11-29")),
        "2022-11-30",
        S,
        {"stay": 30},
        {"earliest_entry": "2022-11-30"},
    ),
    (
        "the day after exit, a 31-day stay: the 60 days hold until Oct 1 drops on Mar 30 (doy 274 + 180 = 89),"
        " so its 31st day must be Mar 30: entry Feb 28",
        trips(("2022-10-01", "2022-11-29")),
        "2022-11-30",
        S,
        {"stay": 31},
        {"earliest_entry": "2023-02-28"},
    ),
    (
        "89 used (Sep 1 - Nov 28: 30 + 31 + 28), not present: entering today makes 90, today is the last day",
        trips(("2022-09-01", "2022-11-28")),
        "2022-12-01",
        S,
        NONE,
        {"days_used": 89, "last_legal_day": "2022-12-01", "days_left": 1},
    ),
    (
        "Jan 1 - Mar 1 (60) then May 1 - Jun 5 (36), Jan 1 in the window until Jun 30: May 1 + k holds 61 + k,"
        " 91 on May 31: May 31 - Jun 5 broke it; on Jul 1 the window starts Jan 3: 58 + 36 = 94",
        trips(("2022-01-01", "2022-03-01"), ("2022-05-01", "2022-06-05")),
        "2022-07-01",
        S,
        NONE,
        {"violations": span("2022-05-31", "2022-06-05"), "days_used": 94, "last_legal_day": None},
    ),
    (
        "a border run does not reset the rolling window: Oct 1 - Nov 15 and Nov 15 - now is Oct 1 - Dec 1"
        " (31 + 30 + 1 = 62), day 90 is Dec 29, Dec 1-29 is 29 days",
        trips(("2022-10-01", "2022-11-15"), ("2022-11-15", None)),
        "2022-12-01",
        S,
        NONE,
        {"days_used": 62, "present": True, "last_legal_day": "2022-12-29", "days_left": 29},
    ),
    (
        "two rolling rules, 90/180 and 30/60: open since Mar 1, 30/60 ends it on Mar 30, Mar 10-30 is 21 days;"
        " days_used is counted against the first, 90/180",
        trips(("2023-03-01", None)),
        "2023-03-10",
        [S, Rule(30, 60)],
        NONE,
        {"days_used": 10, "last_legal_day": "2023-03-30", "days_left": 21, "limit": 90, "window": 180},
    ),
    # ---- per entry --------------------------------------------------------------------------
    (
        "30 per entry alone, open since Mar 10, on Mar 20: 11 used (window 180 for want of a rolling rule),"
        " day 30 is Apr 8 (22 + 8), Mar 20 - Apr 8 is 12 + 8 = 20",
        trips(("2023-03-10", None)),
        "2023-03-20",
        [PerEntry(30)],
        NONE,
        {"days_used": 11, "last_legal_day": "2023-04-08", "days_left": 20, "limit": None, "window": None},
    ),
    (
        "30 per entry alone: Jan 1 - Mar 1 (60) broke it from day 31, Jan 31, to Mar 1 (30 days);"
        " a new entry Mar 10 may stay to Mar 10 + 29 = Apr 8 whatever came before",
        trips(("2023-01-01", "2023-03-01")),
        "2023-03-10",
        [PerEntry(30)],
        NONE,
        {
            "violations": span("2023-01-31", "2023-03-01"),
            "days_used": 60,
            "last_legal_day": "2023-04-08",
            "days_left": 30,
        },
    ),
    (
        "30 per entry, border run Jan 30: Jan 1-30 is 30 (Jan 30 is day 30 or the new day 1, fine either way);"
        " the new count from Jan 30 ends Feb 28 (2 + 28), Feb 10-28 is 19; Jan 1 - Feb 10 is 41",
        trips(("2023-01-01", "2023-01-30"), ("2023-01-30", None)),
        "2023-02-10",
        [PerEntry(30)],
        NONE,
        {"violations": [], "days_used": 41, "last_legal_day": "2023-02-28", "days_left": 19},
    ),
    (
        "Türkiye-like 60 per entry and 90/180, border run Mar 1: the new entry allows to Apr 29, but the rolling"
        " window holds every day since Jan 1, 90 on Mar 31 (31 + 28 + 31); Mar 15-31 is 17; Jan 1 - Mar 15 is 74",
        trips(("2023-01-01", "2023-03-01"), ("2023-03-01", None)),
        "2023-03-15",
        [PerEntry(60), S],
        NONE,
        {"violations": [], "days_used": 74, "last_legal_day": "2023-03-31", "days_left": 17},
    ),
    (
        "30 per entry and 90/180, open since May 1, on May 10: per entry ends May 30 first, May 10-30 is 21",
        trips(("2023-05-01", None)),
        "2023-05-10",
        [PerEntry(30), S],
        NONE,
        {"days_used": 10, "last_legal_day": "2023-05-30", "days_left": 21, "limit": 90, "window": 180},
    ),
    (
        "30 per entry and 90/180: May 1 - Jun 3 broke the per-entry limit on May 31 - Jun 3 (day 30 is May 30);"
        " on Jul 1, 31 + 3 = 34 used, a new entry may stay 30 days (34 + 30 = 64 <= 90): Jul 30",
        trips(("2023-05-01", "2023-06-03")),
        "2023-07-01",
        [PerEntry(30), S],
        NONE,
        {
            "violations": span("2023-05-31", "2023-06-03"),
            "days_used": 34,
            "last_legal_day": "2023-07-30",
            "days_left": 30,
        },
    ),
    (
        "60 per entry and 90/180, 50 used Jan 1 - Feb 19 (31 + 19): a stay from Mar 1 is cut by the rolling"
        " window at 50 + 40 = 90, Mar 1 + 39 = Apr 9, before its per-entry end Apr 29",
        trips(("2023-01-01", "2023-02-19")),
        "2023-03-01",
        [PerEntry(60), S],
        NONE,
        {"days_used": 50, "last_legal_day": "2023-04-09", "days_left": 40},
    ),
    (
        "60 per entry and 90/180, 50 used Jan 1 - Feb 19, a 60-day stay: its 41st day must see Jan 1 dropped"
        " (Jun 30, doy 181): entry Jun 30 - 40 = May 21; from May 20 Jun 29 would hold 50 + 41",
        trips(("2023-01-01", "2023-02-19")),
        "2023-03-01",
        [PerEntry(60), S],
        {"stay": 60},
        {"earliest_entry": "2023-05-21"},
    ),
    (
        "30 per entry and 90/180, nothing used: a 30-day stay may start today",
        [],
        "2023-05-01",
        [PerEntry(30), S],
        {"stay": 30},
        {"earliest_entry": "2023-05-01", "days_left": 30, "last_legal_day": "2023-05-30"},
    ),
    (
        "30 per entry and 90/180: a 31-day stay breaks the per-entry limit whenever it starts, no entry day",
        [],
        "2023-05-01",
        [PerEntry(30), S],
        {"stay": 31},
        {"earliest_entry": None},
    ),
    # ENGINE DISAGREES (see ENGINE_DISAGREES below): a border run on the check day itself.
    (
        RUN_TODAY_PER_ENTRY,
        trips(("2023-01-01", "2023-01-30"), ("2023-01-30", None)),
        "2023-01-30",
        [PerEntry(30), S],
        NONE,
        {"present": True, "days_used": 30, "last_legal_day": "2023-02-28", "days_left": 30},
    ),
    # ENGINE DISAGREES (see ENGINE_DISAGREES below): a border run on the check day itself.
    (
        RUN_TODAY_REGISTRATION,
        trips(("2023-01-01", "2023-01-30"), ("2023-01-30", None)),
        "2023-01-30",
        [S, Registration(3)],
        NONE,
        {"present": True, "registration_deadline": "2023-02-01"},
    ),
    # ENGINE DISAGREES (see ENGINE_DISAGREES below): an overstay on the day of a border run.
    (
        RUN_DAY_OVERSTAY,
        trips(("2023-01-01", "2023-01-31"), ("2023-01-31", "2023-02-15")),
        "2023-03-01",
        [PerEntry(30)],
        NONE,
        {"violations": ["2023-01-31"]},
    ),
    # ---- calendar periods -------------------------------------------------------------------
    (
        "180 per calendar year, open since Oct 1 2023, on Dec 15: 31 + 30 + 15 = 76; 2023 ends at 92, 2024"
        " starts anew, day 180 is doy 180 of leap 2024 = Jun 28; Dec 15-31 is 17, + 180 = 197",
        trips(("2023-10-01", None)),
        "2023-12-15",
        [PerPeriod(180)],
        NONE,
        {"days_used": 76, "last_legal_day": "2024-06-28", "days_left": 197, "limit": None, "unlimited": False},
    ),
    (
        "90 per half year: Jan 10 - Mar 10 is 22 + 28 + 10 = 60 in Jan-Jun; entering May 1: 60 + 30 = 90 on May 30",
        trips(("2023-01-10", "2023-03-10")),
        "2023-05-01",
        [PerPeriod(90, months=6)],
        NONE,
        {"days_used": 60, "last_legal_day": "2023-05-30", "days_left": 30},
    ),
    (
        "90 per half year: Mar 1 - May 29 is 31 + 30 + 29 = 90, so entering Jun 30 breaks it at once;"
        " a 10-day stay may start Jul 1 in the new half year",
        trips(("2023-03-01", "2023-05-29")),
        "2023-06-30",
        [PerPeriod(90, months=6)],
        {"stay": 10},
        {"violations": [], "last_legal_day": None, "days_left": 0, "earliest_entry": "2023-07-01"},
    ),
    (
        "180 per calendar year: Jul 1 2023 - Jan 15 2024 has 184 days in 2023, day 180 is Dec 27, so"
        " Dec 28-31 broke it; 2024 holds 15; on Feb 1 2024 (window from Aug 6: 148 + 15 = 163) a stay may"
        " add 165 to Feb 1 + 164 = Jul 14 (doy 196 of 2024)",
        trips(("2023-07-01", "2024-01-15")),
        "2024-02-01",
        [PerPeriod(180)],
        NONE,
        {
            "violations": span("2023-12-28", "2023-12-31"),
            "days_used": 163,
            "last_legal_day": "2024-07-14",
            "days_left": 165,
        },
    ),
    (
        "90 per calendar year, a stay crossing into a new year: Mar 1-30 (30) + Dec 1-31 (31) = 61 in 2023,"
        " then 90 more in 2024 to Mar 30 (31 + 29 + 30); Dec 20-31 is 12, + 90 = 102; on Dec 20 only Dec 1-20"
        " is in the 180 days",
        trips(("2023-03-01", "2023-03-30"), ("2023-12-01", None)),
        "2023-12-20",
        [PerPeriod(90)],
        NONE,
        {"days_used": 20, "last_legal_day": "2024-03-30", "days_left": 102},
    ),
    (
        "20 per calendar month, open since Feb 20 2024: Feb 20-29 is 10 (leap), March starts anew and allows"
        " Mar 1-20; Feb 25 - Mar 20 is 5 + 20 = 25",
        trips(("2024-02-20", None)),
        "2024-02-25",
        [PerPeriod(20, months=1)],
        NONE,
        {"days_used": 6, "last_legal_day": "2024-03-20", "days_left": 25},
    ),
    (
        "90 per calendar year, a 100-day stay fits only across New Year: at most 90 in 2023 means entry on or"
        " after doy 365 - 89 = 276, Oct 3 (then 90 + 10)",
        [],
        "2023-05-01",
        [PerPeriod(90)],
        {"stay": 100},
        {"earliest_entry": "2023-10-03", "last_legal_day": "2023-07-29"},
    ),
    (
        "90 per calendar year, 50 used Feb 1 - Mar 22 2023 (28 + 22), a 100-day stay: at most 40 more in 2023,"
        " entry doy 365 - 39 = 326, Nov 22 (9 + 31 = 40, then 60 in 2024)",
        trips(("2023-02-01", "2023-03-22")),
        "2023-05-01",
        [PerPeriod(90)],
        {"stay": 100},
        {"earliest_entry": "2023-11-22", "last_legal_day": "2023-06-09"},
    ),
    # ---- registration -----------------------------------------------------------------------
    (
        "register within 7 days, present since May 1: by May 7 (May 1 is day 1); 90/180 to May 1 + 89 = Jul 29,"
        " May 3 - Jul 29 is 29 + 30 + 29 = 88",
        trips(("2023-05-01", None)),
        "2023-05-03",
        [S, Registration(7)],
        NONE,
        {"registration_deadline": "2023-05-07", "last_legal_day": "2023-07-29", "days_left": 88},
    ),
    (
        "registration alone limits nothing: unlimited, no last legal day; a stay entering May 10 registers by May 16",
        [],
        "2023-05-10",
        [Registration(7)],
        NONE,
        {
            "unlimited": True,
            "last_legal_day": None,
            "days_left": 0,
            "registration_deadline": "2023-05-16",
            "limit": None,
            "window": None,
            "days_used": 0,
        },
    ),
    (
        "register within 90 days, entering Feb 1: Feb 1 + 89 = May 1 (28 + 31 + 30 + 1), the same day as the"
        " 90/180 end",
        [],
        "2023-02-01",
        [S, Registration(90)],
        NONE,
        {"registration_deadline": "2023-05-01", "last_legal_day": "2023-05-01", "days_left": 90},
    ),
    (
        "register within 3 days, entered Dec 30 2023: Dec 30, Dec 31, Jan 1 2024",
        trips(("2023-12-30", None)),
        "2023-12-30",
        [Registration(3)],
        NONE,
        {"present": True, "registration_deadline": "2024-01-01", "unlimited": True},
    ),
    (
        "registration not asked of residence-permit holders: no deadline, the 90/180 still ends the stay Jul 29",
        trips(("2023-05-01", None)),
        "2023-05-03",
        [S, Registration(7, exempt=RESIDENCE)],
        {"document": "residence"},
        {"registration_deadline": None, "last_legal_day": "2023-07-29"},
    ),
    (
        "registration not asked of residence-permit holders is asked of passport holders: by May 7",
        trips(("2023-05-01", None)),
        "2023-05-03",
        [S, Registration(7, exempt=RESIDENCE)],
        {"document": "passport"},
        {"registration_deadline": "2023-05-07"},
    ),
    (
        "no rules at all: unlimited; 10 days Nov 1-10 are still counted in the usual 180",
        trips(("2022-11-01", "2022-11-10")),
        "2022-12-01",
        [],
        NONE,
        {"unlimited": True, "last_legal_day": None, "days_left": 0, "days_used": 10, "violations": []},
    ),
    # ---- exemptions -------------------------------------------------------------------------
    (
        "90/180 exempting residence permits, held by a resident: Jan 1 - Apr 10 (100 days) breaks nothing,"
        " no limit applies (unlimited); the 100 days are counted in the usual 180",
        trips(("2023-01-01", "2023-04-10")),
        "2023-05-01",
        Rule(90, 180, exempt=RESIDENCE),
        {"document": "residence"},
        {
            "violations": [],
            "unlimited": True,
            "last_legal_day": None,
            "days_left": 0,
            "days_used": 100,
            "limit": None,
            "window": None,
        },
    ),
    (
        "90/180 exempting residence permits, held by a passport holder: Jan 1 - Apr 10 is 31 + 28 + 31 + 10 ="
        " 100, day 90 is Mar 31: Apr 1-10 broke it; all 100 in the window of May 1 (from Nov 3)",
        trips(("2023-01-01", "2023-04-10")),
        "2023-05-01",
        Rule(90, 180, exempt=RESIDENCE),
        {"document": "passport"},
        {
            "violations": span("2023-04-01", "2023-04-10"),
            "unlimited": False,
            "last_legal_day": None,
            "days_left": 0,
            "days_used": 100,
            "limit": 90,
            "window": 180,
        },
    ),
    (
        "90/180 exempting residence permits, no document said: the rule applies, Apr 1-10 broke it",
        trips(("2023-01-01", "2023-04-10")),
        "2023-05-01",
        Rule(90, 180, exempt=RESIDENCE),
        NONE,
        {"violations": span("2023-04-01", "2023-04-10"), "last_legal_day": None},
    ),
    (
        "30 per entry exempting residence permits, 90/180 for all: a resident open since Mar 1 goes on to"
        " Mar 1 + 89 = May 29; Mar 10 - May 29 is 22 + 30 + 29 = 81",
        trips(("2023-03-01", None)),
        "2023-03-10",
        [S, PerEntry(30, exempt=RESIDENCE)],
        {"document": "residence"},
        {"last_legal_day": "2023-05-29", "days_left": 81},
    ),
    (
        "30 per entry exempting residence permits, 90/180 for all: a passport holder open since Mar 1 stops"
        " Mar 30; Mar 10-30 is 21",
        trips(("2023-03-01", None)),
        "2023-03-10",
        [S, PerEntry(30, exempt=RESIDENCE)],
        {"document": "passport"},
        {"last_legal_day": "2023-03-30", "days_left": 21},
    ),
    # ---- rule changes -----------------------------------------------------------------------
    (
        "change of Jan 27 2023, 90 days before it (3 x 30, each within 30 per entry): no violation, but on"
        " Jan 27 the new 90/180 (window from Aug 1 2022) holds all 90, entering breaks it",
        NINETY_BEFORE,
        "2023-01-27",
        CHANGE,
        NONE,
        {
            "violations": [],
            "days_used": 90,
            "last_legal_day": None,
            "days_left": 0,
            "limit": 90,
            "window": 180,
        },
    ),
    (
        "change of Jan 27, 90 days before it, a 30-day stay: Oct 1 drops on Mar 30 (doy 274 + 180 = 89),"
        " then Oct 2-30 one a day through Apr 28",
        NINETY_BEFORE,
        "2023-01-27",
        CHANGE,
        {"stay": 30},
        {"earliest_entry": "2023-03-30"},
    ),
    (
        "change of Jan 27: a 31-day stay breaks the 30 per entry in force from then on, never possible",
        NINETY_BEFORE,
        "2023-01-27",
        CHANGE,
        {"stay": 31},
        {"earliest_entry": None},
    ),
    (
        "a rule that starts in the future shortens the stay: on Jan 20, 90 days before, only 30 per entry is in"
        " force; a stay from Jan 20 is fine to Jan 26, and Jan 27 makes 90 + 8 under the new 90/180;"
        " days_used in the usual 180 for want of a rolling rule today",
        NINETY_BEFORE,
        "2023-01-20",
        CHANGE,
        NONE,
        {"last_legal_day": "2023-01-26", "days_left": 7, "days_used": 90, "limit": None, "window": None},
    ),
    (
        "a stay spanning the change: 70 days before it, open since Jan 20: the 90/180 from Jan 27 counts the"
        " 70, 70 + 20 = 90 on Jan 20 + 19 = Feb 8 (before 30 per entry, Feb 18); Jan 22 - Feb 8 is 18;"
        " on Jan 22, 70 + 3 used",
        [*SEVENTY_BEFORE, *trips(("2023-01-20", None))],
        "2023-01-22",
        CHANGE,
        NONE,
        {"present": True, "last_legal_day": "2023-02-08", "days_left": 18, "days_used": 73},
    ),
    (
        "a stay spanning the change, 70 days before it, open since Jan 20, on Feb 15: Feb 9 held 70 + 21 = 91,"
        " so Feb 9-14 broke it (per entry only 26 by Feb 14); window from Aug 20: 70 + 12 + 15 = 97",
        [*SEVENTY_BEFORE, *trips(("2023-01-20", None))],
        "2023-02-15",
        CHANGE,
        NONE,
        {"violations": span("2023-02-09", "2023-02-14"), "days_used": 97, "last_legal_day": None, "days_left": 0},
    ),
    (
        "a stay spanning the change, nothing before: 30 per entry old and new count on from the entry Jan 10,"
        " day 30 is Feb 8 (22 + 8); Jan 15 - Feb 8 is 17 + 8 = 25",
        trips(("2023-01-10", None)),
        "2023-01-15",
        CHANGE,
        NONE,
        {"last_legal_day": "2023-02-08", "days_left": 25},
    ),
    (
        "30 per entry until Jun 30 only, a 40-day stay: at most 30 of its days may fall by Jun 30, entry"
        " Jun 1 (Jun 1-30 is 30, Jul 1 - Jul 10 judged by no rule)",
        [],
        "2023-05-01",
        [PerEntry(30, until=D("2023-06-30"))],
        {"stay": 40},
        {"earliest_entry": "2023-06-01"},
    ),
    (
        "a rule that ends lifts the limit: 30 per entry until Jan 26 only, open since Jan 10: day 17 on Jan 26"
        " is the last it judges, nothing ends the stay",
        trips(("2023-01-10", None)),
        "2023-01-15",
        [PerEntry(30, until=D("2023-01-26"))],
        NONE,
        {"unlimited": True, "last_legal_day": None, "days_left": 0, "present": True},
    ),
    (
        "90/180 until Jun 30, open since Apr 15: day 90 would be Jul 13 (16 + 31 + 30 + 13), after the rule"
        " ended: unlimited; on May 1, 16 + 1 = 17 used",
        trips(("2023-04-15", None)),
        "2023-05-01",
        [Rule(90, 180, until=D("2023-06-30"))],
        NONE,
        {"unlimited": True, "last_legal_day": None, "days_used": 17, "limit": 90},
    ),
    (
        "90/180 until Jun 30, open since Mar 1: day 90 is May 29 (31 + 30 + 29) while it still holds;"
        " May 1-29 is 29; 31 + 30 + 1 = 62 used",
        trips(("2023-03-01", None)),
        "2023-05-01",
        [Rule(90, 180, until=D("2023-06-30"))],
        NONE,
        {"unlimited": False, "last_legal_day": "2023-05-29", "days_left": 29, "days_used": 62},
    ),
    (
        "90/180 from Mar 1 2023 only, 77 days Dec 1 - Feb 15 (31 + 31 + 15): entering Feb 20 is free until"
        " the rule starts, which counts all: 77 + 13 = 90 on Mar 4 (Feb 20-28 is 9, + 4)",
        trips(("2022-12-01", "2023-02-15")),
        "2023-02-20",
        [Rule(90, 180, since=D("2023-03-01"))],
        NONE,
        {"days_used": 77, "last_legal_day": "2023-03-04", "days_left": 13, "limit": None, "violations": []},
    ),
    (
        "90/180 from Jan 1 2023 only: 122 days Sep 1 - Dec 31 2022 broke nothing then, but on Feb 1 (window"
        " from Aug 6) all 122 count and entering breaks it",
        trips(("2022-09-01", "2022-12-31")),
        "2023-02-01",
        [Rule(90, 180, since=D("2023-01-01"))],
        NONE,
        {"violations": [], "days_used": 122, "last_legal_day": None, "days_left": 0},
    ),
    (
        "90/180 from Jan 1 2023, 122 days Sep 1 - Dec 31 2022, a 1-day stay needs 33 of them out:"
        " Oct 3 (doy 276) drops on doy 456 - 365 = 91, Apr 1: 89 + 1",
        trips(("2022-09-01", "2022-12-31")),
        "2023-02-01",
        [Rule(90, 180, since=D("2023-01-01"))],
        {"stay": 1},
        {"earliest_entry": "2023-04-01"},
    ),
    (
        "120 per entry until Dec 31 and 90/180 from Jan 1 are never in force together, so they stand;"
        " open since Dec 1: 90/180 counts from Dec 1, day 90 is Feb 28; Dec 10 - Feb 28 is 22 + 31 + 28 = 81",
        trips(("2022-12-01", None)),
        "2022-12-10",
        [PerEntry(120, until=D("2022-12-31")), Rule(90, 180, since=D("2023-01-01"))],
        NONE,
        {"last_legal_day": "2023-02-28", "days_left": 81, "days_used": 10, "limit": None},
    ),
]


@pytest.mark.parametrize(("why", "given", "on", "rules", "options", "expected"), CASES, ids=[case[0] for case in CASES])
def test_the_clock_agrees_with_the_hand_worked_case(why, given, on, rules, options, expected):
    answer = stay_clock(given, D(on), rules, **options).as_full_json()
    assert {key: answer[key] for key in expected} == expected


def test_the_ids_say_the_arithmetic_and_are_unique():
    assert len(CASES) >= 55
    assert len({case[0] for case in CASES}) == len(CASES)


REFUSED: list[tuple[str, list[Trip], str, Rule | list[AnyRule], dict[str, Any], str]] = [
    ("exit Mar 1 before entry Mar 10", trips(("2023-03-10", "2023-03-01")), "2023-04-01", S, NONE, "exit_before_entry"),
    (
        "Jan 1-10 and Jan 9-20 share two days",
        trips(("2023-01-01", "2023-01-10"), ("2023-01-09", "2023-01-20")),
        "2023-02-01",
        S,
        NONE,
        "overlap",
    ),
    ("a trip in 1950", trips(("1950-06-01", "1950-06-10")), "2023-02-01", S, NONE, "out_of_range"),
    ("a trip in 2100", trips(("2100-06-01", "2100-06-10")), "2023-02-01", S, NONE, "out_of_range"),
    ("a trip leaving in 2100", trips(("2099-12-20", "2100-01-05")), "2099-12-31", S, NONE, "out_of_range"),
    ("checked on a day in 2100", [], "2100-01-01", S, NONE, "out_of_range"),
    (
        "an open trip followed by another",
        trips(("2023-01-01", None), ("2023-02-01", "2023-02-05")),
        "2023-03-01",
        S,
        NONE,
        "open_not_last",
    ),
    (
        "an open trip followed by another, listed the other way round",
        trips(("2023-02-01", "2023-02-05"), ("2023-01-01", None)),
        "2023-03-01",
        S,
        NONE,
        "open_not_last",
    ),
    (
        "two 180-day rolling rules in force at once from Jan 1 2023",
        [],
        "2023-02-01",
        [S, Rule(60, 180, since=D("2023-01-01"))],
        NONE,
        "twice_at_once",
    ),
    (
        "30 per entry until Jan 27 and 30 per entry from Jan 27 both hold on Jan 27",
        [],
        "2023-02-01",
        [PerEntry(30, until=D("2023-01-27")), PerEntry(30, since=D("2023-01-27"))],
        NONE,
        "twice_at_once",
    ),
    ("two registration deadlines at once", [], "2023-02-01", [Registration(7), Registration(3)], NONE, "twice_at_once"),
    (
        "a rule from Feb 1 ending Jan 1",
        [],
        "2023-02-01",
        [Rule(90, 180, since=D("2023-02-01"), until=D("2023-01-01"))],
        NONE,
        "since_after_until",
    ),
    (
        "120 per entry under 90/180 can never be used",
        [],
        "2023-02-01",
        [PerEntry(120), S],
        NONE,
        "per_entry_unreachable",
    ),
    ("180 in 180 is no limit", [], "2023-02-01", Rule(180, 180), NONE, "limit_not_below_window"),
    ("a 5-month period", [], "2023-02-01", [PerPeriod(90, months=5)], NONE, "period_months"),
    (
        "181 in a half year whose shortest (Jan-Jun of a common year) is 31 + 28 + 31 + 30 + 31 + 30 = 181 days",
        [],
        "2023-02-01",
        [PerPeriod(181, months=6)],
        NONE,
        "period_limit",
    ),
    ("register within 0 days", [], "2023-02-01", [Registration(0)], NONE, "within_range"),
    ("a stay of 0 days", [], "2023-02-01", S, {"stay": 0}, "stay_range"),
]


@pytest.mark.parametrize(("why", "given", "on", "rules", "options", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_trips_and_contradicting_rules_are_refused_with_a_code(why, given, on, rules, options, code):
    with pytest.raises(BadTrips) as refused:
        stay_clock(given, D(on), rules, **options)
    assert refused.value.code == code
