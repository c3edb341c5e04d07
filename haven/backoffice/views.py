"""The coordinator's back-office: their regions' households, offers and hosts.

Every page that shows personal data writes an audit entry; contact details need a
second, explicit step with a reason.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.models import User
from haven.accounts.selectors import coordinated_regions
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.backoffice.forms import HouseholdFilterForm, RevealForm
from haven.hosting import services as hosting
from haven.hosting.forms import VettingForm
from haven.hosting.models import OfferStatus
from haven.hosting.selectors import offer_for_coordinator, offers_for_coordinator, vetting_of
from haven.registry.models import Status
from haven.registry.selectors import household_for_coordinator, households_for_coordinator


def _coordinator(request: HttpRequest) -> None:
    """Only coordinators get past; everyone else sees what a missing page looks like."""
    if not coordinated_regions(request.user).exists():  # type: ignore[arg-type]
        raise Http404


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    regions = coordinated_regions(request.user).annotate(  # type: ignore[arg-type]
        open_households=Count("households", filter=Q(households__status=Status.OPEN), distinct=True),
    )
    beds = dict(
        offers_for_coordinator(request.user)
        .filter(status=OfferStatus.ACTIVE)
        .values_list("region")
        .annotate(Sum("beds"))
        .values_list("region", "beds__sum")
    )
    rows = [(region, region.open_households, beds.get(region.pk, 0)) for region in regions]  # type: ignore[attr-defined]
    return render(request, "backoffice/home.html", {"rows": rows})


@login_required
@require_GET
def households(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    form = HouseholdFilterForm(request.GET or None, regions=[(r.slug, r.name) for r in regions])
    qs = households_for_coordinator(request.user)
    if form.is_valid():
        if form.cleaned_data["region"]:
            qs = qs.filter(region__slug=form.cleaned_data["region"])
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/households.html", {"form": form, "page": page})


@login_required
@require_GET
def household(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _coordinator(request)
    record = household_for_coordinator(request.user, public_id)
    audit.record(
        actor=request.user, action=Action.VIEWED, subject_kind="household", subject_id=str(record.public_id),
        region=record.region,
    )  # fmt: skip
    return render(request, "backoffice/household.html", {"household": record, "reveal_form": RevealForm()})


@login_required
@require_POST
def reveal_contact(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _coordinator(request)
    record = household_for_coordinator(request.user, public_id)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(request, "backoffice/household.html", {"household": record, "reveal_form": form}, status=400)
    audit.record(
        actor=request.user, action=Action.REVEALED_CONTACT, subject_kind="household",
        subject_id=str(record.public_id), region=record.region, why=Why(form.cleaned_data["why"]),
    )  # fmt: skip
    context = {"household": record, "reveal_form": form, "contact_shown": True}
    return render(request, "backoffice/household.html", context)


@login_required
@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    page = Paginator(offers_for_coordinator(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/offers.html", {"page": page})


@login_required
@require_GET
def offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _coordinator(request)
    record = offer_for_coordinator(request.user, public_id)
    audit.record(
        actor=request.user, action=Action.VIEWED, subject_kind="offer", subject_id=str(record.public_id),
        region=record.region,
    )  # fmt: skip
    profile = vetting_of(record.host)
    form = VettingForm(initial={"vetting": profile.vetting, "note": profile.vetting_note})
    return render(request, "backoffice/offer.html", {"offer": record, "profile": profile, "vetting_form": form})


@login_required
@require_POST
def vet(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Vet the host of an offer in the coordinator's region."""
    _coordinator(request)
    record = offer_for_coordinator(request.user, public_id)
    form = VettingForm(request.POST)
    if not form.is_valid():
        profile = vetting_of(record.host)
        context = {"offer": record, "profile": profile, "vetting_form": form}
        return render(request, "backoffice/offer.html", context, status=400)
    host: User = record.host
    hosting.vet_host(
        host=host, by=request.user, vetting=form.cleaned_data["vetting"], note=form.cleaned_data["note"],
        region=record.region,
    )  # fmt: skip
    messages.success(request, _("Vetting saved."))
    return redirect("backoffice:offer", public_id=record.public_id)
