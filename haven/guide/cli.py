"""``haven stay-clock``: the stay calculator from outside (../shared/CONTRACTS.md).

    haven stay-clock --limit 90 --window 180 --trips trips.csv --on 2022-12-01 [--stay N]
    haven stay-clock --rules schengen --trips trips.csv --on 2022-12-01

``trips.csv`` has the header ``entry,exit`` and ISO dates, ``exit`` empty for a trip
still going on. The answer is one JSON object on stdout; bad input exits 2 with one
line on stderr. ``--rules NAME`` takes the rule set of that code from the database
(administrators keep them, with per-entry limits and rule changes); without a database
to read, the few built in below are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys

from haven.guide.stayclock import AnyRule, BadTrips, Rule, Trip, stay_clock

# Used only when no database can be read. Rules change: the database keeps each rule set
# with its source and the day it was last checked.
RULE_SETS = {"schengen": (90, 180)}


def stored_rules(name: str) -> list[AnyRule]:
    """The rules of the rule set ``name``: from the database when there is one."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    try:
        import django
        from django.db import DatabaseError

        django.setup()
        from haven.guide.models import RuleSet

        found = RuleSet.objects.filter(slug=name).prefetch_related("rules").first()
    except (DatabaseError, ImportError):
        found = None
        stored = False
    else:
        stored = True
    if found is not None:
        return found.engine_rules()
    if name in RULE_SETS and not (stored and _has_rule_sets()):
        limit, window = RULE_SETS[name]
        return [Rule(limit, window)]
    raise BadTrips("usage", text=f"no rule set called {name!r}")


def _has_rule_sets() -> bool:
    from haven.guide.models import RuleSet

    return RuleSet.objects.exists()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadTrips("usage", text=message)


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadTrips("usage", text=f"{what}: {text.strip()!r} is not an ISO date (YYYY-MM-DD)") from exc


def read_trips(path: str) -> list[Trip]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadTrips("usage", text=f"cannot read {path}: {type(exc).__name__}") from exc
    if not rows or [c.strip().lower() for c in rows[0]] != ["entry", "exit"]:
        raise BadTrips("usage", text=f"{path}: the first line must be the header entry,exit")
    trips = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise BadTrips("usage", text=f"{path} line {number}: two columns, entry and exit")
        entry = _date(row[0], f"line {number} entry")
        exit_day = _date(row[1], f"line {number} exit") if row[1].strip() else None
        trips.append(Trip(entry, exit_day))
    return trips


def stay_clock_command(argv: list[str]) -> int:
    parser = _Parser(prog="haven stay-clock", description="The rolling-window stay calculator.")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--window", type=int)
    parser.add_argument("--rules")
    parser.add_argument("--trips", required=True)
    parser.add_argument("--on", required=True)
    parser.add_argument("--stay", type=int)
    try:
        args = parser.parse_args(argv)
        rules: Rule | list[AnyRule]
        if args.rules:
            rules = stored_rules(args.rules)
        elif args.limit is None or args.window is None:
            raise BadTrips("usage", text="give --limit and --window, or --rules")
        else:
            rules = Rule(args.limit, args.window)
        answer = stay_clock(read_trips(args.trips), _date(args.on, "--on"), rules, stay=args.stay)
    except BadTrips as bad:
        print(f"haven stay-clock: {bad}", file=sys.stderr)
        return 2
    print(json.dumps(answer.as_json()))
    return 0
