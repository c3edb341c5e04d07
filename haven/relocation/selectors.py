"""Reads about relocation requests: whose they are, and the team housed and seated day by day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet

from haven.accounts.models import User
from haven.relocation.models import Company, RelocationRequest
from haven.stays.models import Stay, StayState
from haven.workspaces.models import BookingState

HOUSED = (StayState.BOOKED, StayState.CHECKED_IN, StayState.CHECKED_OUT)


def companies_of(user: User) -> QuerySet[Company]:
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(members__user=user)


def request_for(user: User, public_id: UUID) -> RelocationRequest | None:
    """The request if this person files for its company; None otherwise (missing and forbidden alike)."""
    return (
        RelocationRequest.objects.select_related("company", "region", "workspace", "desk_booking")
        .filter(public_id=public_id, company__in=companies_of(user))
        .first()
    )


@dataclass(frozen=True)
class Night:
    night: dt.date
    housed: int
    seated: int


def nights(request: RelocationRequest) -> list[Night]:
    """Each night of the request: households with a confirmed place, and desks booked (on open days)."""
    days = [request.first_night + dt.timedelta(days=i) for i in range((request.leaving_on - request.first_night).days)]
    stays = Stay.objects.filter(household__relocation=request, state__in=HOUSED).values_list(
        "household", "start", "end"
    )
    housed = {d: len({h for h, start, end in stays if start <= d < end}) for d in days}
    booking = request.desk_booking
    seated_days: set[dt.date] = set()
    if booking is not None and booking.state == BookingState.ACTIVE:
        seated_days = set(booking.days)
    return [Night(d, housed[d], booking.desks if booking is not None and d in seated_days else 0) for d in days]


def still_looking(request: RelocationRequest) -> int:
    """Open households of the request with a night of their stay not yet covered by a confirmed place."""
    stays: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for pk, start, end in Stay.objects.filter(household__relocation=request, state__in=HOUSED).values_list(
        "household", "start", "end"
    ):
        stays.setdefault(pk, []).append((start, end))
    looking = 0
    for h in request.households.filter(status="open").only("pk", "needed_from", "needed_until"):
        nights = (h.needed_from + dt.timedelta(days=i) for i in range((h.needed_until - h.needed_from).days))
        if any(not any(s <= n < e for s, e in stays.get(h.pk, [])) for n in nights):
            looking += 1
    return looking
