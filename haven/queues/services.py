"""Every change to a queue: taking a ticket, booking an appointment, calling, finishing.

Each is one transaction, and each locks the point's day row first: the day's limit
holds, numbers follow each other with no gap and no repeat, and two counters pressing
"call next" at the same instant call one after the other, so they never get the same
ticket. A unique constraint on the numbers and a partial unique index on the called
ticket of a counter back this in the database. A point serves tens of people an hour:
one lock per point and day costs nothing there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from haven.notify import channels
from haven.notify import services as outbox
from haven.queues import line
from haven.queues.models import Counter, CounterState, PointDay, Service, ServicePoint, Ticket, TicketState
from haven.queues.points import record

HORIZON_DAYS = 30  # how far ahead appointments may be booked


class QueueRefused(Exception):
    """A change that cannot be made; ``why`` names it for the page, ``ticket`` is the one already held."""

    def __init__(self, why: str, *, ticket: Ticket | None = None, at: dt.datetime | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.ticket = ticket
        self.at = at


def local(point: ServicePoint, now: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(now or timezone.now(), point.zone)


def is_open_day(point: ServicePoint, day: dt.date) -> bool:
    return str(day.weekday()) in point.weekdays


def contact_key(email: str) -> str:
    """A keyed hash of a contact: finds a second ticket without keeping the contact readable."""
    if not email:
        return ""
    return hmac.new(
        settings.HAVEN_CODE_KEY.encode(), f"queue:{email.strip().lower()}".encode(), hashlib.sha256
    ).hexdigest()


def _lock_day(point: ServicePoint, day: dt.date) -> PointDay:
    PointDay.objects.bulk_create([PointDay(point=point, day=day)], ignore_conflicts=True)
    return PointDay.objects.select_for_update().get(point=point, day=day)


def _check_service(point: ServicePoint, service: Service) -> None:
    if not point.is_active or service.point_id != point.pk or not service.is_active:
        raise QueueRefused("service-closed")


def _already_held(point: ServicePoint, service: Service, day: dt.date, held: Iterable[str], key: str) -> Ticket | None:
    if not point.one_ticket_per_person:
        return None
    who = Q(public_id__in=list(held))
    if key:
        who |= Q(contact_key=key)
    return (
        Ticket.objects.filter(who, point=point, day=day, state__in=(TicketState.WAITING, TicketState.CALLED))
        .filter(Q(issued_for=service) | Q(service=service))
        .first()
    )


def _issue(
    day_row: PointDay, service: Service, *, queued_at: dt.datetime, contact_email: str, key: str,
    language: str, by_kiosk: bool, appointment: bool,
) -> Ticket:  # fmt: skip
    # Under the day's lock no other ticket of this day is being numbered: max + 1 has no race.
    last = Ticket.objects.filter(issued_for=service, day=day_row.day).aggregate(n=Max("number"))["n"] or 0
    ticket = Ticket.objects.create(
        point=day_row.point, day=day_row.day, issued_for=service, service=service, letter=service.letter,
        number=last + 1, queued_at=queued_at, appointment_at=queued_at if appointment else None,
        contact_email=contact_email, contact_key=key, language=language[:8] or "ru", by_kiosk=by_kiosk,
    )  # fmt: skip
    day_row.taken += 1
    day_row.booked += 1 if appointment else 0
    day_row.save(update_fields=["taken", "booked"])
    return ticket


def closed_now(point: ServicePoint, here: dt.datetime, day_row: PointDay | None = None) -> str:
    """Why no ticket can be taken at ``here`` (the point's local time), or "" if one can."""
    if not is_open_day(point, here.date()):
        return "closed-today"
    if here.time() < point.opens_at:
        return "not-yet-open"
    if here.time() >= point.closes_at:
        return "after-hours"
    if day_row is not None and day_row.closed_for_tickets:
        return "closed-for-tickets"
    if day_row is not None and day_row.taken >= point.daily_limit:
        return "full"
    return ""


@transaction.atomic
def take_ticket(
    *, point: ServicePoint, service: Service, now: dt.datetime | None = None, contact_email: str = "",
    language: str = "ru", held: Iterable[str] = (), by_kiosk: bool = False,
) -> Ticket:  # fmt: skip
    """A ticket for today in ``service``'s line, or QueueRefused.

    ``held`` are the ticket ids this phone already has (from its session): with the
    point's "one ticket per phone" setting, a second open ticket in the same line is
    refused and the first is named. A kiosk is shared, so it holds nothing.
    """
    _check_service(point, service)
    now = now or timezone.now()
    here = local(point, now)
    why = closed_now(point, here)
    if why:
        raise QueueRefused(why)
    day_row = _lock_day(point, here.date())
    why = closed_now(point, here, day_row)
    if why:
        raise QueueRefused(why)
    key = contact_key(contact_email)
    found = _already_held(point, service, here.date(), () if by_kiosk else held, key)
    if found is not None:
        raise QueueRefused("duplicate", ticket=found)
    ticket = _issue(
        day_row, service, queued_at=now, contact_email=contact_email, key=key, language=language,
        by_kiosk=by_kiosk, appointment=False,
    )  # fmt: skip
    _tell_the_near(point, service, here.date(), now)
    return ticket


# --- appointments on a later day ----------------------------------------------------------


def appointment_capacity(point: ServicePoint) -> int:
    return point.daily_limit * point.appointment_percent // 100


def slots_of_day(point: ServicePoint, day: dt.date) -> list[dt.datetime]:
    start = dt.datetime.combine(day, point.opens_at, tzinfo=point.zone)
    end = dt.datetime.combine(day, point.closes_at, tzinfo=point.zone)
    step = dt.timedelta(minutes=point.slot_minutes)
    slots = []
    while start + step <= end:
        slots.append(start)
        start += step
    return slots


def per_slot(point: ServicePoint, day: dt.date) -> int:
    count = len(slots_of_day(point, day))
    return -(-appointment_capacity(point) // count) if count else 0


@transaction.atomic
def book_appointment(
    *, point: ServicePoint, service: Service, at: dt.datetime, now: dt.datetime | None = None,
    contact_email: str = "", language: str = "ru", held: Iterable[str] = (),
) -> Ticket:  # fmt: skip
    """A ticket for a slot on a later day: its place in that day's line is the slot's time."""
    _check_service(point, service)
    now = now or timezone.now()
    at = local(point, at)
    today = local(point, now).date()
    if not (today < at.date() <= today + dt.timedelta(days=HORIZON_DAYS)):
        raise QueueRefused("slot-unavailable")
    if not is_open_day(point, at.date()) or at not in slots_of_day(point, at.date()):
        raise QueueRefused("slot-unavailable")
    day_row = _lock_day(point, at.date())
    in_slot = Ticket.objects.filter(point=point, day=at.date(), appointment_at=at).exclude(state=TicketState.LEFT)
    if (
        day_row.closed_for_tickets
        or day_row.taken >= point.daily_limit
        or day_row.booked >= appointment_capacity(point)
        or in_slot.count() >= per_slot(point, at.date())
    ):
        raise QueueRefused("slot-full")
    key = contact_key(contact_email)
    found = _already_held(point, service, at.date(), held, key)
    if found is not None:
        raise QueueRefused("duplicate", ticket=found)
    return _issue(
        day_row, service, queued_at=at, contact_email=contact_email, key=key, language=language,
        by_kiosk=False, appointment=True,
    )  # fmt: skip


# --- the visitor ----------------------------------------------------------------------------
#
# The lock order, everywhere: the point's day row, then the counter, then tickets. Every
# change to a day's line holds that day's row, so a visitor leaving and a counter calling
# the same ticket happen one after the other, never half over each other.


def _end(ticket: Ticket, state: str, now: dt.datetime) -> None:
    ticket.state = state
    ticket.finished_at = now
    ticket.contact_email = ""  # nobody needs to reach a finished ticket, nor recognise it
    ticket.contact_key = ""
    ticket.save(update_fields=["state", "finished_at", "contact_email", "contact_key"])


@transaction.atomic
def leave(*, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """The visitor gives up the place. A ticket already finished cannot be left."""
    now = now or timezone.now()
    day_row = _lock_day(ticket.point, ticket.day)
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("point", "service").get(pk=ticket.pk)
    if not locked.is_open:
        raise QueueRefused("ticket-finished")
    if locked.state == TicketState.WAITING:
        # A place given back is a place for someone else (an appointment's slot too).
        day_row.taken -= 1
        day_row.booked -= 1 if locked.appointment_at is not None else 0
        day_row.save(update_fields=["taken", "booked"])
    _end(locked, TicketState.LEFT, now)
    _tell_the_near(locked.point, locked.service, locked.day, now)
    return locked


# --- staff ----------------------------------------------------------------------------------


def _at_counter(counter: Counter, now: dt.datetime) -> tuple[Counter, dt.date]:
    """Lock today's row of the counter's point, then the counter; the counter (fresh) and today."""
    point = ServicePoint.objects.get(pk=counter.point_id)
    today = local(point, now).date()
    _lock_day(point, today)
    return Counter.objects.select_for_update(of=("self",)).select_related("point").get(pk=counter.pk), today


def current_ticket(counter: Counter, *, lock: bool = False) -> Ticket | None:
    """The visitor called to this counter now, if any."""
    found = Ticket.objects.filter(counter=counter, state=TicketState.CALLED).select_related("service")
    return (found.select_for_update(of=("self",)) if lock else found).first()


def _current(counter: Counter) -> Ticket:
    ticket = current_ticket(counter, lock=True)
    if ticket is None:
        raise QueueRefused("nobody-called")
    return ticket


@transaction.atomic
def call_next(
    *, counter: Counter, by: Any, now: dt.datetime | None = None, service: Service | None = None
) -> Ticket | None:
    """Finish the counter's current visitor (served) and call the first in its lines (or in
    ``service``'s only, one of them); None if nobody waits.

    Services no longer offered are still called: they take no new tickets, but those
    already waiting keep their place.
    """
    now = now or timezone.now()
    counter, today = _at_counter(counter, now)
    if counter.state != CounterState.OPEN:
        raise QueueRefused(f"counter-{counter.state}")
    current = current_ticket(counter, lock=True)
    if current is not None:
        _end(current, TicketState.SERVED, now)
    lines = counter.services.all()
    if service is not None:
        if not lines.filter(pk=service.pk).exists():
            raise QueueRefused("not-this-counter")
        lines = lines.filter(pk=service.pk)
    first = (
        line.waiting(point_id=counter.point_id, day=today, now=now)
        .filter(service__in=lines)
        .select_for_update(of=("self",))
        .select_related("service")
        .first()
    )
    if first is None:
        return None
    first.state = TicketState.CALLED
    first.counter = counter
    first.called_at = now
    first.calls += 1
    first.save(update_fields=["state", "counter", "called_at", "calls"])
    _tell_the_near(counter.point, first.service, today, now)
    return first


@transaction.atomic
def recall(*, counter: Counter, now: dt.datetime | None = None) -> Ticket:
    """Call the current visitor again: the screen shows the number anew and the grace period restarts."""
    now = now or timezone.now()
    counter, _ = _at_counter(counter, now)
    ticket = _current(counter)
    ticket.recalled_at = now
    ticket.calls += 1
    ticket.save(update_fields=["recalled_at", "calls"])
    return ticket


@transaction.atomic
def mark_served(*, counter: Counter, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    counter, _ = _at_counter(counter, now)
    ticket = _current(counter)
    _end(ticket, TicketState.SERVED, now)
    return ticket


@transaction.atomic
def mark_no_show(*, counter: Counter, by: Any, now: dt.datetime | None = None) -> Ticket | None:
    """After the grace period, the called visitor did not come: the next is called. Returns the next."""
    now = now or timezone.now()
    counter, _ = _at_counter(counter, now)
    ticket = _current(counter)
    last_call = ticket.recalled_at or ticket.called_at
    assert last_call is not None  # a called ticket has its time (constraint and call_next)
    allowed_from = last_call + dt.timedelta(minutes=counter.point.no_show_grace_minutes)
    if now < allowed_from:
        raise QueueRefused("too-early", at=allowed_from)
    _end(ticket, TicketState.NO_SHOW, now)
    if counter.state != CounterState.OPEN:
        return None
    return call_next(counter=counter, by=by, now=now)


@transaction.atomic
def transfer(*, counter: Counter, to: Service, now: dt.datetime | None = None) -> Ticket:
    """Send the current visitor to another service's line, keeping the place the ticket was taken at."""
    now = now or timezone.now()
    counter, _ = _at_counter(counter, now)
    ticket = _current(counter)
    if to.point_id != counter.point_id or not to.is_active:
        raise QueueRefused("service-closed")
    if to.pk == ticket.service_id:
        raise QueueRefused("same-service")
    ticket.state = TicketState.WAITING
    ticket.service = to
    ticket.counter = None
    ticket.told_near_at = None
    ticket.save(update_fields=["state", "service", "counter", "told_near_at"])
    _tell_the_near(counter.point, to, ticket.day, now)
    return ticket


@transaction.atomic
def set_counter_state(*, counter: Counter, state: str, by: Any) -> Counter:
    """Open, pause or close a counter. A counter with a visitor called cannot close."""
    if state not in CounterState.values:
        raise ValueError(state)
    counter, _ = _at_counter(counter, timezone.now())
    if state == CounterState.CLOSED and current_ticket(counter) is not None:
        raise QueueRefused("finish-first")
    counter.state = state
    counter.save(update_fields=["state"])
    record(by, counter.point, f"counter {counter.label} {state}")
    return counter


@transaction.atomic
def close_for_tickets(*, point: ServicePoint, closed: bool, by: Any, now: dt.datetime | None = None) -> PointDay:
    """Stop (or start again) giving today's tickets; those already given keep their place."""
    day_row = _lock_day(point, local(point, now).date())
    day_row.closed_for_tickets = closed
    day_row.save(update_fields=["closed_for_tickets"])
    record(by, point, "closed for tickets" if closed else "reopened for tickets")
    return day_row


def close_past_days(*, now: dt.datetime | None = None) -> int:
    """End the tickets of days that are over (never called, or called and never finished).

    Their contacts are erased with them; the clock runs this. Returns how many ended.
    A point's day ends at its own midnight, so each point is looked at in its zone.
    """
    now = now or timezone.now()
    ended = 0
    open_states = (TicketState.WAITING, TicketState.CALLED)
    for point in ServicePoint.objects.filter(tickets__state__in=open_states).distinct():
        ended += Ticket.objects.filter(point=point, day__lt=local(point, now).date(), state__in=open_states).update(
            state=TicketState.EXPIRED, finished_at=now, contact_email="", contact_key=""
        )
    return ended


# --- the near-turn message --------------------------------------------------------------------


def _tell_the_near(point: ServicePoint, service: Service, day: dt.date, now: dt.datetime) -> None:
    """Tickets with ``notify_ahead`` or fewer ahead are told once, through the outbox, if they gave a way.

    Runs under the day's lock (every caller holds it), so a ticket is told once.
    """
    first = list(
        line.waiting(point_id=point.pk, day=day, now=now)
        .filter(service=service)
        .only("pk", "told_near_at", "contact_email", "language", "public_id", "letter", "number")[
            : point.notify_ahead + 1
        ]
    )
    for ahead, ticket in enumerate(first):
        if ticket.told_near_at is not None:
            continue
        Ticket.objects.filter(pk=ticket.pk).update(told_near_at=now)
        if channels.first_reaching(user=None, household=ticket):  # an e-mail, or a Telegram chat
            outbox.enqueue(
                key=f"ticket:{ticket.public_id}:near:{now.timestamp():.0f}", template="ticket_near",
                language=ticket.language, to_ticket=ticket,
                context={"link": "queue-ticket", "ticket": ticket.public_id, "code": ticket.code, "ahead": ahead},
            )  # fmt: skip
