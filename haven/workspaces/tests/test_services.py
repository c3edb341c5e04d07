"""Booking desk-days, the waitlist and its offers, the door: what the services promise."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import make_user
from haven.notify.models import Message
from haven.workspaces import services
from haven.workspaces.models import Booking, BookingState, CheckIn, DeskDay, WaitlistEntry, WaitState
from haven.workspaces.tests.conftest import day, make_space

pytestmark = pytest.mark.django_db


def refused(why: str, action: Any) -> services.DeskRefused:
    with pytest.raises(services.DeskRefused) as caught:
        action()
    assert caught.value.why == why
    return caught.value


_made = iter(range(10**6))


def people(n: int) -> list[Any]:
    """``n`` new people with accounts."""
    return [make_user(f"p{next(_made)}@example.org") for _ in range(n)]


def test_a_booking_takes_desks_on_each_open_day_and_no_more_than_there_are(hub):
    a, b, c = people(3)
    services.book(workspace=hub, first_day=day(0), last_day=day(2), desks=2, user=a)
    services.book(workspace=hub, first_day=day(2), last_day=day(2), desks=1, user=b)
    full = refused("full", lambda: services.book(workspace=hub, first_day=day(1), last_day=day(3), desks=2, user=c))
    assert full.days == [day(1), day(2)]
    assert list(DeskDay.objects.order_by("day").values_list("booked", flat=True)) == [2, 2, 3]


def test_the_database_itself_refuses_more_desks_than_a_day_has(hub):
    services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=people(1)[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskDay.objects.filter(workspace=hub).update(booked=4)


def test_closed_weekdays_and_closed_days_are_not_booked(almaty):
    weekdays = make_space(almaty, "Library", weekdays="01234")
    services.close_day(workspace=weekdays, day=day(1), reason="Праздник", by=None)
    booking = services.book(workspace=weekdays, first_day=day(0), last_day=day(5), desks=1, user=people(1)[0])
    assert booking.days[0] == day(0)
    assert sorted(DeskDay.objects.values_list("day", flat=True)) == [day(0), day(2), day(5)]  # Thu off, Sat+Sun shut
    refused(
        "closed-days",
        lambda: services.book(workspace=weekdays, first_day=day(3), last_day=day(4), desks=1, user=people(1)[0]),
    )


@pytest.mark.parametrize(
    ("first", "last", "desks", "why"),
    [
        (-1, 0, 1, "past"),
        (2, 1, 1, "order"),
        (0, 730, 1, "too-long"),
        (120, 121, 1, "too-far"),
        (0, 0, 4, "too-many"),
    ],
)
def test_a_bad_range_is_refused_and_books_nothing(hub, first, last, desks, why):
    refused(
        why,
        lambda: services.book(workspace=hub, first_day=day(first), last_day=day(last), desks=desks, user=people(1)[0]),
    )
    assert Booking.objects.count() == 0
    assert DeskDay.objects.filter(booked__gt=0).count() == 0


def test_a_cancellation_offers_the_desk_to_the_first_in_line_who_fits(hub):
    first, second, third, fourth = people(4)
    taken = services.book(workspace=hub, first_day=day(0), last_day=day(1), desks=3, user=first)
    big = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=second)
    small = services.join_waitlist(workspace=hub, first_day=day(1), last_day=day(1), desks=1, user=third)
    later = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=fourth)
    services.cancel(booking=taken)
    big.refresh_from_db()
    small.refresh_from_db()
    later.refresh_from_db()
    assert (big.state, small.state, later.state) == (WaitState.OFFERED, WaitState.OFFERED, WaitState.WAITING)
    assert big.offer is not None
    assert big.offer.state == BookingState.HELD
    assert Message.objects.filter(template="desk_offered").count() == 2
    assert list(DeskDay.objects.order_by("day").values_list("booked", flat=True)) == [3, 1]


def test_an_offer_taken_in_time_is_a_booking_and_one_that_lapses_goes_to_the_next(hub):
    first, second, third = people(3)
    taken = services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=first)
    slow = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=second)
    patient = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=2, user=third)
    services.cancel(booking=taken)
    slow.refresh_from_db()
    assert slow.offer is not None
    later = timezone.now() + dt.timedelta(hours=hub.hold_hours, seconds=1)
    refused("lapsed", lambda: services.accept_offer(booking=slow.offer, now=later))
    assert services.lapse_offers(now=later) == 1
    slow.refresh_from_db()
    patient.refresh_from_db()
    assert (slow.state, patient.state) == (WaitState.LAPSED, WaitState.OFFERED)
    assert patient.offer is not None
    assert services.accept_offer(booking=patient.offer, now=later).state == BookingState.ACTIVE
    patient.refresh_from_db()
    assert patient.state == WaitState.DONE
    assert DeskDay.objects.get().booked == 2


def test_one_person_waits_once_for_the_same_days(hub):
    person = people(1)[0]
    services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(2), desks=1, user=person)
    refused(
        "already-waiting",
        lambda: services.join_waitlist(workspace=hub, first_day=day(1), last_day=day(1), desks=1, user=person),
    )
    assert WaitlistEntry.objects.count() == 1


def test_a_booking_checks_in_once_a_day_by_its_code_typed_any_way(hub, manager):
    booking = services.book(workspace=hub, first_day=day(0), last_day=day(1), desks=1, user=people(1)[0])
    typed = f"{booking.code[:4].lower()} {booking.code[4:]}"
    assert services.check_in(workspace=hub, code=typed, by=manager) == (booking, False)
    assert services.check_in(workspace=hub, code=booking.shown_code, by=manager) == (booking, True)
    assert CheckIn.objects.count() == 1
    refused("unknown-code", lambda: services.check_in(workspace=hub, code="ZZZZ-ZZZZ", by=manager))
    tomorrow = services.book(workspace=hub, first_day=day(1), last_day=day(1), desks=1, user=people(1)[0])
    refused("not-today", lambda: services.check_in(workspace=hub, code=tomorrow.code, by=manager))


def test_fewer_desks_than_booked_or_closing_a_booked_day_is_refused(hub, manager):
    services.book(workspace=hub, first_day=day(1), last_day=day(1), desks=3, user=people(1)[0])
    hub.desks = 2
    refused("below-booked", lambda: services.save_workspace(workspace=hub, by=manager, changed=["desks"]))
    refused("booked-day", lambda: services.close_day(workspace=hub, day=day(1), reason="", by=manager))
    assert DeskDay.objects.get().capacity == 3


def test_a_cancellation_gives_back_exactly_the_days_it_took_whatever_the_calendar_did_since(almaty, manager):
    one = make_space(almaty, "Tiny", desks=1)
    a, b, c = people(3)
    services.close_day(workspace=one, day=day(1), reason="", by=manager)
    first = services.book(workspace=one, first_day=day(0), last_day=day(2), desks=1, user=a)
    assert first.days == [day(0), day(2)]
    services.reopen_day(workspace=one, day=day(1), by=manager)
    services.book(workspace=one, first_day=day(1), last_day=day(1), desks=1, user=b)
    services.cancel(booking=first)
    refused("full", lambda: services.book(workspace=one, first_day=day(1), last_day=day(1), desks=1, user=c))
    assert dict(DeskDay.objects.filter(workspace=one).values_list("day", "booked")) == {day(0): 0, day(1): 1, day(2): 0}


def test_closing_a_weekday_with_desks_booked_is_refused_and_more_desks_go_to_the_line(hub, manager):
    first, second = people(2)
    services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=first)
    waiting = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=second)
    hub.weekdays = "01345"  # Wednesday (2), day(0), no longer open
    refused("booked-weekday", lambda: services.save_workspace(workspace=hub, by=manager, changed=["weekdays"]))
    hub.weekdays, hub.desks = "0123456", 4
    services.save_workspace(workspace=hub, by=manager, changed=["desks"])
    waiting.refresh_from_db()
    assert waiting.state == WaitState.OFFERED


def test_joining_the_waitlist_when_a_desk_is_free_after_all_offers_it_at_once(hub):
    entry = services.join_waitlist(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=people(1)[0])
    assert entry.state == WaitState.OFFERED
