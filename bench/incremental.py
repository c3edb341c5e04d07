"""One more household or offer in a solved city: the warm re-run against a full re-run.

    uv run python -m bench.incremental --households 300 --offers 150 --seed 1 --trials 5

Solves a generated city in full, then, trial by trial, adds one household (then one
offer) that the generator made beside it, and answers the changed city twice, side by
side in this process: ``solve_warm`` from the first run's state (the re-run Haven does
when a coordinator presses "update") and ``solve`` from scratch (the baseline). Both
answers are checked by the validator. It prints, per kind of change, the median
seconds of each, their ratio, and the warm answer's score against the full one's and
against its own proven bound. Seconds are wall times on a noisy machine: compare the
ratio, don't gate on it.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from typing import Any

from bench.generate import generate
from haven.matching.engine.model import parse_instance
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import check_result
from haven.matching.engine.warm import solve_warm


def _without(raw: dict[str, Any], households: int, offers: int) -> dict[str, Any]:
    """The first ``households`` households and ``offers`` offers of a generated city."""
    base = copy.deepcopy(raw)
    base["households"], base["offers"] = raw["households"][:households], raw["offers"][:offers]
    ids = {h["id"] for h in base["households"]} | {o["id"] for o in base["offers"]}
    base["exclusions"] = [e for e in raw["exclusions"] if e["household"] in ids and e["offer"] in ids]
    return base


def run(
    households: int, offers: int, seed: int, trials: int, time_limit: float, warm_limit: float
) -> list[dict[str, Any]]:
    raw = generate(households + trials, offers + trials, seed=seed)
    base = _without(raw, households, offers)
    first = solve(parse_instance(base), time_limit=time_limit)
    rows = []
    for kind in ("household", "offer"):
        for t in range(trials):
            # One new item on top of the solved city (each trial its own).
            changed = copy.deepcopy(base)
            if kind == "household":
                changed["households"] = base["households"] + [raw["households"][households + t]]
            else:
                changed["offers"] = base["offers"] + [raw["offers"][offers + t]]
            ids = {h["id"] for h in changed["households"]} | {o["id"] for o in changed["offers"]}
            changed["exclusions"] = [e for e in raw["exclusions"] if e["household"] in ids and e["offer"] in ids]
            instance = parse_instance(changed)
            started = time.perf_counter()
            warm = solve_warm(instance, first.state, time_limit=warm_limit)
            warm_seconds = time.perf_counter() - started
            started = time.perf_counter()
            full = solve(instance, time_limit=time_limit)
            full_seconds = time.perf_counter() - started
            assert warm is not None
            valid = check_result(instance, warm.to_dict()).ok and check_result(instance, full.to_dict()).ok
            rows.append(
                {
                    "change": kind,
                    "warm_seconds": warm_seconds,
                    "full_seconds": full_seconds,
                    "warm_score": warm.score,
                    "full_score": full.score,
                    "warm_bound": warm.upper_bound,
                    "full_bound": full.upper_bound,
                    "valid": valid,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.incremental", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--offers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trials", type=int, default=5, help="households (then offers) added one at a time")
    parser.add_argument("--time-limit", type=float, default=10.0, help="full run's time limit, seconds")
    parser.add_argument("--warm-limit", type=float, default=0.15, help="warm run's time limit, seconds")
    args = parser.parse_args(argv)
    rows = run(args.households, args.offers, args.seed, args.trials, args.time_limit, args.warm_limit)
    print(f"{args.households} households, {args.offers} offers, seed {args.seed}, {args.trials} trials per change")
    header = ("change", "warm s", "full s", "full/warm", "warm/full score", "warm score/bound", "valid")
    print("  ".join(f"{h:>16}" for h in header))
    for kind in ("household", "offer"):
        mine = [r for r in rows if r["change"] == kind]
        warm_s = statistics.median(r["warm_seconds"] for r in mine)
        full_s = statistics.median(r["full_seconds"] for r in mine)
        score = statistics.mean(r["warm_score"] / r["full_score"] if r["full_score"] else 1.0 for r in mine)
        certified = statistics.mean(r["warm_score"] / r["warm_bound"] if r["warm_bound"] else 1.0 for r in mine)
        cells = (kind, f"{warm_s:.3f}", f"{full_s:.3f}", f"{full_s / warm_s:.1f}x", f"{score:.4f}", f"{certified:.4f}")
        print("  ".join(f"{c:>16}" for c in cells) + f"  {'ok' if all(r['valid'] for r in mine) else 'INVALID':>16}")
    return 0 if all(r["valid"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
