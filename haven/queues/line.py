"""The order of a line: appointments whose time has come first (the earliest first), then
everyone else in the order they came. A ticket whose time has not come is not in it yet.

One place for the order, so that calling, the place a visitor is told, the near-turn
message and the screen's "next" always agree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from haven.queues.models import Ticket, TicketState


def waiting(*, point_id: int, day: dt.date, now: dt.datetime) -> QuerySet[Ticket]:
    """The day's tickets in line now, in the order they will be called."""
    return Ticket.objects.filter(point=point_id, day=day, state=TicketState.WAITING, queued_at__lte=now).order_by(
        F("appointment_at").asc(nulls_last=True), "queued_at", "pk"
    )


def ahead_of(ticket: Ticket, now: dt.datetime) -> int | None:
    """How many are before this ticket in its service's line; None while its time has not come."""
    if ticket.queued_at > now:
        return None
    line = waiting(point_id=ticket.point_id, day=ticket.day, now=now).filter(service=ticket.service_id)
    before = Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, pk__lt=ticket.pk)
    if ticket.appointment_at is not None:
        return line.filter(before, appointment_at__isnull=False).count()
    return line.filter(Q(appointment_at__isnull=False) | (before & Q(appointment_at__isnull=True))).count()
