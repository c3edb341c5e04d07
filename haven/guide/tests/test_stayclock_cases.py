"""Hand-worked cases for the stay clock with the Schengen rule, 90 days in any 180, the
Schengen short-stay calculator's method: an entry day and an exit day are both days of
presence, a day of exit and re-entry counts once, and each day of presence is judged by
the rolling window ending on it (that day included). The other kinds of rule are in
test_stayclock_kinds.py, exemptions and rule changes in test_stayclock_changes.py, the
conventions of the arithmetic in cases.py. And what is refused, with its code.
"""

from __future__ import annotations

from typing import Any

import pytest

from haven.guide.stayclock import AnyRule, BadTrips, PerEntry, PerPeriod, Registration, Rule, Trip, stay_clock
from haven.guide.tests import test_stayclock_changes, test_stayclock_kinds
from haven.guide.tests.cases import NONE, Case, D, S, agrees, span, trips

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
]


@pytest.mark.parametrize(("why", "given", "on", "rules", "options", "expected"), CASES, ids=[case[0] for case in CASES])
def test_the_clock_agrees_with_the_hand_worked_case(why, given, on, rules, options, expected):
    agrees(given, on, rules, options, expected)


def test_the_ids_say_the_arithmetic_and_are_unique():
    every = CASES + test_stayclock_kinds.CASES + test_stayclock_changes.CASES
    assert len(every) >= 55
    assert len({case[0] for case in every}) == len(every)


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
