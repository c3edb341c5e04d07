"""Reads of rentals, with who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from haven.accounts.selectors import coordinated_regions
from haven.rentals import index
from haven.rentals.models import DiscriminationReport, Listing, ListingStatus, RentalRequest, ReportStatus


def published() -> QuerySet[Listing]:
    return Listing.objects.filter(status=ListingStatus.PUBLISHED).select_related("region", "district")


def search(data: dict[str, Any]) -> QuerySet[Listing]:
    found = published()
    if data.get("region"):
        found = found.filter(region=data["region"])
    if data.get("district"):
        found = found.filter(district=data["district"])
    if data.get("rooms"):
        found = found.filter(rooms=data["rooms"])
    if data.get("pets"):
        found = found.filter(pets_ok=True)
    if data.get("children"):
        found = found.filter(children_ok=True)
    if data.get("move_in"):
        found = found.filter(available_from__lte=data["move_in"])
    return found.order_by("rent", "-created_at")


def within_budget(listings: list[Listing], budget: Any, currency: str) -> list[Listing]:
    """Listings whose rent fits the budget (in its currency; the city's when none), the
    cheapest first, rents compared in dollars across cities."""
    kept = []
    for listing in listings:
        if budget:
            budget_currency = currency or index.local_currency(listing.region)
            if index.to_local(listing.rent, listing.currency, listing.region) > index.to_local(
                budget, budget_currency, listing.region
            ):
                continue
        kept.append(listing)
    return sorted(kept, key=lambda listing: float(listing.rent) / settings.HAVEN_RENT_RATES[listing.currency])


@dataclass(frozen=True)
class Against:
    text: str  # "38 % above the median for 2 rooms in Medeu"; "" when too few rents to tell
    steep: bool  # at least 20 % above: shown as a warning


def against_median(listing: Listing, medians: dict[tuple[int, int, int, int], Any] | None = None) -> Against:
    """The rent against today's median of the other landlords' flats like it (its
    district's, or its city's when the district has too few rents). ``medians`` keeps
    each median once for a page of listings: it depends only on the city, district,
    rooms and landlord, and a page holds many listings of the same."""
    key = (listing.region_id, listing.district_id, listing.rooms, listing.landlord_id)
    if medians is None or key not in medians:
        found_here = index.others_median(listing)
        if medians is not None:
            medians[key] = found_here
    else:
        found_here = medians[key]
    found, scope = found_here
    if found is None:
        return Against("", False)
    ratio = index.to_local(listing.rent, listing.currency, listing.region) / found.median
    rooms = ngettext("%(n)d room", "%(n)d rooms", listing.rooms) % {"n": listing.rooms}
    percent = round(abs(ratio - 1) * 100)
    place = listing.district.name if scope == "district" else listing.region.name
    values = {"percent": percent, "rooms": rooms, "district": place}
    if percent < 3:
        text = _("About the median for %(rooms)s in %(district)s") % values
    elif ratio > 1:
        text = _("%(percent)d %% above the median for %(rooms)s in %(district)s") % values
    else:
        text = _("%(percent)d %% below the median for %(rooms)s in %(district)s") % values
    return Against(text, ratio >= 1.2)


def listing_for_landlord(user: Any, public_id: UUID) -> Listing:
    listing = Listing.objects.select_related("region", "district").filter(public_id=public_id, landlord=user).first()
    if listing is None:
        raise Http404
    return listing


def visible_listing(public_id: UUID, user: Any) -> Listing:
    """A published listing for anyone; a held or closed one only for its landlord."""
    listing = Listing.objects.select_related("region", "district", "landlord__landlord_profile").filter(
        public_id=public_id
    ).first()  # fmt: skip
    if listing is None:
        raise Http404
    if listing.status != ListingStatus.PUBLISHED and listing.landlord_id != getattr(user, "pk", None):
        raise Http404
    return listing


def requests_of_tenant(*, household: Any = None, user: Any = None) -> QuerySet[RentalRequest]:
    if household is None and (user is None or not user.is_authenticated):
        return RentalRequest.objects.none()
    tenant = {"household": household} if household is not None else {"user": user}
    return RentalRequest.objects.filter(**tenant).select_related("listing__district", "listing__region")


def requests_to_landlord(user: Any) -> QuerySet[RentalRequest]:
    return RentalRequest.objects.filter(listing__landlord=user).select_related("listing__district", "household")


def held_for(user: Any) -> QuerySet[Listing]:
    return Listing.objects.filter(status=ListingStatus.HELD, region__in=coordinated_regions(user)).select_related(
        "region", "district"
    )


def open_reports_for(user: Any) -> QuerySet[DiscriminationReport]:
    return DiscriminationReport.objects.filter(
        status=ReportStatus.OPEN, listing__region__in=coordinated_regions(user)
    ).select_related("listing__district")


def listing_for_coordinator(user: Any, public_id: UUID) -> Listing:
    listing = Listing.objects.select_related("region", "district").filter(
        public_id=public_id, region__in=coordinated_regions(user)
    ).first()  # fmt: skip
    if listing is None:
        raise Http404
    return listing


def report_for_coordinator(user: Any, public_id: UUID) -> DiscriminationReport:
    report = DiscriminationReport.objects.select_related("listing__region", "listing__district").filter(
        public_id=public_id, listing__region__in=coordinated_regions(user)
    ).first()  # fmt: skip
    if report is None:
        raise Http404
    return report
