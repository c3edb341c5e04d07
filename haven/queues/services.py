"""Every change to a queue: taking a ticket, booking an appointment, calling, finishing.

Each is one transaction. Taking a ticket locks the point's day row, so the day's
limit holds and numbers follow each other with no gap and no repeat; calling locks
the counter and takes the first waiting ticket that no other counter has locked
(``SKIP LOCKED`` on PostgreSQL; SQLite runs one writer at a time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action
from haven.notify import services as outbox
from haven.queues.models import Counter, CounterState, PointDay, PointStaff, Service, ServicePoint, Ticket, TicketState

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


def _end(ticket: Ticket, state: str, now: dt.datetime) -> None:
    ticket.state = state
    ticket.finished_at = now
    ticket.contact_email = ""  # nobody needs to reach a finished ticket
    ticket.save(update_fields=["state", "finished_at", "contact_email"])


@transaction.atomic
def leave(*, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """The visitor gives up the place. A ticket already finished cannot be left."""
    now = now or timezone.now()
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not locked.is_open:
        raise QueueRefused("ticket-finished")
    day_row = _lock_day(locked.point, locked.day)
    if locked.state == TicketState.WAITING:
        # A place given back is a place for someone else (an appointment's slot too).
        day_row.taken -= 1
        day_row.booked -= 1 if locked.appointment_at is not None else 0
        day_row.save(update_fields=["taken", "booked"])
    _end(locked, TicketState.LEFT, now)
    _tell_the_near(locked.point, locked.service, locked.day, now)
    return locked


# --- staff ----------------------------------------------------------------------------------


def _lock_counter(counter: Counter) -> Counter:
    return Counter.objects.select_for_update().select_related("point").get(pk=counter.pk)


def current_ticket(counter: Counter) -> Ticket | None:
    return Ticket.objects.filter(counter=counter, state=TicketState.CALLED).select_related("service").first()


def _record(by: Any, point: ServicePoint, what: str) -> None:
    audit.record(
        actor=by,
        action=Action.QUEUE,
        subject_kind="service-point",
        subject_id=point.slug,
        region=point.region,
        detail=what,
    )


@transaction.atomic
def call_next(*, counter: Counter, by: Any, now: dt.datetime | None = None) -> Ticket | None:
    """Finish the counter's current visitor (served) and call the first in its lines; None if nobody waits."""
    now = now or timezone.now()
    counter = _lock_counter(counter)
    if counter.state != CounterState.OPEN:
        raise QueueRefused(f"counter-{counter.state}")
    current = current_ticket(counter)
    if current is not None:
        _end(current, TicketState.SERVED, now)
    today = local(counter.point, now).date()
    waiting = Ticket.objects.filter(
        point=counter.point, day=today, state=TicketState.WAITING, queued_at__lte=now,
        service__in=counter.services.filter(is_active=True),
    ).order_by("queued_at", "pk")  # fmt: skip
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    ticket = waiting.select_related("service").first()
    if ticket is None:
        return None
    ticket.state = TicketState.CALLED
    ticket.counter = counter
    ticket.called_at = now
    ticket.calls += 1
    ticket.save(update_fields=["state", "counter", "called_at", "calls"])
    _tell_the_near(counter.point, ticket.service, today, now)
    return ticket


@transaction.atomic
def recall(*, counter: Counter, now: dt.datetime | None = None) -> Ticket:
    """Call the current visitor again: the screen shows the number anew."""
    counter = _lock_counter(counter)
    ticket = current_ticket(counter)
    if ticket is None:
        raise QueueRefused("nobody-called")
    ticket.called_at = now or timezone.now()
    ticket.calls += 1
    ticket.save(update_fields=["called_at", "calls"])
    return ticket


@transaction.atomic
def mark_served(*, counter: Counter, now: dt.datetime | None = None) -> Ticket:
    counter = _lock_counter(counter)
    ticket = current_ticket(counter)
    if ticket is None:
        raise QueueRefused("nobody-called")
    _end(ticket, TicketState.SERVED, now or timezone.now())
    return ticket


@transaction.atomic
def mark_no_show(*, counter: Counter, by: Any, now: dt.datetime | None = None) -> Ticket | None:
    """After the grace period, the called visitor did not come: the next is called. Returns the next."""
    now = now or timezone.now()
    counter = _lock_counter(counter)
    ticket = current_ticket(counter)
    if ticket is None:
        raise QueueRefused("nobody-called")
    assert ticket.called_at is not None  # a called ticket has its time (constraint and call_next)
    allowed_from = ticket.called_at + dt.timedelta(minutes=counter.point.no_show_grace_minutes)
    if now < allowed_from:
        raise QueueRefused("too-early", at=allowed_from)
    _end(ticket, TicketState.NO_SHOW, now)
    if counter.state != CounterState.OPEN:
        return None
    return call_next(counter=counter, by=by, now=now)


@transaction.atomic
def transfer(*, counter: Counter, to: Service, now: dt.datetime | None = None) -> Ticket:
    """Send the current visitor to another service's line, keeping the place the ticket was taken at."""
    counter = _lock_counter(counter)
    ticket = current_ticket(counter)
    if ticket is None:
        raise QueueRefused("nobody-called")
    if to.point_id != counter.point_id or not to.is_active:
        raise QueueRefused("service-closed")
    if to.pk == ticket.service_id:
        raise QueueRefused("same-service")
    ticket.state = TicketState.WAITING
    ticket.service = to
    ticket.counter = None
    ticket.told_near_at = None
    ticket.save(update_fields=["state", "service", "counter", "told_near_at"])
    _tell_the_near(counter.point, to, ticket.day, now or timezone.now())
    return ticket


@transaction.atomic
def set_counter_state(*, counter: Counter, state: str, by: Any) -> Counter:
    """Open, pause or close a counter. A counter with a visitor called cannot close."""
    if state not in CounterState.values:
        raise ValueError(state)
    counter = _lock_counter(counter)
    if state == CounterState.CLOSED and current_ticket(counter) is not None:
        raise QueueRefused("finish-first")
    counter.state = state
    counter.save(update_fields=["state"])
    _record(by, counter.point, f"counter {counter.label} {state}")
    return counter


@transaction.atomic
def close_for_tickets(*, point: ServicePoint, closed: bool, by: Any, now: dt.datetime | None = None) -> PointDay:
    """Stop (or start again) giving today's tickets; those already given keep their place."""
    day_row = _lock_day(point, local(point, now).date())
    day_row.closed_for_tickets = closed
    day_row.save(update_fields=["closed_for_tickets"])
    _record(by, point, "closed for tickets" if closed else "reopened for tickets")
    return day_row


def close_past_days(*, now: dt.datetime | None = None) -> int:
    """End the tickets of days that are over (never called, or called and never finished).

    Their contacts are erased with them; the clock runs this. Returns how many ended.
    A point's day ends at its own midnight, so each point is looked at in its zone.
    """
    now = now or timezone.now()
    ended = 0
    for point in ServicePoint.objects.filter(tickets__state__in=(TicketState.WAITING, TicketState.CALLED)).distinct():
        ended += Ticket.objects.filter(
            point=point, day__lt=local(point, now).date(), state__in=(TicketState.WAITING, TicketState.CALLED)
        ).update(state=TicketState.EXPIRED, finished_at=now, contact_email="")
    return ended


# --- the near-turn message --------------------------------------------------------------------


def _tell_the_near(point: ServicePoint, service: Service, day: dt.date, now: dt.datetime) -> None:
    """Tickets with ``notify_ahead`` or fewer ahead are told once, through the outbox, if they gave a way."""
    line = list(
        Ticket.objects.filter(point=point, day=day, service=service, state=TicketState.WAITING)
        .order_by("queued_at", "pk")
        .only("pk", "told_near_at", "contact_email", "language", "public_id", "letter", "number")[
            : point.notify_ahead + 1
        ]
    )
    for ahead, ticket in enumerate(line):
        if ticket.told_near_at is not None:
            continue
        Ticket.objects.filter(pk=ticket.pk).update(told_near_at=now)
        if ticket.contact_email:
            outbox.enqueue(
                key=f"ticket:{ticket.public_id}:near:{service.pk}", template="ticket_near", language=ticket.language,
                to_ticket=ticket, context={"link": "queue-ticket", "ticket": ticket.public_id, "code": ticket.code, "ahead": ahead},
            )  # fmt: skip


# --- setting a point up -----------------------------------------------------------------------


@transaction.atomic
def save_point(*, point: ServicePoint, by: Any, changed: Iterable[str] = ()) -> ServicePoint:
    """Create or change a point's settings (a form has validated them)."""
    point.full_clean()
    point.save()
    _record(by, point, "settings " + ", ".join(sorted(changed))[:180] if changed else "settings")
    return point


@transaction.atomic
def save_service(*, service: Service, by: Any) -> Service:
    service.full_clean()
    service.save()
    _record(by, service.point, f"service {service.letter}")
    return service


@transaction.atomic
def save_counter(*, counter: Counter, services: Iterable[Service], by: Any) -> Counter:
    counter.full_clean()
    counter.save()
    counter.services.set([s for s in services if s.point_id == counter.point_id])
    _record(by, counter.point, f"counter {counter.label}")
    return counter


class StaffRefused(Exception):
    def __init__(self, why: str) -> None:  # "no-account"
        super().__init__(why)
        self.why = why


@transaction.atomic
def add_staff(*, point: ServicePoint, email: str, by: Any) -> PointStaff:
    from haven.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise StaffRefused("no-account")
    staff, _ = PointStaff.objects.get_or_create(point=point, user=user)
    audit.record(
        actor=by,
        action=Action.TEAM,
        subject_kind="user",
        subject_id=str(user.public_id),
        region=point.region,
        detail=f"added staff of {point.slug}",
    )
    return staff


@transaction.atomic
def remove_staff(*, staff: PointStaff, by: Any) -> None:
    audit.record(
        actor=by, action=Action.TEAM, subject_kind="user", subject_id=str(staff.user.public_id), region=staff.point.region,
        detail=f"removed staff of {staff.point.slug}",
    )  # fmt: skip
    staff.delete()
