"""The visitor's pages: a point, taking a ticket or an appointment, the ticket, the kiosk,
the waiting-room screen and the door sign. No account and no name anywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.lib import qr, ratelimit
from haven.notify import links as notify_links
from haven.queues import links, selectors, services
from haven.queues.forms import AppointmentForm, KioskForm, TakeForm
from haven.queues.models import ServicePoint, Ticket
from haven.queues.texts import DUPLICATE_CONTACT, LEFT, OFFER_APPOINTMENT, refusal

SESSION_KEY = "queue_tickets"
KEEP = 20  # ticket ids a phone remembers


def _held(request: HttpRequest) -> list[str]:
    value = request.session.get(SESSION_KEY, [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _hold(request: HttpRequest, ticket: Ticket) -> None:
    held = [t for t in _held(request) if t != ticket.public_id]
    request.session[SESSION_KEY] = [*held, ticket.public_id][-KEEP:]


def ticket_url(ticket: Ticket) -> str:
    return reverse("queues:ticket", args=[links.token(ticket.public_id)])


def _language(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "ru")[:8]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    points = list(selectors.open_points().order_by("region__name_en", "name_en"))
    mine = list(selectors.points_for_staff(request.user).order_by("name_en")) if request.user.is_authenticated else []  # type: ignore[arg-type]
    return render(request, "queues/index.html", {"points": points, "mine": mine})


def _my_tickets(request: HttpRequest, point: ServicePoint) -> list[tuple[Ticket, str]]:
    """The open tickets this phone holds at the point, with their links."""
    tickets = Ticket.objects.filter(point=point, public_id__in=_held(request), state__in=("waiting", "called"))
    return [(t, ticket_url(t)) for t in tickets.select_related("service").order_by("day", "queued_at")]


@require_http_methods(["GET", "POST"])
def point(request: HttpRequest, slug: str) -> HttpResponse:
    """The point's page: its lines and waits, and the button that takes a ticket."""
    point = selectors.point_for_visitor(slug)
    services_offered = list(point.services.filter(is_active=True))
    form = TakeForm(request.POST if request.method == "POST" else None, services=services_offered)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("queue-ticket", request):
            return render(request, "registry/too_many.html", status=429)
        try:
            ticket = services.take_ticket(
                point=point, service=form.chosen(), contact_email=form.cleaned_data["email"],
                language=_language(request), held=_held(request),
            )  # fmt: skip
        except services.QueueRefused as refused:
            if refused.why in OFFER_APPOINTMENT:
                messages.error(request, refusal(refused, point))
                return redirect(f"{reverse('queues:appointment', args=[point.slug])}?service={form.chosen().letter}")
            return _refused(request, point, refused) or redirect("queues:point", point.slug)
        _hold(request, ticket)
        return redirect(ticket_url(ticket))
    here = services.local(point)
    closed = services.closed_now(point, here, selectors.today_row(point))
    context = {
        "point": point, "form": form, "lines": selectors.lines_at(point), "mine": _my_tickets(request, point),
        "now": here, "closed": refusal(services.QueueRefused(closed), point) if closed else "",
        "open_today": services.is_open_day(point, here.date()),
    }  # fmt: skip
    return render(request, "queues/point.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def appointment(request: HttpRequest, slug: str) -> HttpResponse:
    """A time on a later day, when today is full or closed."""
    point = selectors.point_for_visitor(slug)
    services_offered = list(point.services.filter(is_active=True))
    form = AppointmentForm(request.POST if request.method == "POST" else None, services=services_offered)
    letter = request.POST.get("service") or request.GET.get("service") or ""
    service = next(
        (s for s in services_offered if s.letter == letter), services_offered[0] if services_offered else None
    )
    if service is not None and not form.is_bound:
        form.fields["service"].initial = service.letter
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("queue-ticket", request):
            return render(request, "registry/too_many.html", status=429)
        try:
            ticket = services.book_appointment(
                point=point, service=form.chosen(), at=form.cleaned_data["slot"].replace(tzinfo=point.zone),
                contact_email=form.cleaned_data["email"], language=_language(request), held=_held(request),
            )  # fmt: skip
        except services.QueueRefused as refused:
            found = _refused(request, point, refused)
            if found is not None:
                return found
            form.add_error("slot", refusal(refused, point))
        else:
            _hold(request, ticket)
            return redirect(ticket_url(ticket))
    free = selectors.free_slots(point, service) if service else {}
    day = _chosen_day(request.POST.get("slot", "")[:10] or request.GET.get("day", ""), free)
    context = {
        "point": point, "form": form, "service": service, "services": services_offered, "day": day,
        "days": list(free)[:DAYS_SHOWN],
        "slots": [(services.local(point, s).strftime("%Y-%m-%dT%H:%M"), services.local(point, s).strftime("%H:%M")) for s in free.get(day, [])] if day else [],
        "chosen": form["slot"].value() if form.is_bound else None,
    }  # fmt: skip
    return render(request, "queues/appointment.html", context, status=400 if form.errors else 200)


DAYS_SHOWN = 10  # days to choose from on the appointment page


def _chosen_day(value: str, free: dict[dt.date, list[dt.datetime]]) -> dt.date | None:
    """The day asked for if it has free times, else the first that has."""
    try:
        asked = dt.date.fromisoformat(value)
    except ValueError:
        asked = None
    if asked in free:
        return asked
    return next(iter(free), None)


def _refused(request: HttpRequest, point: ServicePoint, refused: services.QueueRefused) -> HttpResponse | None:
    """A second ticket: back to the first if this phone holds it; told plainly (and shown nothing) if not."""
    if refused.why != "duplicate" or refused.ticket is None:
        return None
    if refused.ticket.public_id in _held(request):
        messages.error(request, refusal(refused, point))
        return redirect(ticket_url(refused.ticket))
    # Found by the e-mail typed: whoever typed it may not be its owner, so no link, no number.
    messages.error(request, str(DUPLICATE_CONTACT))
    return redirect("queues:point", point.slug)


def _ticket_context(ticket: Ticket) -> dict[str, Any]:
    place = selectors.place_of(ticket) if ticket.state == "waiting" else None
    return {
        "ticket": ticket,
        "point": ticket.point,
        "place": place,
        "token": links.token(ticket.public_id),
        "today": services.local(ticket.point).date(),
    }


def _unknown_ticket(request: HttpRequest) -> HttpResponse:
    return render(request, "queues/ticket_unknown.html", status=404)


@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket: its place, the wait, and the counter when called. htmx asks for the status part only."""
    found = selectors.ticket_by_token(token)
    if found is None:
        return _unknown_ticket(request)
    _hold(request, found)
    with timezone.override(found.point.zone):  # times as the clock on the point's wall shows them
        if request.headers.get("HX-Request"):
            return render(request, "queues/ticket.html#status", _ticket_context(found))
        return render(request, "queues/ticket.html", _ticket_context(found))


@require_POST
def leave(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.ticket_by_token(token)
    if found is None:
        return _unknown_ticket(request)
    try:
        services.leave(ticket=found)
    except services.QueueRefused as refused:
        messages.error(request, refusal(refused, found.point))
    else:
        messages.success(request, str(LEFT))
    return redirect("queues:ticket", token)


# --- the kiosk: a shared screen at the door ------------------------------------------------


def _kiosk_point(slug: str, key: str) -> ServicePoint:
    point = selectors.point_for_visitor(slug)
    if not constant_time_compare(key, point.kiosk_key):
        raise Http404
    return point


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Big buttons, one per service; a ticket is shown on a page of its own, so a reload gives no second one."""
    point = _kiosk_point(slug, key)
    services_offered = list(point.services.filter(is_active=True))
    form = KioskForm(request.POST if request.method == "POST" else None, services=services_offered)
    here = services.local(point)
    closed = services.closed_now(point, here, selectors.today_row(point))
    appointment_url = notify_links.absolute(reverse("queues:appointment", args=[point.slug]))
    context: dict[str, Any] = {
        "point": point, "services": services_offered, "closed": refusal(services.QueueRefused(closed), point) if closed else "",
        "appointment_url": appointment_url, "appointment_qr": qr.svg(appointment_url, 4) if closed else "",
    }  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.take_ticket(
                point=point, service=form.chosen(), language=_language(request), by_kiosk=True
            )
        except services.QueueRefused as refused:
            context["refused"] = refusal(refused, point)
            context["appointment_qr"] = qr.svg(appointment_url, 4)
            return render(request, "queues/kiosk.html", context, status=409)
        return redirect("queues:kiosk-ticket", point.slug, key, links.token(ticket.public_id))
    if form.errors:
        context["refused"] = " ".join(str(e) for e in form.errors.get("service", []))
    return render(request, "queues/kiosk.html", context, status=400 if form.errors else 200)


@require_GET
def kiosk_ticket(request: HttpRequest, slug: str, key: str, token: str) -> HttpResponse:
    """The ticket just taken at the kiosk: its number, its place, and a code to follow it on a phone."""
    point = _kiosk_point(slug, key)
    found = selectors.ticket_by_token(token)
    if found is None or found.point_id != point.pk:
        raise Http404
    url = notify_links.absolute(ticket_url(found))
    context = {**_ticket_context(found), "qr": qr.svg(url, 6), "url": url, "key": key}
    return render(request, "queues/kiosk_ticket.html", context)


# --- the screen in the waiting room, and the sign on the door ---------------------------------


def _both_languages(texts: dict[str, str], languages: tuple[str, ...] = ("ru", "kk")) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for lang in languages:
        with translation.override(lang):
            found[lang] = {k: gettext(v) for k, v in texts.items()}
    return found


# Shown in Russian and Kazakh at once: the screen is for everyone in the room.
DISPLAY_TEXTS = {
    "ticket": gettext_noop("Ticket"), "counter": gettext_noop("Counter"), "next": gettext_noop("Next in line"),
    "none": gettext_noop("Please wait: nobody is called yet."),
}  # fmt: skip


@require_GET
def display(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.point_for_visitor(slug)
    context = {
        "point": point, "called": selectors.called_now(point), "next": selectors.next_up(point),
        "t": _both_languages(DISPLAY_TEXTS), "now": services.local(point),
    }  # fmt: skip
    with timezone.override(point.zone):
        if request.headers.get("HX-Request"):
            return render(request, "queues/display.html#board", context)
        return render(request, "queues/display.html", context)


DOOR_TEXTS = {"call": gettext_noop("No need to stand outside: point your phone's camera here and take a ticket.")}


@require_GET
def door(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.point_for_visitor(slug)
    url = notify_links.absolute(reverse("queues:point", args=[point.slug]))
    t = _both_languages(DOOR_TEXTS, ("ru", "kk", "en"))
    return render(request, "queues/door.html", {"point": point, "qr": qr.svg(url, 8), "url": url, "t": t})
