"""The rent index: median and quartiles of monthly rent by city, district and rooms, per
month, from listings (the rent asked when listed) and from rents tenants reported.

Rents are compared in the city's own currency (tenge in Kazakhstan, som in Kyrgyzstan),
dollars converted at ``HAVEN_RENT_RATES``. A cell with fewer than ``MIN_CELL`` rents is
not shown: too few to mean anything, and few enough to point at one flat.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models.functions import TruncMonth
from django.utils import timezone

from haven.accounts.models import District, Region
from haven.rentals.models import Listing, ListingStatus, RentReport

MIN_CELL = 5
CURRENCY_OF_COUNTRY = {"KZ": "KZT", "KG": "KGS"}
RECENT_MONTHS = 6  # a listing is set against the rents of the last half year


def local_currency(region: Region) -> str:
    return CURRENCY_OF_COUNTRY.get(region.country.upper(), "USD")


def to_local(amount: Decimal | float, currency: str, region: Region) -> float:
    rates = settings.HAVEN_RENT_RATES
    return float(amount) / rates[currency] * rates[local_currency(region)]


@dataclass(frozen=True)
class Cell:
    median: float
    q1: float
    q3: float
    count: int


def cell(values: Iterable[float]) -> Cell | None:
    """Median and quartiles, or None below MIN_CELL values."""
    data = sorted(values)
    if len(data) < MIN_CELL:
        return None
    q1, _median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return Cell(median=statistics.median(data), q1=q1, q3=q3, count=len(data))


def _months_ago(months: int, today: dt.date) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def _rents(region: Region, *, since: dt.date, district: District | None = None, rooms: int | None = None,
           exclude_landlord: int | None = None) -> list[tuple[dt.date, int, int, float]]:  # fmt: skip
    """(month, district id, rooms, rent in local currency) of listings and reports since a month.

    Only rents that were offered: published listings, and withdrawn ones (let, or taken
    down by their landlord). Not those held or suspended, so that a run of steep rents
    held for a look cannot raise the median that judges them; and, when a landlord's
    listing is judged, none of that landlord's own."""
    listings = Listing.objects.filter(
        region=region, created_at__date__gte=since, status__in=[ListingStatus.PUBLISHED, ListingStatus.WITHDRAWN]
    )
    reports = RentReport.objects.filter(region=region, month__gte=since)
    if district is not None:
        listings, reports = listings.filter(district=district), reports.filter(district=district)
    if rooms is not None:
        listings, reports = listings.filter(rooms=rooms), reports.filter(rooms=rooms)
    if exclude_landlord is not None:
        listings = listings.exclude(landlord_id=exclude_landlord)
    rows = [
        (month.date() if isinstance(month, dt.datetime) else month, d, r, to_local(rent, currency, region))
        for month, d, r, rent, currency in listings.annotate(month=TruncMonth("created_at")).values_list(
            "month", "district_id", "rooms", "rent", "currency"
        )
    ]
    rows += [(m, d, r, to_local(rent, c, region)) for m, d, r, rent, c in reports.values_list(
        "month", "district_id", "rooms", "rent", "currency")]  # fmt: skip
    return rows


def median_now(region: Region, district: District | None, rooms: int, *, exclude_landlord: int | None = None,
               today: dt.date | None = None) -> Cell | None:  # fmt: skip
    """The rents for this many rooms in the district (the whole city when None) over the
    last months; None when too few."""
    since = _months_ago(RECENT_MONTHS - 1, today or timezone.localdate())
    rents = _rents(region, since=since, district=district, rooms=rooms, exclude_landlord=exclude_landlord)
    return cell(rent for *_, rent in rents)


def others_median(listing: Listing) -> tuple[Cell | None, str]:
    """The median of the other landlords' rents like this one: in its district, or in its
    city when the district has too few; and which ("district", "city", or "")."""
    for scope, district in (("district", listing.district), ("city", None)):
        found = median_now(listing.region, district, listing.rooms, exclude_landlord=listing.landlord_id)
        if found is not None and found.median:
            return found, scope
    return None, ""


def above_median(listing: Listing) -> float | None:
    """The listing's rent over the others' median (1.38: 38 % above); None when unknown."""
    found, _scope = others_median(listing)
    if found is None:
        return None
    return to_local(listing.rent, listing.currency, listing.region) / found.median


@dataclass(frozen=True)
class CitySeries:
    region: Region
    currency: str
    months: list[dt.date]
    by_rooms: dict[int, list[Cell | None]]  # rooms (1, 2, 3) -> a cell per month
    districts: list[tuple[str, str, dict[int, Cell | None]]]  # slug, name, per rooms: the last months


def city_series(region: Region, *, months: int = 12, today: dt.date | None = None) -> CitySeries:
    today = today or timezone.localdate()
    first = _months_ago(months - 1, today)
    month_list = [_months_ago(months - 1 - i, today) for i in range(months)]
    per_month: dict[tuple[dt.date, int], list[float]] = defaultdict(list)
    recent: dict[tuple[int, int], list[float]] = defaultdict(list)
    recent_since = _months_ago(RECENT_MONTHS - 1, today)
    for month, district_id, rooms, rent in _rents(region, since=first):
        rooms_key = min(rooms, 3)
        per_month[(month, rooms_key)].append(rent)
        if month >= recent_since:
            recent[(district_id, rooms_key)].append(rent)
    by_rooms = {r: [cell(per_month[(m, r)]) for m in month_list] for r in (1, 2, 3)}
    districts = [
        (d.slug, d.name, {r: cell(recent[(d.pk, r)]) for r in (1, 2, 3)})
        for d in sorted(region.districts.all(), key=lambda district: district.name)
    ]
    return CitySeries(region, local_currency(region), month_list, by_rooms, districts)
