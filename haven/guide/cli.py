"""``haven stay-clock``: the stay calculator from outside (../shared/CONTRACTS.md).

    haven stay-clock --limit 90 --window 180 --trips trips.csv --on 2022-12-01 [--stay N]
    haven stay-clock --rules schengen --trips trips.csv --on 2022-12-01

``trips.csv`` has the header ``entry,exit`` and ISO dates, ``exit`` empty for a trip
still going on. The answer is one JSON object on stdout; bad input exits 2 with one
line on stderr. Rule sets by name are the guide's (for now the few in RULE_SETS; the
guide's pages will keep them in the database, edited by administrators).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys

from haven.guide.stayclock import BadTrips, Rule, Trip, stay_clock

# name -> (limit, window). Rules change: the guide keeps each with its source and the
# day it was last checked.
RULE_SETS = {"schengen": (90, 180)}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadTrips(message)


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadTrips(f"{what}: {text.strip()!r} is not an ISO date (YYYY-MM-DD)") from exc


def read_trips(path: str) -> list[Trip]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadTrips(f"cannot read {path}: {type(exc).__name__}") from exc
    if not rows or [c.strip().lower() for c in rows[0]] != ["entry", "exit"]:
        raise BadTrips(f"{path}: the first line must be the header entry,exit")
    trips = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise BadTrips(f"{path} line {number}: two columns, entry and exit")
        entry = _date(row[0], f"line {number} entry")
        exit_day = _date(row[1], f"line {number} exit") if row[1].strip() else None
        trips.append(Trip(entry, exit_day))
    return trips


def stay_clock_command(argv: list[str]) -> int:
    parser = _Parser(prog="haven stay-clock", description="The rolling-window stay calculator.")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--window", type=int)
    parser.add_argument("--rules", choices=sorted(RULE_SETS))
    parser.add_argument("--trips", required=True)
    parser.add_argument("--on", required=True)
    parser.add_argument("--stay", type=int)
    try:
        args = parser.parse_args(argv)
        if args.rules:
            limit, window = RULE_SETS[args.rules]
        elif args.limit is None or args.window is None:
            raise BadTrips("give --limit and --window, or --rules")
        else:
            limit, window = args.limit, args.window
        answer = stay_clock(read_trips(args.trips), _date(args.on, "--on"), Rule(limit, window), stay=args.stay)
    except BadTrips as bad:
        print(f"haven stay-clock: {bad}", file=sys.stderr)
        return 2
    print(json.dumps(answer.as_json()))
    return 0
