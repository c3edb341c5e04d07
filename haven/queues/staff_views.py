"""The staff's pages: the console at a counter, the point's settings, its figures, and
(for the region's coordinators) opening a point and saying who works there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.selectors import coordinated_regions
from haven.lib import charts
from haven.queues import points, selectors, services
from haven.queues.forms import CounterForm, NewPointForm, PointSettingsForm, ServiceForm, StaffForm, TransferForm
from haven.queues.models import Counter, CounterState, PointStaff, Service, ServicePoint
from haven.queues.texts import refusal

DONE = {
    "next": _("Called %(code)s."),
    "empty": _("Nobody is waiting for this counter."),
    "recall": _("Called %(code)s again."),
    "served": _("%(code)s is served."),
    "no-show": _("%(code)s did not come."),
    "transfer": _("%(code)s is sent to another line, keeping its place."),
    "open": _("The counter is open."),
    "pause": _("The counter is paused: it calls nobody until you open it again."),
    "close": _("The counter is closed."),
}
COUNTER_STATES = {"open": CounterState.OPEN, "pause": CounterState.PAUSED, "close": CounterState.CLOSED}


def _counter(point: ServicePoint, counter_id: int) -> Counter:
    return get_object_or_404(Counter, pk=counter_id, point=point)


@require_GET
@login_required
def console(request: HttpRequest, slug: str, counter_id: int | None = None) -> HttpResponse:
    """The day at a glance, and one counter's buttons."""
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    counters = list(point.counters.all())
    chosen = _counter(point, counter_id) if counter_id is not None else None
    current = services.current_ticket(chosen) if chosen else None
    context = {
        "point": point, "chosen": chosen, "current": current,
        "counters": [(c, services.current_ticket(c)) for c in counters],
        "lines": selectors.lines_at(point), "today": selectors.today_row(point), "next": selectors.next_up(point, limit=10),
        "transfer_form": TransferForm(services=[s for s in point.services.filter(is_active=True) if not current or s.pk != current.service_id]),
    }  # fmt: skip
    with timezone.override(point.zone):
        if request.headers.get("HX-Request"):
            return render(request, "queues/console.html#lines", context)
        return render(request, "queues/console.html", context)


def _only(point: ServicePoint, request: HttpRequest) -> Service | None:
    """The one line to call from, when the staff pressed a line's own button."""
    letter = request.POST.get("service", "")
    if not letter:
        return None
    found = point.services.filter(letter=letter[:2]).first()
    if found is None:
        raise services.QueueRefused("not-this-counter")
    return found


def _say(request: HttpRequest, key: str, ticket: Any) -> None:
    messages.success(request, str(DONE[key]) % {"code": ticket.code if ticket else ""})


@require_POST
@login_required
def counter_move(request: HttpRequest, slug: str, counter_id: int, move: str) -> HttpResponse:
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    counter = _counter(point, counter_id)
    back = redirect("queues:console-counter", point.slug, counter.pk)
    actions: dict[str, Callable[[], Any]] = {
        "next": lambda: services.call_next(counter=counter, by=request.user, service=_only(point, request)),
        "recall": lambda: services.recall(counter=counter),
        "served": lambda: services.mark_served(counter=counter),
        "no-show": lambda: services.mark_no_show(counter=counter, by=request.user),
    }
    try:
        if move in actions:
            before = services.current_ticket(counter)
            result = actions[move]()
            if move == "no-show":
                _say(request, "no-show", before)
                if result is not None:
                    _say(request, "next", result)
            elif result is None:
                messages.info(request, str(DONE["empty"]))
            else:
                _say(request, move, result)
        elif move == "transfer":
            form = TransferForm(request.POST, services=point.services.filter(is_active=True))
            if not form.is_valid():
                messages.error(
                    request, " ".join(str(e) for e in form.errors.get("to", [])) or str(_("Choose a service."))
                )
                return back
            _say(request, "transfer", services.transfer(counter=counter, to=form.chosen()))
        elif move in COUNTER_STATES:
            services.set_counter_state(counter=counter, state=COUNTER_STATES[move], by=request.user)
            messages.success(request, str(DONE[move]))
        else:
            raise Http404
    except services.QueueRefused as refused:
        messages.error(request, refusal(refused, point))
    return back


@require_POST
@login_required
def day_tickets(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    """Close today's queue for new tickets, or open it again."""
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    if what not in ("close", "open"):
        raise Http404
    services.close_for_tickets(point=point, closed=what == "close", by=request.user)
    messages.success(
        request,
        str(_("Today's queue takes no more tickets; visitors are offered a time on another day."))
        if what == "close"
        else str(_("Today's queue takes tickets again.")),
    )
    return redirect("queues:console", point.slug)


# --- settings ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    if request.method == "POST" and "new_kiosk_link" in request.POST:
        points.new_kiosk_link(point=point, by=request.user)
        messages.success(request, str(_("The kiosk has a new link; the old one no longer works.")))
        return redirect("queues:settings", point.slug)
    form = PointSettingsForm(request.POST if request.method == "POST" else None, instance=point)
    if request.method == "POST" and form.is_valid():
        points.save_point(point=form.instance, by=request.user, changed=form.changed_data)
        messages.success(request, str(_("Saved.")))
        return redirect("queues:settings", point.slug)
    context = {
        "point": point, "form": form, "services": point.services.all(),
        "counters": point.counters.prefetch_related("services"),
        "kiosk_url": reverse("queues:kiosk", args=[point.slug, point.kiosk_key]),
        "names_staff": selectors.names_staff(request.user, point),  # type: ignore[arg-type]
    }  # fmt: skip
    return render(request, "queues/settings.html", context, status=400 if form.errors else 200)


def _part_page(
    request: HttpRequest, point: ServicePoint, form: Any, title: str, save: Callable[[], Any]
) -> HttpResponse:
    """A service's or a counter's form: saved through ``save`` and back to the settings, or shown again."""
    if request.method == "POST" and form.is_valid():
        save()
        messages.success(request, str(_("Saved.")))
        return redirect("queues:settings", point.slug)
    context = {"point": point, "form": form, "title": title}
    return render(request, "queues/part_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def service_page(request: HttpRequest, slug: str, letter: str | None = None) -> HttpResponse:
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    instance = get_object_or_404(Service, point=point, letter=letter) if letter is not None else None
    form = ServiceForm(request.POST if request.method == "POST" else None, instance=instance, point=point)
    title = f"{instance.letter} · {instance.name}" if instance else str(_("A new service"))
    return _part_page(request, point, form, title, lambda: points.save_service(service=form.instance, by=request.user))


@require_http_methods(["GET", "POST"])
@login_required
def counter_page(request: HttpRequest, slug: str, counter_id: int | None = None) -> HttpResponse:
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    instance = _counter(point, counter_id) if counter_id is not None else None
    form = CounterForm(request.POST if request.method == "POST" else None, instance=instance, point=point)
    title = str(_("Counter %(label)s") % {"label": instance.label}) if instance else str(_("A new counter"))
    return _part_page(
        request, point, form, title,
        lambda: points.save_counter(counter=form.instance, services=form.cleaned_data["services"], by=request.user),
    )  # fmt: skip


# --- figures ----------------------------------------------------------------------------------


@require_GET
@login_required
def stats(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.point_for_staff(request.user, slug)  # type: ignore[arg-type]
    days = selectors.day_figures(point, days=14)
    labels = [d.day.strftime("%d.%m") for d in days]
    counts = charts.bars(
        str(_("Tickets and visitors served per day")), labels,
        [charts.Series(str(_("Tickets")), [d.tickets for d in days], "bar-a"),
         charts.Series(str(_("Served")), [d.served for d in days], "bar-b")],
        label_every=2,
    )  # fmt: skip
    waits = charts.bars(
        str(_("Wait until called, minutes: median and 90th percentile")), labels,
        [charts.Series(str(_("Median")), [d.median_wait or 0 for d in days], "bar-a"),
         charts.Series(str(_("90th percentile")), [d.p90_wait or 0 for d in days], "bar-b")],
        label_every=2,
    )  # fmt: skip
    return render(
        request, "queues/stats.html", {"point": point, "days": list(reversed(days)), "counts": counts, "waits": waits}
    )


# --- coordinators: opening points, their staff --------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def new_point(request: HttpRequest) -> HttpResponse:
    regions = list(coordinated_regions(request.user))  # type: ignore[arg-type]
    if not regions:
        raise Http404
    form = NewPointForm(
        request.POST if request.method == "POST" else None, regions=regions, initial={"region": regions[0].pk}
    )
    if request.method == "POST" and form.is_valid():
        point = points.save_point(point=form.instance, by=request.user)
        messages.success(request, str(_("The point is open. Add its services and counters next.")))
        return redirect("queues:settings", point.slug)
    return render(request, "queues/new_point.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.point_for_coordinator(request.user, slug)  # type: ignore[arg-type]
    form = StaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "remove" in request.POST:
        raw = request.POST.get("remove", "")
        member = (
            PointStaff.objects.filter(point=point, pk=int(raw)).select_related("user", "point__region").first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        if member is not None:
            points.remove_staff(staff=member, by=request.user)
            messages.success(request, str(_("Removed.")))
        return redirect("queues:staff", point.slug)
    if request.method == "POST" and form.is_valid():
        try:
            points.add_staff(point=point, email=form.cleaned_data["email"], by=request.user)
        except points.StaffRefused:
            form.add_error("email", _("Nobody has a Haven account with this e-mail. Ask them to sign up first."))
        else:
            messages.success(request, str(_("Added. They see this point's console when they log in.")))
            return redirect("queues:staff", point.slug)
    members = point.staff.select_related("user").order_by("user__email")
    return render(
        request,
        "queues/staff.html",
        {"point": point, "form": form, "members": members},
        status=400 if form.errors else 200,
    )
