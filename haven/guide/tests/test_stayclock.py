"""The stay clock against cases worked out by hand with the Schengen calculator's method
(entry and exit days count; the window ends on the day checked, that day included).
Each case's id says the arithmetic. The ``haven stay-clock`` contract is run as a process."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from haven.guide.stayclock import BadTrips, Rule, Trip, stay_clock

D = dt.date.fromisoformat
S = Rule(90, 180)


def trips(*pairs: tuple[str, str | None]) -> list[Trip]:
    return [Trip(D(a), D(b) if b else None) for a, b in pairs]


CASES: list[tuple[str, list[Trip], str, Rule, int | None, dict[str, Any]]] = [
    (
        "no trips: 0 used, a stay entering today may last 90 days (Dec 1 + 89 = Feb 28)",
        [],
        "2022-12-01",
        S,
        None,
        {"days_used": 0, "present": False, "last_legal_day": "2023-02-28", "days_left": 90, "violations": []},
    ),
    (
        "one day in and out the same day counts 1",
        trips(("2022-11-01", "2022-11-01")),
        "2022-12-01",
        S,
        None,
        {"days_used": 1, "present": False},
    ),
    (
        "entry and exit both count: Nov 1-10 is 10 days",
        trips(("2022-11-01", "2022-11-10")),
        "2022-12-01",
        S,
        None,
        {"days_used": 10},
    ),
    (
        "present on the entry day: the check day counts (1 used)",
        trips(("2022-12-01", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 1, "present": True, "days_left": 90},
    ),
    (
        "present, open trip since Nov 20: 12 used on Dec 1; day 90 is Nov 20 + 89 = Feb 17, 79 days from Dec 1",
        trips(("2022-11-20", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 12, "present": True, "last_legal_day": "2023-02-17", "days_left": 79},
    ),
    (
        "the recorded exit of the current trip is ignored for the last legal day",
        trips(("2022-11-20", "2022-12-05")),
        "2022-12-01",
        S,
        None,
        {"present": True, "last_legal_day": "2023-02-17"},
    ),
    (
        "26 + 12 days: going on to Jan 22 makes 90 (Nov 20 + 63)",
        trips(("2022-09-25", "2022-10-20"), ("2022-11-20", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 38, "last_legal_day": "2023-01-22", "days_left": 53},
    ),
    (
        "exit on the check day: still present that day",
        trips(("2022-11-01", "2022-12-01")),
        "2022-12-01",
        S,
        None,
        {"present": True, "days_used": 31},
    ),
    (
        "exit the day before: not present, 30 used",
        trips(("2022-11-01", "2022-11-30")),
        "2022-12-01",
        S,
        None,
        {"present": False, "days_used": 30},
    ),
    (
        "a trip after the check day does not count",
        trips(("2022-11-01", "2022-11-05"), ("2022-12-10", "2022-12-20")),
        "2022-12-01",
        S,
        None,
        {"days_used": 5},
    ),
    (
        "window edge: a day 179 days before counts (Jun 5 for Dec 1)",
        trips(("2022-06-05", "2022-06-05")),
        "2022-12-01",
        S,
        None,
        {"days_used": 1},
    ),
    (
        "window edge: a day 180 days before does not (Jun 4 for Dec 1)",
        trips(("2022-06-04", "2022-06-04")),
        "2022-12-01",
        S,
        None,
        {"days_used": 0},
    ),
    (
        "exactly 90 days used, present: today is the last legal day",
        trips(("2022-09-03", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 90, "last_legal_day": "2022-12-01", "days_left": 1, "violations": []},
    ),
    (
        "91 days present: today already breaks the rule, no legal day left",
        trips(("2022-09-02", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 91, "last_legal_day": None, "days_left": 0},
    ),
    (
        "an overstay in the past is listed: Jan 1 - Apr 2 is 92 days, Mar 31 is day 90, so Apr 1 and 2 broke it",
        trips(("2022-01-01", "2022-04-02")),
        "2022-12-01",
        S,
        None,
        {"violations": ["2022-04-01", "2022-04-02"]},
    ),
    (
        "90 days exactly in the past is no violation",
        trips(("2022-01-01", "2022-03-31")),
        "2022-12-01",
        S,
        None,
        {"violations": []},
    ),
    (
        "not present with 90 used in the window: entering today breaks it at once",
        trips(("2022-08-01", "2022-10-29")),
        "2022-11-01",
        S,
        None,
        {"days_used": 90, "present": False, "last_legal_day": None, "days_left": 0},
    ),
    (
        "exit and re-entry the same day count that day once",
        trips(("2022-11-01", "2022-11-10"), ("2022-11-10", "2022-11-20")),
        "2022-12-01",
        S,
        None,
        {"days_used": 20},
    ),
    (
        "earliest entry for 10 days after 90 used Aug 1 - Oct 29: first days drop out from Jan 28",
        trips(("2022-08-01", "2022-10-29")),
        "2022-11-01",
        S,
        10,
        {"earliest_entry": "2023-01-28"},
    ),
    (
        "earliest entry today when the window is free",
        trips(("2022-01-01", "2022-01-10")),
        "2022-12-01",
        S,
        30,
        {"earliest_entry": "2022-12-01"},
    ),
    ("earliest entry is null when present", trips(("2022-11-20", None)), "2022-12-01", S, 5, {"earliest_entry": None}),
    ("earliest entry is null for a stay longer than the limit", [], "2022-12-01", S, 91, {"earliest_entry": None}),
    (
        "90 days after 45 used Oct 1 - Nov 14 can start Feb 13: on Mar 30 the window (from Oct 2) holds 44 + 46 = 90,"
        " and each later day one old day drops as one new comes; from Feb 12, Mar 29 would hold 45 + 46 = 91",
        trips(("2022-10-01", "2022-11-14")),
        "2022-12-01",
        S,
        90,
        {"earliest_entry": "2023-02-13"},
    ),
    (
        "a 30 in 60 rule, present Nov 2 - Dec 1 (30 days): today is the last",
        trips(("2022-11-02", None)),
        "2022-12-01",
        Rule(30, 60),
        None,
        {"days_used": 30, "days_left": 1},
    ),
    (
        "a 30 in 60 rule, present since Nov 22 (10 used): day 30 is Dec 21, 21 days from Dec 1",
        trips(("2022-11-22", None)),
        "2022-12-01",
        Rule(30, 60),
        None,
        {"days_used": 10, "last_legal_day": "2022-12-21", "days_left": 21},
    ),
    (
        "180 in 365, entering Dec 1 with nothing used: Dec 1 + 179 = May 29",
        [],
        "2022-12-01",
        Rule(180, 365),
        None,
        {"last_legal_day": "2023-05-29", "days_left": 180},
    ),
    (
        "leap year: Feb 29 2024 counts as a day (Feb 28 - Mar 1 is 3)",
        trips(("2024-02-28", "2024-03-01")),
        "2024-04-01",
        S,
        None,
        {"days_used": 3},
    ),
    (
        "two short trips sum: 5 + 7 = 12",
        trips(("2022-10-01", "2022-10-05"), ("2022-11-01", "2022-11-07")),
        "2022-12-01",
        S,
        None,
        {"days_used": 12},
    ),
    (
        "80 days Jun 5 - Aug 23 drop out one a day while a stay from Dec 1 adds one: 81 all along until they are"
        " gone, then the stay alone reaches 90 on Dec 1 + 89 = Feb 28",
        trips(("2022-06-05", "2022-08-23"), ("2022-12-01", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 81, "last_legal_day": "2023-02-28"},
    ),
    (
        "80 days Sep 1 - Nov 19 stay in the window through a stay from Dec 1: 80 + 10 = 90 on Dec 10",
        trips(("2022-09-01", "2022-11-19"), ("2022-12-01", None)),
        "2022-12-01",
        S,
        None,
        {"days_used": 81, "last_legal_day": "2022-12-10", "days_left": 10},
    ),
    (
        "the check day outside all trips long after: nothing used",
        trips(("2021-01-01", "2021-03-01")),
        "2022-12-01",
        S,
        None,
        {"days_used": 0, "days_left": 90},
    ),
]


@pytest.mark.parametrize(("why", "given", "on", "rule", "stay", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_clock_agrees_with_the_hand_worked_case(why, given, on, rule, stay, expected):
    answer = stay_clock(given, D(on), rule, stay=stay).as_json()
    assert {key: answer[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (trips(("2022-11-10", "2022-11-01")), "exits before it"),
        (trips(("2022-11-01", "2022-11-10"), ("2022-11-05", "2022-11-20")), "overlap"),
        (trips(("2022-11-01", None), ("2022-11-20", "2022-11-25")), "has no exit"),
        (trips(("1950-01-01", "1950-01-05")), "out of range"),
        (trips(("2100-01-01", "2100-01-05")), "out of range"),
    ],
)
def test_trips_that_cannot_be_are_refused_saying_why(given, says):
    with pytest.raises(BadTrips, match=says):
        stay_clock(given, D("2022-12-01"), S)


@pytest.mark.parametrize(
    ("rule", "says"),
    [(Rule(0, 180), "limit"), (Rule(200, 180), "limit"), (Rule(30, 30), "limit"), (Rule(90, 0), "window")],
)
def test_a_rule_that_contradicts_itself_is_refused(rule, says):
    with pytest.raises(BadTrips, match=says):
        stay_clock([], D("2022-12-01"), rule)


def run(*args: str, tmp_path: Path, csv_text: str | None = "entry,exit\n2022-09-25,2022-10-20\n2022-11-20,\n") -> Any:
    path = tmp_path / "trips.csv"
    if csv_text is not None:
        path.write_text(csv_text)
    command = [sys.executable, "-c", "from haven.cli import main; raise SystemExit(main())", "stay-clock", *args]
    return subprocess.run([*command, "--trips", str(path)], capture_output=True, text=True, timeout=60, check=False)


def test_the_command_prints_the_answer_as_the_contract_says(tmp_path):
    done = run("--limit", "90", "--window", "180", "--on", "2022-12-01", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "on": "2022-12-01", "days_used": 38, "present": True, "last_legal_day": "2023-01-22", "days_left": 53,
        "earliest_entry": None, "violations": [],
    }  # fmt: skip
    by_name = run("--rules", "schengen", "--on", "2022-12-01", tmp_path=tmp_path)
    assert json.loads(by_name.stdout) == json.loads(done.stdout)


@pytest.mark.parametrize(
    ("args", "csv_text", "says"),
    [
        (["--limit", "90", "--window", "180", "--on", "2022-13-01"], None, "not an ISO date"),
        (["--limit", "90", "--on", "2022-12-01"], None, "--limit and --window"),
        (["--limit", "90", "--window", "180", "--on", "2022-12-01"], "from,to\n", "header entry,exit"),
        (
            ["--limit", "90", "--window", "180", "--on", "2022-12-01"],
            "entry,exit\n2022-11-10,2022-11-01\n",
            "exits before",
        ),
        (["--rules", "mars", "--on", "2022-12-01"], None, "no rule set called"),
    ],
)
def test_the_command_refuses_bad_input_with_exit_2_and_one_line(tmp_path, args, csv_text, says):
    done = run(*args, tmp_path=tmp_path, **({"csv_text": csv_text} if csv_text is not None else {}))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert says in lines[0]
