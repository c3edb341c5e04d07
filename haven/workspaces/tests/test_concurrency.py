"""On PostgreSQL: twenty people booking the last desks at once, and a freed desk raced for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from conftest import make_user
from haven.queues.tests.test_concurrency import at_once
from haven.workspaces import services
from haven.workspaces.models import Booking, BookingState, DeskDay, WaitState
from haven.workspaces.tests.conftest import day, make_space

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


def booked_desks() -> int:
    held = Booking.objects.filter(state__in=(BookingState.ACTIVE, BookingState.HELD))
    return int(held.aggregate(n=Sum("desks"))["n"] or 0)


def test_twenty_bookings_at_once_for_three_desks_give_three(almaty):
    hub = make_space(almaty, desks=3)
    users = [make_user(f"racer{n}@example.org") for n in range(20)]

    def booking(user: Any) -> Callable[[], Any]:
        return lambda: services.book(workspace=hub, first_day=day(0), last_day=day(2), desks=1, user=user)

    results = at_once([booking(u) for u in users])
    assert (
        sorted(r.why if isinstance(r, services.DeskRefused) else "booked" for r in results)
        == ["booked"] * 3 + ["full"] * 17
    )
    assert set(DeskDay.objects.values_list("booked", flat=True)) == {3}


def test_a_freed_desk_raced_for_by_bookings_and_the_waitlist_goes_to_one(almaty):
    hub = make_space(almaty, desks=1)
    holder, *others = [make_user(f"p{n}@example.org") for n in range(16)]
    taken = services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=holder)
    for user in others[:10]:
        services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=user)

    def booking(user: Any) -> Callable[[], Any]:
        return lambda: services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=user)

    at_once([lambda: services.cancel(booking=taken), *[booking(u) for u in others[10:]]])
    assert DeskDay.objects.get().booked == 1
    assert booked_desks() == 1
    offered = hub.waitlist.filter(state=WaitState.OFFERED)
    assert offered.count() <= 1
    if offered.exists():  # the cancel came first: the first in line holds it
        assert offered.get().user == others[0]
