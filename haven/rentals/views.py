"""Pages of rentals: search and a listing's page for tenants, the rent index, a landlord's
listings and requests, anonymous reports. The coordinators' pages are in coord_views.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.selectors import active_regions
from haven.lib import charts, ratelimit
from haven.registry.selectors import arrival_or_account
from haven.rentals import index, selectors, services
from haven.rentals.forms import (
    AnswerForm,
    DiscriminationReportForm,
    ListingForm,
    PhotoForm,
    RentReportForm,
    RequestForm,
    SearchForm,
)
from haven.rentals.models import Listing, ListingStatus, RequestStatus

REFUSED = {
    "pledge": gettext_lazy("Accept the fair-housing pledge first: then your listings can be published."),
    "suspended": gettext_lazy("Your listings are suspended after confirmed reports of discrimination."),
    "closed": gettext_lazy("This listing is closed and cannot be changed."),
    "not-published": gettext_lazy("This flat is not open for requests now."),
    "own-listing": gettext_lazy("This is your own listing."),
    "too-early": gettext_lazy("The flat is free only from its date: choose that day or later."),
    "answered": gettext_lazy("This request was already answered."),
    "too-many": gettext_lazy("At most 6 photos for one flat: remove one first."),
    "too-big": gettext_lazy("That photo is too large. Send a smaller one."),
    "too-many-pixels": gettext_lazy("That photo has more than 100 megapixels. Send a smaller one."),
    "not-an-image": gettext_lazy("That file is not a photo we can read (JPEG, PNG or WebP)."),
    "not-held": gettext_lazy("This listing is no longer waiting for a look."),
    "handled": gettext_lazy("This report was already handled."),
}


_tenant = arrival_or_account  # who asks from this browser: a household by its code, or an account


# --- tenants ---------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    listings: list[Listing] = []
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        listings = selectors.within_budget(
            list(selectors.search(data)[:1000]), data.get("budget"), data.get("currency") or ""
        )[:50]
    medians: dict[Any, Any] = {}  # one median per city, district, rooms and landlord on the page
    rows = [(listing, selectors.against_median(listing, medians)) for listing in listings]
    return render(request, "rentals/search.html", {"form": form, "rows": rows}, status=400 if form.errors else 200)


def _listing_page(
    request: HttpRequest, listing: Listing, form: RequestForm | None = None, status: int = 200
) -> HttpResponse:
    tenant = _tenant(request)
    mine = (
        []
        if not tenant
        else list(
            selectors.requests_of_tenant(**tenant).filter(
                listing=listing, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
            )
        )
    )
    context = {
        "listing": listing, "against": selectors.against_median(listing), "photos": list(listing.photos.all()),
        "pledged": bool(getattr(getattr(listing.landlord, "landlord_profile", None), "pledge_accepted_at", None)),
        "can_ask": bool(tenant) and listing.status == ListingStatus.PUBLISHED and listing.landlord_id != request.user.pk,
        "form": form or RequestForm(initial={"move_in": listing.available_from}), "mine": mine,
        "is_landlord": listing.landlord_id == request.user.pk,
    }  # fmt: skip
    return render(request, "rentals/listing.html", context, status=status)


@require_GET
def listing(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _listing_page(request, selectors.visible_listing(public_id, request.user))


@require_POST
def ask(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.visible_listing(public_id, request.user)
    tenant = _tenant(request)
    if not tenant:
        messages.info(request, _("Enter your case code or log in to ask for a flat."))
        return redirect("registry:lookup")
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _listing_page(request, found, form, status=400)
    try:
        services.send_request(listing=found, **form.cleaned_data, **tenant)
    except services.Refused as refused:
        messages.error(request, str(REFUSED[refused.why]))
        return redirect("rentals:listing", public_id=found.public_id)
    messages.success(request, _("Sent. The landlord's answer will reach you, and it shows under My requests."))
    return redirect("rentals:my-requests")


@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    tenant = _tenant(request)
    if not tenant:
        return redirect("registry:lookup")
    rows = list(selectors.requests_of_tenant(**tenant))
    for row in rows:
        if row.status == RequestStatus.ACCEPTED:
            services.record_address_view(request=row, viewer=request.user)
    return render(request, "rentals/my_requests.html", {"rows": rows})


@require_POST
def withdraw_request(request: HttpRequest, public_id: UUID) -> HttpResponse:
    tenant = _tenant(request)
    found = selectors.requests_of_tenant(**tenant).filter(public_id=public_id).first() if tenant else None
    if found is None:
        raise Http404
    try:
        services.withdraw_request(found)
    except services.Refused as refused:
        messages.error(request, str(REFUSED[refused.why]))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("rentals:my-requests")


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.visible_listing(public_id, request.user)
    form = DiscriminationReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("rental-report", request):
            return render(request, "429.html", status=429)
        services.report_discrimination(listing=found, **form.cleaned_data)
        messages.success(request, _("Thank you. A coordinator will look at it; your report is anonymous."))
        return redirect("rentals:search")
    return render(request, "rentals/report.html", {"listing": found, "form": form}, status=400 if form.errors else 200)


# --- the rent index --------------------------------------------------------------------


def _series() -> list[index.CitySeries]:
    return [index.city_series(region) for region in active_regions()]


ROOM_SERIES = ((1, "bar-a"), (2, "bar-b"), (3, "bar-c"))


def _chart(series: index.CitySeries) -> Any:
    """Medians per month for 1, 2 and 3+ rooms; a month with too few rents has no bar."""
    labels = [month.strftime("%m.%y") for month in series.months]
    rows = [
        charts.Series(
            ngettext("%(n)d room", "%(n)d rooms", rooms) % {"n": rooms} + ("+" if rooms == 3 else ""),
            [round(c.median) if c else 0 for c in series.by_rooms[rooms]], css,
        )
        for rooms, css in ROOM_SERIES
    ]  # fmt: skip
    title = _("Median monthly rent in %(city)s, %(currency)s") % {
        "city": series.region.name,
        "currency": series.currency,
    }
    return charts.bars(title, labels, rows, label_every=2)


@require_http_methods(["GET", "POST"])
def rent_index(request: HttpRequest) -> HttpResponse:
    form = RentReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not _tenant(request):
        # Tenants tell their rent: someone with a case code or an account, never named.
        messages.info(request, _("Enter your case code or log in to tell your rent."))
        return redirect("registry:lookup")
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("rent-report", request):
            return render(request, "429.html", status=429)
        services.report_rent(**form.cleaned_data)
        messages.success(request, _("Thank you. Your rent counts in the index from now on, with no name on it."))
        return redirect("rentals:index")
    cities = [(series, _chart(series)) for series in _series()]
    context = {"cities": cities, "form": form, "min_cell": index.MIN_CELL, "room_series": ROOM_SERIES}
    return render(request, "rentals/index.html", context, status=400 if form.errors else 200)


@require_GET
def rent_index_json(request: HttpRequest) -> JsonResponse:
    """The index as figures: city, currency, and per month and rooms median, quartiles and count."""

    def shown(found: index.Cell | None) -> dict[str, Any] | None:
        return (
            None
            if found is None
            else {"median": round(found.median), "q1": round(found.q1), "q3": round(found.q3), "count": found.count}
        )

    cities = [
        {
            "city": s.region.slug, "currency": s.currency, "months": [m.isoformat()[:7] for m in s.months],
            "rooms": {str(r): [shown(c) for c in cells] for r, cells in s.by_rooms.items()},
            "districts": {
                slug: {"name": name, **{str(r): shown(c) for r, c in cells.items()}} for slug, name, cells in s.districts
            },
        }
        for s in _series()
    ]  # fmt: skip
    return JsonResponse({"min_count": index.MIN_CELL, "cities": cities})


# --- landlords -------------------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    profile = services.profile_of(request.user)
    listings = list(request.user.listings.select_related("district").order_by("-created_at"))  # type: ignore[union-attr]
    current = [listing for listing in listings if listing.status != ListingStatus.WITHDRAWN]
    waiting = list(selectors.requests_to_landlord(request.user).filter(status=RequestStatus.PENDING))
    accepted = [
        (row, services.tenant_contact(request=row, viewer=request.user))
        for row in selectors.requests_to_landlord(request.user).filter(status=RequestStatus.ACCEPTED)[:20]
    ]
    context = {
        "profile": profile, "current": current, "listings": listings, "withdrawn": len(listings) - len(current),
        "waiting": waiting, "accepted": accepted, "answer": AnswerForm(),
    }  # fmt: skip
    return render(request, "rentals/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.accept_pledge(request.user)
        messages.success(request, _("Thank you. Your listings show that you took the pledge."))
        return redirect("rentals:mine")
    return render(request, "rentals/pledge.html", {"profile": services.profile_of(request.user)})


def _saved(request: HttpRequest, saved: Listing) -> HttpResponse:
    if saved.status == ListingStatus.PUBLISHED:
        messages.success(request, _("Your listing is published."))
    else:
        messages.warning(request, _("Your listing is saved but held: see why below."))
    return redirect("rentals:mine")


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    profile = services.profile_of(request.user)
    if profile.pledge_accepted_at is None:
        return redirect("rentals:pledge")
    form = ListingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return _saved(request, services.save_listing(landlord=request.user, **form.cleaned_data))
        except services.Refused as refused:
            messages.error(request, str(REFUSED[refused.why]))
    return render(
        request, "rentals/listing_form.html", {"form": form, "listing": None}, status=400 if form.errors else 200
    )


def _form_data(listing: Listing) -> dict[str, Any]:
    fields = ["rooms", "area_m2", "floor", "furnished", "pets_ok", "children_ok", "rent", "currency", "deposit",
              "min_term_months", "available_from", "description", "address"]  # fmt: skip
    return {
        "region": listing.region.slug,
        "district": str(listing.district_id),
        **{f: getattr(listing, f) for f in fields},
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.listing_for_landlord(request.user, public_id)
    form = ListingForm(
        request.POST if request.method == "POST" else None, initial=_form_data(found), current_region=found.region
    )
    if request.method == "POST" and form.is_valid():
        try:
            return _saved(request, services.save_listing(landlord=request.user, listing=found, **form.cleaned_data))
        except services.Refused as refused:
            messages.error(request, str(REFUSED[refused.why]))
    context = {"form": form, "listing": found}
    return render(request, "rentals/listing_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    try:
        services.withdraw_listing(selectors.listing_for_landlord(request.user, public_id))
    except services.Refused as refused:
        messages.error(request, str(REFUSED[refused.why]))
    else:
        messages.success(request, _("Listing withdrawn."))
    return redirect("rentals:mine")


@login_required
@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.listing_for_landlord(request.user, public_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "remove" in request.POST:
        chosen = request.POST.get("remove", "")
        photo = found.photos.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
        if photo is not None:
            services.remove_photo(photo)
        return redirect("rentals:photos", public_id=found.public_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photo(listing=found, upload=form.cleaned_data["photo"])
        except services.Refused as refused:
            form.add_error("photo", str(REFUSED[refused.why]))
        else:
            messages.success(request, _("Photo added. Its location data, if any, was removed."))
            return redirect("rentals:photos", public_id=found.public_id)
    context = {"listing": found, "form": form, "photos": list(found.photos.all())}
    return render(request, "rentals/photos.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.requests_to_landlord(request.user).filter(public_id=public_id).first()
    form = AnswerForm(request.POST)
    if found is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return redirect("rentals:mine")
    try:
        services.answer_request(request=found, accept=form.cleaned_data["accept"])
    except services.Refused as refused:
        messages.error(request, str(REFUSED[refused.why]))
    else:
        messages.success(request, _("Answered. The tenant is told; a yes takes the flat off the list."))
    return redirect("rentals:mine")
