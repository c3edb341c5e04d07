"""Reads about workspaces: who may run one, free desks by day, a month to look at, bookings."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from haven.accounts.models import User
from haven.accounts.selectors import coordinated_regions
from haven.workspaces import links
from haven.workspaces.models import Booking, BookingState, ClosedDay, DeskDay, WaitlistEntry, WaitState, Workspace
from haven.workspaces.services import open_days


def open_spaces() -> QuerySet[Workspace]:
    return Workspace.objects.filter(is_active=True).select_related("region", "district")


def space_for_visitor(slug: str) -> Workspace | None:
    return open_spaces().filter(slug=slug).first()


def spaces_for_manager(user: User) -> QuerySet[Workspace]:
    """Spaces this person runs, and every space in the regions they coordinate."""
    if not user.is_authenticated or not user.is_active:
        return Workspace.objects.none()
    if user.is_superuser:
        return Workspace.objects.all()
    return Workspace.objects.filter(Q(managers__user=user) | Q(region__in=coordinated_regions(user))).distinct()


def space_for_manager(user: User, slug: str) -> Workspace | None:
    return spaces_for_manager(user).select_related("region").filter(slug=slug).first()


def booking_by_token(token: str) -> Booking | None:
    code = links.code_of(token)
    return Booking.objects.select_related("workspace", "workspace__region").filter(code=code).first() if code else None


def free_by_day_of(spaces: list[Workspace], first: dt.date, last: dt.date) -> dict[int, dict[dt.date, int]]:
    """Free desks on each open day of the range, for many spaces in two queries (the list page)."""
    booked: dict[int, dict[dt.date, int]] = {}
    for pk, day, n in DeskDay.objects.filter(workspace__in=spaces, day__range=(first, last)).values_list(
        "workspace", "day", "booked"
    ):
        booked.setdefault(pk, {})[day] = n
    closed: dict[int, set[dt.date]] = {}
    for pk, day in ClosedDay.objects.filter(workspace__in=spaces, day__range=(first, last)).values_list(
        "workspace", "day"
    ):
        closed.setdefault(pk, set()).add(day)
    return {
        s.pk: {
            d: max(0, s.desks - booked.get(s.pk, {}).get(d, 0))
            for d in open_days(s, first, last, closed.get(s.pk, set()))
        }
        for s in spaces
    }


def free_by_day(workspace: Workspace, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Free desks on each open day of the range (closed days left out)."""
    booked = dict(DeskDay.objects.filter(workspace=workspace, day__range=(first, last)).values_list("day", "booked"))
    return {d: max(0, workspace.desks - booked.get(d, 0)) for d in open_days(workspace, first, last)}


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date | None  # None: a blank before the 1st or after the last
    free: int | None  # None: closed
    past: bool


def month(workspace: Workspace, first_of_month: dt.date, today: dt.date) -> list[list[CalendarDay]]:
    """The month as weeks (Monday first), each day with its free desks."""
    days_in = calendar.monthrange(first_of_month.year, first_of_month.month)[1]
    last = first_of_month.replace(day=days_in)
    free = free_by_day(workspace, first_of_month, last)
    weeks: list[list[CalendarDay]] = []
    week: list[CalendarDay] = [CalendarDay(None, None, False)] * first_of_month.weekday()
    for n in range(days_in):
        day = first_of_month + dt.timedelta(days=n)
        week.append(CalendarDay(day, free.get(day), day < today))
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [CalendarDay(None, None, False)] * (7 - len(week)))
    return weeks


def bookings_of(*, household: Any = None, user: Any = None) -> QuerySet[Booking]:
    whose = {"household": household} if household is not None else {"user": user}
    return (
        Booking.objects.filter(state__in=(BookingState.ACTIVE, BookingState.HELD), **whose)
        .select_related("workspace")
        .order_by("first_day")
    )


def waits_of(*, household: Any = None, user: Any = None) -> QuerySet[WaitlistEntry]:
    whose = {"household": household} if household is not None else {"user": user}
    return WaitlistEntry.objects.filter(state=WaitState.WAITING, **whose).select_related("workspace")


def place_on_waitlist(entry: WaitlistEntry) -> int:
    """1 for the first in line."""
    return (
        WaitlistEntry.objects.filter(workspace=entry.workspace_id, state=WaitState.WAITING)
        .filter(Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk))
        .count()
        + 1
    )


def occupancy(workspace: Workspace, first: dt.date, days: int) -> list[tuple[dt.date, int, int]]:
    """(day, booked, capacity) for each open day of the span."""
    last = first + dt.timedelta(days=days - 1)
    rows = {r.day: r for r in DeskDay.objects.filter(workspace=workspace, day__range=(first, last))}
    return [
        (d, rows[d].booked if d in rows else 0, rows[d].capacity if d in rows else workspace.desks)
        for d in open_days(workspace, first, last)
    ]
