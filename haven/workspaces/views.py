"""The newcomer's pages: spaces and their free desks by day, booking, the waitlist, a booking's page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.models import Region
from haven.lib import qr
from haven.notify import links as notify_links
from haven.registry.selectors import arrival_or_account
from haven.workspaces import links, selectors, services
from haven.workspaces.forms import BookingForm
from haven.workspaces.models import Amenity, Booking, BookingState, WaitlistEntry
from haven.workspaces.texts import refusal

SLUG = re.compile(r"[-a-z0-9_]+")
BOOKED = _("Booked. Show the code on your phone at the door.")
FREED = _("A desk came free after all: it is held for you. Take it or give it up here.")
WAITING = _("You are on the waitlist. When a desk frees up it is offered to you, and you are told.")


booker = arrival_or_account  # who books from this browser


def booking_url(booking: Booking) -> str:
    return reverse("workspaces:booking", args=[links.token(booking.code)])


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    city = request.GET.get("city", "")[:40]
    region = Region.objects.filter(slug=city).first() if SLUG.fullmatch(city) else None
    spaces = selectors.open_spaces().order_by("region__name_en", "name")
    if region is not None:
        spaces = spaces.filter(region=region)
    today = timezone.localdate()
    shown = list(spaces[:200])
    free = selectors.free_by_day_of(shown, today, today + dt.timedelta(days=6))
    rows = [(s, free[s.pk]) for s in shown]
    cities = Region.objects.filter(workspaces__is_active=True).distinct()
    return render(request, "workspaces/index.html", {"rows": rows, "cities": cities, "city": region})


def _month_start(value: str, today: dt.date) -> dt.date:
    try:
        asked = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return today.replace(day=1)
    first, last = today.replace(day=1), (today + dt.timedelta(days=services.AHEAD_DAYS)).replace(day=1)
    return min(max(asked, first), last)


def _shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


@require_http_methods(["GET", "POST"])
def space(request: HttpRequest, slug: str) -> HttpResponse:
    """A space: what it offers, a month of free desks, and the booking form (or the waitlist when full)."""
    workspace = selectors.space_for_visitor(slug)
    if workspace is None:
        raise Http404
    who = booker(request)
    form = BookingForm(request.POST if request.method == "POST" else None)
    full_days: list[dt.date] = []
    if request.method == "POST" and who and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("waitlist"):
                entry = services.join_waitlist(workspace=workspace, **data, **who)
                offered = entry.offer is not None
                messages.success(request, str(FREED if offered else WAITING))
                return redirect(booking_url(entry.offer) if entry.offer is not None else "workspaces:mine")
            booking = services.book(workspace=workspace, **data, **who)
        except services.DeskRefused as refused:
            form.add_error(None, refusal(refused))
            full_days = refused.days if refused.why == "full" else []
        else:
            messages.success(request, str(BOOKED))
            return redirect(booking_url(booking))
    today = services.today_at(workspace)
    month_start = _month_start(request.GET.get("month", ""), today)
    context = {
        "space": workspace, "form": form, "who": who, "full_days": full_days, "today": today,
        "amenities": [Amenity(a).label for a in workspace.amenities if a in Amenity.values],
        "weekday_names": [formats.date_format(dt.date(2024, 1, 1) + dt.timedelta(days=i), "D") for i in range(7)],
        "weeks": selectors.month(workspace, month_start, today), "month": month_start,
        "closed_days": workspace.closed_days.filter(day__gte=max(today, month_start), day__lt=_shift(month_start, 1)),
        "previous": _shift(month_start, -1) if month_start > today.replace(day=1) else None,
        "next": _shift(month_start, 1) if _shift(month_start, 1) <= today + dt.timedelta(days=services.AHEAD_DAYS) else None,
    }  # fmt: skip
    # "Full" is no mistake of the visitor's: it is answered plainly, with the waitlist offered.
    return render(request, "workspaces/space.html", context, status=400 if form.errors and not full_days else 200)


@require_GET
def booking(request: HttpRequest, token: str) -> HttpResponse:
    """A booking's page: its days, its code as a QR for the door, and what can be done with it."""
    found = selectors.booking_by_token(token)
    if found is None:
        return render(request, "workspaces/unknown.html", status=404)
    check_in = notify_links.absolute(
        reverse("workspaces:check-in", args=[found.workspace.slug]) + f"?code={found.shown_code}"
    )
    context = {"booking": found, "space": found.workspace, "token": token, "qr": qr.svg(check_in), "days": found.days}
    return render(request, "workspaces/booking.html", context)


@require_POST
def booking_move(request: HttpRequest, token: str, move: str) -> HttpResponse:
    found = selectors.booking_by_token(token)
    if found is None:
        return render(request, "workspaces/unknown.html", status=404)
    try:
        if move == "accept":
            services.accept_offer(booking=found)
            messages.success(request, str(_("The desk is yours.")))
        elif move == "cancel":
            services.cancel(booking=found)
            messages.success(request, str(_("Cancelled. The desk goes to the next in line, if anyone waits.")))
        else:
            raise Http404
    except services.DeskRefused as refused:
        messages.error(request, refusal(refused))
    return redirect("workspaces:booking", token)


@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The bookings and waitlist places of this browser's household or account."""
    who = booker(request)
    if not who:
        return render(request, "workspaces/who.html", status=403)
    if request.method == "POST":
        entry = WaitlistEntry.objects.filter(pk=_int(request.POST.get("leave", "")), **who).first()
        if entry is not None and services.leave_waitlist(entry=entry):
            messages.success(request, str(_("You left the waitlist.")))
        elif entry is not None:
            messages.info(request, str(_("A desk was offered to you meanwhile: take it or give it up on its page.")))
        return redirect("workspaces:mine")
    bookings = [(b, booking_url(b)) for b in selectors.bookings_of(**who)]
    waits = [(w, selectors.place_on_waitlist(w)) for w in selectors.waits_of(**who)]
    held = [b for b, _ in bookings if b.state == BookingState.HELD]
    team = _team_desks(who.get("household"))
    context = {"bookings": bookings, "waits": waits, "held": held, "team": team}
    return render(request, "workspaces/mine.html", context)


def _team_desks(household: Any) -> tuple[Booking, str] | None:
    """The desks an employer booked for the team this household moved with, if any."""
    request = getattr(household, "relocation", None) if household is not None else None
    booking = request.desk_booking if request is not None else None
    if booking is None or booking.state != BookingState.ACTIVE:
        return None
    return booking, booking_url(booking)


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdecimal() and len(value) < 12 else 0
