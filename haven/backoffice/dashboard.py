"""The figures of a city's dashboard, and of the public page: aggregates only.

Every figure is a fixed number of aggregate queries, whatever the number of groups
(the tests pin it); the two-week figures cost three small queries a night.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DateField, Exists, F, Min, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

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
    computed_at: dt.datetime | None = None

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def placement_rate(self) -> float | None:
        return self.rate(self.placed, self.registered)

    @property
    def priority_placement_rate(self) -> float | None:
        return self.rate(self.priority_placed, self.priority_registered)


def _per_night(
    queryset: Any, nights: list[dt.date], amount: Any, start: str, end: str, *also: tuple[str, str]
) -> list[int]:
    """Sum of ``amount`` over the rows whose [start, end) holds each night (and each
    (start, end) pair in ``also`` too). Each row's interval is clipped to the nights and
    counted where it opens and where it closes: one grouped query, a running sum here."""
    first, after = nights[0], nights[-1] + dt.timedelta(days=1)
    opens = Greatest(F(start), *(F(a) for a, _ in also), Value(first), output_field=DateField())
    closes = Least(F(end), *(F(b) for _, b in also), Value(after), output_field=DateField())
    rows = queryset.annotate(opens_on=opens, closes_on=closes).filter(opens_on__lt=F("closes_on"))
    opening: dict[dt.date, int] = {}
    closing: dict[dt.date, int] = {}
    for opens_on, closes_on, n in (
        rows.values("opens_on", "closes_on").annotate(n=Sum(amount)).values_list("opens_on", "closes_on", "n")
    ):
        opening[opens_on] = opening.get(opens_on, 0) + int(n or 0)
        closing[closes_on] = closing.get(closes_on, 0) + int(n or 0)
    totals, running = [], 0
    for night in nights:
        running += opening.get(night, 0) - closing.get(night, 0)
        totals.append(running)
    return totals


def nights_figures(region: Region, nights: list[dt.date]) -> tuple[list[int], list[int]]:
    """People still without a bed, and free beds, on each night: four queries in all."""
    people = F("adults") + F("children")
    wanting = Household.objects.filter(
        region=region, status=Status.OPEN, needed_until__gt=nights[0], needed_from__lte=nights[-1]
    )
    demand = _per_night(wanting, nights, people, "needed_from", "needed_until")
    # The open groups' own stays cover them (a group is in one stay a night at most).
    covering = Stay.objects.filter(
        household__region=region, household__status=Status.OPEN, state__in=ACTIVE,
        start__lte=nights[-1], end__gt=nights[0],
    )  # fmt: skip
    # Only on the nights the group asks for (a stay may run past its need).
    covered = _per_night(
        covering, nights, F("people"), "start", "end", ("household__needed_from", "household__needed_until")
    )
    offered_qs = (
        Offer.objects.filter(region=region, status=OfferStatus.ACTIVE, host__is_active=True)
        .exclude(host__host_profile__vetting=Vetting.SUSPENDED)
        .annotate(until=Coalesce("available_until", Value(dt.date.max)))
    )
    offered = _per_night(offered_qs, nights, F("beds"), "available_from", "until")
    holding = Stay.objects.filter(offer__region=region, state__in=ACTIVE, start__lte=nights[-1], end__gt=nights[0])
    held = _per_night(holding, nights, F("people"), "start", "end")
    needs = [max(0, d - c) for d, c in zip(demand, covered, strict=True)]
    free = [max(0, o - h) for o, h in zip(offered, held, strict=True)]
    return needs, free


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


def _midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# A city's figures are worked out at most once a minute (a surge day has many coordinators).
CACHE_SECONDS = 60


def cached_city_figures(region: Region, today: dt.date) -> CityFigures:
    figures = cache.get_or_set(
        f"dashboard:{region.pk}:{today.isoformat()}", lambda: city_figures(region, today), CACHE_SECONDS
    )
    return figures if isinstance(figures, CityFigures) else city_figures(region, today)


def city_figures(region: Region, today: dt.date, *, days: int = 14, window_days: int = 30) -> CityFigures:
    figures = CityFigures(computed_at=timezone.now())
    figures.days = [today - dt.timedelta(days=days - 1 - n) for n in range(days)]
    # Ranges of times, not a date cast of every row: the index on created_at serves.
    starts = [_midnight(day) for day in [*figures.days, today + dt.timedelta(days=1)]]
    per_day = Household.objects.filter(region=region, created_at__gte=starts[0]).aggregate(
        **{f"d{i}": Count("pk", filter=Q(created_at__gte=starts[i], created_at__lt=starts[i + 1])) for i in range(days)}
    )
    figures.arrivals = [int(per_day[f"d{i}"]) for i in range(days)]
    figures.nights = [today + dt.timedelta(days=n) for n in range(days)]
    figures.needs, figures.free_beds = nights_figures(region, figures.nights)

    since = _midnight(today - dt.timedelta(days=window_days))
    counts = Household.objects.filter(region=region, created_at__gte=since).aggregate(
        registered=Count("pk"), priority_registered=Count("pk", filter=Q(priority=True))
    )
    placed = Stay.objects.filter(state__in=PLACED, household__region=region, household__created_at__gte=since)
    figures.registered = counts["registered"]
    figures.priority_registered = counts["priority_registered"]
    figures.placed = placed.values("household").distinct().count()
    figures.priority_placed = placed.filter(household__priority=True).values("household").distinct().count()

    first_bed = (
        StayEvent.objects.filter(move="book", stay__household__region=region, stay__household__created_at__gte=since)
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


PUBLIC_CACHE_SECONDS = 300


def cached_public_figures(today: dt.date) -> list[PublicCity]:
    """The public page's figures, worked out at most every five minutes (anyone may ask)."""
    figures = cache.get_or_set(f"numbers:{today.isoformat()}", lambda: public_figures(today), PUBLIC_CACHE_SECONDS)
    return figures if isinstance(figures, list) else public_figures(today)


def public_figures(today: dt.date) -> list[PublicCity]:
    """Per open city: groups still without a bed tonight, beds free tonight, groups placed in the last 7 days."""
    week = today - dt.timedelta(days=7)
    covered = Stay.objects.filter(household=OuterRef("pk"), state__in=ACTIVE, start__lte=today, end__gt=today)
    looking_by_city = dict(
        Household.objects.filter(status=Status.OPEN, needed_from__lte=today, needed_until__gt=today)
        .exclude(Exists(covered))
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    cities = Region.objects.filter(is_active=True)
    placed_by_city = dict(
        Stay.objects.filter(state__in=PLACED, host_accepted_at__gte=_midnight(week))
        .values("offer__region")
        .annotate(n=Count("household", distinct=True))
        .values_list("offer__region", "n")
    )
    return [
        PublicCity(
            region=city,
            looking=_shown(int(looking_by_city.get(city.pk, 0))),
            free_beds_tonight=_shown(_beds_free(city, today)),
            placed_this_week=_shown(int(placed_by_city.get(city.pk, 0))),
        )
        for city in cities
    ]
