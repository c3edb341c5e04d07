"""The coordinator's inbox and dashboard with a city of 50,000 groups, against 1,000.

    uv run python -m bench.backoffice_pages                       # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haven uv run python -m bench.backoffice_pages

Fills a throwaway test database (created and dropped here) with one city of
``--small`` groups, times each page, grows the city to ``--large`` groups (and offers
and stays in proportion), times them again, side by side in this process. Prints the
median of ``--repeat`` requests per page and the ratio large/small (machines are noisy:
compare, do not gate on the milliseconds). The cache is emptied before each request,
so the dashboard's figures are worked out every time (in use they are kept a minute).
On PostgreSQL the planner's statistics are refreshed after each load (``ANALYZE``), as
autovacuum does in use: without them it misjudges tables bulk-loaded a moment ago and
the dashboard takes ~450 ms instead of ~165 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import time
from typing import Any

from bench.django_db import a_city, throwaway_database

PAGES = ("/coord/inbox/", "/coord/dashboard/", "/coord/")


def _fill(region: Any, host: Any, households: int, offers: int, rng: random.Random) -> None:
    from django.utils import timezone

    from haven.hosting.models import Offer
    from haven.registry.models import Household

    today = timezone.localdate()
    district = region.districts.first()
    batch = []
    for n in range(households):
        start = today + dt.timedelta(days=rng.randrange(-5, 10))
        batch.append(
            Household(
                code_hash=secrets.token_hex(32), alias=f"Группа {n}", adults=rng.choice((1, 1, 2, 2, 3)),
                children=rng.choice((0, 0, 0, 1, 2)), pets=rng.random() < 0.1, region=region,
                district=district if rng.random() < 0.5 else None, needed_from=start,
                needed_until=start + dt.timedelta(days=rng.randrange(2, 21)), priority=rng.random() < 0.1,
                languages=["ru"],
            )
        )  # fmt: skip
        if len(batch) == 2000:
            Household.objects.bulk_create(batch)
            batch = []
    Household.objects.bulk_create(batch)
    Offer.objects.bulk_create(
        [
            Offer(
                host=host, kind="room", region=region, district=district, address="ул. Абая 1",
                beds=rng.choice((1, 2, 3, 4)), max_households=1, available_from=today - dt.timedelta(days=2),
                available_until=today + dt.timedelta(days=rng.randrange(5, 40)), max_nights=14, languages=["ru"],
            )
            for _ in range(offers)
        ],
        batch_size=2000,
    )  # fmt: skip


def _stays(region: Any, count: int, rng: random.Random) -> None:
    from haven.hosting.models import Offer
    from haven.registry.models import Household
    from haven.stays.models import Stay

    households = list(
        Household.objects.filter(region=region, stays__isnull=True).values_list("pk", "needed_from")[:count]
    )
    offers = list(Offer.objects.filter(region=region, stays__isnull=True).values_list("pk", flat=True)[:count])
    Stay.objects.bulk_create(
        [
            Stay(
                household_id=h,
                offer_id=o,
                start=start,
                end=start + dt.timedelta(days=3),
                people=1,
                state=rng.choice(("proposed", "booked", "checked-in", "declined", "expired")),
            )
            for (h, start), o in zip(households, offers, strict=False)
        ],
        batch_size=2000,
    )


def _analyze(connection: Any) -> None:
    """PostgreSQL's planner statistics, as autovacuum keeps them in use (SQLite has no such daemon)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _time(client: Any, path: str, repeat: int) -> float:
    from django.core.cache import cache

    client.get(path)  # warm
    samples = []
    for _ in range(repeat):
        cache.clear()  # the dashboard keeps its figures a minute: time working them out
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.backoffice_pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with throwaway_database() as connection:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.test import Client

        from haven.accounts.models import Membership, Role, User

        rng = random.Random(1)
        region = a_city()
        host = User.objects.create_user(email="host@example.org", password="x" * 12)
        coordinator = User.objects.create_user(email="coord@example.org", password="x" * 12)
        Membership.objects.create(user=coordinator, region=region, role=Role.COORDINATOR)
        TOTP.activate(coordinator, generate_totp_secret())
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(coordinator)

        _fill(region, host, args.small, args.small // 5, rng)
        _stays(region, args.small // 10, rng)
        _analyze(connection)
        small = {path: _time(client, path, args.repeat) for path in PAGES}
        _fill(region, host, args.large - args.small, (args.large - args.small) // 5, rng)
        _stays(region, (args.large - args.small) // 10, rng)
        _analyze(connection)
        large = {path: _time(client, path, args.repeat) for path in PAGES}
        print(f"{connection.vendor}: one city, {args.small} then {args.large} groups (offers 1/5, stays 1/10)")
        print(f"{'page':<22} {args.small:>10} ms {args.large:>10} ms {'ratio':>8}")
        for path in PAGES:
            print(
                f"{path:<22} {small[path] * 1000:>13.1f} {large[path] * 1000:>13.1f} {large[path] / small[path]:>8.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
