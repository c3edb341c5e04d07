"""Hand-worked cases for the other kinds of rule: days per entry (and border runs), days
per calendar period, and the registration deadline (conventions in cases.py)."""

from __future__ import annotations

import pytest

from haven.guide.stayclock import PerEntry, PerPeriod, Registration
from haven.guide.tests.cases import NONE, RESIDENCE, Case, S, agrees, span, trips

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

CASES: list[Case] = [
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
    (
        RUN_TODAY_PER_ENTRY,
        trips(("2023-01-01", "2023-01-30"), ("2023-01-30", None)),
        "2023-01-30",
        [PerEntry(30), S],
        NONE,
        {"present": True, "days_used": 30, "last_legal_day": "2023-02-28", "days_left": 30},
    ),
    (
        RUN_TODAY_REGISTRATION,
        trips(("2023-01-01", "2023-01-30"), ("2023-01-30", None)),
        "2023-01-30",
        [S, Registration(3)],
        NONE,
        {"present": True, "registration_deadline": "2023-02-01"},
    ),
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
]


@pytest.mark.parametrize(("why", "given", "on", "rules", "options", "expected"), CASES, ids=[case[0] for case in CASES])
def test_the_clock_agrees_with_the_hand_worked_case(why, given, on, rules, options, expected):
    agrees(given, on, rules, options, expected)
