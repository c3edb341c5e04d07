"""The figures of a city's dashboard, and of the public page: aggregates only.

Every figure is a fixed number of aggregate queries, whatever the number of groups
(the tests pin it); the two-week figures cost three small queries a night.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from haven.accounts.models import Region
from haven.hosting.models import Offer, OfferStatus, Vetting
from haven.registry.models import Household, Status
from haven.stays.models import Stay, StayEvent, StayState
from haven.stays.states import ACTIVE

# Public counts under this are shown as "fewer than 5": nobody can be singled out.
SUPPRESS_BELOW = 5
PLACED = (StayState.BOOKED, StayState.CHECKED_IN, StayState.CHECKED_OUT)


@dataclass
class CityFigures:
    days: list[dt.date] = field(default_factory=list)
    arrivals: list[int] = field(default_factory=list)
    nights: list[dt.date] = field(default_factory=list)
    needs: list[int] = field(default_factory=list)  # people still without a bed that night
    free_beds: list[int] = field(default_factory=list)
    median_hours_to_bed: float | None = None
    registered: int = 0
    placed: int = 0
    priority_registered: int = 0
    priority_placed: int = 0
    declined: int = 0
    expired: int = 0

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def placement_rate(self) -> float | None:
        return self.rate(self.placed, self.registered)

    @property
    def priority_placement_rate(self) -> float | None:
        return self.rate(self.priority_placed, self.priority_registered)


def _people_needing(region: Region, night: dt.date) -> int:
    covered = Stay.objects.filter(household=OuterRef("pk"), state__in=ACTIVE, start__lte=night, end__gt=night)
    needing = Household.objects.filter(
        region=region, status=Status.OPEN, needed_from__lte=night, needed_until__gt=night
    ).exclude(Exists(covered))
    total = needing.aggregate(n=Coalesce(Sum(F("adults") + F("children")), Value(0), output_field=IntegerField()))
    return int(total["n"])


def _beds_free(region: Region, night: dt.date) -> int:
    offered = (
        Offer.objects.filter(region=region, status=OfferStatus.ACTIVE, host__is_active=True, available_from__lte=night)
        .filter(Q(available_until__isnull=True) | Q(available_until__gt=night))
        .exclude(host__host_profile__vetting=Vetting.SUSPENDED)
        .aggregate(n=Coalesce(Sum("beds"), Value(0)))["n"]
    )
    held = Stay.objects.filter(offer__region=region, state__in=ACTIVE, start__lte=night, end__gt=night).aggregate(
        n=Coalesce(Sum("people"), Value(0))
    )["n"]
    return max(0, int(offered) - int(held))


def city_figures(region: Region, today: dt.date, *, days: int = 14, window_days: int = 30) -> CityFigures:
    figures = CityFigures()
    figures.days = [today - dt.timedelta(days=days - 1 - n) for n in range(days)]
    per_day = dict(
        Household.objects.filter(region=region, created_at__date__gte=figures.days[0])
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    figures.arrivals = [int(per_day.get(day, 0)) for day in figures.days]
    figures.nights = [today + dt.timedelta(days=n) for n in range(days)]
    figures.needs = [_people_needing(region, night) for night in figures.nights]
    figures.free_beds = [_beds_free(region, night) for night in figures.nights]

    since = today - dt.timedelta(days=window_days)
    recent = Household.objects.filter(region=region, created_at__date__gte=since)
    placed = Exists(Stay.objects.filter(household=OuterRef("pk"), state__in=PLACED))
    counts = recent.annotate(was_placed=placed).aggregate(
        registered=Count("pk"),
        placed=Count("pk", filter=Q(was_placed=True)),
        priority_registered=Count("pk", filter=Q(priority=True)),
        priority_placed=Count("pk", filter=Q(priority=True, was_placed=True)),
    )
    figures.registered, figures.placed = counts["registered"], counts["placed"]
    figures.priority_registered, figures.priority_placed = counts["priority_registered"], counts["priority_placed"]

    first_bed = (
        StayEvent.objects.filter(
            move="book", stay__household__region=region, stay__household__created_at__date__gte=since
        )
        .values("stay__household")
        .annotate(first=Min("at"), registered=Min("stay__household__created_at"))
        .values_list("first", "registered")
    )
    waits = [(first - registered).total_seconds() / 3600 for first, registered in first_bed]
    figures.median_hours_to_bed = round(statistics.median(waits), 1) if waits else None

    fell = dict(
        Stay.objects.filter(
            offer__region=region,
            state__in=[StayState.DECLINED, StayState.EXPIRED],
            updated_at__date__gte=figures.days[0],
        )
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    figures.declined, figures.expired = int(fell.get(StayState.DECLINED, 0)), int(fell.get(StayState.EXPIRED, 0))
    return figures


@dataclass(frozen=True)
class PublicCity:
    region: Region
    looking: int | None  # None: fewer than SUPPRESS_BELOW
    free_beds_tonight: int | None
    placed_this_week: int | None


def _shown(count: int) -> int | None:
    return count if count >= SUPPRESS_BELOW else None


def public_figures(today: dt.date) -> list[PublicCity]:
    """Per open city: groups looking, beds free tonight, groups placed in the last 7 days."""
    week = today - dt.timedelta(days=7)
    cities = Region.objects.filter(is_active=True).annotate(
        looking=Count("households", filter=Q(households__status=Status.OPEN, households__needed_until__gt=today)),
    )
    placed_by_city = dict(
        Stay.objects.filter(state__in=PLACED, host_accepted_at__date__gte=week)
        .values("offer__region")
        .annotate(n=Count("household", distinct=True))
        .values_list("offer__region", "n")
    )
    return [
        PublicCity(
            region=city,
            looking=_shown(city.looking),  # type: ignore[attr-defined]
            free_beds_tonight=_shown(_beds_free(city, today)),
            placed_this_week=_shown(int(placed_by_city.get(city.pk, 0))),
        )
        for city in cities
    ]
