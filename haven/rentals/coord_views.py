"""Coordinators' pages for rentals: listings held for a look, reports of discrimination."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.backoffice.views import coordinator_required
from haven.rentals import selectors, services
from haven.rentals.forms import DecideReportForm, ReviewForm
from haven.rentals.views import REFUSED


@require_GET
@coordinator_required
def held(request: HttpRequest) -> HttpResponse:
    context = {
        "listings": list(selectors.held_for(request.user)),
        "reports": list(selectors.open_reports_for(request.user)),
    }
    return render(request, "rentals/coord_list.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    listing = selectors.listing_for_coordinator(request.user, public_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(listing=listing, by=request.user, **form.cleaned_data)
        except services.Refused as refused:
            messages.error(request, str(REFUSED[refused.why]))
        else:
            messages.success(request, _("Decision saved; the landlord sees it with your reason."))
        return redirect("rentals:held")
    context = {"listing": listing, "form": form, "against": selectors.against_median(listing)}
    return render(request, "rentals/coord_listing.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def decide_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = selectors.report_for_coordinator(request.user, public_id)
    form = DecideReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_report(report=report, by=request.user, **form.cleaned_data)
        except services.Refused as refused:
            messages.error(request, str(REFUSED[refused.why]))
        else:
            messages.success(request, _("Report handled."))
        return redirect("rentals:held")
    return render(
        request, "rentals/coord_report.html", {"report": report, "form": form}, status=400 if form.errors else 200
    )
