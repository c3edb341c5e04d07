"""Hand-worked cases for rules that spare a kind of document, and for stays across a rule
change: each day is judged by the rules in force on it, and a rolling window after the
change counts the days before it (conventions in cases.py)."""

from __future__ import annotations

import pytest

from haven.guide.stayclock import AnyRule, PerEntry, Rule
from haven.guide.tests.cases import NONE, RESIDENCE, Case, D, S, agrees, span, trips

# A rule change as Türkiye's of 27 January 2023: 30 days per entry before and after, and
# from the change also 90 days in any 180, counting the days before the change too.
CHANGE: list[AnyRule] = [
    PerEntry(30, until=D("2023-01-26")),
    PerEntry(30, since=D("2023-01-27")),
    Rule(90, 180, since=D("2023-01-27")),
]
# Three trips of 30 days before the change (each within 30 per entry): Oct 1-30,
# Nov 5 - Dec 4 (26 + 4) and Dec 10 - Jan 8 (22 + 8): 90 days.
NINETY_BEFORE = trips(("2022-10-01", "2022-10-30"), ("2022-11-05", "2022-12-04"), ("2022-12-10", "2023-01-08"))
# The same but the third trip is Dec 10-19: 30 + 30 + 10 = 70 days.
SEVENTY_BEFORE = trips(("2022-10-01", "2022-10-30"), ("2022-11-05", "2022-12-04"), ("2022-12-10", "2022-12-19"))

CASES: list[Case] = [
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
    agrees(given, on, rules, options, expected)
