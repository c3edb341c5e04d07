"""The coordinator's back-office: their regions' households, offers and hosts.

Every page that shows personal data leaves an audit entry (the access helpers write
it); contact details need a second, explicit step with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.models import User
from haven.accounts.selectors import coordinated_regions, is_coordinator, viewed_regions
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.backoffice.forms import (
    HouseholdFilterForm,
    InboxFilterForm,
    PriorityForm,
    RevealForm,
)
from haven.hosting import services as hosting
from haven.hosting.forms import VettingForm
from haven.hosting.models import Offer, OfferStatus
from haven.hosting.selectors import offer_for_coordinator, offers_for_coordinator, vetting_of
from haven.matching import by_hand
from haven.notify.selectors import undelivered_to
from haven.registry import services as registry
from haven.registry.models import Status
from haven.registry.selectors import household_for_coordinator, households_for_coordinator
from haven.stays import services as stays
from haven.stays.forms import ProposeForm
from haven.stays.selectors import (
    host_record,
    moving_on_soon,
    needing_attention,
    offer_choices,
    stays_for_coordinator,
    stays_for_host,
    unmet_needs,
)
from haven.stays.texts import refused_text

View = Callable[..., HttpResponseBase]


def _role_required(regions_of: Callable[[Any], Any], view: View) -> View:
    """Logged in with a role in some region; everyone else sees what a missing page looks like."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not regions_of(request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view: View) -> View:
    """Coordinating a region (coordinator or lead): pages with names and contacts."""
    return _role_required(coordinated_regions, view)


def viewer_allowed(view: View) -> View:
    """Any role in a region, viewers too: pages of figures, no names."""
    return _role_required(viewed_regions, view)


@require_GET
@viewer_allowed
def home(request: HttpRequest) -> HttpResponse:
    regions = viewed_regions(request.user).annotate(  # type: ignore[arg-type]
        open_households=Count("households", filter=Q(households__status=Status.OPEN), distinct=True),
    )
    beds = dict(
        Offer.objects.filter(region__in=regions, status=OfferStatus.ACTIVE)
        .values_list("region")
        .annotate(Sum("beds"))
        .values_list("region", "beds__sum")
    )
    rows = [(region, region.open_households, beds.get(region.pk, 0)) for region in regions]  # type: ignore[attr-defined]
    # Names are for coordinators: a viewer sees the figures only.
    coordinates = is_coordinator(request.user)  # type: ignore[arg-type]
    attention = needing_attention(request.user) if coordinates else []
    moving = moving_on_soon(request.user) if coordinates else []
    audit.record_listing(
        actor=request.user, subject_kind="household",
        subjects=[(s.household.public_id, s.household.region) for s in [*attention, *moving]],
    )  # fmt: skip
    return render(request, "backoffice/home.html", {"rows": rows, "attention": attention, "moving": moving})


INBOX_PER_PAGE = 50


@require_GET
@coordinator_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Unmet needs, most urgent first, with filters; groups not heard from lately marked."""
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    form = InboxFilterForm(request.GET or None, regions=[(r.slug, r.name) for r in regions])
    qs = unmet_needs(request.user)
    stale_before = timezone.now() - dt.timedelta(days=settings.HAVEN_STALE_DAYS)
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            qs = qs.filter(region__slug=data["region"])
        if data["district"]:
            qs = qs.filter(district__slug=data["district"])
        if data["night"]:
            qs = qs.filter(needed_from__lte=data["night"], needed_until__gt=data["night"])
        if data["people"]:
            qs = qs.filter(people__gte=data["people"])
        for flag in ("pets", "step_free", "women_only"):
            if data[flag]:
                qs = qs.filter(**{flag: True})
        if data["stale"]:
            qs = qs.filter(last_seen_at__lt=stale_before)
    page = Paginator(qs, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    audit.record_listing(actor=request.user, subject_kind="household", subjects=[(h.public_id, h.region) for h in page])
    context = {"form": form, "page": page, "stale_before": stale_before, "today": timezone.localdate()}
    return render(request, "backoffice/inbox.html", context)


@require_POST
@coordinator_required
def ask_still_needed(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One click: ask the group whether it still needs a place (through the outbox)."""
    record = household_for_coordinator(request.user, public_id, audited=False)
    if registry.ask_still_needed(household=record, by=request.user):
        messages.success(request, _("Asked. Their answer will show here; until then they stay in the inbox."))
    else:
        messages.error(request, _("No message can reach this group (no e-mail given): please call or write to them."))
    back = request.POST.get("next", "")
    if back.startswith("/coord/") and "//" not in back:
        return redirect(back)
    return redirect("backoffice:household", public_id=record.public_id)


@require_GET
@coordinator_required
def households(request: HttpRequest) -> HttpResponse:
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    form = HouseholdFilterForm(request.GET or None, regions=[(r.slug, r.name) for r in regions])
    qs = households_for_coordinator(request.user)
    if form.is_valid():
        if form.cleaned_data["region"]:
            qs = qs.filter(region__slug=form.cleaned_data["region"])
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit.record_listing(actor=request.user, subject_kind="household", subjects=[(h.public_id, h.region) for h in page])
    return render(request, "backoffice/households.html", {"form": form, "page": page})


PLAN_SALT = "haven.backoffice.candidate-plan"


def _shown(candidates: list[Any]) -> list[dict[str, Any]]:
    """Candidates with their offers read (one query) and a signed token to propose them."""
    ids = {leg["offer"] for c in candidates for leg in c.legs}
    offers = {str(o.public_id): o for o in Offer.objects.select_related("district").filter(public_id__in=ids)}
    return [
        {
            "candidate": c,
            "legs": [{**leg, "place": offers.get(leg["offer"])} for leg in c.legs],
            "token": signing.dumps(c.legs, salt=PLAN_SALT),
        }
        for c in candidates
    ]


def _household_page(request: HttpRequest, record: Any, status: int = 200, **extra: Any) -> HttpResponse:
    # The engine's candidates cost up to a second in a big city: the page comes first and
    # asks for them (htmx), or shows them at once with ?candidates=1 (no JavaScript).
    inline = request.GET.get("candidates") == "1" and record.status == Status.OPEN
    context = {
        "candidates": _shown(by_hand.candidates_for(record)) if inline else [],
        "candidates_loaded": inline,
        "household": record,
        "reveal_form": RevealForm(),
        # Only stays at places of her cities: a group that moved takes no notes along.
        "stays": stays_for_coordinator(request.user).filter(household=record).order_by("start", "created_at"),
        "propose_form": ProposeForm(offers=offer_choices(record.region)),
        "undelivered": undelivered_to(record),
        **extra,
    }
    return render(request, "backoffice/household.html", context, status=status)


@require_GET
@coordinator_required
def household(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _household_page(request, household_for_coordinator(request.user, public_id))


@require_GET
@coordinator_required
def household_candidates(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The engine's best places for a group, as the fragment htmx swaps into its page (a look of its own, audited)."""
    record = household_for_coordinator(request.user, public_id, why=Why.MATCHING)
    candidates = _shown(by_hand.candidates_for(record)) if record.status == Status.OPEN else []
    context = {"household": record, "candidates": candidates, "candidates_loaded": True}
    return render(request, "backoffice/household.html#candidates", context)


@require_POST
@coordinator_required
def propose_plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Propose one of the engine's candidates (signed when shown: legs cannot be forged)."""
    record = household_for_coordinator(request.user, public_id, audited=False)
    try:
        legs = signing.loads(request.POST.get("plan", ""), salt=PLAN_SALT, max_age=3600)
        places = {
            str(o.public_id): o
            for o in offers_for_coordinator(request.user).filter(public_id__in=[leg["offer"] for leg in legs])
        }
        requests = [
            stays.LegRequest(
                places[leg["offer"]], dt.date.fromisoformat(leg["from"]), dt.date.fromisoformat(leg["until"])
            )
            for leg in legs
        ]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        messages.error(request, _("This suggestion is out of date. Here are the current ones."))
        return redirect("backoffice:household", public_id=record.public_id)
    try:
        stays.propose(household=record, legs=requests, by=request.user)
    except stays.StayRefused as refused:
        messages.error(request, refused_text(refused.why))
    else:
        messages.success(request, _("Proposed. The host has been asked and the group told."))
    return redirect("backoffice:household", public_id=record.public_id)


@require_POST
@coordinator_required
def propose_stay(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Match by hand: propose one of the city's places to this group for chosen nights."""
    record = household_for_coordinator(request.user, public_id, audited=False)
    choices = offer_choices(record.region)
    form = ProposeForm(request.POST, offers=choices)
    if not form.is_valid():
        return _household_page(request, record, status=400, propose_form=form)
    offer = offers_for_coordinator(request.user).filter(public_id=form.cleaned_data["offer"]).first()
    if offer is None:
        raise Http404
    leg = stays.LegRequest(offer, form.cleaned_data["start"], form.cleaned_data["end"])
    try:
        stays.propose(household=record, legs=[leg], by=request.user)
    except stays.StayRefused as refused:
        form.add_error(None, refused_text(refused.why))
        return _household_page(request, record, status=400, propose_form=form)
    messages.success(request, _("Proposed. The host has been asked and the group told."))
    return redirect("backoffice:household", public_id=record.public_id)


@require_POST
@coordinator_required
def set_priority(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Mark a group as a priority for matching, or take the mark away."""
    record = household_for_coordinator(request.user, public_id, audited=False)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether this group is a priority."))
    else:
        registry.set_priority(record, priority=form.cleaned_data["priority"], by=request.user)
        if record.priority:
            messages.success(request, _("Marked as a priority: matching will weigh this group higher."))
        else:
            messages.success(request, _("No longer marked as a priority."))
    return redirect("backoffice:household", public_id=record.public_id)


@require_POST
@coordinator_required
def reveal_contact(request: HttpRequest, public_id: UUID) -> HttpResponse:
    form = RevealForm(request.POST)
    if not form.is_valid():
        record = household_for_coordinator(request.user, public_id)
        return render(request, "backoffice/household.html", {"household": record, "reveal_form": form}, status=400)
    record = household_for_coordinator(
        request.user, public_id, action=Action.REVEALED_CONTACT, why=Why(form.cleaned_data["why"])
    )
    context = {"household": record, "reveal_form": form, "contact_shown": True}
    return render(request, "backoffice/household.html", context)


@require_GET
@coordinator_required
def offers(request: HttpRequest) -> HttpResponse:
    page = Paginator(offers_for_coordinator(request.user), 50).get_page(request.GET.get("page"))
    audit.record_listing(actor=request.user, subject_kind="offer", subjects=[(o.public_id, o.region) for o in page])
    return render(request, "backoffice/offers.html", {"page": page})


def _offer_page(
    request: HttpRequest, public_id: UUID, form: VettingForm | None = None, status: int = 200
) -> HttpResponse:
    record = offer_for_coordinator(request.user, public_id)
    profile = vetting_of(record.host)
    form = form or VettingForm(initial={"vetting": profile.vetting, "note": profile.vetting_note})
    fitting = by_hand.households_fitting(record) if record.status == OfferStatus.ACTIVE else []
    history = list(stays_for_host(record.host).filter(offer__region=record.region)[:50])
    audit.record_listing(
        actor=request.user, subject_kind="household",
        subjects=[(h.public_id, h.region) for h in [*(h for h, _ in fitting), *(s.household for s in history)]],
    )  # fmt: skip
    context = {
        "offer": record, "profile": profile, "vetting_form": form, "own": record.host == request.user,
        "history": history,
        "record": host_record(record.host),
        "fitting": [{"household": h, "candidate": c, "token": signing.dumps(c.legs, salt=PLAN_SALT)} for h, c in fitting],
    }  # fmt: skip
    return render(request, "backoffice/offer.html", context, status=status)


@require_GET
@coordinator_required
def offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _offer_page(request, public_id)


@require_POST
@coordinator_required
def vet(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Vet the host of an offer in the coordinator's region (never oneself)."""
    record = offer_for_coordinator(request.user, public_id, audited=False)
    form = VettingForm(request.POST)
    if record.host == request.user:
        form.add_error(None, _("You cannot vet yourself; another coordinator must."))
    if not form.is_valid():
        return _offer_page(request, public_id, form, status=400)
    voucher = None
    if form.cleaned_data["vetting"] == "vouched":
        voucher = User.objects.filter(email__iexact=form.cleaned_data["voucher"]).first()
    try:
        hosting.vet_host(
            host=record.host, by=request.user, vetting=form.cleaned_data["vetting"], note=form.cleaned_data["note"],
            region=record.region, voucher=voucher,
        )  # fmt: skip
    except hosting.VouchRefused:
        form.add_error("voucher", _("Only a vetted host, other than this one, can vouch."))
        return _offer_page(request, public_id, form, status=400)
    messages.success(request, _("Vetting saved."))
    return redirect("backoffice:offer", public_id=record.public_id)
