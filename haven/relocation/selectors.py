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
from haven.workspaces.services import open_days

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
        seated_days = set(open_days(booking.workspace, booking.first_day, booking.last_day))
    return [Night(d, housed[d], booking.desks if booking is not None and d in seated_days else 0) for d in days]
