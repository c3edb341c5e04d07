"""Stay pages for hosts (with an account), for guests (with their code or a signed link),
and the coordinator's few actions. Each move is a POST to one view that calls one service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.backoffice.views import coordinator_required
from haven.registry.views import enter_household
from haven.stays import links, services
from haven.stays.forms import DeclineForm, ExtendForm, NoteForm
from haven.stays.models import Stay, StayState
from haven.stays.selectors import stay_for_coordinator, stay_for_guest, stay_for_host, stays_for_host
from haven.stays.texts import REFUSED

LINK_REFUSED = {
    "forged": (400, gettext_lazy("This link is not valid. Open your request with your case code instead.")),
    "expired": (410, gettext_lazy("This link has expired. Open your request with your case code instead.")),
    "used": (410, gettext_lazy("This link was already used. Open your request with your case code instead.")),
    "gone": (410, gettext_lazy("This stay is no longer there.")),
}

DONE = {
    "accept": gettext_lazy("Thank you. The guest is told; you will see the contact once the guest confirms too."),
    "decline": gettext_lazy("Declined. This group will not be proposed to this place again."),
    "confirm": gettext_lazy("Confirmed. You will see the host's contact once the host says yes too."),
    "refuse": gettext_lazy("You said no to this place. The coordinators will look for another."),
    "check-in": gettext_lazy("Marked as arrived."),
    "no-show": gettext_lazy("Marked as not arrived. The beds are free again."),
    "extend": gettext_lazy("Extended. The guest is told."),
    "check-out": gettext_lazy("Checked out. Thank you."),
    "note": gettext_lazy("Thank you. Only coordinators will read it."),
    "cancel": gettext_lazy("The stay is cancelled."),
}


def _contact_visible(stay: Stay) -> bool:
    return stay.both_said_yes and stay.state in (StayState.BOOKED, StayState.CHECKED_IN, StayState.CHECKED_OUT)


def _apply(request: HttpRequest, move: str, action: Callable[[], Any]) -> None:
    try:
        action()
    except services.StayRefused as refused:
        messages.error(request, str(REFUSED.get(refused.why, REFUSED["wrong-state"])))
    else:
        messages.success(request, str(DONE[move]))


# --- hosts ---------------------------------------------------------------------------------


@require_GET
@login_required
def host_stays(request: HttpRequest) -> HttpResponse:
    stays = list(stays_for_host(request.user)[:200])
    waiting = [s for s in stays if s.state == StayState.PROPOSED and s.host_accepted_at is None]
    return render(request, "stays/host_stays.html", {"stays": stays, "waiting": waiting})


def _host_page(request: HttpRequest, stay: Stay, **forms: Any) -> HttpResponse:
    visible = _contact_visible(stay)
    if visible:
        services.record_contact_view(stay=stay, viewer=request.user, side="host")
    context = {
        "stay": stay,
        "household": stay.household,
        "contact_visible": visible,
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "extend_form": forms.get("extend_form") or ExtendForm(initial={"until": stay.end}),
        "note_form": forms.get("note_form") or NoteForm(),
    }
    return render(request, "stays/host_stay.html", context, status=400 if forms else 200)


@require_GET
@login_required
def host_stay(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _host_page(request, stay_for_host(request.user, public_id))


@require_POST
@login_required
def host_move(request: HttpRequest, public_id: UUID, move: str) -> HttpResponse:
    stay = stay_for_host(request.user, public_id)
    user = request.user
    if move == "accept":
        _apply(request, move, lambda: services.host_accept(stay=stay, by=user))
    elif move == "decline":
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return _host_page(request, stay, decline_form=form)
        _apply(request, move, lambda: services.host_decline(stay=stay, by=user, reason=form.cleaned_data["reason"]))
    elif move == "check-in":
        _apply(request, move, lambda: services.check_in(stay=stay, by=user))
    elif move == "no-show":
        _apply(request, move, lambda: services.no_show(stay=stay, by=user))
    elif move == "extend":
        extend_form = ExtendForm(request.POST)
        if not extend_form.is_valid():
            return _host_page(request, stay, extend_form=extend_form)
        until = extend_form.cleaned_data["until"]
        _apply(request, move, lambda: services.extend(stay=stay, by=user, until=until))
    elif move == "check-out":
        _apply(request, move, lambda: services.check_out(stay=stay, by=user))
    elif move == "note":
        note_form = NoteForm(request.POST)
        if not note_form.is_valid():
            return _host_page(request, stay, note_form=note_form)
        text = note_form.cleaned_data["text"]
        _apply(request, move, lambda: services.leave_note(stay=stay, text=text, by_guest=False, by=user))
    else:
        raise Http404
    return redirect("stays:host-stay", public_id=stay.public_id)


# --- guests ----------------------------------------------------------------------------------


def _guest_page(request: HttpRequest, stay: Stay, note_form: NoteForm | None = None) -> HttpResponse:
    visible = _contact_visible(stay)
    if visible:
        services.record_contact_view(stay=stay, viewer=None, side="guest")
    context = {"stay": stay, "offer": stay.offer, "contact_visible": visible, "note_form": note_form or NoteForm()}
    return render(request, "stays/guest_stay.html", context, status=400 if note_form else 200)


@require_GET
def guest_stay(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _guest_page(request, stay_for_guest(request, public_id))


@require_POST
def guest_move(request: HttpRequest, public_id: UUID, move: str) -> HttpResponse:
    stay = stay_for_guest(request, public_id)
    if move == "confirm":
        _apply(request, move, lambda: services.guest_confirm(stay=stay))
    elif move == "refuse":
        _apply(request, move, lambda: services.cancel(stay=stay, by_guest=True))
    elif move == "check-in":
        _apply(request, move, lambda: services.check_in(stay=stay, by_guest=True))
    elif move == "check-out":
        _apply(request, move, lambda: services.check_out(stay=stay, by_guest=True))
    elif move == "note":
        form = NoteForm(request.POST)
        if not form.is_valid():
            return _guest_page(request, stay, note_form=form)
        text = form.cleaned_data["text"]
        _apply(request, move, lambda: services.leave_note(stay=stay, text=text, by_guest=True))
    else:
        raise Http404
    return redirect("stays:guest-stay", public_id=stay.public_id)


@require_http_methods(["GET", "POST"])
def guest_link(request: HttpRequest, token: str) -> HttpResponse:
    """A link from a message. Opening it asks to go on (a mail scanner that follows
    links must not use it up); going on uses it and opens the stay."""
    try:
        stay = links.use(token) if request.method == "POST" else links.peek(token)
    except links.LinkRefused as refused:
        status, text = LINK_REFUSED[refused.why]
        return render(request, "stays/link_refused.html", {"text": text}, status=status)
    if request.method == "POST":
        enter_household(request, stay.household)
        return redirect("stays:guest-stay", public_id=stay.public_id)
    return render(request, "stays/link.html", {"stay": stay})


# --- coordinators ---------------------------------------------------------------------------


@require_POST
@coordinator_required
def coordinator_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    stay = stay_for_coordinator(request.user, public_id)
    _apply(request, "cancel", lambda: services.cancel(stay=stay, by=request.user))
    return redirect("backoffice:household", public_id=stay.household.public_id)
