"""Anonymous figures for partners: needs and free beds per night, the rent index, the
queues. No person is in them."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from haven.accounts.models import Region
from haven.api.auth import region_of, token_of
from haven.backoffice.dashboard import nights_figures
from haven.queues.models import ServicePoint
from haven.queues.selectors import lines_at
from haven.rentals import index

router = Router(tags=["figures"])


class RegionOut(Schema):
    code: str
    name_ru: str
    name_kk: str
    name_en: str
    country: str
    timezone: str
    can_write: bool


class NightOut(Schema):
    night: dt.date
    people_without_bed: int
    free_beds: int


class NightsOut(Schema):
    region: str
    nights: list[NightOut]


class NightsQuery(Schema):
    first: dt.date | None = Field(None, description="The first night; today in the region if not given.")
    days: int = Field(14, ge=1, le=60)


class CellOut(Schema):
    median: int
    q1: int
    q3: int
    count: int


class RentIndexOut(Schema):
    region: str
    currency: str
    months: list[str]
    rooms: dict[str, list[CellOut | None]]


class LineOut(Schema):
    service: str
    waiting: int
    minutes: int | None


class PointOut(Schema):
    point: str
    name: str
    lines: list[LineOut]


class QueuesOut(Schema):
    region: str
    points: list[PointOut]


@router.get("/regions", response=list[RegionOut], summary="The regions this token reaches")
def regions(request: HttpRequest) -> list[dict[str, object]]:
    token = token_of(request)
    return [
        {
            "code": r.slug, "name_ru": r.name_ru, "name_kk": r.name_kk, "name_en": r.name_en, "country": r.country,
            "timezone": r.timezone, "can_write": token.can_write,
        }
        for r in token.regions.all()
    ]  # fmt: skip


def _today(region: Region) -> dt.date:
    return timezone.localdate(timezone.now(), region.tzinfo)


@router.get("/regions/{code}/nights", response=NightsOut, summary="People without a bed and free beds, per night")
def nights(request: HttpRequest, code: str, query: Query[NightsQuery]) -> dict[str, object]:
    region = region_of(request, code)
    today = _today(region)
    first = query.first or today
    if abs((first - today).days) > 366:
        raise HttpError(422, _("The first night must be within a year of today."))
    days = [first + dt.timedelta(days=i) for i in range(query.days)]
    needs, free = nights_figures(region, days)
    return {
        "region": region.slug,
        "nights": [
            {"night": d, "people_without_bed": n, "free_beds": f} for d, n, f in zip(days, needs, free, strict=True)
        ],
    }


@router.get("/regions/{code}/rent-index", response=RentIndexOut, summary="Median rents by rooms, per month")
def rent_index(request: HttpRequest, code: str) -> dict[str, object]:
    region = region_of(request, code)
    series = index.city_series(region)

    def shown(cell: index.Cell | None) -> dict[str, int] | None:
        if cell is None:
            return None
        return {"median": round(cell.median), "q1": round(cell.q1), "q3": round(cell.q3), "count": cell.count}

    return {
        "region": region.slug, "currency": series.currency, "months": [m.isoformat()[:7] for m in series.months],
        "rooms": {str(rooms): [shown(c) for c in cells] for rooms, cells in series.by_rooms.items()},
    }  # fmt: skip


@router.get("/regions/{code}/queues", response=QueuesOut, summary="How many wait now at each queue, and how long")
def queues(request: HttpRequest, code: str) -> dict[str, object]:
    region = region_of(request, code)
    points = ServicePoint.objects.filter(region=region, is_active=True).prefetch_related("services")
    return {
        "region": region.slug,
        "points": [
            {
                "point": point.slug, "name": point.name,
                "lines": [{"service": line.service.name, "waiting": line.waiting, "minutes": line.minutes}
                          for line in lines_at(point)],
            }
            for point in points
        ],
    }  # fmt: skip
