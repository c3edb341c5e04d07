"""Pages for hosts: offer a place, see one's offers, pause, edit, withdraw."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.hosting import services
from haven.hosting.forms import OfferForm, offer_form_data
from haven.hosting.models import OfferStatus, Vetting
from haven.hosting.selectors import offer_for_host, offers_of_host, vetting_of


def _suspended(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Your hosting is suspended. Please talk to your city's coordinators."))
    return redirect("hosting:offers")


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    from haven.stays.selectors import waiting_for_host  # stays build on offers

    context = {
        "offers": offers_of_host(request.user),
        "profile": vetting_of(request.user),
        "waiting": waiting_for_host(request.user).count(),
    }
    return render(request, "hosting/offers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_offer(request: HttpRequest) -> HttpResponse:
    if vetting_of(request.user).vetting == Vetting.SUSPENDED:
        return _suspended(request)
    form = OfferForm(request.POST or None, initial={"kind": "room", "languages": [request.LANGUAGE_CODE[:2]]})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_offer(host=request.user, **form.cleaned_data)
        except services.HostSuspended:
            return _suspended(request)
        messages.success(request, _("Thank you. Your offer is open."))
        return redirect("hosting:offers")
    return render(request, "hosting/offer_form.html", {"form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    offer = offer_for_host(request.user, public_id)
    form = OfferForm(request.POST or None, initial=offer_form_data(offer), current_region=offer.region)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer, **form.cleaned_data)
        except services.HostSuspended:
            return _suspended(request)
        messages.success(request, _("Your offer is saved."))
        return redirect("hosting:offers")
    return render(request, "hosting/offer_form.html", {"form": form, "offer": offer})


_MOVES = {
    "pause": (OfferStatus.PAUSED, gettext_lazy("Offer paused. Nobody will be proposed to you until you resume it.")),
    "resume": (OfferStatus.ACTIVE, gettext_lazy("Offer open again.")),
    "withdraw": (OfferStatus.WITHDRAWN, gettext_lazy("Offer withdrawn.")),
}


@login_required
@require_POST
def change_status(request: HttpRequest, public_id: UUID, move: str) -> HttpResponse:
    offer = offer_for_host(request.user, public_id)
    if move not in _MOVES:
        return redirect("hosting:offers")
    status, message = _MOVES[move]
    try:
        services.set_offer_status(offer, status)
    except services.HostSuspended:
        return _suspended(request)
    messages.success(request, str(message))
    return redirect("hosting:offers")
