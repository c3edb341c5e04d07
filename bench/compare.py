"""FCFS greedy, the engine and the exact MILP side by side, in one process, on the same instances.

    uv run python -m bench.compare --households 40 --offers 20 --seed 1
    uv run python -m bench.compare --households 300 --offers 150 --seed 1 --repeat 3 --no-exact
    uv run python -m bench.compare --instance inst.json

Every result is checked by the engine package's validator (``check_result``); the
``valid`` column shows ``ok`` or the number of violations. Seconds are wall times in
this process (noisy machines: compare, don't gate on them).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.baselines import fcfs_greedy
from bench.exact import count_arcs, exact_milp
from bench.generate import generate
from haven.matching.engine.model import Instance, Result, parse_instance
from haven.matching.engine.validate import check_result, unassigned_reason

# The exact MILP runs when its leg-flow model has at most this many leg variables
# (count_arcs: about 60 households and 30 offers over 21 nights, proven optimal in
# 10-30 s); --exact forces it, --no-exact skips it.
EXACT_MAX_ARCS = 60_000


@dataclass
class Row:
    method: str
    seed: int | None = None
    score: float | None = None
    upper_bound: float | None = None
    people_nights: int = 0
    placed: int = 0
    households: int = 0
    vulnerable_placed: int = 0
    vulnerable: int = 0
    # The same among households some offer could take at all (reason capacity_taken
    # when unplaced): no method can place the others, so fairness is judged on these.
    placeable: int = 0
    placeable_placed: int = 0
    placeable_vulnerable: int = 0
    placeable_vulnerable_placed: int = 0
    seconds: float = 0.0
    violations: int | None = None
    proven_optimal: bool = False
    bound_is_certificate: bool = True  # False for the greedy: its "bound" is its score
    note: str = ""
    gap_to_best: float | None = None
    vs_greedy: float | None = None
    best_known: float | None = None
    best_bound: float | None = None
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def placed_rate(self) -> float | None:
        return self.placed / self.households if self.households else None

    @property
    def vulnerable_rate(self) -> float | None:
        return self.vulnerable_placed / self.vulnerable if self.vulnerable else None

    @property
    def fairness(self) -> float | None:
        """Vulnerable placement rate over the overall rate (>= 1: vulnerable placed at least as often)."""
        v, p = self.vulnerable_rate, self.placed_rate
        return v / p if v is not None and p else None

    @property
    def placeable_fairness(self) -> float | None:
        """The same ratio among placeable households only."""
        if not self.placeable_vulnerable or not self.placeable_placed:
            return None
        v = self.placeable_vulnerable_placed / self.placeable_vulnerable
        return v / (self.placeable_placed / self.placeable)

    @property
    def certified(self) -> float | None:
        """score / the method's own upper bound (None when the method proves nothing)."""
        if self.score is None or not self.bound_is_certificate or not self.upper_bound:
            return None
        return self.score / self.upper_bound


def placeable(instance: Instance) -> set[str]:
    """Households with some compatible offer open on one of their nights."""
    return {h.id for h in instance.households if unassigned_reason(instance, h) == "capacity_taken"}


def measure(instance: Instance, result: Result, can_place: set[str] | None = None) -> dict[str, Any]:
    """People-nights, placements and fairness of one result, and its validator verdict."""
    households = {h.id: h for h in instance.households}
    if can_place is None:
        can_place = placeable(instance)
    placed = [a for a in result.assignments if a.legs]
    placed_ids = {a.household for a in placed}
    people_nights = sum(households[a.household].people * (leg.end - leg.start).days for a in placed for leg in a.legs)
    report = check_result(instance, result.to_dict())
    return {
        "score": report.score,
        "upper_bound": result.upper_bound,
        "people_nights": people_nights,
        "placed": len(placed),
        "households": len(instance.households),
        "vulnerable_placed": sum(households[a.household].vulnerable for a in placed),
        "vulnerable": sum(h.vulnerable for h in instance.households),
        "placeable": len(can_place),
        "placeable_placed": len(can_place & placed_ids),
        "placeable_vulnerable": sum(households[i].vulnerable for i in can_place),
        "placeable_vulnerable_placed": sum(households[i].vulnerable for i in can_place & placed_ids),
        "violations": len(report.violations),
        "first_violations": report.violations[:3],
    }


def _engine() -> tuple[Callable[..., Result] | None, str]:
    try:
        from haven.matching.engine.solve import solve
    except Exception as error:  # an engine half-written must not stop the benchmark
        return None, f"{type(error).__name__}: {error}"
    return solve, ""


def _run(
    name: str, seed: int | None, instance: Instance, method: Callable[[], Result | None], can_place: set[str]
) -> Row:
    started = time.perf_counter()
    try:
        result = method()
    except Exception as error:
        return Row(name, seed, seconds=time.perf_counter() - started, note=f"error: {type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    if result is None:
        return Row(name, seed, seconds=seconds, note="too large")
    m = measure(instance, result, can_place)
    first_violations = m.pop("first_violations")
    row = Row(name, seed, seconds=seconds, stats=dict(result.stats), **m)
    if first_violations:
        row.note = "; ".join(first_violations)
    return row


def compare_instance(
    instance: Instance,
    *,
    seed: int | None = None,
    exact: bool | None = None,
    engine_time_limit: float | None = 10.0,
    exact_time_limit: float = 60.0,
) -> list[Row]:
    """Run every method on ``instance``; ``exact`` None means "when small enough"."""
    can_place = placeable(instance)
    rows = [_run("fcfs-greedy", seed, instance, lambda: fcfs_greedy(instance), can_place)]
    rows[0].bound_is_certificate = False
    solve, why = _engine()
    if solve is None:
        rows.append(Row("engine", seed, note=f"engine: not available ({why})"))
    else:
        rows.append(_run("engine", seed, instance, lambda: solve(instance, time_limit=engine_time_limit), can_place))
    arcs = count_arcs(instance)
    if exact is None:
        exact = arcs <= EXACT_MAX_ARCS
    if exact:
        row = _run("exact-milp", seed, instance, lambda: exact_milp(instance, time_limit=exact_time_limit), can_place)
        row.proven_optimal = bool(row.stats.get("proven_optimal"))
        if row.score is not None and not row.proven_optimal:
            row.note = (row.note + "; " if row.note else "") + "time limit: not proven optimal"
        rows.append(row)
    else:
        rows.append(Row("exact-milp", seed, note=f"skipped ({arcs} leg variables)"))
    finish(rows)
    return rows


def finish(rows: list[Row]) -> None:
    """Fill in the figures that compare methods: best known score, best bound, gaps."""
    valid = [r for r in rows if r.score is not None and not r.violations]
    best = max((r.score for r in valid if r.score is not None), default=None)
    bounds = [r.upper_bound for r in valid if r.bound_is_certificate and r.upper_bound is not None]
    best_bound = min(bounds, default=None)
    greedy = next((r.score for r in valid if r.method == "fcfs-greedy"), None)
    for r in rows:
        r.best_known, r.best_bound = best, best_bound
        if best and r.score is not None:
            r.gap_to_best = (best - r.score) / best
        if greedy and r.score is not None:
            r.vs_greedy = r.score / greedy - 1
        if (
            best is not None
            and r.bound_is_certificate
            and r.upper_bound is not None
            and r.upper_bound < best - 1e-6 * max(1.0, abs(best))
        ):
            r.note = (
                r.note + "; " if r.note else ""
            ) + f"upper bound {r.upper_bound:.4f} < best known score {best:.4f}!"


def _fmt(value: float | None, spec: str, none: str = "-") -> str:
    return none if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, spec)


COLUMNS = (
    ("method", 12),
    ("seed", 5),
    ("score", 10),
    ("ppl-nights", 10),
    ("placed", 13),
    ("vuln / all (placeable)", 26),
    ("score/UB", 9),
    ("gap best", 9),
    ("vs fcfs", 8),
    ("seconds", 8),
    ("valid", 6),
)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:+.1f}%"


def _cells(r: Row) -> list[str]:
    placed = f"{r.placed} {_fmt(r.placed_rate and 100 * r.placed_rate, '.1f')}%" if r.score is not None else "-"
    if r.score is not None and r.vulnerable_rate is not None:
        fair = (
            f"{100 * r.vulnerable_rate:.0f}/{100 * (r.placed_rate or 0):.0f}% = {_fmt(r.fairness, '.2f')}"
            f" ({_fmt(r.placeable_fairness, '.2f')})"
        )
    else:
        fair = "-"
    score = _fmt(r.score, ".2f") + ("*" if r.proven_optimal else "")
    return [
        r.method,
        "" if r.seed is None else str(r.seed),
        score,
        _fmt(r.people_nights if r.score is not None else None, "d"),
        placed,
        fair,
        _fmt(r.certified and 100 * r.certified, ".2f", "-") + ("%" if r.certified else ""),
        _fmt(r.gap_to_best and 100 * r.gap_to_best, ".2f") + ("%" if r.gap_to_best is not None else ""),
        _pct(r.vs_greedy),
        _fmt(r.seconds, ".2f") if r.score is not None or r.seconds else "-",
        ("ok" if r.violations == 0 else f"{r.violations}!") if r.violations is not None else "-",
    ]


def _line(cells: list[str]) -> str:
    """Cells padded to the column widths: the method left-aligned, figures right-aligned."""
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, (_, w)) in enumerate(zip(cells, COLUMNS, strict=True)))


def format_table(rows: list[Row], means: list[dict[str, Any]] | None = None) -> str:
    lines = [_line([name for name, _ in COLUMNS])]
    lines.append("-" * len(lines[0]))
    notes = []
    for r in rows:
        cells = _cells(r)
        lines.append(_line(cells))
        if r.note:
            notes.append(f"  {r.method}{'' if r.seed is None else f' (seed {r.seed})'}: {r.note}")
    for seed in dict.fromkeys(r.seed for r in rows):
        first = next(r for r in rows if r.seed == seed)
        proven = any(r.proven_optimal for r in rows if r.seed == seed)
        label = "" if seed is None else f"seed {seed}: "
        notes.append(
            f"  {label}best known {_fmt(first.best_known, '.2f')}{' (proven optimum)' if proven else ''}, "
            f"best bound {_fmt(first.best_bound, '.2f')}"
            + (
                f" (best known / best bound {100 * first.best_known / first.best_bound:.2f}%)"
                if first.best_known and first.best_bound
                else ""
            )
        )
    if means:
        lines.append("-" * len(lines[0]))
        for m in means:
            cells = [
                m["method"],
                "mean",
                _fmt(m["score"], ".2f"),
                _fmt(m["people_nights"], ".0f"),
                _fmt(m["placed_rate"] and 100 * m["placed_rate"], ".1f") + "%",
                f"{_fmt(m['fairness'], '.2f')} ({_fmt(m['placeable_fairness'], '.2f')})",
                _fmt(m["certified"] and 100 * m["certified"], ".2f") + ("%" if m["certified"] else ""),
                _fmt(m["gap_to_best"] and 100 * m["gap_to_best"], ".2f")
                + ("%" if m["gap_to_best"] is not None else ""),
                _pct(m["vs_greedy"]),
                _fmt(m["seconds"], ".2f"),
                f"{m['violations']}!" if m["violations"] else "ok",
            ]
            lines.append(_line(cells))
    return "\n".join(lines + notes)


def mean_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Per method, the mean of each figure over the seeds where the method ran."""

    def avg(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.fmean(present) if present else None

    out = []
    for method in dict.fromkeys(r.method for r in rows):
        ran = [r for r in rows if r.method == method and r.score is not None]
        if not ran:
            continue
        out.append(
            {
                "method": method,
                "runs": len(ran),
                "score": avg([r.score for r in ran]),
                "people_nights": avg([r.people_nights for r in ran]),
                "placed_rate": avg([r.placed_rate for r in ran]),
                "fairness": avg([r.fairness for r in ran]),
                "placeable_fairness": avg([r.placeable_fairness for r in ran]),
                "certified": avg([r.certified for r in ran]),
                "gap_to_best": avg([r.gap_to_best for r in ran]),
                "vs_greedy": avg([r.vs_greedy for r in ran]),
                "seconds": avg([r.seconds for r in ran]),
                "violations": sum(r.violations or 0 for r in ran),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=40)
    parser.add_argument("--offers", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cities", default="almaty", help="comma-separated city slugs (default: almaty)")
    parser.add_argument("--horizon", type=int, default=21)
    parser.add_argument("--repeat", type=int, default=1, help="run seeds seed..seed+N-1, then print mean rows")
    parser.add_argument("--instance", help="compare on this instance file instead of generating")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-exact", action="store_true", help="skip the exact MILP")
    group.add_argument("--exact", action="store_true", help="run the exact MILP whatever the size")
    parser.add_argument("--time-limit", type=float, default=10.0, help="engine time limit, seconds (default 10)")
    parser.add_argument("--exact-time-limit", type=float, default=60.0, help="exact MILP time limit (default 60)")
    parser.add_argument("--json", help="also write the rows to this file as JSON")
    args = parser.parse_args(argv)
    exact = False if args.no_exact else (True if args.exact else None)
    cities = tuple(c.strip() for c in args.cities.split(",") if c.strip())

    rows: list[Row] = []
    instances: Iterable[tuple[int | None, Instance]]
    if args.instance:
        with open(args.instance, encoding="utf-8") as f:
            instances = [(None, parse_instance(json.load(f)))]
        title = args.instance
    else:
        seeds = range(args.seed, args.seed + max(1, args.repeat))
        instances = (
            (s, parse_instance(generate(args.households, args.offers, seed=s, cities=cities, horizon=args.horizon)))
            for s in seeds
        )
        title = f"{args.households} households, {args.offers} offers, {','.join(cities)}, horizon {args.horizon}"
    print(f"# {title}", flush=True)
    for seed, instance in instances:
        new = compare_instance(
            instance, seed=seed, exact=exact, engine_time_limit=args.time_limit, exact_time_limit=args.exact_time_limit
        )
        rows.extend(new)
        if args.repeat > 1:
            print(f"  seed {seed}: " + ", ".join(f"{r.method} {_fmt(r.score, '.2f')}" for r in new), flush=True)
    means = mean_rows(rows) if args.repeat > 1 else None
    print(format_table(rows, means))
    print(
        "score* = proven optimum; score/UB = score over the method's own proven bound; gap best = below the best score here"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"title": title, "rows": [asdict(r) for r in rows], "means": means}, f, indent=1, default=str)
    return 1 if any(r.violations for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
