"""Reads about queues: a ticket's place and wait, the lines at a point, the screen, the day's figures."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.selectors import coordinated_regions
from haven.queues import estimate, line, links
from haven.queues.models import Counter, CounterState, PointDay, Service, ServicePoint, Ticket, TicketState
from haven.queues.services import HORIZON_DAYS, appointment_capacity, is_open_day, local, per_slot, slots_of_day

FRESH_SECONDS = 20  # a number called this recently is highlighted on the screen


def ticket_by_token(token: str) -> Ticket | None:
    """The ticket a private link opens; None for a forged or mistyped link."""
    public_id = links.public_id_of(token)
    if not public_id:
        return None
    return Ticket.objects.select_related("point", "service", "counter").filter(public_id=public_id).first()


def open_points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(is_active=True).select_related("region", "district")


def point_for_visitor(slug: str) -> ServicePoint:
    point = open_points().filter(slug=slug).first()
    if point is None:
        raise Http404
    return point


def points_for_staff(user: User) -> QuerySet[ServicePoint]:
    """Points this person works at, and every point in the regions they coordinate."""
    if not user.is_authenticated or not user.is_active:
        return ServicePoint.objects.none()
    if user.is_superuser:
        return ServicePoint.objects.all()
    return ServicePoint.objects.filter(Q(staff__user=user) | Q(region__in=coordinated_regions(user))).distinct()


def point_for_staff(user: User, slug: str) -> ServicePoint:
    """The point if this person may work its queue; 404 otherwise (missing and forbidden look the same)."""
    point = points_for_staff(user).select_related("region").filter(slug=slug).first()
    if point is None:
        raise Http404
    return point


def names_staff(user: User, point: ServicePoint) -> bool:
    """Whether this person decides who works at the point (its region's coordinators, administrators)."""
    return bool(user.is_superuser or coordinated_regions(user).filter(pk=point.region_id).exists())


def point_for_coordinator(user: User, slug: str) -> ServicePoint:
    """The point if this person coordinates its region (and so decides who works there)."""
    point = (
        ServicePoint.objects.filter(slug=slug, region__in=coordinated_regions(user)).select_related("region").first()
    )
    if point is None and user.is_superuser:
        point = ServicePoint.objects.filter(slug=slug).first()
    if point is None:
        raise Http404
    return point


@dataclass(frozen=True)
class Place:
    ahead: int
    minutes: int | None  # None: no counter serves the line now
    near: bool


def _durations(service: Service, day: dt.date) -> list[float]:
    rows = (
        Ticket.objects.filter(service=service, day=day, state=TicketState.SERVED, called_at__isnull=False)
        .order_by("-finished_at")
        .values_list("called_at", "finished_at")[: estimate.RECENT]
    )
    return [(end - start).total_seconds() / 60 for start, end in reversed(rows) if end and start]


def _serving(service: Service) -> tuple[int, int]:
    """Open counters calling this line, and how many of them have nobody at them."""
    counters = list(
        Counter.objects.filter(services=service, state=CounterState.OPEN).annotate(
            busy=Count("tickets", filter=Q(tickets__state=TicketState.CALLED))
        )
    )
    return len(counters), sum(1 for c in counters if not c.busy)


def per_visitor(service: Service, day: dt.date) -> float:
    return estimate.minutes_per_visitor(_durations(service, day), service.default_minutes)


def place_of(ticket: Ticket, now: dt.datetime | None = None) -> Place | None:
    """How many are ahead of this waiting ticket, and the expected wait; None before its time comes."""
    now = now or timezone.now()
    ahead = line.ahead_of(ticket, now)
    if ahead is None:
        return None
    counters, free = _serving(ticket.service)
    wait = estimate.wait_minutes(
        ahead=ahead, counters=counters, free_counters=free, per_visitor=per_visitor(ticket.service, ticket.day)
    )
    return Place(
        ahead=ahead,
        minutes=None if wait is None else estimate.rounded_minutes(wait),
        near=ahead <= ticket.point.notify_ahead,
    )


@dataclass(frozen=True)
class Line:
    service: Service
    waiting: int
    minutes: int | None


def lines_at(point: ServicePoint, now: dt.datetime | None = None) -> list[Line]:
    """Each offered service with how many wait now and how long a new ticket would wait."""
    now = now or timezone.now()
    today = local(point, now).date()
    waiting = dict(
        line.waiting(point_id=point.pk, day=today, now=now)
        .order_by()
        .values_list("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    lines = []
    # A service no longer offered stays on the list while people still wait in it.
    for service in point.services.filter(Q(is_active=True) | Q(pk__in=list(waiting))):
        counters, free = _serving(service)
        n = waiting.get(service.pk, 0)
        wait = estimate.wait_minutes(
            ahead=n, counters=counters, free_counters=free, per_visitor=per_visitor(service, today)
        )
        lines.append(Line(service, n, None if wait is None else estimate.rounded_minutes(wait)))
    return lines


def today_row(point: ServicePoint, now: dt.datetime | None = None) -> PointDay:
    today = local(point, now).date()
    return PointDay.objects.filter(point=point, day=today).first() or PointDay(point=point, day=today)


def called_now(point: ServicePoint, now: dt.datetime | None = None, limit: int = 8) -> list[tuple[Ticket, bool]]:
    """The numbers at the counters now, latest call first, each with "called a moment ago"."""
    now = now or timezone.now()
    tickets = (
        Ticket.objects.filter(point=point, state=TicketState.CALLED)
        .select_related("counter")
        .order_by(Coalesce("recalled_at", "called_at").desc())[:limit]
    )
    return [(t, (now - (t.last_called_at or now)).total_seconds() < FRESH_SECONDS) for t in tickets]


def next_up(point: ServicePoint, now: dt.datetime | None = None, limit: int = 6) -> list[Ticket]:
    now = now or timezone.now()
    return list(
        Ticket.objects.filter(
            point=point, day=local(point, now).date(), state=TicketState.WAITING, queued_at__lte=now
        ).order_by("queued_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    tickets: int
    served: int
    no_shows: int
    left: int
    median_wait: float | None  # minutes from the place in line to the call
    p90_wait: float | None


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def day_figures(point: ServicePoint, days: int = 14, now: dt.datetime | None = None) -> list[DayFigures]:
    """The last ``days`` days of the point, oldest first."""
    today = local(point, now).date()
    first = today - dt.timedelta(days=days - 1)
    rows = Ticket.objects.filter(point=point, day__gte=first, day__lte=today).values_list(
        "day", "state", "queued_at", "called_at"
    )
    by_day: dict[dt.date, list[tuple[str, dt.datetime, dt.datetime | None]]] = {}
    for day, state, queued, called in rows:
        by_day.setdefault(day, []).append((state, queued, called))
    figures = []
    for i in range(days):
        day = first + dt.timedelta(days=i)
        tickets = by_day.get(day, [])
        waits = sorted((c - q).total_seconds() / 60 for _, q, c in tickets if c is not None)
        states = [s for s, _, _ in tickets]
        figure = DayFigures(
            day=day, tickets=len(tickets), served=states.count(TicketState.SERVED),
            no_shows=states.count(TicketState.NO_SHOW), left=states.count(TicketState.LEFT),
            median_wait=statistics.median(waits) if waits else None, p90_wait=_percentile(waits, 0.9),
        )  # fmt: skip
        figures.append(figure)
    return figures


def free_slots(
    point: ServicePoint, service: Service, now: dt.datetime | None = None
) -> dict[dt.date, list[dt.datetime]]:
    """The appointment times still free on later days, by day (days with none left out)."""
    today = local(point, now).date()
    days = [today + dt.timedelta(days=i) for i in range(1, HORIZON_DAYS + 1)]
    days = [d for d in days if is_open_day(point, d)]
    if not days or not service.is_active:
        return {}
    rows = {r.day: r for r in PointDay.objects.filter(point=point, day__in=days)}
    taken = dict(
        Ticket.objects.filter(point=point, day__in=days, appointment_at__isnull=False)
        .exclude(state=TicketState.LEFT)
        .values_list("appointment_at")
        .annotate(n=Count("pk"))
        .values_list("appointment_at", "n")
    )
    free: dict[dt.date, list[dt.datetime]] = {}
    for day in days:
        row = rows.get(day)
        if row is not None and (
            row.closed_for_tickets or row.taken >= point.daily_limit or row.booked >= appointment_capacity(point)
        ):
            continue
        room = per_slot(point, day)
        slots = [slot for slot in slots_of_day(point, day) if taken.get(slot, 0) < room]
        if slots:
            free[day] = slots
    return free
