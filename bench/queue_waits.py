"""How wrong are the waits Haven tells? A simulated day at a registration centre, replayed.

A day of arrivals (a morning rush, then calmer), two services with lognormal visit
times, three counters (one serves both lines, one pauses for lunch), a few visitors
who do not come when called. At each arrival the wait Haven would tell is computed
from what is known at that moment (people ahead, counters open and free, the visits
finished so far) by ``haven.queues.estimate``, and later compared with the real wait.

Side by side, on the same days: the staff's usual minutes as a constant (the baseline),
the plain mean of the day's visits, an exponentially weighted mean, and Haven's trimmed
mean pulled towards the usual minutes. No database: the arithmetic is the product's own.

    UV_PYTHON_DOWNLOADS=never uv run python -m bench.queue_waits --days 30 --seed 1
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from haven.queues import estimate

OPEN, CLOSE = 9 * 60, 18 * 60  # minutes of the day
GRACE = 3  # minutes a counter waits for a called visitor who does not come
NO_SHOW = 0.05
# Now and then a visit is recorded far too long: the staff pressed "served" only after
# a break, or a visitor came back with a forgotten paper. The counter was free meanwhile
# in truth; only the record is wrong, and the estimate must not believe it.
LATE_RECORD = 0.04


@dataclass(frozen=True)
class Line:
    name: str
    share: float
    mean_minutes: float  # the true mean of a visit
    usual_minutes: float  # what the staff typed in settings: a round guess


LINES = (Line("R", 0.7, 7.0, 10), Line("D", 0.3, 14.0, 10))
# Counter: the lines it calls, and a pause (start, end) in minutes of the day.
COUNTERS: tuple[tuple[tuple[str, ...], tuple[int, int] | None], ...] = (
    (("R",), (13 * 60, 14 * 60)),
    (("R", "D"), None),
    (("D",), (12 * 60 + 30, 13 * 60 + 30)),
)


def arrival_rate(minute: float) -> float:
    """Visitors per minute: a rush at opening, a second wave after lunch, a calm afternoon."""
    if minute < OPEN + 90:
        return 0.55
    if 14 * 60 <= minute < 15 * 60:
        return 0.4
    return 0.28


Estimator = Callable[[Sequence[float], float], float]


def plain_mean(durations: Sequence[float], usual: float) -> float:
    return statistics.fmean(durations) if durations else usual


def ewma(durations: Sequence[float], usual: float, alpha: float = 0.2) -> float:
    value = usual
    for d in durations:
        value = alpha * d + (1 - alpha) * value
    return value


def constant(durations: Sequence[float], usual: float) -> float:
    return usual


ESTIMATORS: dict[str, Estimator] = {
    "constant (usual minutes)": constant,
    "plain mean": plain_mean,
    "EWMA 0.2": ewma,
    "Haven: trimmed mean + prior": estimate.minutes_per_visitor,
}


@dataclass
class Visitor:
    line: str
    arrived: float
    visit: float
    comes: bool
    called: float | None = None
    told: dict[str, float] = field(default_factory=dict)


def simulate_day(rng: random.Random) -> list[Visitor]:
    """One day: every visitor with the waits each estimator would have told at arrival."""
    lines = {line.name: line for line in LINES}
    # Arrivals by thinning a Poisson process at the peak rate.
    visitors: list[Visitor] = []
    t = float(OPEN)
    while True:
        t += rng.expovariate(0.55)
        if t >= CLOSE - 30:
            break
        if rng.random() > arrival_rate(t) / 0.55:
            continue
        line = lines["R"] if rng.random() < lines["R"].share else lines["D"]
        sigma = 0.5
        visit = rng.lognormvariate(math.log(line.mean_minutes) - sigma**2 / 2, sigma)
        visitors.append(Visitor(line.name, t, visit, rng.random() > NO_SHOW))

    waiting: dict[str, list[Visitor]] = {name: [] for name in lines}
    finished: dict[str, list[float]] = {name: [] for name in lines}
    busy_until = [float(OPEN)] * len(COUNTERS)
    current: list[Visitor | None] = [None] * len(COUNTERS)
    events: list[tuple[float, int, str, int]] = []  # (time, order, kind, index)
    order = 0
    for i, v in enumerate(visitors):
        heapq.heappush(events, (v.arrived, order, "arrive", i))
        order += 1
    for c, (_, pause) in enumerate(COUNTERS):
        if pause:
            heapq.heappush(events, (float(pause[1]), order, "free", c))
            order += 1

    def paused(c: int, now: float) -> bool:
        pause = COUNTERS[c][1]
        return pause is not None and pause[0] <= now < pause[1]

    def call(c: int, now: float) -> None:
        nonlocal order
        if paused(c, now) or current[c] is not None:
            return
        queue = [waiting[name][0] for name in COUNTERS[c][0] if waiting[name]]
        if not queue:
            return
        chosen = min(queue, key=lambda v: v.arrived)
        waiting[chosen.line].pop(0)
        chosen.called = now
        current[c] = chosen
        busy_until[c] = now + (chosen.visit if chosen.comes else GRACE)
        heapq.heappush(events, (busy_until[c], order, "done", c))
        order += 1

    while events:
        now, _, kind, index = heapq.heappop(events)
        if kind == "arrive":
            v = visitors[index]
            line = lines[v.line]
            serving = [c for c, (names, _) in enumerate(COUNTERS) if v.line in names and not paused(c, now)]
            free = sum(1 for c in serving if current[c] is None)
            for name, fn in ESTIMATORS.items():
                per = fn(finished[v.line], line.usual_minutes)
                told = estimate.wait_minutes(
                    ahead=len(waiting[v.line]), counters=len(serving), free_counters=free, per_visitor=per
                )
                v.told[name] = told if told is not None else float("nan")
            waiting[v.line].append(v)
            for c in serving:
                call(c, now)
        elif kind == "done":
            done = current[index]
            if done is not None and done.comes:
                late = rng.uniform(20, 90) if rng.random() < LATE_RECORD else 0.0
                finished[done.line].append(done.visit + late)
            current[index] = None
            if busy_until[index] <= now:
                call(index, now)
        else:  # a pause ends
            call(index, now)
        # A counter whose pause ended or that is idle picks up anyone who waits.
        for c in range(len(COUNTERS)):
            if current[c] is None:
                call(c, now)
    return [v for v in visitors if v.called is not None]


def errors(days: list[list[Visitor]]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for name in ESTIMATORS:
        diffs = [
            v.told[name] - (v.called - v.arrived)
            for day in days
            for v in day
            if v.called is not None and not math.isnan(v.told[name])
        ]
        absolute = sorted(abs(d) for d in diffs)
        table[name] = {
            "mae": statistics.fmean(absolute),
            "median": statistics.median(absolute),
            "p90": absolute[int(0.9 * (len(absolute) - 1))],
            "bias": statistics.fmean(diffs),
            "n": len(diffs),
        }
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    days = [simulate_day(random.Random(args.seed + i)) for i in range(args.days)]
    waits = [v.called - v.arrived for day in days for v in day if v.called is not None]
    print(
        f"{args.days} simulated days, {len(waits)} visitors called; real wait median {statistics.median(waits):.1f} min, "
        f"p90 {sorted(waits)[int(0.9 * (len(waits) - 1))]:.1f} min"
    )
    table = errors(days)
    base = table["constant (usual minutes)"]["mae"]
    print(f"{'estimator':<30} {'MAE':>6} {'median':>7} {'p90':>6} {'bias':>6} {'MAE / baseline':>15}")
    for name, row in table.items():
        print(
            f"{name:<30} {row['mae']:6.1f} {row['median']:7.1f} {row['p90']:6.1f} {row['bias']:+6.1f} "
            f"{row['mae'] / base:15.2f}"
        )
    print("Errors in minutes: told at arrival minus the real wait until called (bias > 0: told too long).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
