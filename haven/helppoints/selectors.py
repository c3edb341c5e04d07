"""Reads of help points: the public list of a city, a coordinator's points, and each
point's "open now" on its city's clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from haven.accounts.models import District, Region
from haven.accounts.selectors import active_regions, coordinated_regions
from haven.helppoints import hours
from haven.helppoints.models import HelpPoint, Kind
from haven.lib.languages import labels
from haven.registry.selectors import household_for_arrival

# Where a city's map opens when none of its points has coordinates yet.
CITY_CENTRES = {"almaty": (43.2389, 76.8897), "astana": (51.1282, 71.4304), "bishkek": (42.8746, 74.5698)}


def shown(*, region: Region, district: District | None = None, kind: str = "") -> QuerySet[HelpPoint]:
    found = HelpPoint.objects.filter(region=region, is_active=True).select_related("region", "district")
    if district is not None:
        found = found.filter(district=district)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("kind", "name")


def default_region(request: HttpRequest) -> Region | None:
    """The city of the household whose code was entered in this browser, else the first city."""
    household = household_for_arrival(request)
    if household is not None and household.region.is_active:
        return household.region
    return active_regions().first()


def points_for_coordinator(user: Any) -> QuerySet[HelpPoint]:
    return (
        HelpPoint.objects.filter(region__in=coordinated_regions(user))
        .select_related("region", "district")
        .order_by("region__name_en", "-is_active", "kind", "name")
    )


def point_for_coordinator(user: Any, public_id: UUID) -> HelpPoint:
    """A point of a city this person coordinates; 404 for any other, as for a missing one."""
    point = points_for_coordinator(user).filter(public_id=public_id).first()
    if point is None:
        raise Http404
    return point


def local_now(region: Region, now: dt.datetime | None = None) -> dt.datetime:
    """Now on the city's clock (never the server's zone)."""
    return timezone.localtime(now or timezone.now(), region.tzinfo)


@dataclass(frozen=True)
class Row:
    """A point as the list, the map and the poster show it."""

    point: HelpPoint
    status: hours.Status
    status_text: str
    today: str
    week: list[tuple[str, str, bool]]  # (weekday name, hours, is today)
    languages: str

    @property
    def is_open(self) -> bool:
        return self.status.is_open


def row(point: HelpPoint, now: dt.datetime | None = None) -> Row:
    here = local_now(point.region, now)
    week = point.week
    status = hours.status_at(week, here)
    today = here.weekday()
    return Row(
        point=point, status=status, status_text=hours.status_text(status), today=hours.day_text(week[today]),
        week=[(hours.weekday_name(d), hours.day_text(week[d]), d == today) for d in range(7)],
        languages=labels(list(point.languages or [])),
    )  # fmt: skip


def rows(points: Any, *, open_only: bool = False, now: dt.datetime | None = None) -> list[Row]:
    """Open ones first, then by kind in the order the kinds are listed (food first), then by name."""
    order = {value: i for i, value in enumerate(Kind.values)}
    found = sorted(
        (row(point, now) for point in points), key=lambda r: (not r.is_open, order.get(r.point.kind, 99), r.point.name)
    )
    return [r for r in found if r.is_open] if open_only else found


def map_data(found: list[Row]) -> list[dict[str, Any]]:
    """What the map's script draws: points with coordinates, with their popups' text."""
    return [
        {
            "id": str(r.point.public_id),
            "name": r.point.name,
            "kind": r.point.get_kind_display(),
            "open": r.is_open,
            "status": r.status_text,
            "lat": float(r.point.latitude),
            "lon": float(r.point.longitude),
            "address": r.point.address,
        }
        for r in found
        if r.point.latitude is not None and r.point.longitude is not None
    ]


def centre_of(region: Region, found: list[Row]) -> tuple[float, float] | None:
    placed = [(float(r.point.latitude), float(r.point.longitude)) for r in found if r.point.on_map]  # type: ignore[arg-type]
    if placed:
        return (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
    return CITY_CENTRES.get(region.slug)
