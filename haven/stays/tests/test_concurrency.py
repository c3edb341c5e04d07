"""On PostgreSQL: twenty accepts for one bed at once give one stay; one group never gets two."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from bench.stays_race import one_bed_and_racers, race
from haven.stays import clock, services
from haven.stays.models import Stay
from haven.stays.tests.helpers import a_household, an_offer, day

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


def test_twenty_accepts_for_a_bed_with_room_for_one_give_exactly_one_stay(almaty: Any, host: Any, coordinator: Any):
    suggestions = race_setup = one_bed_and_racers(almaty, host, 20, "racer")
    outcomes = race(race_setup, coordinator)
    assert sorted(o for o, _ in outcomes) == ["accepted"] + ["full"] * 19
    offer = Stay.objects.get().offer
    assert Stay.objects.filter(offer=offer).count() == 1
    assert sum(1 for s in suggestions if type(s).objects.get(pk=s.pk).status == "accepted") == 1


def test_one_group_proposed_to_twenty_places_at_once_gets_one(almaty: Any, host: Any, coordinator: Any):
    household = a_household(almaty, nights=3)
    offers = [an_offer(almaty, host) for _ in range(20)]
    barrier = threading.Barrier(len(offers))
    outcomes: list[str] = []

    def propose(offer: Any) -> None:
        barrier.wait()
        try:
            services.propose(household=household, legs=[services.LegRequest(offer, day(0), day(3))], by=coordinator)
            outcomes.append("proposed")
        except services.StayRefused as refused:
            outcomes.append(refused.why)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(o,)) for o in offers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["overlap"] * 19 + ["proposed"]
    assert Stay.objects.filter(household=household).count() == 1


def test_the_clock_run_twice_at_once_expires_and_reminds_once(almaty: Any, host: Any, coordinator: Any):
    from haven.notify.models import Message

    stays = [
        services.propose(
            household=a_household(almaty, f"g{n}", start=2), legs=[services.LegRequest(an_offer(almaty, host), day(2), day(4))],
            by=coordinator,
        )[0]
        for n in range(5)
    ]  # fmt: skip
    later = timezone.now() + dt.timedelta(hours=13)
    barrier = threading.Barrier(2)
    reports: list[clock.TickReport] = []

    def tick() -> None:
        barrier.wait()
        try:
            reports.append(clock.tick(now=later))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.expired for r in reports) == len(stays)
    assert Message.objects.filter(template="stay_reminder_host").count() == 0  # expired, not reminded


def test_the_locks_take_only_the_rows_they_mean(almaty: Any, host: Any, coordinator: Any):
    """Every FOR UPDATE names its own table (``OF``): joining the host, the region or the
    household must not lock them too, or a host's yes and a coordinator's proposal for
    the same group could wait for each other (found in review: a deadlock)."""
    from django.test.utils import CaptureQueriesContext

    household = a_household(almaty, nights=6)
    offer = an_offer(almaty, host)
    with CaptureQueriesContext(connection) as queries:
        (stay,) = services.propose(
            household=household, legs=[services.LegRequest(offer, day(0), day(3))], by=coordinator
        )
        services.host_accept(stay=stay, by=host)
        services.guest_confirm(stay=stay)
        services.extend(stay=stay, by=host, until=day(4))
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locking
    assert all(" FOR UPDATE OF " in sql for sql in locking), [s for s in locking if " FOR UPDATE OF " not in s]
