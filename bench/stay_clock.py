"""The stay clock against the plain way of counting, side by side in one process: the
engine counts days in a window by bisecting the sorted days of presence; the baseline
(the first version of the calculator, kept here) counts them one by one in a set.

    uv run python -m bench.stay_clock

Prints, per case, the two times and their ratio (baseline / engine), each the best of
five runs, and checks that both give the same answer. The machine is noisy: read the
ratios, not the seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from haven.guide.stayclock import Rule, Trip, stay_clock


def _baseline(trips: list[Trip], on: dt.date, rule: Rule, stay: int | None) -> tuple[int, int, dt.date | None]:
    """days_used, days_left and earliest_entry, counted day by day in a set."""
    today = on.toordinal()
    days: set[int] = set()
    for trip in trips:
        if trip.entry > on:
            continue
        end = trip.exit if trip.exit is not None else on
        days.update(range(trip.entry.toordinal(), end.toordinal() + 1))
    present = any(t.entry <= on and (t.exit is None or t.exit >= on) for t in trips)
    past = {d for d in days if d < today}

    def used(pool: set[int], day: int) -> int:
        return sum(1 for d in range(day - rule.window + 1, day + 1) if d in pool)

    days_used = used(past | ({today} if present else set()), today)
    stay_days = set(past)
    last = None
    for day in range(today, today + rule.limit + 1):
        stay_days.add(day)
        if used(stay_days, day) > rule.limit:
            break
        last = day
    earliest = None
    if stay is not None and not present:
        for entry in range(today, max(past, default=today) + rule.window + 1):
            pool = set(past)
            ok = True
            for day in range(entry, entry + stay):
                pool.add(day)
                if used(pool, day) > rule.limit:
                    ok = False
                    break
            if ok:
                earliest = dt.date.fromordinal(entry)
                break
    return days_used, 0 if last is None else last - today + 1, earliest


def _cases() -> dict[str, tuple[list[Trip], dt.date, Rule, int | None]]:
    rng = random.Random(11)
    on = dt.date(2026, 11, 26)
    many = []
    day = on - dt.timedelta(days=900)
    while day < on - dt.timedelta(days=3):
        length = rng.randint(1, 6)
        many.append(Trip(day, day + dt.timedelta(days=length - 1)))
        day += dt.timedelta(days=length + rng.randint(2, 9))
    return {
        "Sergei: two trips, 90/180": (
            [Trip(on - dt.timedelta(days=50), on - dt.timedelta(days=21)), Trip(on, None)], on, Rule(90, 180), None,
        ),
        "a planned 75 days after 41, 90/180": ([Trip(on - dt.timedelta(days=100), on - dt.timedelta(days=60))],
                                               on, Rule(90, 180), 75),
        f"{len(many)} short trips over 2.5 years, stay 60": (many, on, Rule(90, 180), 60),
        "a year's window, 300 of 365, stay 300": (
            [Trip(on - dt.timedelta(days=200), on - dt.timedelta(days=20))], on, Rule(300, 365), 300,
        ),
    }  # fmt: skip


def _best(run: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"{'case':<48} {'baseline':>10} {'engine':>10} {'ratio':>7}")
    for name, (trips, on, rule, stay) in _cases().items():
        answer = stay_clock(trips, on, rule, stay=stay)
        expected = _baseline(trips, on, rule, stay)
        assert (answer.days_used, answer.days_left, answer.earliest_entry) == expected, (name, answer, expected)
        base = _best(lambda trips=trips, on=on, rule=rule, stay=stay: _baseline(trips, on, rule, stay))
        engine = _best(lambda trips=trips, on=on, rule=rule, stay=stay: stay_clock(trips, on, rule, stay=stay))
        print(f"{name:<48} {base * 1000:>8.1f}ms {engine * 1000:>8.1f}ms {base / engine:>6.1f}×")


if __name__ == "__main__":
    main()
