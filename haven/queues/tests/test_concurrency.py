"""On PostgreSQL: fifty phones taking tickets at once, ten counters calling at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from haven.queues import services
from haven.queues.models import CounterState, PointDay, Ticket, TicketState
from haven.queues.tests.conftest import Clock, make_point, service

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


def at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs in threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = jobs[i]()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_tickets_taken_at_once_are_numbered_1_to_50_with_no_gap_and_no_repeat(almaty, clock: Clock):
    point = make_point(almaty)
    registration = service(point, "R")
    results = at_once([lambda: services.take_ticket(point=point, service=registration) for _ in range(50)])
    assert not [r for r in results if isinstance(r, Exception)]
    assert sorted(t.number for t in results) == list(range(1, 51))
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 51))
    assert PointDay.objects.get().taken == 50


def test_fifty_at_once_for_the_last_ten_places_give_exactly_ten(almaty, clock: Clock):
    point = make_point(almaty, daily_limit=10)
    registration = service(point, "R")
    results = at_once([lambda: services.take_ticket(point=point, service=registration) for _ in range(50)])
    refused = [r.why for r in results if isinstance(r, services.QueueRefused)]
    assert refused == ["full"] * 40
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 11))


def test_ten_counters_calling_at_once_get_ten_different_tickets(almaty, clock: Clock):
    from haven.queues.models import Counter

    point = make_point(almaty)
    registration = service(point, "R")
    for _ in range(15):
        services.take_ticket(point=point, service=registration, by_kiosk=True)
        clock.advance(seconds=1)
    counters = []
    for n in range(10):
        c = Counter.objects.create(point=point, label=f"c{n}", state=CounterState.OPEN)
        c.services.set([registration])
        counters.append(c)

    def caller(c: Counter) -> Callable[[], Any]:
        return lambda: services.call_next(counter=c, by=None)

    results = at_once([caller(c) for c in counters])
    assert not [r for r in results if isinstance(r, Exception)]
    assert len({t.pk for t in results}) == 10
    called = Ticket.objects.filter(state=TicketState.CALLED)
    assert sorted(called.values_list("number", flat=True)) == list(range(1, 11))  # the first ten, in order
    assert called.values("counter").distinct().count() == 10


def test_one_counter_pressed_twice_at_once_calls_one_after_the_other(almaty, clock: Clock):
    point = make_point(almaty)
    registration = service(point, "R")
    for _ in range(3):
        services.take_ticket(point=point, service=registration, by_kiosk=True)
    one = point.counters.get(label="1")
    at_once([lambda: services.call_next(counter=one, by=None) for _ in range(2)])
    assert list(Ticket.objects.order_by("number").values_list("state", flat=True)) == [
        TicketState.SERVED, TicketState.CALLED, TicketState.WAITING,
    ]  # fmt: skip


def test_leaving_taking_and_calling_all_at_once_neither_deadlock_nor_lose_a_place(almaty, clock: Clock):
    from haven.queues.models import Counter

    point = make_point(almaty, notify_ahead=50)
    registration = service(point, "R")
    first = [
        services.take_ticket(point=point, service=registration, by_kiosk=True, contact_email=f"v{n}@example.org")
        for n in range(20)
    ]
    counters = list(Counter.objects.filter(point=point, services=registration))

    def leaving(t: Ticket) -> Callable[[], Any]:
        return lambda: services.leave(ticket=t)

    def calling(c: Counter) -> Callable[[], Any]:
        return lambda: services.call_next(counter=c, by=None)

    jobs = [leaving(t) for t in first[::2]]
    jobs += [lambda: services.take_ticket(point=point, service=registration, by_kiosk=True) for _ in range(10)]
    jobs += [calling(c) for c in counters]
    results = at_once(jobs)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, services.QueueRefused)]
    day = PointDay.objects.get()
    # A place given back while waiting frees a place of the day; once called, it was used.
    given_back = Ticket.objects.filter(state=TicketState.LEFT, called_at__isnull=True).count()
    assert day.taken == 30 - given_back
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 31))
