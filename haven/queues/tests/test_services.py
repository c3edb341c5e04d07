"""Taking, calling and finishing tickets: what the queue promises, on both databases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from haven.notify.models import Message
from haven.queues import services
from haven.queues.models import CounterState, PointDay, ServicePoint, Ticket, TicketState
from haven.queues.tests.conftest import MORNING, Clock, counter, service

pytestmark = pytest.mark.django_db


def take(point: ServicePoint, letter: str = "R", **kwargs: Any) -> Ticket:
    return services.take_ticket(point=point, service=service(point, letter), **kwargs)


def refused(why: str, action: Any) -> services.QueueRefused:
    with pytest.raises(services.QueueRefused) as caught:
        action()
    assert caught.value.why == why
    return caught.value


def test_numbers_follow_each_other_per_service_and_day(point, clock: Clock):
    codes = [take(point, letter).code for letter in "RRDR"]
    assert codes == ["R-001", "R-002", "D-001", "R-003"]
    clock.advance(days=1)
    assert take(point).code == "R-001"


def test_a_ticket_before_opening_after_closing_or_on_a_day_off_is_refused_and_nothing_is_written(point, clock: Clock):
    clock.set(MORNING.replace(hour=8, minute=59))
    refused("not-yet-open", lambda: take(point))
    clock.set(MORNING.replace(hour=18))
    refused("after-hours", lambda: take(point))
    clock.set(MORNING + dt.timedelta(days=3))  # Saturday
    refused("closed-today", lambda: take(point))
    assert Ticket.objects.count() == 0


def test_the_day_s_limit_holds_and_the_next_visitor_is_offered_an_appointment(almaty, clock: Clock):
    from haven.queues.tests.conftest import make_point

    small = make_point(almaty, "small", daily_limit=2)
    take(small, held=["a"])
    take(small, "D")
    refused("full", lambda: take(small))
    assert Ticket.objects.filter(point=small).count() == 2


def test_staff_can_stop_the_day_s_tickets_and_open_them_again(point, staff, clock: Clock):
    services.close_for_tickets(point=point, closed=True, by=staff)
    refused("closed-for-tickets", lambda: take(point))
    services.close_for_tickets(point=point, closed=False, by=staff)
    assert take(point).number == 1


def test_a_second_ticket_for_the_same_phone_in_the_same_line_is_refused_and_names_the_first(point, clock: Clock):
    first = take(point)
    second = refused("duplicate", lambda: take(point, held=[first.public_id]))
    assert second.ticket == first
    assert take(point, "D", held=[first.public_id]).code == "D-001"  # another line is fine


def test_the_same_e_mail_counts_as_the_same_person(point, clock: Clock):
    take(point, contact_email="georgy@example.org")
    refused("duplicate", lambda: take(point, contact_email="Georgy@Example.org "))


def test_a_point_may_allow_several_tickets_per_phone(almaty, clock: Clock):
    from haven.queues.tests.conftest import make_point

    relaxed = make_point(almaty, "relaxed", one_ticket_per_person=False)
    first = take(relaxed)
    assert take(relaxed, held=[first.public_id]).number == 2


def test_a_kiosk_is_shared_so_it_holds_no_tickets(point, clock: Clock):
    first = take(point, by_kiosk=True)
    assert take(point, by_kiosk=True, held=[first.public_id]).number == 2


def test_counters_call_in_order_of_arrival_within_their_lines(point, staff, clock: Clock):
    r1 = take(point)
    clock.advance(minutes=1)
    d1 = take(point, "D")
    clock.advance(minutes=1)
    r2 = take(point)
    assert services.call_next(counter=counter(point, "3"), by=staff) == d1  # documents only
    assert services.call_next(counter=counter(point, "2"), by=staff) == r1  # both lines: the earliest
    assert services.call_next(counter=counter(point, "1"), by=staff) == r2
    assert services.call_next(counter=counter(point, "1"), by=staff) is None  # r2 served, nobody left
    assert Ticket.objects.get(pk=r2.pk).state == TicketState.SERVED


def test_a_paused_or_closed_counter_calls_nobody(point, staff, clock: Clock):
    take(point)
    one = counter(point, "1")
    services.set_counter_state(counter=one, state=CounterState.PAUSED, by=staff)
    refused("counter-paused", lambda: services.call_next(counter=one, by=staff))
    services.set_counter_state(counter=one, state=CounterState.CLOSED, by=staff)
    refused("counter-closed", lambda: services.call_next(counter=one, by=staff))
    assert Ticket.objects.get().state == TicketState.WAITING


def test_a_counter_with_a_visitor_cannot_close(point, staff, clock: Clock):
    take(point)
    one = counter(point, "1")
    services.call_next(counter=one, by=staff)
    refused("finish-first", lambda: services.set_counter_state(counter=one, state=CounterState.CLOSED, by=staff))


def test_a_no_show_waits_for_the_grace_period_then_the_next_is_called(point, staff, clock: Clock):
    first, second = take(point), take(point, held=["x"])
    one = counter(point, "1")
    services.call_next(counter=one, by=staff)
    early = refused("too-early", lambda: services.mark_no_show(counter=one, by=staff))
    assert early.at == MORNING + dt.timedelta(minutes=point.no_show_grace_minutes)
    clock.advance(minutes=point.no_show_grace_minutes)
    assert services.mark_no_show(counter=one, by=staff) == second
    assert Ticket.objects.get(pk=first.pk).state == TicketState.NO_SHOW


def test_a_recall_restarts_the_grace_period(point, staff, clock: Clock):
    take(point)
    one = counter(point, "1")
    services.call_next(counter=one, by=staff)
    clock.advance(minutes=2)
    assert services.recall(counter=one).calls == 2
    clock.advance(minutes=2)
    refused("too-early", lambda: services.mark_no_show(counter=one, by=staff))


def test_a_transfer_keeps_the_number_and_the_place_taken_at(point, staff, clock: Clock):
    r1 = take(point)
    clock.advance(minutes=5)
    d1 = take(point, "D")
    services.call_next(counter=counter(point, "1"), by=staff)
    moved = services.transfer(counter=counter(point, "1"), to=service(point, "D"))
    assert (moved.code, moved.state, moved.service.letter) == ("R-001", TicketState.WAITING, "D")
    assert services.call_next(counter=counter(point, "3"), by=staff) == r1  # before D-001: taken earlier
    assert take(point, "R").code == "R-002"
    assert d1.number == 1


def test_leaving_frees_a_place_of_the_day(almaty, clock: Clock):
    from haven.queues.tests.conftest import make_point

    small = make_point(almaty, "small", daily_limit=1)
    first = take(small)
    services.leave(ticket=first)
    assert take(small).number == 2  # numbers are never reused
    refused("ticket-finished", lambda: services.leave(ticket=first))


def test_the_near_turn_message_goes_once_and_the_contact_is_forgotten_at_the_end(point, staff, clock: Clock):
    point.notify_ahead = 1
    point.save()
    tickets = [take(point, contact_email=f"v{n}@example.org") for n in range(4)]
    told = Message.objects.filter(template="ticket_near")
    assert sorted(m.to_ticket_id or 0 for m in told) == [tickets[0].pk, tickets[1].pk]
    services.call_next(counter=counter(point, "1"), by=staff)
    assert sorted(m.to_ticket_id or 0 for m in told.all()) == [t.pk for t in tickets[:3]]
    assert Message.objects.get(to_ticket=tickets[2]).context["ahead"] == 1
    services.call_next(counter=counter(point, "1"), by=staff)
    assert Ticket.objects.get(pk=tickets[0].pk).contact_email == ""  # served: nothing kept
    assert Message.objects.filter(template="ticket_near").count() == 4


# --- appointments -----------------------------------------------------------------------------


def test_the_next_open_days_offer_their_free_slots(almaty, clock: Clock):
    from haven.queues import selectors
    from haven.queues.tests.conftest import make_point

    small = make_point(almaty, "small", daily_limit=4, appointment_percent=50, slot_minutes=240)
    free = selectors.free_slots(small, service(small, "R"))
    assert [s.strftime("%a %H:%M") for day in list(free)[:2] for s in free[day]] == [
        "Thu 09:00", "Thu 13:00", "Fri 09:00", "Fri 13:00",
    ]  # fmt: skip
    services.book_appointment(point=small, service=service(small, "R"), at=free[min(free)][0])
    services.book_appointment(point=small, service=service(small, "D"), at=free[min(free)][1])
    assert min(selectors.free_slots(small, service(small, "R"))).strftime("%a") == "Fri"  # Thursday's share is booked


def test_an_appointment_goes_before_walk_ins_once_its_time_has_come(point, staff, clock: Clock):
    at = (MORNING + dt.timedelta(days=1)).replace(hour=11)
    booked = services.book_appointment(point=point, service=service(point, "R"), at=at)
    assert (booked.day, booked.code, booked.queued_at) == (at.date(), "R-001", at)
    clock.set(at.replace(hour=9))
    early = take(point)
    assert services.call_next(counter=counter(point, "1"), by=staff) == early  # 11:00 has not come
    later = [take(point, held=[str(n)]) for n in range(3)]
    clock.set(at)
    late = take(point, held=["late"])
    assert services.call_next(counter=counter(point, "1"), by=staff) == booked  # before the three who came earlier
    assert services.call_next(counter=counter(point, "1"), by=staff) == later[0]
    assert late.number == 6


def test_an_appointment_is_not_told_its_turn_is_near_hours_before_its_time(point, staff, clock: Clock):
    from haven.queues import selectors

    at = (MORNING + dt.timedelta(days=1)).replace(hour=15)
    booked = services.book_appointment(point=point, service=service(point, "R"), at=at, contact_email="a@example.org")
    clock.set(at.replace(hour=9))
    take(point)
    booked.refresh_from_db()
    assert booked.told_near_at is None
    assert selectors.place_of(booked) is None  # the page shows the time, not a place
    clock.set(at)
    take(point, held=["x"])
    booked.refresh_from_db()
    assert booked.told_near_at is not None
    place = selectors.place_of(booked)
    assert place is not None
    assert place.ahead == 0


def test_calling_again_keeps_the_first_call_for_the_figures(point, staff, clock: Clock):
    first = take(point)
    one = counter(point, "1")
    services.call_next(counter=one, by=staff)
    clock.advance(minutes=20)
    services.recall(counter=one)
    clock.advance(minutes=1)
    services.mark_served(counter=one)
    first.refresh_from_db()
    assert first.called_at == MORNING
    assert first.finished_at == MORNING + dt.timedelta(minutes=21)


def test_a_service_no_longer_offered_still_calls_those_waiting_in_it(point, staff, clock: Clock):
    waiting = take(point, "D")
    documents = service(point, "D")
    documents.is_active = False
    documents.save()
    refused("service-closed", lambda: take(point, "D", held=["x"]))
    assert services.call_next(counter=counter(point, "3"), by=staff) == waiting


def test_a_visitor_who_left_is_not_served_by_a_late_button(point, staff, clock: Clock):
    ticket = take(point)
    one = counter(point, "1")
    services.call_next(counter=one, by=staff)
    services.leave(ticket=ticket)
    refused("nobody-called", lambda: services.mark_served(counter=one))
    refused("nobody-called", lambda: services.transfer(counter=one, to=service(point, "D")))
    ticket.refresh_from_db()
    assert ticket.state == TicketState.LEFT


def test_an_appointment_today_in_the_past_or_off_the_grid_is_refused(point, clock: Clock):
    R = service(point, "R")
    for at in (MORNING.replace(hour=15), MORNING - dt.timedelta(days=1), (MORNING + dt.timedelta(days=1)).replace(minute=10),
               MORNING + dt.timedelta(days=3), MORNING + dt.timedelta(days=60)):  # fmt: skip
        refused("slot-unavailable", lambda at=at: services.book_appointment(point=point, service=R, at=at))
    assert Ticket.objects.count() == 0


def test_a_full_slot_is_refused(almaty, clock: Clock):
    from haven.queues.tests.conftest import make_point

    small = make_point(almaty, "small", daily_limit=18, appointment_percent=50, slot_minutes=60)  # 9 slots, 1 each
    at = (MORNING + dt.timedelta(days=1)).replace(hour=10)
    services.book_appointment(point=small, service=service(small, "R"), at=at)
    refused("slot-full", lambda: services.book_appointment(point=small, service=service(small, "D"), at=at))
    assert PointDay.objects.get(point=small, day=at.date()).booked == 1


def test_the_clock_closes_yesterday_s_open_tickets_and_forgets_their_contacts(point, staff, clock: Clock):
    waiting = take(point, contact_email="late@example.org")
    called = take(point, "D")
    services.call_next(counter=counter(point, "3"), by=staff)
    assert services.close_past_days() == 0  # today is not over
    clock.advance(days=1)
    assert services.close_past_days() == 2
    for ticket in (waiting, called):
        ticket.refresh_from_db()
        assert (ticket.state, ticket.contact_email) == (TicketState.EXPIRED, "")
    assert services.call_next(counter=counter(point, "3"), by=staff) is None  # the counter is free again
