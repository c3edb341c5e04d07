"""Twenty coordinators accept suggestions for the same bed at the same instant.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haven \
        uv run python -m bench.stays_race --rounds 20 --racers 20

Each round makes a fresh offer with room for one group and ``racers`` groups that all
want its first three nights, then starts one thread per group; they meet at a barrier
and call ``matching.services.accept_suggestion`` at once. Every round must end with
exactly one stay (the others refused as "full"). Prints how long an accept took (wall
time per call, p50 and p95, for the winner and for the refused) over all rounds. It
runs in a throwaway test database (``test_<name>``), created and dropped here.

``race`` is also what the PostgreSQL concurrency test runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from typing import Any

from bench.django_db import a_city, throwaway_database


def race(suggestions: list[Any], by: Any) -> list[tuple[str, float]]:
    """Accept all ``suggestions`` at once from as many threads: (outcome, seconds) per thread."""
    from django.db import connection

    from haven.matching import services as matching

    barrier = threading.Barrier(len(suggestions))
    outcomes: list[tuple[str, float]] = []
    lock = threading.Lock()

    def accept(suggestion: Any) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            matching.accept_suggestion(suggestion=suggestion, by=by)
            outcome = "accepted"
        except matching.DecisionRefused as refused:
            outcome = refused.why
        finally:
            connection.close()
        with lock:
            outcomes.append((outcome, time.perf_counter() - started))

    threads = [threading.Thread(target=accept, args=(s,)) for s in suggestions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def one_bed_and_racers(region: Any, host: Any, racers: int, tag: str) -> list[Any]:
    """An offer with one bed, ``racers`` groups wanting it tonight, and a suggestion each."""
    import datetime as dt

    from django.utils import timezone

    from haven.hosting.services import create_offer
    from haven.matching.models import MatchRun, Suggestion
    from haven.registry.services import register_household

    today = timezone.localdate()
    offer = create_offer(
        host=host, kind="bed", region=region, district=region.districts.first(), address="ул. Абая 1", beds=1,
        max_households=1, available_from=today, available_until=today + dt.timedelta(days=10), max_nights=10,
        languages=["ru"], price_per_night=None, currency="", rules="",
    )  # fmt: skip
    run = MatchRun.objects.create(region=region, status="done")
    legs = [
        {"offer": str(offer.public_id), "from": today.isoformat(), "until": (today + dt.timedelta(days=3)).isoformat()}
    ]
    suggestions = []
    for n in range(racers):
        household = register_household(
            alias=f"{tag}-{n}", region=region, adults=1, children=0, languages=["ru"], needed_from=today,
            needed_until=today + dt.timedelta(days=3),
        ).household  # fmt: skip
        suggestions.append(Suggestion.objects.create(run=run, household=household, legs=legs, value=1))
    return suggestions


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stays_race", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--racers", type=int, default=20)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("set DATABASE_URL to a PostgreSQL server: SQLite serialises writers, there is no race to see")
        return 2
    with throwaway_database():
        from haven.accounts.models import User

        region = a_city()
        host = User.objects.create_user(email="host@example.org", password="x" * 12)
        coordinator = User.objects.create_user(email="coord@example.org", password="x" * 12)
        won: list[float] = []
        lost: list[float] = []
        for n in range(args.rounds):
            outcomes = race(one_bed_and_racers(region, host, args.racers, f"r{n}"), coordinator)
            accepted = [s for o, s in outcomes if o == "accepted"]
            if len(accepted) != 1 or any(o not in ("accepted", "full") for o, _ in outcomes):
                print(f"round {n}: {sorted(o for o, _ in outcomes)}: a bed given twice or an odd refusal")
                return 1
            won += accepted
            lost += [s for o, s in outcomes if o != "accepted"]
        every = won + lost
        print(f"{args.rounds} rounds x {args.racers} concurrent accepts for one bed: one stay each round")
        print(f"{'accepts':>10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, values in (("all", every), ("won", won), ("refused", lost)):
            p50, p95 = _quantile(values, 0.5) * 1000, _quantile(values, 0.95) * 1000
            print(f"{label:>10} {len(values):>5} {p50:>8.1f} {p95:>8.1f} {max(values) * 1000:>8.1f}")
        print(f"mean of all {statistics.mean(every) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
